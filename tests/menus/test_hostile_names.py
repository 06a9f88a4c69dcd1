"""Names that are markup or spreadsheet formulas are shown as the text they are: escaped on
pages, drawn literally in PDFs, and kept as text (never a formula) in exports."""
from __future__ import annotations

import io
import subprocess

import openpyxl
from sqlalchemy import update

from menus import services
from nutrition.models import FoodRow
from suite.models import School

from .helpers import WEEK

SCRIPT_SCHOOL = "<script>alert(1)</script>小学"
SCRIPT_DISH = "<script>alert(2)</script>炒饭"
FORMULA_FOOD = "=cmd|' /C calc'!A0"


def _hostile_week(db, org, make_dish, make_week):
    db.execute(update(School).where(School.id == org.schools[0].id).values(name=SCRIPT_SCHOOL))
    db.execute(update(FoodRow).where(FoodRow.name == "大米").values(name=FORMULA_FOOD))
    db.commit()
    dish = make_dish(SCRIPT_DISH, [(FORMULA_FOOD, 130)], "staple")
    menu = make_week(org.schools[0])
    services.add_item(db, menu, day=WEEK, meal="lunch", dish_id=dish.id)
    db.commit()
    return menu


def test_markup_in_names_is_escaped_on_pages(db, org, client, login, make_dish, make_week):
    menu = _hostile_week(db, org, make_dish, make_week)
    login("nutritionist")
    for url in ("/schools", f"/menus/weeks/{menu.id}", "/menus/dishes"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(" not in page, url
        assert "&lt;script&gt;alert(" in page, url


def test_markup_in_names_is_drawn_as_text_in_the_pdf(db, org, client, login, make_dish,
                                                     make_week, tmp_path):
    menu = _hostile_week(db, org, make_dish, make_week)
    login("nutritionist")
    response = client.get(f"/menus/weeks/{menu.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = tmp_path / "week.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = "".join(text.split())
    assert "<script>alert(1)</script>小学" in flat
    assert "<script>alert(2)</script>炒饭" in flat


def test_a_formula_name_is_exported_as_text(db, org, client, login, make_dish, make_week):
    _hostile_week(db, org, make_dish, make_week)
    login("nutritionist")
    response = client.get("/nutrition/foods/export.xlsx", query_string={"q": "cmd"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    names = [c.value for c in cells if isinstance(c.value, str) and "cmd|" in c.value]
    assert names == ["'" + FORMULA_FOOD]

"""A retired estimate after migration 0016, as people meet it: its old code on the food page
leads to the book food (with why), the retired row's page says what replaced it, the book food
lists what it replaced, a ticket naming the old code finds the book food, and an import that
names the old code is refused with the code to use, changing nothing."""
from __future__ import annotations

import io
from datetime import datetime, timezone

import openpyxl
import pytest
from sqlalchemy import func, select

from nutrition import services
from nutrition.imports import import_foods
from nutrition.models import FoodRow
from nutrition.replacement_models import FoodReplacement
from suite.tabular import read_table

pytestmark = pytest.mark.usefixtures("en")


def test_the_old_code_leads_to_the_book_food(client, login, foods):
    login("nutritionist")
    response = client.get("/nutrition/foods/L0052")
    assert (response.status_code, response.location) == (302, "/nutrition/foods/044404")
    page = client.get(response.location).get_data(as_text=True)
    assert "The estimate L0052 韭菜 was replaced by the book&#39;s food 044404." in page
    assert "Replaces the estimates: L0052 韭菜</p>" in page
    assert client.get("/nutrition/foods/L9999").status_code == 404  # never an estimate


def test_the_retired_row_says_what_replaced_it(client, login, db, foods):
    """A database that held the estimate keeps it inactive with its retirement record."""
    db.add(FoodRow(code="L0052", name="韭菜（估算）", food_group="vegetables",
                   edible_fraction=0.9, energy_kcal=25, energy_kj=104.6, protein_g=2.4,
                   fat_g=0.4, carbohydrate_g=4.6, certainty="estimate", active=False))
    db.add(FoodReplacement(old_code="L0052", old_name="韭菜", new_code="044404",
                           new_name="韭菜", old_values={}, at=datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc),
                           counts={"menus_dish_ingredient": 3, "procurement_delivery_line": 2}))
    db.commit()
    login("nutritionist")
    page = client.get("/nutrition/foods/L0052").get_data(as_text=True)
    assert "Retired on 2026-11-20 10:00: replaced by the book's food" in page
    assert '<a href="/nutrition/foods/044404">044404 韭菜</a> (5 records now name it)' in page


def test_a_ticket_naming_the_old_code_finds_the_book_food(db, foods):
    food, candidates = services.resolve_food(db, "L0052")
    assert (food.code, candidates) == ("044404", [])
    assert services.resolve_food(db, "L0001")[0].code == "L0001"  # salt remains an estimate


def test_an_import_naming_a_retired_code_is_refused(db, foods):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["code", "name", "food_group", "edible_fraction", "energy_kcal", "protein_g",
                  "fat_g", "carbohydrate_g"])
    sheet.append(["L0052", "韭菜（新）", "vegetables", 0.9, 25, 2.4, 0.4, 4.6])
    out = io.BytesIO()
    book.save(out)
    before = db.scalar(select(func.count()).select_from(FoodRow))
    result = import_foods(db, read_table(out.getvalue(), "foods.xlsx"))
    assert [(e.row, e.column, e.value, e.reason) for e in result.errors] == [
        (2, "code", "L0052", "is an estimate replaced by the book's food 044404: use that code")]
    assert db.scalar(select(func.count()).select_from(FoodRow)) == before


def test_a_book_food_takes_only_the_names_that_find_it(db, foods):
    """The estimate 五花肉 carried 猪肋条肉 and 三层肉, which the shipped aliases give to 肋条肉
    (081105): its book food 081107 takes 五花肉 and 五花, not those two."""
    belly = services.get_food(db, "081107")
    assert {"五花肉", "五花"} <= set(belly.alias_list)
    assert not {"猪肋条肉", "三层肉"} & set(belly.alias_list)
    assert services.resolve_food(db, "三层肉")[0].code == "081105"

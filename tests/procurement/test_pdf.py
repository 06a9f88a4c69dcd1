"""The monthly stock ledger as PDF, rendered in Chinese: embedded CJK font, rare characters,
signature labels, no WeasyPrint warnings, and user-typed markup printed as text."""
from __future__ import annotations

import logging
import subprocess
from datetime import date

import pytest

import suite.pdf
from nutrition.models import FoodRow
from procurement import services

from ..factories import food_id

RARE = "䶮㛃希望小学"
IMG = '<img src="http://example.invalid/x.png">'


@pytest.fixture
def rare_school(factory, org):
    return factory.school(org.townships[0], name=RARE)


@pytest.fixture
def fetched(monkeypatch):
    """Every URL WeasyPrint asks the app's fetcher for."""
    urls = []
    original = suite.pdf._fetcher

    def spy(url, *args, **kwargs):
        urls.append(url)
        return original(url, *args, **kwargs)
    monkeypatch.setattr(suite.pdf, "_fetcher", spy)
    return urls


def pdf_tools(data: bytes, tmp_path):
    """(pdffonts rows as dicts, pdftotext -layout text) of a PDF."""
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    header = fonts[0]
    # columns: name, type, encoding, emb, sub, uni, object ID; type may contain spaces
    cols = {c: header.index(c) for c in ("type", "emb", "sub")}
    rows = [{"name": line[:cols["type"]].strip(),
             "emb": line[cols["emb"]:cols["sub"]].strip()} for line in fonts[2:]]
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return rows, text


def warnings_of(caplog):
    return [r.getMessage() for r in caplog.records
            if r.levelno >= logging.WARNING and (r.name.startswith("weasyprint")
                                                 or r.getMessage().startswith("PDF "))]


def _month(deliver, db, school):
    deliver([("大米", "25", "kg", "5.98"), ("土豆", "37.5", "jin", "1.33")],
            day=date(2026, 11, 2), school=school)                    # 149.50 + 49.88
    deliver([("豆油", "3", "piece", "68.90", "5000")], day=date(2026, 11, 9),
            school=school)                                           # 206.70
    services.issue_stock(db, school_id=school.id, day=date(2026, 11, 10), meal="lunch",
                         food_id=food_id(db, "012001x"), grams=5000)  # 29.90
    db.commit()


def _get_pdf(client, school, caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    response = client.get(f"/procurement/ledger.pdf?school={school.id}&month=2026-11")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF-")
    return response


def test_ledger_pdf_embeds_a_cjk_font_and_prints_rare_characters(
        client, login, rare_school, deliver, db, caplog, tmp_path, fetched):
    _month(deliver, db, rare_school)
    login("bureau")
    response = _get_pdf(client, rare_school, caplog)
    assert response.headers["Content-Disposition"] == (
        f"inline; filename=stock-ledger-{rare_school.code}-2026-11.pdf")
    fonts, text = pdf_tools(response.data, tmp_path)
    assert fonts, "the PDF has no fonts"
    assert any("CJK" in f["name"] for f in fonts), fonts
    assert [f["name"] for f in fonts if f["emb"] != "yes"] == []
    assert RARE in text and f"学校代码 {rare_school.code}" in text
    for food in ("大米", "马铃薯", "大豆油"):
        assert food in text
    assert "2026-11" in text
    # receipts 149.50 + 49.88 + 206.70 = 406.08; issues 5 kg of rice at 5.98 = 29.90
    total_line = next(line for line in text.splitlines() if "合计" in line)
    assert "406.08" in total_line and "29.90" in total_line
    signatures = next(line for line in text.splitlines() if "食堂管理员" in line)
    assert "校长" in signatures and "日期" in signatures and "Principal" not in text
    assert warnings_of(caplog) == []
    assert fetched == []


def test_user_typed_markup_is_printed_as_text_and_nothing_is_fetched(
        client, login, org, factory, deliver, db, caplog, tmp_path, fetched):
    # The ledger prints neither supplier nor ticket item names; the user-typed text it does
    # print is the school name, the food name (editable in the food table) and the void reason.
    school = factory.school(org.townships[0], name=f"新村小学{IMG}")
    d = deliver([("大米", "10", "kg", "5")], day=date(2026, 11, 2), school=school)
    deliver([("土豆", "10", "kg", "2")], day=date(2026, 11, 3), school=school)
    services.void_delivery(db, d, f"重复{IMG}")
    db.get(FoodRow, food_id(db, "021101")).name = f"土豆{IMG}"
    db.commit()
    login("canteen_manager", school=school)
    _fonts, text = pdf_tools(_get_pdf(client, school, caplog).data, tmp_path)
    assert f"新村小学{IMG}" in text  # the title line is wide enough to keep it whole
    flat = "".join(text.split())  # table cells wrap
    tag = "".join(IMG.split())
    assert f"重复{tag}" in flat and f"土豆{tag}" in flat
    assert fetched == [] and warnings_of(caplog) == []

"""The weekly menu as PDF (A4 landscape, Chinese, embedded CJK font, no WeasyPrint warning)
and the print view with the same dishes, grams and numbers."""
from __future__ import annotations

import html
import logging
import re
import subprocess
from datetime import date, timedelta

import pytest

from menus import services
from suite import services as org_services

from .helpers import WEEK

WED = WEEK + timedelta(days=2)


@pytest.fixture
def school(db, factory, org):
    """A primary school of mostly 9-11 year olds: its main age band is 9-11."""
    school = factory.school(org.townships[1], name="西村希望小学")
    org_services.set_enrolment(db, school.id, org.term.id, {
        (4, "9-11", "M"): 30, (5, "9-11", "F"): 28, (1, "6-8", "M"): 6})
    db.commit()
    return school


@pytest.fixture
def menu(db, school, dishes, make_week, deliver):
    deliver([("大米", "10", "kg", "6.00"), ("豆油", "5", "kg", "14.00")],
            day=date(2026, 11, 2), school=school)
    menu = make_week(school)
    for day, dish in ((WEEK, "rice"), (WEEK, "egg"), (WEEK, "greens"), (WED, "rice"),
                      (WED, "greens")):
        services.add_item(db, menu, day=day, meal="lunch", dish_id=dishes[dish].id)
    db.commit()
    return menu


def pdf_tools(data: bytes, tmp_path):
    """(pdffonts rows as (name, embedded), pdftotext -layout text, pdfinfo text)."""
    path = tmp_path / "menu.pdf"
    path.write_bytes(data)

    def run(*cmd):
        return subprocess.run([*cmd, str(path)], capture_output=True, text=True,
                              check=True).stdout
    lines = run("pdffonts").splitlines()
    header = lines[0]
    cols = {c: header.index(c) for c in ("type", "emb", "sub")}
    fonts = [(line[:cols["type"]].strip(), line[cols["emb"]:cols["sub"]].strip())
             for line in lines[2:]]
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return fonts, text, run("pdfinfo")


def warnings_of(caplog):
    return [r.getMessage() for r in caplog.records
            if r.levelno >= logging.WARNING and (r.name.startswith("weasyprint")
                                                 or r.getMessage().startswith("PDF "))]


def day_numbers(db, menu):
    """Per served day: the energy (kcal) and protein (g) lines and the cost, as printed."""
    plan = services.week_plan(db, services.load_menu(db, menu.id))
    out = []
    for d in plan["days"]:
        if d.get("analysis"):
            energy, protein = d["analysis"]["nutrients"][:2]
            out.append((f"{round(energy['amount'])} kcal ({energy['percent']}%)",
                        f"{round(protein['amount'], 1)} g ({protein['percent']}%)",
                        f"{d['cost'].amount}{'' if d['cost'].complete else '*'} / {d['rate']}"))
    return plan, out


def test_the_menu_pdf_is_an_a4_landscape_chinese_document(client, login, db, school, menu,
                                                          caplog, tmp_path):
    login("canteen_manager", school=school)
    caplog.set_level(logging.WARNING, logger="weasyprint")
    response = client.get(f"/menus/weeks/{menu.id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF-")
    assert "menu-2026-11-16-r1.pdf" in response.headers["Content-Disposition"]
    fonts, text, info = pdf_tools(response.data, tmp_path)
    assert any("NotoSansCJK" in re.sub(r"[ -]", "", name) for name, _emb in fonts), fonts
    assert [name for name, emb in fonts if emb != "yes"] == []
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (width, height) == (pytest.approx(841.89, abs=0.01), pytest.approx(595.28, abs=0.01))
    assert warnings_of(caplog) == []
    flat = "".join(text.split())
    assert "西村希望小学每周带量食谱" in flat
    assert "2026-11-16当周" in flat and "9-11岁" in flat
    for dish in ("米饭", "蒸鸡蛋", "清炒小白菜"):
        assert dish in text
    # the main band is 9-11 (58 of 64 pupils): the grams as entered
    assert "大米 130g" in text and "鸡蛋 60g" in text
    assert "小白菜120g、大豆油5g、食盐1g" in flat
    assert "周平均（对照WS/T554-2017）" in flat
    signatures = next(line for line in text.splitlines() if "营养师" in line)
    assert "校长" in signatures and "日期" in signatures
    assert "Nutritionist" not in text and "Weekly average" not in text
    _plan, numbers = day_numbers(db, menu)
    assert len(numbers) == 2
    for energy, protein, cost in numbers:
        assert energy.replace(" ", "") in flat and protein.replace(" ", "") in flat
        assert cost.replace(" ", "") in flat


def test_the_print_view_shows_the_same_dishes_and_numbers(client, login, db, school, menu):
    login("nutritionist")
    page = html.unescape(client.get(f"/menus/weeks/{menu.id}/print").get_data(as_text=True))
    assert "西村希望小学 每周带量食谱" in page
    for dish in ("米饭", "蒸鸡蛋", "清炒小白菜"):
        assert f"<strong>{dish}</strong>" in page
    assert "大米 130g" in page and "小白菜 120g、大豆油 5g、食盐 1g" in page
    plan, numbers = day_numbers(db, menu)
    for energy, protein, cost in numbers:
        assert energy in page and protein in page and cost in page
    # head-count weighted (6 pupils aged 6-8 eat 0.8 of the 9-11 portion, 58 aged 9-11):
    # rice (104 × 6 + 130 × 58) / 64 = 127.5625 g × 6.00 / 1000 = 0.7654
    # oil  (4 × 6 + 5 × 58) / 64 = 4.90625 g × 14.00 / 1000 = 0.0687;  0.8341 → 0.83,
    # marked * as egg, greens and salt have no price yet
    assert [n[2] for n in numbers] == ["0.83* / 5.00", "0.83* / 5.00"]
    assert f"平均每日每份成本：{plan['average_cost']} 元。" in page
    assert "营养师" in page and "校长" in page


def test_another_schools_pdf_and_print_view_are_404(client, login, org, menu):
    login("canteen_manager", school=org.schools[0])
    assert client.get(f"/menus/weeks/{menu.id}.pdf").status_code == 404
    assert client.get(f"/menus/weeks/{menu.id}/print").status_code == 404

"""The month's printouts: the meal-count register and the food-safety logs of one school, as
plain values, a page, a spreadsheet and a PDF; who may read them."""
from __future__ import annotations

import html
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from canteen import services
from suite import clock

from .helpers_printing import (english_words, logs_month, main_text, pdf_tools,
                               register_month)

NOVEMBER_SCHOOL_DAYS = [date(2026, 11, d) for d in
                        (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 23, 24, 25, 26,
                         27, 30)]
URLS = ["register", "register.xlsx", "register.pdf", "logs", "logs.xlsx", "logs.pdf"]


@pytest.fixture
def month(db, org):
    register_month(db, org.schools[0], org.schools[1])
    return org.schools[0]


@pytest.fixture
def logs(db, org, deliver):
    delivery = deliver([("土豆", "20", "kg", "2.50")], day=date(2026, 11, 2))
    logs_month(db, org.schools[0], delivery.lines[0].id)
    return org.schools[0]


def test_register_of_a_hand_built_month_has_exact_totals(db, month):
    r = services.month_register(db, month.id, 2026, 11)
    assert (r["school"], r["township"], r["label"]) == ("东镇中心小学", "东镇", "2026-11")
    assert r["school_days"] == NOVEMBER_SCHOOL_DAYS
    assert r["grades"] == [1, 4] and r["meals"] == ["breakfast", "lunch"]
    nov2 = next(d for d in r["days"] if d["day"] == date(2026, 11, 2))
    assert [(m["meal"], m["grades"], m["students"], m["plan_students"], m["teachers"],
             m["dishes"]) for m in nov2["meals"]] == [
        ("breakfast", {1: 20, 4: 10}, 30, 28, 2, []),
        ("lunch", {1: 30, 4: 25}, 55, 53, 4, ["米饭", "番茄炒蛋", "清炒白菜"])]
    t = r["totals"]
    # grade 1: 30 + 20 + 31 + 12 = 93; grade 4: 25 + 10 + 24 = 59
    assert t["grades"] == {1: 93, 4: 59}
    # plan: 28 + 25 + 20 + 8 + 29 + 24 + 12 = 146; teachers 4 + 2 + 5 + 1 = 12
    assert (t["records"], t["students"], t["plan_students"], t["teachers"]) == (4, 152, 146, 12)
    assert t["meals"] == {
        "breakfast": {"records": 1, "students": 30, "plan_students": 28, "teachers": 2},
        "lunch": {"records": 3, "students": 122, "plan_students": 118, "teachers": 10}}
    # every total is the sum of its rows
    rows = [m for d in r["days"] for m in d["meals"]]
    for g in r["grades"]:
        assert t["grades"][g] == sum(m["grades"].get(g, 0) for m in rows)
    for key in ("students", "plan_students", "teachers"):
        assert t[key] == sum(m[key] for m in rows) == sum(v[key] for v in t["meals"].values())
        assert t[key] == sum(m[key] for m in rows if m["meal"] == "lunch") + \
            t["meals"]["breakfast"][key]
    assert sum(t["grades"].values()) == t["students"]


def test_a_day_with_counts_that_is_not_a_school_day_is_listed_with_its_reason(db, month):
    r = services.month_register(db, month.id, 2026, 11)
    assert [d["day"] for d in r["days"]] == sorted(NOVEMBER_SCHOOL_DAYS + [date(2026, 11, 7)])
    saturday = next(d for d in r["days"] if d["day"] == date(2026, 11, 7))
    assert (saturday["school_day"], saturday["note"], saturday["weekday"]) == (
        False, "运动会补课", 5)
    assert [m["students"] for m in saturday["meals"]] == [12]
    empty = next(d for d in r["days"] if d["day"] == date(2026, 11, 30))
    assert (empty["school_day"], empty["meals"]) == (True, [])


def test_an_empty_month_has_its_school_days_and_zero_totals(db, org):
    r = services.month_register(db, org.schools[2].id, 2026, 11)
    assert [d["day"] for d in r["days"]] == NOVEMBER_SCHOOL_DAYS
    assert r["totals"] == {"grades": {}, "grade_plan": {}, "meals": {}, "records": 0,
                           "students": 0, "plan_students": 0, "teachers": 0}


def test_register_spreadsheet_cells_are_exact(client, login, month):
    login("bureau")
    response = client.get(f"/canteen/{month.id}/register.xlsx?month=2026-11")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=meal-register-{month.code}-2026-11.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert sheet.title == "2026-11"
    assert rows[0] == ["日期", "星期", "餐次", "1 年级", "4 年级", "学生人数", "营养改善计划学生",
                       "教职工", "菜品", "备注"]
    assert rows[1] == [datetime(2026, 11, 2), "周一", "早餐", 20, 10, 30, 28, 2, None, None]
    assert rows[2] == [datetime(2026, 11, 2), "周一", "午餐", 30, 25, 55, 53, 4,
                       "米饭、番茄炒蛋、清炒白菜", None]
    assert sheet.cell(2, 1).number_format == "yyyy-mm-dd"
    assert rows[3] == [datetime(2026, 11, 3), "周二", "午餐", 31, 24, 55, 53, 5, "米饭", None]
    assert rows[4] == [datetime(2026, 11, 4), "周三", None, None, None, None, None, None, None,
                       "未登记就餐人数"]
    saturday = next(r for r in rows if r[0] == datetime(2026, 11, 7))
    assert saturday == [datetime(2026, 11, 7), "周六", "午餐", 12, None, 12, 12, 1, "米饭",
                        "非上课日供餐：运动会补课"]
    assert rows[-3:] == [["合计", None, "早餐", None, None, 30, 28, 2, None, "1 餐次"],
                         ["合计", None, "午餐", None, None, 122, 118, 10, None, "3 餐次"],
                         ["合计", None, None, 93, 59, 152, 146, 12, None, "4 餐次"]]
    assert len(rows) == 1 + 4 + 19 + 3  # header, 4 meals, 19 school days without, totals


def test_logs_of_a_month(db, logs):
    lg = services.month_logs(db, logs.id, 2026, 11)
    assert [(s["day"], s["meal"], s["dish"], s["grams"], s["taken_at"], s["disposed_at"],
             s["disposed_by"]) for s in lg["samples"]] == [
        (date(2026, 11, 2), "breakfast", "馒头", 125.5, datetime(2026, 11, 2, 7, 30), None, ""),
        (date(2026, 11, 2), "lunch", "番茄炒蛋", 150, datetime(2026, 11, 2, 12, 0),
         datetime(2026, 11, 4, 13, 30), "赵老师")]
    assert [(a["leader"], a["companions"], a["quality"], a["service"], a["reactions"])
            for a in lg["accompanied"]] == [("刘校长", "陈老师、周老师", "excellent", "poor",
                                             "一名学生腹痛")]
    assert [(c["day"], c["checked"], c["present"], c["min_temperature"], c["max_temperature"],
             c["fit"], c["sent_home"]) for c in lg["checks"]] == [
        (date(2026, 11, 2), 2, 2, Decimal("36.5"), Decimal("37.8"), 1,
         [{"name": "李阿姨", "symptoms": "发热"}]),
        (date(2026, 11, 3), 2, 1, Decimal("36.6"), Decimal("36.6"), 1, [])]
    assert [(t["sample"], t["food"], t["supplier"], t["delivery_date"], t["inhibition_rate"],
             t["result"]) for t in lg["residue_tests"]] == [
        ("土豆样品", "土豆", "县粮油公司", date(2026, 11, 2), 62.5, "fail")]
    assert lg["residue_failed"] == 1
    assert [(d["method"], d["started_at"], d["minutes"]) for d in lg["disinfections"]] == [
        ("cabinet", datetime(2026, 11, 2, 13, 0), 30)]


def test_logs_spreadsheet_has_a_sheet_per_log(client, login, logs):
    login("canteen_manager", school=logs)
    response = client.get(f"/canteen/{logs.id}/logs.xlsx?month=2026-11")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["留样记录", "陪餐记录", "晨检记录", "农残快检记录", "餐具消毒记录"]
    rows = {s.title: [[c.value for c in r] for r in s.iter_rows()] for s in book}
    assert rows["留样记录"][2] == [datetime(2026, 11, 2), "午餐", "番茄炒蛋", 150,
                                datetime(2026, 11, 2, 12, 0), "王老师",
                                datetime(2026, 11, 4, 13, 30), "赵老师"]
    assert rows["陪餐记录"][1] == [datetime(2026, 11, 3), "午餐", "刘校长", "陈老师、周老师",
                                "优", "良", "中", "差", "一名学生腹痛"]
    assert rows["晨检记录"][1] == [datetime(2026, 11, 2), 2, 2, 36.5, 37.8, 1, "李阿姨（发热）",
                                "王老师"]
    assert rows["农残快检记录"][1] == [datetime(2026, 11, 2), "土豆样品", "土豆", "县粮油公司",
                                  datetime(2026, 11, 2), 62.5, "不合格", "孙老师"]
    assert rows["餐具消毒记录"][1] == [datetime(2026, 11, 2), "午餐", "消毒柜",
                                  datetime(2026, 11, 2, 13, 0), 30, "张师傅"]


@pytest.mark.parametrize("what", ["register", "logs"])
def test_pdf_has_an_embedded_cjk_font_page_numbers_and_signatures(
        client, login, month, logs, what, tmp_path):
    login("bureau")
    response = client.get(f"/canteen/{month.id}/{what}.pdf?month=2026-11")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    fonts, text = pdf_tools(response.data, tmp_path)
    assert any("CJK" in f["name"] for f in fonts), fonts
    assert [f["name"] for f in fonts if f["emb"] != "yes"] == []
    assert "东镇中心小学" in text and "2026-11" in text and "第1页共" in "".join(text.split())
    signatures = next(line for line in text.splitlines() if "食堂管理员" in line)
    assert "校长" in signatures and "日期" in signatures
    assert english_words(text) == []
    if what == "register":
        total = [line for line in text.splitlines() if "合计" in line][-1].split()
        assert total == ["合计", "93", "59", "152", "146", "12", "4", "餐次"]
        assert "非上课日供餐：运动会补课" in "".join(text.split())
    else:
        assert "李阿姨（发热）" in "".join(text.split()) and "不合格" in text


@pytest.mark.parametrize("what", ["register", "logs"])
def test_pages_in_chinese_show_no_english(client, login, month, logs, what):
    login("canteen_manager", school=month)
    page = client.get(f"/canteen/{month.id}/{what}?month=2026-11").get_data(as_text=True)
    text = main_text(page)
    assert english_words(text) == []
    assert ("就餐人数登记表" if what == "register" else "食品安全台账") in text
    assert "class=\"scroll print-scroll\"" in page  # the table scrolls in its own box


def test_days_still_to_come_are_not_called_missing(client, login, month, monkeypatch):
    """Today is 2026-11-23: a school day after it is left blank, not "no counts entered"."""
    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 23))
    login("canteen_manager", school=month)
    page = main_text(client.get(f"/canteen/{month.id}/register?month=2026-11")
                     .get_data(as_text=True))
    rows = [line for line in page.splitlines() if "未登记就餐人数" in line]
    assert rows and not any(("11-24" in r or "11-30" in r) for r in rows), rows
    assert "11-24" in page and "11-30" in page


def test_a_bad_month_shows_this_month_with_a_chinese_message(client, login, month, monkeypatch):
    monkeypatch.setattr("suite.clock.today", lambda: date(2026, 11, 23))
    login("canteen_manager", school=month)
    page = client.get(f"/canteen/{month.id}/register?month=2026-13").get_data(as_text=True)
    assert "“2026-13”不是有效的月份（请写成 2026-09 的形式），现显示 2026-11。" in html.unescape(page)
    assert "就餐人数登记表 · 东镇中心小学 · 2026-11" in html.unescape(page)
    page = client.get(f"/canteen/{month.id}/register").get_data(as_text=True)
    assert "2026-11" in page and "不是月份" not in html.unescape(page)


@pytest.mark.parametrize("url", URLS)
def test_a_manager_of_another_school_gets_404_and_the_bureau_may_read(
        client, login, org, month, url):
    login("canteen_manager", school=org.schools[1])
    assert client.get(f"/canteen/{month.id}/{url}?month=2026-11").status_code == 404
    assert client.get(f"/canteen/{org.schools[1].id}/{url}?month=2026-11").status_code == 200
    assert client.get(f"/canteen/999999/{url}").status_code == 404
    login("bureau")
    assert client.get(f"/canteen/{month.id}/{url}?month=2026-11").status_code == 200
    login("nutritionist")
    assert client.get(f"/canteen/{month.id}/{url}?month=2026-11").status_code == 403


def test_the_printouts_page_links_the_schools_the_user_sees(client, login, org):
    login("canteen_manager", school=org.schools[0])
    page = client.get("/canteen/printouts?month=2026-10").get_data(as_text=True)
    assert f"/canteen/{org.schools[0].id}/register?month=2026-10" in page
    assert f"/canteen/{org.schools[0].id}/logs?month=2026-10" in page
    assert f"/canteen/{org.schools[1].id}/" not in page
    assert english_words(main_text(page)) == []
    login("bureau")
    page = client.get("/canteen/printouts?month=2026-10").get_data(as_text=True)
    assert all(f"/canteen/{s.id}/register?month=2026-10" in page for s in org.schools)


def test_the_term_calendar_decides_the_school_days(db, org):
    r = services.month_register(db, org.schools[0].id, 2026, 10)
    days = {d["day"]: d for d in r["days"]}
    assert date(2026, 10, 1) not in days  # National Day holiday
    assert (days[date(2026, 10, 10)]["school_day"], days[date(2026, 10, 10)]["note"]) == (
        True, "调休")  # a Saturday made a school day
    assert len(r["school_days"]) == 22 - 1 + 1
    assert services.month_register(db, org.schools[0].id, 2027, 2)["school_days"] == []


def test_a_month_costs_a_few_queries_whatever_its_length(db, engine, month, logs):
    from sqlalchemy import event
    statements = []

    def count(*_args):
        statements.append(1)
    event.listen(engine, "before_cursor_execute", count)
    try:
        services.month_register(db, month.id, 2026, 11)
        register_queries = len(statements)
        services.month_logs(db, month.id, 2026, 11)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert 5 <= register_queries <= 10 and 5 <= len(statements) - register_queries <= 8


def test_the_printouts_read_in_english_too(en, login, month, tmp_path):
    login("bureau")
    page = en.get(f"/canteen/{month.id}/register?month=2026-11").get_data(as_text=True)
    assert "Meal-count register" in page and "Not a school day: 运动会补课" in page
    _fonts, text = pdf_tools(en.get(f"/canteen/{month.id}/logs.pdf?month=2026-11").data, tmp_path)
    assert "Page 1 of" in text and "Canteen manager" in text


def test_a_boarding_school_s_weekends_in_term_are_listed_with_their_counts(
        db, org, client, login, monkeypatch):
    """Weekends in term are served days at a boarding school (schools[1]): listed, counted
    without a make-up reason, and named as such, not "not a school day"."""
    boarding = org.schools[1]
    services.save_counts(db, school_id=boarding.id, day=date(2026, 11, 7), meal="lunch",
                         grades={7: (70, 70)}, teachers=2, today=date(2026, 11, 23))
    db.commit()
    r = services.month_register(db, boarding.id, 2026, 11)
    weekends = [date(2026, 11, d) for d in (1, 7, 8, 14, 15, 21, 22, 28, 29)]
    assert r["boarding_weekends"] == weekends
    assert [d["day"] for d in r["days"]] == sorted(NOVEMBER_SCHOOL_DAYS + weekends)
    saturday = next(d for d in r["days"] if d["day"] == date(2026, 11, 7))
    assert (saturday["school_day"], saturday["boarding_weekend"], saturday["note"],
            [m["students"] for m in saturday["meals"]]) == (False, True, "", [70])
    # a day school lists no weekend it did not count
    assert services.month_register(db, org.schools[2].id, 2026, 11)["boarding_weekends"] == []
    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 23))
    login("bureau")
    page = main_text(client.get(f"/canteen/{boarding.id}/register?month=2026-11")
                     .get_data(as_text=True))
    assert "非上课日" not in page and page.count("寄宿制学校学期内周末") == 9
    assert "本月上课日 21 天。截至今天 16 天。寄宿制学校另有学期内周末 9 天供餐。" in page
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(
        f"/canteen/{boarding.id}/register.xlsx?month=2026-11").data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [datetime(2026, 11, 7), "周六", "午餐", 70, 70, 70, 2, None,
            "寄宿制学校学期内周末"] in rows

"""The schools' monthly return of the plan (学生营养改善计划实施情况月报): October 2026 of the
ledger tests' hand-made month (helpers_ledger: September 30 and October meals) and a roster of
eleven pupils at the canteen school with their aid categories, every figure worked out by hand;
the xlsx read back with openpyxl; who may download it; the CLI.

The canteen school (东镇中心小学), roster on 2026-10-31 (the month's last counted day):
  p1, p2 left-behind; p3 left-behind withdrawn; p4 dibao non-boarder; p5 dibao boarder;
  p6 orphan non-boarder, aid ended 10-15; p7 left-behind and poverty-alleviated non-boarder;
  p8, p9 no aid; p10 dibao non-boarder left out of the plan this term; p11 left-behind, left
  the school on 10-20.
  → students 10 (p1..p10), plan students 9 (not p10), left-behind 3 (p1, p2, p7),
    non-boarding poor 2 (p4, p7).
Its meals: Sep 30 lunch 38 plan; Oct 9 breakfast 30 and lunch 38, Oct 10 lunch 38, Oct 16
lunch 36 → October 30 + 38 + 38 + 36 = 142 plan meals on 3 days; the year 38 + 142 = 180
on 4 days; spent on students: October 38.23, September 5.00."""
from __future__ import annotations

import io
from datetime import date, datetime, timezone
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from roster.models import AidCategory, PlanExclusion, Student, StudentAid
from subsidy import services
from subsidy.monthly_return import _meal_form
from subsidy.return_sheet import return_rows

from ..factories import TODAY
from .helpers_ledger import build_october

ZH = {"Accept-Language": "zh-CN"}
WITHDRAWN = datetime(2026, 10, 2, tzinfo=timezone.utc)


@pytest.fixture
def october(db, org, deliver, supplier, monkeypatch):
    monkeypatch.setattr("suite.clock.today", lambda: TODAY)
    schools = build_october(db, org, deliver, supplier)
    _roster(db, org, schools[0])
    db.commit()
    return schools


def _roster(db, org, school):
    cats = {c.code: c.id for c in db.scalars(select(AidCategory))}
    people = {}
    for n in range(1, 12):
        people[n] = Student(student_no=f"G{n:018d}", name=f"学生{n}", sex="M", grade=1,
                            school_id=school.id, status="left" if n == 11 else "enrolled",
                            status_date=date(2026, 10, 20) if n == 11 else date(2026, 9, 1),
                            boarding=n == 5)
    db.add_all(people.values())
    db.flush()

    def aid(n, code, end=None, withdrawn=False):
        db.add(StudentAid(student_id=people[n].id, category_id=cats[code],
                          start_date=date(2026, 9, 1), end_date=end, confirmed_by="学校",
                          withdrawn_at=WITHDRAWN if withdrawn else None))

    for n in (1, 2, 7, 11):
        aid(n, "left_behind")
    aid(3, "left_behind", withdrawn=True)
    aid(4, "dibao")
    aid(5, "dibao")
    aid(6, "orphan", end=date(2026, 10, 15))
    aid(7, "poverty_alleviated")
    aid(10, "dibao")
    db.add(PlanExclusion(student_id=people[10].id, term_id=org.term.id, reason="自带午餐"))
    db.flush()


def test_every_figure_of_the_return(db, org, october):
    own, company, empty = october
    data = services.monthly_return(db, [s.id for s in org.schools], 2026, 10, today=TODAY)
    assert (data["day"], data["county"]) == (date(2026, 10, 31), "测试县")
    rows = {r["school_id"]: r for r in data["schools"]}
    assert [r["school_id"] for r in data["schools"]] == [own.id, company.id, empty.id]
    assert rows[own.id] == {
        "school_id": own.id, "code": own.code, "school": "东镇中心小学", "township": "东镇",
        "county": "测试县", "kind": "primary", "urban": False, "canteen": True,
        "supply_mode": "canteen", "meal_form": "lunch",  # rice: not eggs and milk only
        "students": 10, "plan_students": 9, "left_behind_students": 3, "poor_students": 2,
        "meal_days": 3, "year_meals": 180, "year_meal_days": 4,
        "average": D("45.00"),                      # 180 ÷ 4
        "year_spend": D("40.82"),                   # 4.75 + 36.07 (the ledger's)
        "year_spend_left_behind": D("13.61"),       # 40.82 × 3 / 9 = 13.6067 → 13.61
        "year_spend_poor": D("9.07"),               # 40.82 × 2 / 9 = 9.0711 → 9.07
        "spend": D("36.07"),
        "spend_left_behind": D("12.02"),            # 36.07 × 3 / 9 = 12.0233 → 12.02
        "spend_poor": D("8.02"),                    # 36.07 × 2 / 9 = 8.0156 → 8.02
        "meals": 142,                               # 30 + 38 + 38 + 36
        "meals_left_behind": 47,                    # 142 × 3 / 9 = 47.33 → 47
        "meals_poor": 32,                           # 142 × 2 / 9 = 31.56 → 32
        "pupils": 9, "pupils_left_behind": 3, "pupils_poor": 2}
    # the company school: nobody on the roster, so the host's enrolment (78, all in the plan)
    # and no pupil to split by; 70 + 72 plan meals on 2 days
    assert {k: rows[company.id][k] for k in (
        "kind", "canteen", "supply_mode", "meal_form", "students", "plan_students", "meals",
        "meal_days", "pupils", "average", "spend", "year_spend", "spend_left_behind",
        "meals_poor", "pupils_left_behind")} == {
        "kind": "junior", "canteen": False, "supply_mode": "company", "meal_form": "lunch",
        "students": 78, "plan_students": 78, "meals": 142, "meal_days": 2, "pupils": 78,
        "average": D("71.00"), "spend": D("639.00"), "year_spend": D("639.00"),
        "spend_left_behind": D("0.00"), "meals_poor": 0, "pupils_left_behind": 0}
    assert {k: rows[empty.id][k] for k in ("meal_form", "students", "meals", "pupils",
                                            "average", "spend")} == {
        "meal_form": None, "students": 0, "meals": 0, "pupils": 0, "average": D("0.00"),
        "spend": D("0.00")}
    totals = data["totals"]
    assert {k: totals[k] for k in ("students", "spend", "year_spend", "meals", "pupils",
                                   "average", "spend_poor", "meals_left_behind")} == {
        "students": 88, "spend": D("675.07"), "year_spend": D("679.82"), "meals": 284,
        "pupils": 87, "average": D("116.00"),   # 45.00 + 71.00: Σ over schools
        "spend_poor": D("8.02"), "meals_left_behind": 47}
    for key, total in totals.items():
        assert total == sum(r[key] for r in data["schools"]), key


def test_the_roster_day_and_a_month_before_any_meal(db, org, october):
    # September: the roster on 09-30 (p11 still there, p6's aid in force): left-behind p1,
    # p2, p7, p11 = 4 of 10 plan students; poor p4, p6, p7 = 3; one lunch of 38 plan students
    data = services.monthly_return(db, [october[0].id], 2026, 9, today=TODAY)
    row = data["schools"][0]
    assert (row["plan_students"], row["left_behind_students"], row["poor_students"]) == (10, 4, 3)
    assert (row["meals"], row["meals_left_behind"], row["meals_poor"]) == (38, 15, 11)
    # 38 × 4 / 10 = 15.2 → 15; 38 × 3 / 10 = 11.4 → 11; 5.00 of rice less the 0.25 of the
    # 2 of 40 pupils outside the plan: 4.75 × 4 / 10 = 1.90, 4.75 × 3 / 10 = 1.425 → 1.43
    assert (row["spend"], row["spend_left_behind"], row["spend_poor"]) == (
        D("4.75"), D("1.90"), D("1.43"))
    assert row["average"] == D("38.00")  # 38 ÷ 1
    assert _meal_form({"eggs": 300, "dairy": 200}, True, True) == "milk_egg"
    assert _meal_form({"eggs": 300, "cereals_tubers": 1}, False, True) == "other"


def _book(body: bytes):
    book = load_workbook(io.BytesIO(body))
    return [[c.value for c in row] for row in book.worksheets[0].iter_rows()], book


def test_the_xlsx_in_chinese_reads_back(client, db, org, october, login):
    login("bureau")
    response = client.get("/subsidy/return/2026-10.xlsx", headers=ZH)
    assert response.status_code == 200
    cells, book = _book(response.data)
    assert book.sheetnames == ["月报 2026-10", "说明"]
    assert cells[0] == [
        "区县名称", "学校简称", "学校类别", "是否城区学校", "有无食堂", "供餐模式", "全校学生数",
        "累计投入资金", "累计投入资金（农村留守儿童）", "累计投入资金（非寄宿贫困学生）",
        "本月投入资金", "本月投入资金（农村留守儿童）", "本月投入资金（非寄宿贫困学生）",
        "本月惠及学生", "本月惠及学生（农村留守儿童）", "本月惠及学生（非寄宿贫困学生）",
        "本月惠及实际学生", "本月惠及实际学生（农村留守儿童）", "本月惠及实际学生（非寄宿贫困学生）",
        "平均受益学生数"]
    assert cells[1] == ["测试县", "东镇中心小学", "小学", "否", "有", "午餐，食堂供餐", 10,
                        40.82, 13.61, 9.07, 36.07, 12.02, 8.02, 142, 47, 32, 9, 3, 2, 45]
    assert cells[2][:7] == ["测试县", "东镇中学", "初级中学", "否", "无", "午餐，向企业购买", 78]
    assert cells[3][:7] == ["测试县", "西乡教学点", "教学点", "否", "有", "食堂供餐", 0]
    total = cells[4]
    assert total[:6] == ["测试县", "合计", None, None, None, None]
    for c in range(6, len(total)):  # the totals row is the sum of the school rows
        assert total[c] == pytest.approx(sum(row[c] for row in cells[1:4])), cells[0][c]
    assert total[19] == 116  # 平均受益学生数: 180 ÷ 4 + 142 ÷ 2 = 45 + 71
    notes = [[c.value for c in row] for row in book["说明"].iter_rows()]
    assert notes[0] == ["列", "计算口径"]
    assert [n[0] for n in notes[1:]] == [
        "区县名称", "学校简称", "学校类别", "是否城区学校", "有无食堂", "供餐模式", "全校学生数",
        "累计投入资金", "本月投入资金", "本月惠及学生", "本月惠及实际学生", "平均受益学生数",
        "农村留守儿童", "非寄宿贫困学生", "合计"]
    said = dict(notes[1:])
    assert "2026-10-31 学生名册中的计划内学生人数" in said["本月惠及实际学生"]
    assert "不是应享补助" in said["累计投入资金"]
    assert "Σ（学校全年就餐总餐次÷学校实际供餐天数）" in said["平均受益学生数"]


def test_who_may_download_it(client, db, org, october, login):
    login("township_officer", township=org.townships[1])  # 西乡: the empty school only
    cells, _book_ = _book(client.get("/subsidy/return/2026-10.xlsx", headers=ZH).data)
    assert [row[1] for row in cells[1:]] == ["西乡教学点", "合计"]
    login("canteen_manager", school=october[0])
    assert client.get("/subsidy/return/2026-10.xlsx").status_code == 403
    assert "/subsidy/return/" not in client.get("/subsidy/?month=2026-10").get_data(
        as_text=True)
    login("bureau")
    assert client.get("/subsidy/return/2026-13.xlsx").status_code == 404
    page = client.get("/subsidy/?month=2026-10", headers=ZH).get_data(as_text=True)
    assert 'href="/subsidy/return/2026-10.xlsx">营养改善计划月报（Excel）</a>' in page


def test_the_cli_writes_the_return(runner, db, org, october, tmp_path, en):
    out = tmp_path / "return.xlsx"
    result = runner.invoke(args=["subsidy", "monthly-return", "--month", "2026-10", "--xlsx",
                                 str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "2026-10: 3 schools, spent on students 675.07 (since January 679.82), 284 plan "
        f"meals, 87 pupils, average 116.00\nwritten: {out}\n")
    cells, _book_ = _book(out.read_bytes())
    assert cells[0][:2] == ["County name", "School short name"]
    assert cells[4][1] == "Total" and cells[4][7] == pytest.approx(679.82)
    bad = runner.invoke(args=["subsidy", "monthly-return", "--month", "2026-13", "--xlsx",
                              str(out)])
    assert bad.exit_code == 1 and "not a month: 2026-13" in bad.output
    header, rows = return_rows(services.monthly_return(db, [org.schools[2].id], 2026, 10,
                                                       today=TODAY))
    assert len(header) == 20 and rows[-1][1] == "Total"

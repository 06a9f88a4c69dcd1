"""The public monthly account (公示): a closed month's figures exactly as closed, for anyone
without login, in Chinese by default; 404 before the month is closed or for an unknown
school; nothing personal on the page."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from subsidy import services
from subsidy.models import MonthClose
from suite.models import SubsidyRate
from tests.canteen.helpers_printing import english_words, main_text
from tests.subsidy.helpers_closing import close
from tests.subsidy.helpers_ledger import build_october

URL = "/subsidy/public/{}/2026-10"


@pytest.fixture
def october(db, org, foods, deliver, supplier):
    return build_october(db, org, deliver, supplier)


@pytest.fixture
def people(factory, october):
    manager = factory.user("canteen_manager", school=october[0], username="wang-manager")
    bureau = factory.user("bureau", username="li-bureau")
    return manager, bureau


def figures(page: str) -> dict:
    text = main_text(page)
    return {key: page.split(f'id="pub-{key}">', 1)[1].split("<", 1)[0]
            for key in ("student_days", "entitlement", "student_spend",
                        "spend_per_student_day")} | {"text": text}


def test_not_before_the_month_is_closed(client, db, october, people):
    own = october[0]
    assert client.get(URL.format(own.id)).status_code == 404
    services.submit_month(db, school_id=own.id, year=2026, month=10, user_id=people[0].id,
                          today=date(2026, 11, 23))
    db.commit()
    assert client.get(URL.format(own.id)).status_code == 404  # submitted, not closed
    assert client.get(URL.format(999999)).status_code == 404
    assert client.get(f"/subsidy/public/{own.id}/2026-13").status_code == 404


def test_the_closed_month_for_anyone_in_chinese(client, db, october, people):
    own = october[0]
    manager, bureau = people
    close(db, own, manager, bureau)
    snapshot = db.scalar(select(MonthClose.snapshot).where(MonthClose.school_id == own.id))
    assert snapshot["food_groups"] == [{"group": "cereals_tubers", "food_cost": "40.00",
                                        "student_spend": "36.07"}]
    response = client.get(URL.format(own.id))  # nobody logged in
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    shown = figures(page)
    assert {k: v for k, v in shown.items() if k != "text"} == {
        "student_days": "112", "entitlement": "596.00", "student_spend": "36.07",
        "spend_per_student_day": "0.32"}
    text = shown["text"]
    assert own.name in text and "2026年10月" in text and "谷薯类" in text
    main = page[page.index("<main"):page.index("</main>")]
    assert '<svg id="group-chart"' in main and "<script" not in main
    assert '<div class="scroll">' in main
    for personal in (manager.username, bureau.username, "王老师", "送错了", "NO.0002"):
        assert personal not in page, personal
    assert english_words(text) == []
    assert "None" not in text


def test_later_changes_do_not_move_the_public_figures(client, db, org, october, people):
    own = october[0]
    close(db, own, *people)
    db.add(SubsidyRate(county_id=org.county.id, start_date=date(2026, 10, 1),
                       amount=Decimal("2.00"), note="later top-up"))
    db.commit()
    assert services.school_month(db, own.id, 2026, 10,
                                 today=date(2026, 11, 23))["entitlement"] != Decimal("596.00")
    assert figures(client.get(URL.format(own.id)).get_data(as_text=True))["entitlement"] \
        == "596.00"


def test_a_month_closed_before_food_groups_were_kept(client, db, october, people):
    own = october[0]
    row = close(db, own, *people)
    row.snapshot = {k: v for k, v in row.snapshot.items() if k != "food_groups"}
    db.commit()
    text = main_text(client.get(URL.format(own.id)).get_data(as_text=True))
    assert "谷薯类" in text and "36.07" in text and "以下按当前记录计算" in text


def test_the_school_page_links_to_it_once_the_month_is_closed(client, db, login, october,
                                                              people):
    login("bureau")
    link = f'href="{URL.format(october[0].id)}"'
    assert link not in client.get(f"/subsidy/{october[0].id}/2026-10").get_data(as_text=True)
    close(db, october[0], *people)
    assert link in client.get(f"/subsidy/{october[0].id}/2026-10").get_data(as_text=True)


def test_a_month_closed_in_english_shows_no_difference_in_chinese(app, db, october, people):
    """The snapshot keeps the food groups' codes, not their labels in the language of the
    officer who closed it; a month closed before that (labels kept) shows no false change."""
    from flask_babel import refresh
    own = october[0]
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    refresh()
    row = close(db, own, *people)
    app.config["BABEL_DEFAULT_LOCALE"] = "zh_Hans_CN"
    refresh()
    kw = {"school_id": own.id, "year": 2026, "month": 10, "today": date(2026, 11, 23)}
    assert services.differences(db, **kw) == []
    row.snapshot = dict(row.snapshot, food_groups=[dict(g, label="Cereals and tubers")
                                                   for g in row.snapshot["food_groups"]])
    db.commit()
    assert services.differences(db, **kw) == []
    row.snapshot = dict(row.snapshot, rate="4.00")  # a real change still shows
    db.commit()
    assert [d["field"] for d in services.differences(db, **kw)] == ["rate"]


@pytest.mark.parametrize("lang, label, width", [
    ("zh_Hans_CN", "大豆类及其制品和坚果", 8 + 10 * 12), ("en", "Cereals and tubers", 8 + 18 * 7)])
def test_the_chart_leaves_room_for_the_longest_group_name(app, lang, label, width):
    """The names are drawn right-aligned before the bars: a box too narrow cut "大豆类…" to
    "类及其制品和坚果" and "Cereals" to "ereals"."""
    from flask_babel import force_locale

    from subsidy.views.reports import bars
    groups = [{"group": "soy_nuts", "student_spend": Decimal("12.00")},
              {"group": "cereals_tubers", "student_spend": Decimal("30.00")}]
    with app.test_request_context(), force_locale(lang):
        chart = bars(groups)
    assert label in [b["label"] for b in chart["bars"]]
    assert chart["label_w"] >= width and chart["width"] - chart["label_w"] == 360 - 96

"""Month close (月结): the canteen manager submits a month that is over, the bureau closes it
with the ledger as it was, or reopens it with a reason. A submitted or closed month refuses
every canteen record and every change of the stock dated in it (through the canteen's and
procurement's services), with the message, and nothing is saved, as does every stock change
and meal count dated before it; other months and schools go on. A later change shows as a difference against the closed ledger; a stale status is refused.
Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from canteen import services as canteen
from canteen.models import MealCount, Sample
from nutrition.services import get_food
from procurement import services as procurement
from procurement.models import Delivery, DeliveryLine, StockMove, Stocktake
from procurement.moves import lock_balances
from procurement.services import LineIn
from subsidy import services
from subsidy.closing import meal_refusal, refusal, stock_refusal
from subsidy.models import MonthClose
from suite.errors import ServiceError
from suite.models import AuditEntry

from ..canteen.helpers_safety import at, counts, english_words, served
from ..factories import TODAY, food_id
from .helpers_closing import CLOSED, NOV, OCT, SUBMITTED, close, install_ledger

RICE = "012001x"
DEC1 = date(2026, 12, 1)
STALE = "The status of 2026-10 was changed by someone else meanwhile: reload the page and " \
        "check it."


@pytest.fixture
def ledger(monkeypatch):
    return install_ledger(monkeypatch)


@pytest.fixture
def people(factory, org):
    """(the first school's canteen manager, a bureau officer), committed."""
    users = factory.user("canteen_manager", school=org.schools[0]), factory.user("bureau")
    factory.session.commit()
    return users


def refused(db, call, error=ServiceError) -> dict:
    """The messages of the refusal of `call`, after rolling back."""
    with pytest.raises(error) as exc:
        call()
    db.rollback()
    return exc.value.messages()


def test_the_school_submits_and_the_bureau_closes_and_reopens(db, org, en, ledger, people):
    manager, bureau = people
    school = org.schools[0].id
    kw = {"school_id": school, "year": 2026, "month": 11}

    def submit(today=DEC1):
        return services.submit_month(db, user_id=manager.id, today=today, **kw)

    def close_it():
        return services.close_month(db, user_id=bureau.id, today=DEC1, **kw)

    assert services.month_status(db, school, 2026, 11) == "open"
    not_over = {"month": "2026-11 is not over yet: it can be submitted from 2026-12-01 on."}
    assert refused(db, lambda: submit(TODAY)) == not_over
    assert refused(db, lambda: submit(date(2026, 11, 30))) == not_over  # its last day
    assert refused(db, close_it) == {
        "": "2026-11 has not been submitted by the school: it cannot be closed yet."}
    row = submit()
    db.commit()
    assert (row.status, row.submitted_by, row.snapshot, row.version) == (
        "submitted", manager.id, None, 1)
    assert refused(db, submit) == {"": "2026-11 was submitted already and waits for the "
                                       "education bureau's review."}
    row = close_it()
    db.commit()
    assert (row.status, row.closed_by, row.version) == ("closed", bureau.id, 2)
    assert row.snapshot == {"school_id": school, "rate": "5.00", "students": 0,
                            "receipts": "0.00", "days": []}
    assert ledger.asked == [(school, 2026, 11, DEC1)]
    assert services.is_closed(db, school, date(2026, 11, 1))
    assert not services.is_closed(db, school, date(2026, 12, 1))
    assert not services.is_closed(db, org.schools[1].id, date(2026, 11, 5))
    assert refused(db, submit) == refused(db, close_it) == {"": "2026-11 is closed already."}

    def reopen(reason, month=11):
        return services.reopen_month(db, school_id=school, year=2026, month=month,
                                     reason=reason, user_id=bureau.id)

    assert refused(db, lambda: reopen("  ")) == {
        "reason": "Give the reason for reopening the month."}
    assert refused(db, lambda: reopen("错" * 201)) == {"reason": "At most 200 characters."}
    assert refused(db, lambda: reopen("补录", month=10)) == {
        "": "2026-10 is open: there is nothing to reopen."}
    row = reopen(" 补录11月20日午餐 ")
    db.commit()
    assert (row.status, row.reopen_reason, row.snapshot["rate"], row.version) == (
        "open", "补录11月20日午餐", "5.00", 3)  # the ledger as last closed is kept
    entry = db.scalars(select(AuditEntry).where(
        AuditEntry.record_type == "subsidy_month_close").order_by(AuditEntry.id)).all()[-1]
    assert (entry.action, entry.old_values["status"], entry.new_values["status"],
            entry.new_values["reopen_reason"]) == ("update", "closed", "open", "补录11月20日午餐")
    assert submit().status == "submitted"  # corrected, submitted again
    assert refused(db, lambda: services.submit_month(
        db, school_id=school, year=1999, month=12, user_id=manager.id, today=DEC1)) == {
        "month": "Choose a month."}


def test_the_bureau_can_send_a_submitted_month_back(db, org, en, ledger, people):
    manager, bureau = people
    kw = {"school_id": org.schools[0].id, "year": 2026, "month": 10}
    services.submit_month(db, user_id=manager.id, today=TODAY, **kw)
    row = services.reopen_month(db, reason="缺10月20日留样记录", user_id=bureau.id, **kw)
    db.commit()
    assert (row.status, row.snapshot) == ("open", None)
    assert services.differences(db, today=TODAY, **kw) == []


def _canteen_saves(db, org, dish, rice):
    school_id = org.schools[0].id
    return {
        "counts": lambda: canteen.save_counts(
            db, school_id=school_id, day=OCT, meal="breakfast", grades={1: (1, 1)}, teachers=0,
            today=TODAY),
        "issues": lambda: canteen.issue_to_meal(
            db, school_id=school_id, day=OCT, meal="lunch", quantities={rice: "1000"},
            today=TODAY),
        "sample": lambda: canteen.record_sample(
            db, school_id=school_id, day=OCT, meal="lunch", dish_id=dish.id, grams="130",
            taken_at=at(OCT, "11:50"), taken_by="李", today=TODAY),
    }


def test_a_submitted_or_closed_month_refuses_canteen_records(db, org, en, foods, ledger,
                                                              people):
    dish = served(db, org.schools[0], OCT, "lunch", "米饭")[0]
    saves = _canteen_saves(db, org, dish, get_food(db, RICE).id)
    before = counts(db, MealCount, Sample, StockMove)
    manager, bureau = people
    kw = {"school_id": org.schools[0].id, "year": 2026, "month": 10}
    services.submit_month(db, user_id=manager.id, today=TODAY, **kw)
    db.commit()
    for record, save in saves.items():  # waiting for review: read-only for the school too
        assert refused(db, save) == {"": SUBMITTED}, record
    services.close_month(db, user_id=bureau.id, today=TODAY, **kw)
    db.commit()
    for record, save in saves.items():
        assert refused(db, save) == {"": CLOSED}, record
    assert counts(db, MealCount, Sample, StockMove) == before
    # another month of the school, and the same month of another school, go on
    canteen.save_counts(db, school_id=org.schools[0].id, day=NOV, meal="breakfast",
                        grades={1: (1, 1)}, teachers=0, today=TODAY)
    canteen.save_counts(db, school_id=org.schools[1].id, day=OCT, meal="breakfast",
                        grades={7: (1, 1)}, teachers=0, today=TODAY)
    db.commit()
    assert counts(db, MealCount)[0] == before[0] + 2


def test_the_refusal_speaks_chinese(db, org, ledger, people):
    close(db, org.schools[0], *people)
    assert refused(db, lambda: canteen.save_counts(
        db, school_id=org.schools[0].id, day=OCT, meal="breakfast", grades={1: (1, 1)},
        teachers=0, today=TODAY)) == {
        "": "2026年10月已结账，该月的记录不能再更改。请先由教育局重新打开。"}


def _stock_changes(db, school, day, delivered, new_delivery) -> dict:
    """Each kind of stock change dated `day` (`delivered`: a delivery of rice that day)."""
    rice, line_id = get_food(db, RICE).id, delivered.lines[0].id
    return {
        "delivery": new_delivery,
        "void": lambda: procurement.void_delivery(db, delivered, "重复录入"),
        "reject": lambda: procurement.reject_line(db, line_id, reason="农残超标"),
        "stocktake": lambda: procurement.take_stock(
            db, school_id=school.id, day=day, counted={rice: "19000"}, counted_by="王",
            today=TODAY),
        "issue": lambda: procurement.issue_stock(
            db, school_id=school.id, day=day, meal="lunch", food_id=rice, grams="1000"),
    }


def _all_refused(db, changes: dict, message: str) -> None:
    """Every change refused with `message`, and nothing of the stock changed."""
    models = (Delivery, DeliveryLine, StockMove, Stocktake)
    before = counts(db, *models)
    for record, change in changes.items():
        assert refused(db, change, procurement.ProcurementError) == {"": message}, record
    assert counts(db, *models) == before


def test_a_closed_month_refuses_deliveries_voids_rejections_stocktakes_and_issues(
        db, org, en, ledger, people, supplier, deliver):
    school, rice = org.schools[0], get_food(db, RICE).id
    october = deliver([("大米", "20", "kg", "5.00")], day=OCT)
    november = deliver([("大米", "20", "kg", "5.00")], day=NOV, invoice_no="NO.0002")
    line_id = october.lines[0].id
    close(db, school, *people)

    def delivery(day, number):
        return procurement.create_delivery(
            db, school=school, supplier_id=supplier.id, delivery_date=day, invoice_no=number,
            checker="王老师", lines=[LineIn("大米", "5", "kg", "5.00")], today=TODAY)

    deliveries = counts(db, Delivery)[0]
    _all_refused(db, _stock_changes(db, school, OCT, october, lambda: delivery(OCT, "NO.0003")),
                 CLOSED)
    db.expire_all()
    line = db.get(DeliveryLine, line_id)
    assert (october.voided_at, line.accepted, october.accepted_total) == (
        None, True, Decimal("100.00"))
    # November is open
    procurement.void_delivery(db, november, "重复录入")
    delivery(NOV, "NO.0004")
    procurement.issue_stock(db, school_id=school.id, day=NOV, meal="lunch", food_id=rice,
                            grams="1000")
    db.commit()
    assert counts(db, Delivery)[0] == deliveries + 1


def test_a_reopened_month_takes_the_correction_and_shows_the_difference(db, org, en, ledger,
                                                                         people):
    school = org.schools[0]
    served(db, school, OCT, "lunch", "米饭")  # 10 students
    close(db, school, *people)
    kw = {"school_id": school.id, "year": 2026, "month": 10, "today": TODAY}
    assert services.differences(db, **kw) == []
    ledger.rate = Decimal("5.50")  # the rate was corrected after the close: never silently
    rate = {"field": "rate", "closed": "5.00", "now": "5.50"}
    assert services.differences(db, **kw) == [rate]
    services.reopen_month(db, school_id=school.id, year=2026, month=10, reason="补录早餐",
                          user_id=people[1].id)
    db.commit()
    canteen.save_counts(db, school_id=school.id, day=OCT, meal="breakfast",
                        grades={1: (12, 12)}, teachers=0, today=TODAY)
    db.commit()
    assert services.differences(db, **kw) == [
        rate, {"field": "students", "closed": 10, "now": 22},
        {"field": "days[2026-10-20].students", "closed": 10, "now": 22}]
    row = close(db, school, *people)  # closed again: the ledger kept is the new one
    assert (row.snapshot["students"], row.snapshot["rate"]) == (22, "5.50")
    assert services.differences(db, **kw) == []


def test_two_officers_cannot_both_act_on_a_stale_status(db, app, org, en, ledger, people,
                                                       factory):
    manager, bureau = people
    other_id = factory.user("bureau").id
    db.commit()
    kw = {"school_id": org.schools[0].id, "year": 2026, "month": 10, "today": TODAY}
    services.submit_month(db, user_id=manager.id, version=0, **kw)
    db.commit()
    # a page shown before the submission (version 0) cannot close what it did not show
    assert refused(db, lambda: services.close_month(
        db, user_id=bureau.id, version=0, **kw)) == {"": STALE}
    # both officers read "submitted" (version 1); the second to write is refused
    mine = db.scalar(select(MonthClose).where(MonthClose.school_id == org.schools[0].id))
    assert (mine.status, mine.version) == ("submitted", 1)
    db.commit()  # ends this session's transaction (the tests' sessions share a connection)
    theirs = app.extensions["suite_db"].factory()
    services.close_month(theirs, user_id=other_id, version=1, **kw)
    theirs.commit()
    theirs.close()
    with pytest.raises(services.StaleClose) as stale:
        services.close_month(db, user_id=bureau.id, version=1, **kw)
    assert stale.value.messages() == {"": STALE}
    db.rollback()
    row = db.scalar(select(MonthClose).where(MonthClose.school_id == kw["school_id"]))
    assert (row.status, row.closed_by, row.version) == ("closed", other_id, 2)


def test_the_panel_speaks_chinese(client, db, org, login, ledger, people, monkeypatch):
    monkeypatch.setattr("suite.clock.today", lambda: TODAY)
    close(db, org.schools[0], *people)
    login("bureau")
    ledger.rate = Decimal("5.50")
    page = client.get(f"/subsidy/close?month=2026-10&school={org.schools[0].id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and english_words(html) == set()
    assert "已结账" in html and "补助标准" in html and "重新打开" in html


def test_a_closed_month_refuses_stock_changes_dated_before_it(
        db, org, en, ledger, people, supplier, deliver):
    """A receipt, issue or void re-values the later issues of its food (moving average), so
    one dated in September would change closed October's meals: refused alike."""
    school, sep = org.schools[0], date(2026, 9, 15)
    september = deliver([("大米", "20", "kg", "5.00")], day=sep)
    deliver([("大米", "20", "kg", "6.00")], day=OCT, invoice_no="NO.0002")
    close(db, school, *people)
    later = ("2026-10 is submitted or closed: the stock cannot change on an earlier day, since "
             "that would change the cost of that month's meals. Ask the education bureau to "
             "reopen it first.")
    _all_refused(db, _stock_changes(db, school, sep, september, lambda: procurement.
                                    create_delivery(db, school=school, supplier_id=supplier.id,
                                                    delivery_date=sep, invoice_no="NO.3",
                                                    checker="王老师", today=TODAY,
                                                    lines=[LineIn("大米", "5", "kg", "5.00")])),
                 later)
    # September's counts are in closed October's figures of the year (student-days, the
    # year balance): refused alike; a food-safety log of September changes no figure
    meals = ("2026-10 is submitted or closed: meal counts and servings cannot change on an "
             "earlier day, since that would change that month's figures of the year. Ask the "
             "education bureau to reopen it first.")
    before = counts(db, MealCount)
    assert refused(db, lambda: canteen.save_counts(
        db, school_id=school.id, day=sep, meal="lunch", grades={1: (1, 1)}, teachers=0,
        today=TODAY)) == {"": meals}
    assert counts(db, MealCount) == before
    dish = served(db, school, sep, "lunch", "米饭")[0]
    assert canteen.record_sample(db, school_id=school.id, day=sep, meal="lunch",
                                 dish_id=dish.id, grams="130", taken_at=at(sep, "11:50"),
                                 taken_by="李", today=TODAY).id
    db.rollback()


# the check is one query, asked once per transaction (an issue asks for its meal, then for
# each food's stock); a month submitted in the same transaction is refused at once
SEP = date(2026, 9, 15)
LATER = ("2026-10 is submitted or closed: the stock cannot change on an earlier day, since "
         "that would change the cost of that month's meals. Ask the education bureau to "
         "reopen it first.")


@pytest.fixture
def month_reads(sql_seen):
    return lambda: [s for s in sql_seen if "subsidy_month_close" in s]


def test_each_answer_names_the_first_month_it_would_change(db, org, en, ledger, people):
    school = org.schools[0].id
    close(db, org.schools[0], *people)
    assert stock_refusal(db, school, SEP) == LATER
    assert stock_refusal(db, school, OCT) == meal_refusal(db, school, OCT) == CLOSED
    assert stock_refusal(db, school, NOV) is None and refusal(db, school, SEP) is None
    assert stock_refusal(db, org.schools[1].id, SEP) is None


def test_asked_again_in_a_transaction_it_reads_nothing(db, org, en, month_reads):
    school = org.schools[0].id
    assert meal_refusal(db, school, OCT) is None
    assert stock_refusal(db, school, OCT) is None
    assert stock_refusal(db, school, date(2026, 10, 2)) is None  # the same month
    assert len(month_reads()) == 1
    db.commit()
    assert stock_refusal(db, school, OCT) is None
    assert len(month_reads()) == 2  # a new transaction asks again


def test_a_month_submitted_in_the_same_transaction_refuses_at_once(db, org, en, ledger,
                                                                   people):
    school = org.schools[0].id
    assert stock_refusal(db, school, SEP) is None
    services.submit_month(db, school_id=school, year=2026, month=10, user_id=people[0].id,
                          today=date(2026, 11, 23))
    assert stock_refusal(db, school, OCT) == SUBMITTED
    assert stock_refusal(db, school, SEP) == LATER


def test_after_waiting_for_a_stock_lock_the_month_is_asked_again(db, org, en, foods,
                                                                 month_reads):
    """Another request may close the month while this one waits for a food's balance lock:
    what was read before the wait is not reused after it."""
    school = org.schools[0].id
    assert meal_refusal(db, school, OCT) is None
    lock_balances(db, school, [food_id(db, RICE)])
    assert stock_refusal(db, school, OCT) is None
    assert len(month_reads()) == 2

"""The subsidy part of the demo county: last month (where the other demos start and plant their
problems) submitted by some schools and closed by the bureau for some, with meals, spend and
a balance in its ledger and its public account; two planted flags of last month explained
and the rest open (the canteen's and procurement's planted problems do show as flags), and
inspections in every state."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from subsidy import evidence, services
from subsidy.demo import NO_SAMPLE_NOTE, evidence_png, previous_month
from subsidy.models import Rectification
from suite.demo import first_demo_day
from suite.models import School, Term, User

TODAY = date(2026, 11, 23)  # a Monday; the demos start on 8 October, after the holiday
RICE = "012001x"


def test_the_demo_month_end(db, app, demo_county):
    demo_county(schools=5, today=TODAY, password="demo-password-1")
    db.commit()
    schools = {s.code: s for s in db.scalars(select(School).order_by(School.code))}
    ids = [s.id for s in schools.values()]
    users = {u.username: u for u in db.scalars(select(User))}
    assert previous_month(TODAY) == (2026, 10)
    assert first_demo_day(db, db.scalar(select(Term)), TODAY) == date(2026, 10, 8)

    # last month: the first school has not submitted, the second waits for the bureau, the
    # third and fourth are closed with their ledger kept, the fifth has not submitted
    closes = services.month_closes(db, ids, 2026, 10)
    assert {code: closes[s.id]["status"] for code, s in schools.items()} == {
        "S0001": "open", "S0002": "submitted", "S0003": "closed", "S0004": "closed",
        "S0005": "open"}
    assert [code for code, s in schools.items() if closes[s.id]["has_snapshot"]] == \
        ["S0003", "S0004"]

    # last month's flags: the canteen's planted problems are found
    settings = services.flag_settings(app.config)
    flags = {code: services.month_flags(db, s.id, 2026, 10, today=TODAY, settings=settings)
             for code, s in schools.items()}
    assert {code: sorted((f["code"], f["record_key"]) for f in found)
            for code, found in flags.items()} == {
        "S0001": [("spend_low", ""), ("surplus_high", ""),  # a teaching point's small pupils
                  ("unexplained_issue", f"2026-10-20|lunch|{RICE}")],  # rice issued twice
        "S0002": [("no_sample", "2026-10-13|lunch")],       # a missing sample
        "S0003": [],                                        # the catering company's school
        "S0004": [("identical_counts", "2026-10-08|lunch"),  # the same counts every day
                  ("no_sample", "2026-10-27|lunch")],
        "S0005": [("no_sample", "2026-10-28|lunch")],       # (boarders' stock suffices)
    }
    rice = flags["S0001"][2]
    assert rice["code"] == "unexplained_issue" and rice["explained"] is None
    assert rice["figures"]["issued_grams"] == 2 * rice["figures"]["planned_grams"]
    # one explained by the bureau, with its note (no food ran short); the others stay open
    explained = {(code, f["code"], f["record_key"]): f["explained"]["note"]
                 for code, found in flags.items() for f in found if f["explained"]}
    assert explained == {("S0002", "no_sample", "2026-10-13|lunch"): NO_SAMPLE_NOTE}
    assert all(f["explained"]["by_id"] == users["bureau"].id
               for found in flags.values() for f in found if f["explained"])
    assert sum(1 for found in flags.values() for f in found if not f["explained"]) == 6
    # this month has none of the planted problems but the identical counts
    november = {code: sorted({f["code"] for f in services.month_flags(
        db, s.id, 2026, 11, today=TODAY, settings=settings)}) for code, s in schools.items()}
    assert [c for c, found in november.items() if "unexplained_issue" in found or
            "no_sample" in found] == []

    # last month's ledger: meals on every school day from 8 October, spend and a balance
    ledger = services.county_month(db, ids, 2026, 10, today=TODAY)
    assert [(r["code"], r["school_days"], r["meal_days"]) for r in ledger["schools"]] == [
        ("S0001", 18, 18), ("S0002", 18, 24), ("S0003", 18, 18), ("S0004", 18, 18),
        ("S0005", 18, 24)]   # boarders also eat at the weekend
    assert [(r["student_days"], r["student_spend"], r["balance"]) for r in ledger["schools"]] \
        == [(337, Decimal("1491.34"), Decimal("193.66")),
            (6271, Decimal("30429.11"), Decimal("925.89")),
            (2752, Decimal("13097.64"), Decimal("662.36")),
            (2916, Decimal("13163.33"), Decimal("1416.67")),
            (6099, Decimal("35165.02"), Decimal("-4670.02"))]
    assert all(r["balance"] == r["entitlement"] - r["student_spend"] for r in ledger["schools"])
    # the closed months' public accounts show real figures
    for code in ("S0003", "S0004"):
        public = services.public_account(db, schools[code].id, 2026, 10, today=TODAY)
        row = next(r for r in ledger["schools"] if r["code"] == code)
        assert public["student_days"] == row["student_days"] > 0
        assert public["student_spend"] == row["student_spend"] > 0 and public["groups"]

    # inspections: the special one waits for the township's confirmation and the school's
    # rectification; the spot check was rectified with a picture and closed; a self-check
    rows = {r["kind"]: r for r in services.inspections_for(db, ids)}
    assert {k: (r["school_code"], r["status"], r["members"], r["confirmed"], r["day"],
                r["due_date"]) for k, r in rows.items()} == {
        "special": ("S0001", "open", 2, 1, date(2026, 11, 20), date(2026, 12, 7)),
        "spot": ("S0002", "closed", 2, 2, date(2026, 10, 29), date(2026, 11, 12)),
        "self": ("S0003", "open", 1, 1, date(2026, 11, 13), date(2026, 11, 30)),
    }
    team = services.team_of(db, rows["special"]["id"])
    assert [(m["name"], m["confirmed_at"] is not None) for m in team] == [
        ("教育局工作人员", True), ("城关镇资助专干", False)]
    assert services.open_findings(db, ids) == 2
    rect = db.scalar(select(Rectification))
    assert (rect.inspection_id, rect.filename, rect.recorded_by) == (
        rows["spot"]["id"], "索证索票归档照片.png", users["canteen-s0002"].id)
    stored = evidence.path_of(app.instance_path, rect.sha256).read_bytes()
    assert stored == evidence_png() and evidence.kind_of(stored) == "png"
    assert rect.size == len(stored)

"""Two people saving the same meal's counts at the same moment, on a database of its own with
committed data: both pass the version check, exactly one save wins, the other is refused with
the winner's values, and the database holds the winner's values. SQLite and PostgreSQL."""
from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from canteen import counts, services
from canteen.models import MealCount

from ..live import is_postgres, race_app

TODAY = date(2026, 11, 23)
DAY = date(2026, 11, 20)


def _people(factory, org) -> dict:
    users = [factory.user("canteen_manager", school=org.schools[0], username=name)
             for name in ("first", "second", "third", "fourth")]
    return {"school": org.schools[0].id, "users": lambda: [u.id for u in users]}


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    yield from race_app(tmp_path_factory, "counts_race", TODAY, _people)


def _save(live, session, user, meal, grade_1, version=None):
    return services.save_counts(session, school_id=live["school"], day=DAY, meal=meal,
                                grades={1: (grade_1, grade_1)}, teachers=1, version=version,
                                user_id=live["users"][user], today=TODAY)


def _stored(live, meal):
    with live["app"].app_context():
        session = live["app"].extensions["suite_db"].factory()
        try:
            rows = session.query(MealCount).filter_by(school_id=live["school"], day=DAY,
                                                      meal=meal).all()
            return [(r.version, r.students, r.updated_by) for r in rows]
        finally:
            session.close()


@pytest.fixture
def checks_passed(monkeypatch):
    """The users whose version check passed (on PostgreSQL both of the interleaved saves pass
    it, and the database refuses the second; SQLite runs the saves one after the other)."""
    passed, check = [], counts._check_version

    def spy(session, existing, version):
        check(session, existing, version)
        passed.append(session.info.get("user"))

    monkeypatch.setattr(counts, "_check_version", spy)
    return passed


def _interleaved(live, meal, version):
    """A saves and holds its transaction open; B saves meanwhile (its check sees only what
    is committed, so it passes); A commits; B's write meets A's row."""
    flushed, go, outcome = threading.Event(), threading.Event(), {}

    def first():
        with live["app"].app_context():
            session = live["app"].extensions["suite_db"].factory(info={"user": 0})
            try:
                _save(live, session, 0, meal, 30, version)
                flushed.set()
                go.wait(timeout=30)
                session.commit()
                outcome["first"] = "saved"
            finally:
                flushed.set()
                session.close()

    def second():
        with live["app"].app_context():
            session = live["app"].extensions["suite_db"].factory(info={"user": 1})
            try:
                _save(live, session, 1, meal, 20, version)
                session.commit()
                outcome["second"] = "saved"
            except services.StaleCount as exc:
                session.rollback()
                outcome["second"] = exc.messages()["version"]
            finally:
                session.close()

    a = threading.Thread(target=first)
    a.start()
    assert flushed.wait(timeout=30)
    b = threading.Thread(target=second)
    b.start()
    time.sleep(0.5)  # B is now waiting on A's row (or, on SQLite, on the write lock)
    go.set()
    a.join(timeout=30)
    b.join(timeout=30)
    return outcome


def test_two_creations_at_once_one_wins(live, checks_passed):
    outcome = _interleaved(live, "breakfast", None)
    assert checks_passed == ([0, 1] if is_postgres() else [0])
    assert outcome["first"] == "saved"
    assert outcome["second"] == (
        "These counts were saved meanwhile by first (version 1): grade 1: 30 (plan 30); "
        "teachers 1. Check them and save again.")
    assert _stored(live, "breakfast") == [(1, 30, live["users"][0])]


def test_two_edits_of_one_version_one_wins(live, checks_passed):
    with live["app"].app_context():
        session = live["app"].extensions["suite_db"].factory()
        _save(live, session, 2, "lunch", 10)
        session.commit()
        session.close()
    checks_passed.clear()
    outcome = _interleaved(live, "lunch", 1)
    assert checks_passed == ([0, 1] if is_postgres() else [0])
    assert outcome["first"] == "saved"
    assert "saved meanwhile by first (version 2): grade 1: 30 (plan 30)" in outcome["second"]
    assert _stored(live, "lunch") == [(2, 30, live["users"][0])]


def test_four_at_once_exactly_one_wins(live):
    gate, answers = threading.Barrier(4), []

    def one(user):
        with live["app"].app_context():
            session = live["app"].extensions["suite_db"].factory()
            try:
                gate.wait(timeout=30)
                _save(live, session, user, "dinner", 10 + user)
                session.commit()
                answers.append(("saved", user))
            except services.StaleCount:
                session.rollback()
                answers.append(("refused", user))
            finally:
                session.close()

    threads = [threading.Thread(target=one, args=(u,)) for u in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    winners = [u for kind, u in answers if kind == "saved"]
    assert len(answers) == 4 and len(winners) == 1
    assert _stored(live, "dinner") == [(1, 10 + winners[0], live["users"][winners[0]])]

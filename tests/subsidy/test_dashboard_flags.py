"""The flags of many schools' months at once (the dashboard's and the flags page's): the
same flags as each school's month alone, from a number of statements that does not grow with
the number of schools (hand-built October, tests/subsidy/helpers_ledger.py)."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from subsidy import services
from tests.factories import TODAY
from tests.subsidy.helpers_flags import SETTINGS
from tests.subsidy.helpers_ledger import build_october

pytestmark = pytest.mark.usefixtures("en")


@pytest.fixture
def october(db, org, foods, deliver, supplier):
    return build_october(db, org, deliver, supplier)


def statements(engine, fn) -> tuple[int, object]:
    seen = []

    def count(*_args):
        seen.append(1)
    event.listen(engine, "before_cursor_execute", count)
    try:
        result = fn()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen), result


def test_many_schools_give_each_school_month_flags(db, october):
    own, company, empty = october
    services.explain_flag(db, school_id=company.id, year=2026, month=10, code="no_menu",
                          record_key="2026-10-14|lunch", note="菜谱已补录", user_id=None)
    db.commit()
    together = services.schools_flags(db, [s.id for s in october], 2026, 10, today=TODAY,
                                      settings=SETTINGS)
    alone = {s.id: services.month_flags(db, s.id, 2026, 10, today=TODAY, settings=SETTINGS)
             for s in october}
    assert together == alone
    assert [len(together[s.id]) for s in october] == [21, 8, 0]
    assert [f["record_key"] for f in together[company.id] if f["explained"]] == [
        "2026-10-14|lunch"]
    assert services.schools_flags(db, [], 2026, 10, today=TODAY, settings=SETTINGS) == {}
    assert services.schools_flags(db, [own.id], 2026, 12, today=TODAY,
                                  settings=SETTINGS) == {}  # not begun


def test_the_statements_do_not_grow_with_the_schools(db, engine, october):
    own, company, empty = october

    def run(schools):
        return statements(engine, lambda: services.schools_flags(
            db, [s.id for s in schools], 2026, 10, today=TODAY, settings=SETTINGS))[0]
    run([own])  # warm the session
    one, empty_one, three = run([own]), run([empty]), run([own, company, empty])
    # the roster's enrolment is read once a day with counts for every school counted that
    # day (own: 9, 10, 16 October; the company school adds 14 and 20: at most 7 statements
    # each), everything else once for all the schools
    assert three < one + empty_one
    assert three - one <= 2 * 7

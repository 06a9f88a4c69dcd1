"""Small factories for test data, built through the host's services where they exist."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import count

from suite import accounts, services
from suite.auth import roles
from suite.models import County, School, Term, TermDay, Township

PASSWORD = "correct-horse-9"
TODAY = date(2026, 11, 23)  # a Monday in the term of `Factory.org`


@dataclass
class Org:
    county: County
    townships: list[Township]
    schools: list[School]
    term: Term
    extra: dict = field(default_factory=dict)


class Factory:
    def __init__(self, session, app):
        self.session = session
        self.app = app
        self._n = count(1)

    def county(self) -> County:
        county = County(code=f"9{next(self._n):05d}", name="测试县")
        self.session.add(county)
        self.session.flush()
        return county

    def township(self, county, name="测试镇") -> Township:
        t = Township(county_id=county.id, code=f"T{next(self._n):05d}", name=name)
        self.session.add(t)
        self.session.flush()
        return t

    def school(self, township, name=None, kind="primary", boarding=False, **kw) -> School:
        n = next(self._n)
        s = School(township_id=township.id, code=f"X{n:04d}", name=name or f"测试小学{n}",
                   kind=kind, boarding=boarding, supply_mode=kw.pop("supply_mode", "canteen"),
                   rural=True, in_plan=True, **kw)
        self.session.add(s)
        self.session.flush()
        return s

    def term(self, county, start=date(2026, 9, 1), end=date(2027, 1, 20), name="2026秋") -> Term:
        t = Term(county_id=county.id, name=name, start_date=start, end_date=end)
        self.session.add(t)
        self.session.flush()
        return t

    def org(self, today=None) -> Org:
        county = self.county()
        t1, t2 = self.township(county, "东镇"), self.township(county, "西乡")
        schools = [self.school(t1, "东镇中心小学"), self.school(t1, "东镇中学", kind="junior",
                                                            boarding=True),
                   self.school(t2, "西乡教学点", kind="teaching_point")]
        term = self.term(county)
        self.session.add(TermDay(term_id=term.id, day=date(2026, 10, 1), kind="holiday",
                                 note="国庆"))
        self.session.add(TermDay(term_id=term.id, day=date(2026, 10, 10), kind="makeup",
                                 note="调休"))
        services.set_enrolment(self.session, schools[0].id, term.id, {
            (1, "6-8", "M"): 20, (1, "6-8", "F"): 18, (4, "9-11", "M"): 15, (4, "9-11", "F"): 17})
        services.set_enrolment(self.session, schools[1].id, term.id, {
            (7, "12-14", "M"): 40, (7, "12-14", "F"): 38})
        self.session.flush()
        return Org(county, [t1, t2], schools, term)

    def user(self, role, school=None, township=None, username=None, password=PASSWORD):
        role_defs = roles()
        return accounts.create_user(
            self.session, username=username or f"{role}{next(self._n)}", password=password,
            role=role, roles=role_defs, school_code=school.code if school else None,
            township_id=township.id if township else None)


def food_id(db, code):
    """The id of a food of the built-in table (the `foods` fixture loads it), by its code."""
    from nutrition import services as nutrition
    return nutrition.get_food(db, code).id

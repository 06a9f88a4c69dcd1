"""Helpers of the food-safety log tests: dishes served at a meal, local times, row counts."""
from __future__ import annotations

import re
from datetime import date, datetime, time
from html import unescape
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from canteen.models import MealCount, ServedDish
from menus.models import Dish

ZONE = ZoneInfo("Asia/Shanghai")


def at(day: date, hhmm: str) -> datetime:
    """An aware time of day in the suite's zone (Beijing)."""
    hours, minutes = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(hours, minutes), ZONE)


def served(db, school, day, meal, *names) -> list[Dish]:
    """A meal's counts with these dishes served (made through the models), committed."""
    dishes = [Dish(name=n, category="other") for n in names]
    db.add_all(dishes)
    db.flush()
    count = MealCount(school_id=school.id, day=day, meal=meal, students=10, plan_students=10,
                      teachers=1)
    count.dishes = [ServedDish(dish_id=d.id, position=k) for k, d in enumerate(dishes)]
    db.add(count)
    db.commit()
    return dishes


def counts(db, *models) -> tuple:
    db.expire_all()
    return tuple(db.scalar(select(func.count()).select_from(m)) for m in models)


class _Text(HTMLParser):
    """The text a person sees: no tags, attributes, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def english_words(html: str) -> set[str]:
    """Runs of two or more Latin letters in the visible text of the page's main content."""
    main = html[html.index("<main"):html.index("</main>")] if "<main" in html else html
    parser = _Text()
    parser.feed(main)
    return set(re.findall(r"[A-Za-z_]{2,}", " ".join(parser.parts)))


def errors_on(html: str) -> list[str]:
    """Every error message shown on a page, in order."""
    return [unescape(m).strip() for m in re.findall(
        r'<p class="error" role="alert">(.*?)</p>', html, re.S)]

"""Weekly menus: creating, planning items, revisions, copies and county templates. Only
drafts change; a published menu changes through a new revision (the approval workflow is in
workflow.py)."""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from suite import services as org
from suite.models import School
from suite.vocabulary import MEALS, meal_label

from .dishes import MenuError
from .labels import STATUS_LABELS, WEEKDAYS
from .models import Dish, MenuItem, WeekMenu

LIVE = ("draft", "submitted", "approved", "published")


def served_days(menu: WeekMenu) -> list[date]:
    return [menu.week_start + timedelta(days=d) for d in menu.day_numbers]


def week_of(day: date) -> date:
    """The Monday of the week a day falls in: a week entered as any of its days snaps to it."""
    return day - timedelta(days=day.weekday())


def snap_note(entered, week_start: date) -> str | None:
    """What to tell the user when the week they entered was moved to its Monday."""
    if not isinstance(entered, date) or entered == week_start:
        return None
    return _("%(day)s is a %(weekday)s: the menu is for the week starting on Monday "
             "%(monday)s.", day=entered.isoformat(), weekday=WEEKDAYS[entered.weekday()],
             monday=week_start.isoformat())


def _check_week(session, county_id, school, week_start, days) -> dict:
    errors = {}
    if not isinstance(week_start, date) or week_start.weekday() != 0:
        return {"week_start": _("A week starts on a Monday.")}
    if not days or any(d not in range(7) for d in days):
        errors["days"] = _("Choose the days served.")
    elif school is not None and not school.boarding and any(
            d > 4 and not org.is_school_day(session, county_id, week_start + timedelta(days=d))
            for d in days):  # a make-up Saturday is a school day for every school
        errors["days"] = _("Only boarding schools serve meals at the weekend.")
    if org.term_on(session, county_id, week_start) is None and \
            org.term_on(session, county_id, week_start + timedelta(days=4)) is None:
        errors["week_start"] = _("The week of %(day)s is outside every term.",
                                 day=week_start.isoformat())
    return errors


def current_menu(session: Session, school_id: int | None, week_start: date,
                 county_id: int | None = None) -> WeekMenu | None:
    """The newest live revision of a school's week (or a county template's)."""
    stmt = select(WeekMenu).where(WeekMenu.week_start == week_start,
                                  WeekMenu.status.in_(LIVE))
    stmt = stmt.where(WeekMenu.school_id == school_id) if school_id is not None else \
        stmt.where(WeekMenu.school_id.is_(None), WeekMenu.county_id == county_id)
    return session.scalar(stmt.order_by(WeekMenu.revision.desc()))


def create_week(session: Session, *, county_id: int, school: School | None, week_start,
                days: list[int] | None = None, meals: list[str] | None = None,
                name: str = "") -> WeekMenu:
    days = sorted(set(days if days is not None else range(5)))
    meals = [m for m in MEALS if m in (meals or ["lunch"])]
    if isinstance(week_start, date):
        week_start = week_of(week_start)
    errors = _check_week(session, county_id, school, week_start, days)
    if not meals:
        errors["meals"] = _("Choose the meals served.")
    if not errors and school is not None and current_menu(session, school.id, week_start):
        errors["week_start"] = _("%(school)s already has a menu for the week of %(day)s.",
                                 school=school.name, day=week_start.isoformat())
    if school is None and not (name or "").strip():
        errors["name"] = _("A county template needs a name.")
    if errors:
        raise MenuError(errors)
    menu = WeekMenu(county_id=county_id, school_id=school.id if school else None,
                    week_start=week_start, days=",".join(map(str, days)), meals=",".join(meals),
                    name=(name or "").strip()[:60])
    session.add(menu)
    session.flush()
    return menu


def _editable(menu: WeekMenu) -> None:
    if menu.status != "draft":
        raise MenuError({"menu": _("Only a draft can be changed: this menu is %(status)s.",
                                   status=STATUS_LABELS[menu.status])})


def default_servings(session: Session, menu: WeekMenu) -> int:
    if menu.school_id is None:
        return 0
    term = org.term_on(session, menu.county_id, menu.week_start) or \
        org.term_on(session, menu.county_id, menu.week_start + timedelta(days=4))
    return org.enrolment_totals(session, term.id, [menu.school_id]).get(menu.school_id, 0) \
        if term else 0


def add_item(session: Session, menu: WeekMenu, *, day: date, meal: str, dish_id,
             servings=None) -> MenuItem:
    _editable(menu)
    errors = {}
    dish = session.get(Dish, dish_id) if dish_id else None
    if dish is None or not dish.active:
        errors["dish_id"] = _("Choose a dish.")
    if meal not in menu.meal_list:
        errors["meal"] = _("This menu does not serve %(meal)s.",
                               meal=meal_label(meal))
    if not isinstance(day, date) or day not in served_days(menu):
        errors["day"] = _("That day is not served by this menu.")
    elif menu.school_id is not None and not served_on(session, menu, day):
        errors["day"] = _("%(day)s is not a school day.", day=day.isoformat())
    if servings not in (None, ""):
        try:
            servings = int(servings)
        except (TypeError, ValueError):
            servings = -1
        if not 0 <= servings <= 10000:
            errors["servings"] = _("Servings are a whole number from 0 to 10000.")
    if errors:
        raise MenuError(errors)
    position = 1 + max((i.position for i in menu.items if i.day == day and i.meal == meal),
                       default=0)
    item = MenuItem(day=day, meal=meal, dish_id=dish.id, position=position,
                    servings=default_servings(session, menu) if servings in (None, "")
                    else servings)
    menu.items.append(item)
    session.flush()
    return item


def served_on(session, menu: WeekMenu, day: date) -> bool:
    """A school day of the term; boarding schools also serve at weekends in term."""
    if org.is_school_day(session, menu.county_id, day):
        return True
    school = session.get(School, menu.school_id)
    term = org.term_on(session, menu.county_id, day)
    if school.boarding and day.weekday() >= 5 and term is not None:
        return True
    return False


def _item(menu: WeekMenu, item_id) -> MenuItem:
    item = next((i for i in menu.items if i.id == item_id), None)
    if item is None:
        raise MenuError({"item": _("No such dish on this menu.")})
    return item


def remove_item(session: Session, menu: WeekMenu, item_id: int) -> None:
    _editable(menu)
    menu.items.remove(_item(menu, item_id))
    session.flush()


def move_item(session: Session, menu: WeekMenu, item_id: int, day: date, meal: str) -> None:
    _editable(menu)
    item = _item(menu, item_id)
    probe_errors = {}
    if meal not in menu.meal_list:
        probe_errors["meal"] = _("This menu does not serve %(meal)s.",
                               meal=meal_label(meal))
    if day not in served_days(menu) or (menu.school_id is not None
                                        and not served_on(session, menu, day)):
        probe_errors["day"] = _("That day is not served by this menu.")
    if probe_errors:
        raise MenuError(probe_errors)
    item.day, item.meal = day, meal
    item.position = 1 + max((i.position for i in menu.items if i.day == day and i.meal == meal
                             and i is not item), default=0)
    session.flush()


def _copy_items(source: WeekMenu, target: WeekMenu, shift: timedelta) -> None:
    for item in source.items:
        target.items.append(MenuItem(day=item.day + shift, meal=item.meal, dish_id=item.dish_id,
                                     position=item.position, servings=item.servings))


def revise(session: Session, menu: WeekMenu) -> WeekMenu:
    """A new draft revision of a published menu; the published one stays until replaced."""
    if menu.status != "published":
        raise MenuError({"status": _("Only a published menu needs a revision; edit the draft.")})
    newer = current_menu(session, menu.school_id, menu.week_start, menu.county_id)
    if newer is not None and newer.id != menu.id:
        raise MenuError({"status": _("Revision %(n)d is already being prepared.",
                                     n=newer.revision)})
    draft = WeekMenu(county_id=menu.county_id, school_id=menu.school_id, name=menu.name,
                     week_start=menu.week_start, days=menu.days, meals=menu.meals,
                     revision=menu.revision + 1, previous_id=menu.id, notes=menu.notes)
    session.add(draft)
    _copy_items(menu, draft, timedelta(0))
    session.flush()
    return draft


def copy_week(session: Session, menu: WeekMenu, week_start: date,
              school: School | None = None) -> WeekMenu:
    """The menu's days, meals and dishes as a new draft for another week (and with a
    template, for a school: then it is the school's own copy)."""
    week_start = week_of(week_start)
    target_school = school if school is not None else (
        session.get(School, menu.school_id) if menu.school_id else None)
    copy = create_week(session, county_id=menu.county_id, school=target_school,
                       week_start=week_start, days=menu.day_numbers, meals=menu.meal_list,
                       name=menu.name if target_school is None else "")
    if school is not None and menu.school_id is None:
        copy.adopted_from_id = menu.id
    _copy_items(menu, copy, week_start - menu.week_start)
    default = default_servings(session, copy)
    for item in copy.items:
        if copy.school_id is not None:
            item.servings = default
    session.flush()
    dropped = [i for i in copy.items if copy.school_id is not None
               and not served_on(session, copy, i.day)]
    for item in dropped:  # holidays of the new week
        copy.items.remove(item)
    session.flush()
    return copy


def diff(old: WeekMenu, new: WeekMenu) -> list[dict]:
    """Dishes added and removed, per day and meal (days matched by weekday)."""
    def keyed(menu):
        out = {}
        for item in menu.items:
            out.setdefault(((item.day - menu.week_start).days, item.meal), []).append(
                item.dish.name)
        return out
    a, b = keyed(old), keyed(new)
    changes = []
    for key in sorted(set(a) | set(b), key=lambda k: (k[0], MEALS.index(k[1]))):
        before, after = a.get(key, []), b.get(key, [])
        removed = [n for n in before if n not in after]
        added = [n for n in after if n not in before]
        if removed or added:
            changes.append({"day": new.week_start + timedelta(days=key[0]), "meal": key[1],
                            "removed": removed, "added": added})
    return changes

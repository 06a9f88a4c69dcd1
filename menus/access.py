"""Who may see and change which menus: the checks that the HTML pages and the JSON API share.
They answer like the host's `school_or_404`: a menu of a school the user may not see is a 404,
a county template in the wrong hands a 403."""
from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from suite import clock
from suite.auth import (county_or_404, has_permission, school_filter, school_or_404, user_scope,
                        visible_schools)
from suite.db import get_session
from suite.forms import options
from suite.models import School
from suite.services import county_of

from . import listing
from .models import WeekMenu
from .planning import load_menu


def menu_or_404(session, menu_id, dishes: bool = True) -> WeekMenu:
    """A school's menu only for users who may see that school; templates for everyone. With
    `dishes`, its items, dishes and ingredients loaded at once; else the menu's row alone."""
    menu = load_menu(session, menu_id) if dishes else session.get(WeekMenu, menu_id)
    if menu is None:
        abort(404)
    if menu.school_id is not None:
        school_or_404(session, menu.school_id)
    return menu


def rule_school_or_404(session, school_id) -> School:
    """A school of this installation's county that the user may see (404 otherwise): the
    page of its dietary rule."""
    school = school_or_404(session, school_id)
    if county_of(session, school).id != county_or_404(session).id:
        abort(404)
    return school


def may_plan(user, menu: WeekMenu) -> bool:
    if menu.school_id is None:
        return has_permission(user, "menus.templates")
    return has_permission(user, "menus.plan")


def plannable_or_404(session, user, menu_id) -> WeekMenu:
    """A menu the user may change (403 for one they may only see)."""
    menu = menu_or_404(session, menu_id)
    if not may_plan(user, menu):
        abort(403)
    return menu


def check_template_rights(user, menu: WeekMenu) -> None:
    """County templates move through the workflow only in the hands of template planners."""
    if menu.school_id is None and not has_permission(user, "menus.templates"):
        abort(403)


def school_choices(session, user) -> list:
    """The schools a menu may be planned for, with "County template" first for its planners."""
    choices = [(s.id, f"{s.code} {s.name}") for s in visible_schools(session, user)]
    if has_permission(user, "menus.templates"):
        choices = [(0, _("County template"))] + choices
    return options(choices)


def visible_menus(user):
    """A WHERE clause on WeekMenu for the menus the user may see (None: all of them)."""
    scope, _own = user_scope(user)
    if scope == "county":
        return None
    return WeekMenu.school_id.is_(None) | school_filter(user, WeekMenu.school_id)


def visible_planned_schools(session, user):
    """The county's planned schools the user may see, as a select of School."""
    return listing.planned_schools(county_or_404(session).id).where(
        school_filter(user, School.id, School.township_id))


def nutritionist_today(session, user, today) -> listing.Today:
    """The home panel's figures for the user's schools."""
    return listing.nutritionist_today(session, county_or_404(session).id, today,
                                      visible_menus(user), visible_planned_schools(session, user))


def home_panels(user) -> list:
    """For those who approve menus: what to do today, each with a count and a link."""
    if not has_permission(user, "menus.approve"):
        return []
    return [(_l("Menus to do"), "menus/_home_panel.html",
             nutritionist_today(get_session(), user, clock.today()))]

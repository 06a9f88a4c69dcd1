"""The approval workflow of a weekly menu: draft → submitted → approved → published, and
back to draft before publication. The HTML pages and the JSON API both go through `run_step`,
so the access check and the step are the same whichever way a user comes."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from suite.db import utcnow
from suite.models import County

from .access import check_template_rights
from .dishes import MenuError
from .models import WeekMenu
from .signals import menu_published


def submit(session: Session, menu: WeekMenu, user) -> None:
    if menu.status != "draft":
        raise MenuError({"status": _("Only a draft can be submitted.")})
    if not menu.items:
        raise MenuError({"status": _("An empty menu cannot be submitted.")})
    menu.status, menu.submitted_by, menu.submitted_at = "submitted", user.id, utcnow()
    session.flush()


def approve(session: Session, menu: WeekMenu, user) -> None:
    if menu.status != "submitted":
        raise MenuError({"status": _("Only a submitted menu can be approved.")})
    county = session.get(County, menu.county_id)
    if county.second_approver_required and menu.submitted_by == user.id:
        raise MenuError({"status": _("The county requires a second person: you submitted "
                                     "this menu, so someone else must approve it.")})
    menu.status, menu.approved_by, menu.approved_at = "approved", user.id, utcnow()
    session.flush()


def publish(session: Session, menu: WeekMenu, user) -> None:
    if menu.status != "approved":
        raise MenuError({"status": _("Only an approved menu can be published.")})
    if menu.previous_id is not None:
        previous = session.get(WeekMenu, menu.previous_id)
        if previous.status == "published":
            previous.status = "superseded"
    menu.status, menu.published_by, menu.published_at = "published", user.id, utcnow()
    session.flush()
    menu_published.send(session, menu_id=menu.id, school_id=menu.school_id,
                        county_id=menu.county_id, week_start=menu.week_start,
                        revision=menu.revision, previous_id=menu.previous_id)


def reopen(session: Session, menu: WeekMenu, user=None) -> None:
    """Back to draft before publication (the approval, if any, is cleared)."""
    if menu.status not in ("submitted", "approved"):
        raise MenuError({"status": _("Only a submitted or approved menu can be reopened.")})
    menu.status, menu.approved_by, menu.approved_at = "draft", None, None
    session.flush()


STEPS = {"submit": submit, "approve": approve, "publish": publish, "reopen": reopen}


def run_step(session: Session, menu: WeekMenu, step: str, user) -> WeekMenu:
    """One workflow step (a key of STEPS) by `user`, after the access check (403 for a county
    template outside its planners' hands); MenuError when the step is refused. The route has
    already checked the step's own permission."""
    check_template_rights(user, menu)
    STEPS[step](session, menu, user)
    return menu

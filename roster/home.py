"""The roster's part of the home page: what the bureau and a township officer have to do
today, each with a count and a link (a township officer's counts are their township's)."""
from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suite.auth import user_scope

from . import visits
from .models import ReconCase
from .recon_scope import case_where


def open_cases(session: Session, township_id: int | None = None) -> int:
    """Reconciliation cases not yet resolved (of one township's students and children)."""
    return session.scalar(select(func.count(ReconCase.id)).where(
        ReconCase.resolved_at.is_(None), *case_where(township_id)))


def todo(session: Session, user, today: date) -> list[dict]:
    """[{label, count, url}]: open reconciliation cases and aided students not yet visited
    this term, for the user's township or the county."""
    scope, own = user_scope(user)
    township_id = own if scope == "township" else None
    if scope == "township" and own is None:
        return []
    term = visits.visit_term(session, today)
    waiting = visits.count_to_visit(session, term, today, visits.Scope(township_id))
    return [
        {"label": _("Open reconciliation cases"), "count": open_cases(session, township_id),
         "url": url_for("roster.recon_runs")},
        {"label": _("Aided students not yet visited this term"), "count": waiting,
         "url": url_for("roster.visits") + "#to-visit"},
    ]

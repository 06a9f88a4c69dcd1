"""Helpers several host screens share."""
from __future__ import annotations

from flask import abort
from sqlalchemy import select

from ..db import get_session
from ..models import County


def current_county() -> County:
    county = get_session().scalar(select(County).order_by(County.id))
    if county is None:
        abort(404)
    return county

"""The county price table."""
from __future__ import annotations

from flask import render_template, request

from suite import clock
from suite.auth import permission_required
from suite.db import get_session
from suite.params import parse_day

from .. import services


@permission_required("procurement.prices")
def prices():
    as_of = parse_day(request.args.get("date"), clock.today())
    rows = services.price_table(get_session(), as_of)
    return render_template("procurement/prices.html", rows=rows, as_of=as_of)

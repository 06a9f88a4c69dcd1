"""A school's month of meals: counts, cost, the students' and teachers' share, what is missing,
and a bar chart of the daily cost per pupil (inline SVG, no script)."""
from __future__ import annotations

from decimal import Decimal

from flask import current_app, render_template

from procurement import services as procurement
from suite import clock
from suite import services as org
from suite.auth import permission_required, school_or_404
from suite.db import get_session
from suite.params import month_arg

from .. import services

CHART_W, CHART_H = 320, 120


def _chart(rows, rate: Decimal | None) -> dict:
    """Bars of the daily cost per pupil beside the subsidy rate (a line), scaled to the higher
    of the month's highest day and the rate; a day below the rate is drawn in another colour."""
    values = [(r["day"], services.cost_per_student(r)) for r in rows]
    top = max((v for _d, v in values if v), default=Decimal(0))
    scale = max(top, rate or Decimal(0))
    width = CHART_W / max(len(values), 1)
    bars = [{"x": round(i * width + 1, 1), "w": round(max(width - 2, 1), 1),
             "h": round(float(v / scale) * CHART_H, 1) if v and scale else 0,
             "day": d, "value": v, "below": bool(rate and v and v < rate)}
            for i, (d, v) in enumerate(values)]
    for bar in bars:
        bar["y"] = round(CHART_H - bar["h"], 1)
    rate_y = round(CHART_H - float(rate / scale) * CHART_H, 1) if rate and scale else None
    return {"bars": bars, "top": top, "width": CHART_W, "height": CHART_H, "rate": rate,
            "rate_y": rate_y}


@permission_required("canteen.view")
def days(school_id):
    session = get_session()
    school = school_or_404(session, school_id)
    year, month = month_arg("month")
    first, last = procurement.month_bounds(year, month)
    rows = services.day_summaries(session, school.id, first, last,
                                  current_app.config["CANTEEN_ISSUE_TOLERANCE"],
                                  today=clock.today())
    meals = [m for r in rows for m in r["meals"]]
    totals = {k: sum((m[k] for m in meals), Decimal("0.00"))
              for k in ("food_cost", "student_cost", "teacher_cost")}
    totals.update({k: sum(m[k] for m in meals) for k in ("students", "teachers")})
    return render_template("canteen/days.html", school=school, rows=rows, totals=totals,
                           month=f"{year:04d}-{month:02d}",
                           chart=_chart(rows, org.subsidy_rate_on(session, last,
                                                                  school.township.county_id)),
                           labels=services.MISSING_LABELS)

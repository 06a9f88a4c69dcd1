"""The dashboard's charts as plain numbers for SVG drawn by the server (no script, no CDN):
each function turns ledger figures (Decimal, to the fen) into coordinates and the labels that
go beside them, so a chart reads in print and without colour (every value is written out).

  sparkline      a school's spend per student-day and the rate over the year's months
  group_bars     food cost by food group summed over many schools, each with its share
  balance_bars   the year's running balance month by month, negative below the axis"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
TENTH = Decimal("0.1")


def _f(value) -> float:
    return float(value or 0)


def sparkline(months: list[dict], width: int = 120, height: int = 30) -> dict:
    """{"width", "height", "spend" and "rate" (SVG polyline points "x,y …"), "points" (one
    per month with student-days: month, x, y, value, rate, rate_y), "last" (the last such
    point or None), "top"}: the months of `year_months` (1 … the month) on one x step, the
    spend per student-day and the month's rate on one y scale from 0 to the largest."""
    shown = [m for m in months if m["spend_per_student_day"] is not None]
    top = max([_f(m["spend_per_student_day"]) for m in shown]
              + [_f(m["rate"]) for m in shown] + [1.0])
    step = (width - 4) / max(len(months) - 1, 1)
    points = []
    for m in shown:
        x = round(2 + (m["month"] - 1) * step, 1)
        points.append({"month": m["month"], "x": x, "value": m["spend_per_student_day"],
                       "rate": m["rate"], "y": _y(m["spend_per_student_day"], top, height),
                       "rate_y": _y(m["rate"], top, height)})
    return {"width": width, "height": height, "points": points, "top": top,
            "spend": " ".join(f"{p['x']},{p['y']}" for p in points),
            "rate": " ".join(f"{p['x']},{p['rate_y']}" for p in points
                             if p["rate"] is not None),
            "last": points[-1] if points else None}


def _y(value, top: float, height: int) -> float:
    return round(height - 2 - _f(value) / top * (height - 4), 1)


def group_totals(groups_by_school: dict[int, list[dict]], school_ids) -> list[dict]:
    """[{"group", "label", "food_cost", "student_spend"}] summed over `school_ids` (the rows
    of `ledger.food_groups`), largest food cost first: sums to those schools' food cost."""
    out: dict[str, dict] = {}
    for sid in school_ids:
        for g in groups_by_school.get(sid, []):
            acc = out.setdefault(g["group"], {"group": g["group"], "label": g["label"],
                                              "food_cost": ZERO, "student_spend": ZERO})
            acc["food_cost"] += g["food_cost"]
            acc["student_spend"] += g["student_spend"]
    return sorted(out.values(), key=lambda g: (-g["food_cost"], g["group"]))


def group_bars(groups: list[dict], width: int = 640, label_w: int = 170,
               row_h: int = 22) -> dict:
    """Horizontal bars of each group's food cost with its share of the total (percent to one
    decimal, half up): {"bars": [{label, food_cost, percent, y, w}], "total", "width",
    "height", "label_w", "row_h"}."""
    total = sum((g["food_cost"] for g in groups), ZERO)
    plot = width - label_w - 150
    top = max([_f(g["food_cost"]) for g in groups] + [0.01])
    bars = []
    for i, g in enumerate(groups):
        share = ((g["food_cost"] * 100 / total).quantize(TENTH, rounding=ROUND_HALF_UP)
                 if total else None)
        bars.append({**g, "percent": share, "y": i * row_h + 4,
                     "w": round(max(_f(g["food_cost"]), 0) / top * plot, 1)})
    return {"bars": bars, "total": total, "width": width, "label_w": label_w, "row_h": row_h,
            "height": len(bars) * row_h + 12}


def balance_bars(months: list[dict], width: int = 640, height: int = 220) -> dict:
    """The running balance of each month of the year (`year_months`) as a bar from the zero
    axis, up for a surplus and down for a deficit, each labelled with its value:
    {"bars": [{month, value, x, y, h, w, negative, label_y}], "axis_y", "width", "height"}."""
    values = [_f(m["running_balance"]) for m in months]
    high, low = max(values + [0.0]), min(values + [0.0])
    span = (high - low) or 1.0
    top_pad, bottom_pad, left = 20, 36, 10
    plot_h = height - top_pad - bottom_pad
    axis = top_pad + high / span * plot_h
    step = (width - 2 * left) / max(len(months), 1)
    bars = []
    for i, m in enumerate(months):
        v = _f(m["running_balance"])
        h = abs(v) / span * plot_h
        negative = m["running_balance"] < 0
        y = axis if negative else axis - h
        bars.append({"month": m["month"], "value": m["running_balance"],
                     "x": round(left + i * step + step * 0.15, 1), "w": round(step * 0.7, 1),
                     "y": round(y, 1), "h": round(h, 1), "negative": negative,
                     "label_y": round(y + h + 11 if negative else y - 3, 1),
                     "mid": round(left + i * step + step / 2, 1)})
    return {"bars": bars, "axis_y": round(axis, 1), "width": width, "height": height,
            "month_y": height - 6}

"""The month's printouts of a school: the meal-count register and the food-safety logs, as a
page, a spreadsheet and a PDF for signing."""
from __future__ import annotations

import io

from flask import render_template, send_file
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from suite import clock
from suite.auth import permission_required, school_or_404, visible_schools
from suite.db import get_session
from suite.listing import join_items, join_sentences
from suite.params import month_arg
from suite.pdf import render_pdf
from suite.tabular import write_xlsx
from suite.vocabulary import meal_label

from .. import services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WEEKDAYS = (_l("Mon"), _l("Tue"), _l("Wed"), _l("Thu"), _l("Fri"), _l("Sat"), _l("Sun"))
RATING_LABELS = {"excellent": _l("Excellent"), "good": _l("Good"), "fair": _l("Fair"),
                 "poor": _l("Poor")}
RESULT_LABELS = {"pass": _l("Pass"), "fail": _l("Fail")}
METHOD_LABELS = {"steam": _l("Steam"), "boiling": _l("Boiling"),
                 "cabinet": _l("Disinfection cabinet"), "chemical": _l("Chemical disinfectant")}
# a label with "%" cannot go through a template's gettext (it formats every string)
LABELS = {"rate_label": _l("Inhibition rate (%)"), "weekdays": WEEKDAYS,
          "ratings": RATING_LABELS, "results": RESULT_LABELS, "methods": METHOD_LABELS}


def _context(school_id: int, build) -> dict:
    session = get_session()
    school = school_or_404(session, school_id)
    year, month = month_arg("month")
    page = _('Page %(page)s of %(pages)s', page='" counter(page) "', pages='" counter(pages) "')
    return {"data": build(session, school.id, year, month), "school": school,
            "printed": clock.today().isoformat(), "meal_label": meal_label,
            "grade_label": grade_label, "sent_home": sent_home, "page_css": page,
            "day_note": day_note, "register_summary": register_summary, **LABELS}


def day_note(d: dict) -> str:
    """What a register day says beside its rows: a make-up school day's note, a boarding
    school's weekend in term, or the reason meals were counted on a day without school."""
    if d["school_day"]:
        return _("Make-up school day: %(note)s", note=d["note"]) if d["note"] else ""
    if d.get("boarding_weekend"):
        weekend = _("Weekend in term at a boarding school")
        return f"{weekend} · {d['note']}" if d["note"] else weekend
    return _("Not a school day: %(reason)s", reason=d["note"])


def register_summary(data: dict, today: str) -> str:
    """The month's days to count on: its school days (and those up to today, while the
    month runs, which are the ledger's so far), and a boarding school's weekends in term."""
    days = data["school_days"]
    text = [_("%(n)d school days this month.", n=len(days))]
    if days and days[0].isoformat() <= today < days[-1].isoformat():
        text.append(_("%(n)d of them up to today.",
                      n=sum(1 for d in days if d.isoformat() <= today)))
    if data.get("boarding_weekends"):
        text.append(_("A boarding school also serves %(n)d weekend days in term.",
                      n=len(data["boarding_weekends"])))
    return join_sentences(text)


def grade_label(grade: int) -> str:
    return _("grade %(n)d", n=grade)


def _number(value):
    """Grams, rates and temperatures as plain numbers in a sheet (not money's two places)."""
    return None if value is None else float(value)


def _file(body: bytes, mimetype: str, name: str, attachment: bool):
    return send_file(io.BytesIO(body), mimetype=mimetype, as_attachment=attachment,
                     download_name=name)


@permission_required("canteen.view")
def printouts():
    """The schools the user sees, each with its month's register and logs."""
    year, month = month_arg("month")
    return render_template("canteen/printouts.html", label=f"{year}-{month:02d}",
                           schools=visible_schools(get_session(), current_user))


# --- the meal-count register ---------------------------------------------------------------

def _register(school_id):
    return _context(school_id, services.month_register)


@permission_required("canteen.view")
def register(school_id: int):
    return render_template("canteen/register.html", **_register(school_id))


def register_rows(data: dict) -> tuple[list[str], list[list]]:
    """The register as a header and rows: one row per day and meal, then the totals."""
    grades = data["grades"]
    header = [_("Date"), _("Weekday"), _("Meal"), *(grade_label(g) for g in grades),
              _("Students"), _("Nutrition-plan students"), _("Teachers and staff"),
              _("Dishes"), _("Note")]
    rows = []
    for d in data["days"]:
        day = [d["day"], str(WEEKDAYS[d["weekday"]])]
        note = day_note(d)
        if not d["meals"]:
            missing = _("No counts entered") if d["day"] <= clock.today() else ""
            rows.append(day + [None] * (len(grades) + 5) +
                        [" · ".join(t for t in (missing, note) if t) or None])
        for m in d["meals"]:
            rows.append(day + [meal_label(m["meal"]), *(m["grades"].get(g) for g in grades),
                               m["students"], m["plan_students"], m["teachers"],
                               join_items(m["dishes"]) or None, note or None])
    t = data["totals"]
    for meal, mt in t["meals"].items():
        rows.append([_("Total"), None, meal_label(meal), *([None] * len(grades)),
                     mt["students"], mt["plan_students"], mt["teachers"], None,
                     ngettext("%(num)d meal", "%(num)d meals", mt["records"])])
    rows.append([_("Total"), None, None, *(t["grades"].get(g, 0) for g in grades),
                 t["students"], t["plan_students"], t["teachers"], None,
                 ngettext("%(num)d meal", "%(num)d meals", t["records"])])
    return header, rows


@permission_required("canteen.view")
def register_xlsx(school_id: int):
    c = _register(school_id)
    header, rows = register_rows(c["data"])
    body = write_xlsx([(c["data"]["label"], header, rows)])
    return _file(body, XLSX, f"meal-register-{c['school'].code}-{c['data']['label']}.xlsx", True)


@permission_required("canteen.view")
def register_pdf(school_id: int):
    c = _register(school_id)
    return _file(render_pdf("canteen/register_pdf.html", **c), "application/pdf",
                 f"meal-register-{c['school'].code}-{c['data']['label']}.pdf", False)


# --- the food-safety logs ------------------------------------------------------------------

def _logs(school_id):
    return _context(school_id, services.month_logs)


@permission_required("canteen.view")
def logs(school_id: int):
    return render_template("canteen/logs.html", **_logs(school_id))


def logs_sheets(data: dict) -> list[tuple[str, list[str], list[list]]]:
    """The logs as one sheet per log."""
    r, m = RATING_LABELS, meal_label
    return [
        (_("Retained samples"), [_("Date"), _("Meal"), _("Dish"), _("Grams"), _("Taken at"),
                                 _("Taken by"), _("Disposed of at"), _("Disposed of by")],
         [[s["day"], m(s["meal"]), s["dish"], _number(s["grams"]), s["taken_at"],
           s["taken_by"], s["disposed_at"], s["disposed_by"]] for s in data["samples"]]),
        (_("Accompanying meals"), [_("Date"), _("Meal"), _("School leader"),
                                   _("Teachers who ate with the pupils"), _("Food quality"),
                                   _("Hygiene"), _("Dining order"), _("Service"),
                                   _("Adverse reactions")],
         [[a["day"], m(a["meal"]), a["leader"], a["companions"], str(r[a["quality"]]),
           str(r[a["hygiene"]]), str(r[a["dining_order"]]), str(r[a["service"]]),
           a["reactions"]] for a in data["accompanied"]]),
        (_("Morning checks"), [_("Date"), _("Workers checked"), _("Present"),
                               _("Lowest temperature (°C)"), _("Highest temperature (°C)"),
                               _("Fit to work"), _("Sent home"), _("Examined by")],
         [[h["day"], h["checked"], h["present"], _number(h["min_temperature"]),
           _number(h["max_temperature"]), h["fit"], sent_home(h), h["checked_by"]]
          for h in data["checks"]]),
        (_("Residue tests"), [_("Date"), _("Sample"), _("Food"), _("Supplier"),
                              _("Delivery date"), _("Inhibition rate (%)"), _("Result"),
                              _("Tested by")],
         [[t["day"], t["sample"], t["food"], t["supplier"], t["delivery_date"],
           _number(t["inhibition_rate"]), str(RESULT_LABELS[t["result"]]), t["tested_by"]]
          for t in data["residue_tests"]]),
        (_("Disinfection"), [_("Date"), _("Meal"), _("Method"), _("Started at"), _("Minutes"),
                             _("Person responsible")],
         [[d["day"], m(d["meal"]), str(METHOD_LABELS[d["method"]]), d["started_at"],
           d["minutes"], d["person"]] for d in data["disinfections"]]),
    ]


def sent_home(check: dict) -> str:
    return "；".join(f"{w['name']}（{w['symptoms']}）" if w["symptoms"] else w["name"]
                    for w in check["sent_home"])


@permission_required("canteen.view")
def logs_xlsx(school_id: int):
    c = _logs(school_id)
    body = write_xlsx(logs_sheets(c["data"]))
    return _file(body, XLSX, f"safety-logs-{c['school'].code}-{c['data']['label']}.xlsx", True)


@permission_required("canteen.view")
def logs_pdf(school_id: int):
    c = _logs(school_id)
    return _file(render_pdf("canteen/logs_pdf.html", **c),
                 "application/pdf",
                 f"safety-logs-{c['school'].code}-{c['data']['label']}.pdf", False)

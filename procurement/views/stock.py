"""Stock on hand, stocktakes and the monthly stock ledger."""
from __future__ import annotations

import io
from decimal import Decimal

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from suite import clock
from suite.auth import permission_required, visible_schools
from suite.db import get_session
from suite.forms import save_or_show
from suite.guards import bounded_id
from suite.money import money
from suite.params import month_arg, parse_day
from suite.pdf import render_pdf
from suite.tabular import write_xlsx
from suite.vocabulary import meal_label

from .. import services
from ..forms import StocktakeForm
from .common import chosen_school

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND_LABELS = {"receipt": _l("Receipt"), "issue": _l("Issue"), "adjust": _l("Stocktake adjustment"),
               "void": _l("Void reversal")}


@permission_required("procurement.view")
def stock():
    """One school's foods; for users who see several schools and chose none, every school's
    stock value with the county total."""
    session = get_session()
    school = chosen_school(session)
    as_of = parse_day(request.args.get("date"), clock.today())
    schools = visible_schools(session, current_user)
    rows = services.on_hand(session, school.id, as_of) if school else []
    county = services.stock_by_school(session, schools, as_of) if not school else []
    total = sum((r["value"] for r in rows or county), money(0))
    return render_template("procurement/stock.html", school=school, rows=rows, as_of=as_of,
                           schools=schools, county=county, total=total,
                           form=StocktakeForm(formdata=None, take_date=as_of))


@permission_required("procurement.deliver")
def stocktake():
    session = get_session()
    school = chosen_school(session, required=True)
    form = StocktakeForm()
    if not form.validate_on_submit():
        flash(_("Enter the date and who counted."), "error")
        return redirect(url_for("procurement.stock", school=school.id))
    counted = {bounded_id(k[8:]): v for k, v in request.form.items()
               if k.startswith("counted-") and bounded_id(k[8:]) is not None and v.strip()}
    # the counts are not fields of the form: every refusal is flashed
    saved, take = save_or_show(session, None, services.take_stock, session, school_id=school.id,
                               day=form.take_date.data, counted=counted,
                               counted_by=form.counted_by.data, note=form.note.data or "",
                               user_id=current_user.id, today=clock.today())
    if saved:
        flash(_("Stocktake saved: %(n)d foods counted.", n=len(take.lines)), "success")
    return redirect(url_for("procurement.stock", school=school.id,
                            date=form.take_date.data.isoformat()))


def _kg(grams) -> Decimal:
    """Exact: a float would write 560.3 g as 0.5602999999999999 kg into the sheet."""
    return Decimal(grams) / 1000


def _ledger_context():
    session = get_session()
    school = chosen_school(session, required=True, first=True)
    year, month = month_arg("month")
    ledger = services.month_ledger(session, school.id, year, month)
    return {"school": school, "ledger": ledger, "year": year, "month": month,
            "kind_labels": KIND_LABELS, "printed": clock.today().isoformat()}


@permission_required("procurement.view")
def ledger():
    session = get_session()
    context = _ledger_context()
    return render_template("procurement/ledger.html", schools=visible_schools(session, current_user),
                           **context)


@permission_required("procurement.view")
def ledger_xlsx():
    c = _ledger_context()
    header = [_("Date"), _("Food"), _("Kind"), _("In (kg)"), _("In (CNY)"), _("Out (kg)"),
              _("Out (CNY)"), _("Balance (kg)"), _("Balance (CNY)"), _("Meal or note")]
    rows = [[r.day.isoformat(), r.food, str(KIND_LABELS[r.kind]), _kg(r.in_grams), r.in_value,
             _kg(r.out_grams), r.out_value, _kg(r.balance_grams), r.balance_value,
             meal_label(r.note)] for r in c["ledger"].rows]
    rows.append([_("Total"), "", "", None, c["ledger"].in_total, None, c["ledger"].out_total,
                 None, None, ""])
    body = write_xlsx([(f"{c['year']}-{c['month']:02d}", header, rows)])
    name = f"stock-ledger-{c['school'].code}-{c['year']}-{c['month']:02d}.xlsx"
    return send_file(io.BytesIO(body), mimetype=XLSX, as_attachment=True, download_name=name)


@permission_required("procurement.view")
def ledger_pdf():
    c = _ledger_context()
    pdf = render_pdf("procurement/ledger_pdf.html", **c)
    name = f"stock-ledger-{c['school'].code}-{c['year']}-{c['month']:02d}.pdf"
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=False,
                     download_name=name)

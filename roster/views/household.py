"""Household-side ledger pages: a township's entries, import, sign-off; the county's
consolidation and supplementary list.

A township officer sees and changes their own township only: another township's id in a URL
gives 404. The work is done by `roster.services`; these views only translate HTTP."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from suite import clock
from suite.audit import record_view
from suite.audit_words import SUPPLEMENTARY_EXPORTED, note_text
from suite.auth import has_permission, permission_required, user_scope
from suite.db import get_session
from suite.forms import save_or_show
from suite.guards import bounded_id
from suite.models import Township
from suite.tabular import TableFileError, guidance_note, read_table, write_xlsx

from .. import services
from ..forms import LedgerChildForm, LedgerImportForm
from ..models import LOCATIONS, STAGES
from .download import xlsx

AIDED_FORM = {True: "是", False: "否", None: ""}


def render(template, **context):
    return render_template(template, stage_labels=services.STAGE_LABELS,
                           mask_id=services.mask_id, mask_no=services.mask_student_no,
                           location_labels=services.LOCATION_LABELS,
                           conclusion_labels=services.CONCLUSION_LABELS, **context)


def today():
    return clock.today()


def _year() -> int:
    year = request.args.get("year", today().year, type=int)
    if not 2000 <= year <= 2100:
        abort(404)
    return year


def township_arg(session) -> Township | None:
    """The page's township: a township officer's own (any other id: 404), or ?township= for
    the county's users."""
    scope, own = user_scope(current_user)
    wanted = request.args.get("township", type=int)
    if scope == "township":
        if own is None or wanted not in (None, own):
            abort(404)
        wanted = own
    if wanted is None:
        return None
    township = session.get(Township, wanted) if 0 < wanted < 2**31 else None
    if township is None:
        abort(404)
    return township


def _child_or_404(session, id_text) -> dict:
    """The child of the `id` typed in the link (past the INTEGER range or not a number: 404)."""
    scope, own = user_scope(current_user)
    child_id = bounded_id(id_text)
    if (scope == "township" and own is None) or not child_id:
        abort(404)
    try:
        return services.child_values(session, child_id, own if scope == "township" else None)
    except LookupError:
        abort(404)


def _to_county(year):
    return redirect(url_for("roster.household_county", year=year))


def _back(township_id, year):
    return redirect(url_for("roster.household", township=township_id, year=year))


@permission_required("roster.ledger")
def household():
    session = get_session()
    township, year = township_arg(session), _year()
    if township is None:
        return _to_county(year)
    stage = request.args.get("stage") if request.args.get("stage") in STAGES else None
    location = request.args.get("location") if request.args.get("location") in LOCATIONS \
        else None
    return render(
        "roster/household.html", township=township, year=year, stage=stage, location=location,
        rows=services.ledger(session, township.id, year, stage, location),
        status=services.ledger_status(session, township.id, year),
        county_user=user_scope(current_user)[0] == "county", kinds=services.kinds(session))


def _form_values(child: dict) -> dict:
    values = {k: child.get(k) for k in services.LEDGER_HEADERS}
    values["aided"] = AIDED_FORM[child.get("aided")]
    values["id_number"] = services.mask_id(child.get("id_number"))  # kept unless another is typed
    values["document_number"] = services.mask_id(child.get("document_number"))
    return {k: ("" if v is None else str(v)) for k, v in values.items()}


def _child_form(child: dict | None) -> LedgerChildForm:
    """The posted entry; before that the child's values, or a new child's defaults."""
    if request.method == "POST":
        form = LedgerChildForm()
        if child and form.id_number.data.strip() == services.mask_id(child["id_number"]):
            form.id_number.data = child["id_number"] or ""  # the masked number left as it was
        if child and form.document_number.data.strip() == services.mask_id(
                child["document_number"]):
            form.document_number.data = child["document_number"] or ""
        return form
    return LedgerChildForm(data=_form_values(child) if child else
                           {"household_kind": services.HOUSEHOLD_KINDS[0]})


@permission_required("roster.ledger")
def household_child():
    session = get_session()
    child = _child_or_404(session, request.args["id"]) if "id" in request.args else None
    township = session.get(Township, child["township_id"]) if child else township_arg(session)
    year = child["year"] if child else _year()
    if township is None:
        return _to_county(year)
    form = _child_form(child)
    if request.method == "POST":
        saved = _("Saved: %(name)s.", name=form.name.data)
        if child:
            ok, _id = save_or_show(session, form, services.edit_child, session, child["id"],
                                   form.values(), today=today(), success=saved)
        else:
            ok, _id = save_or_show(session, form, services.add_child, session, township.id,
                                   year, form.values(), today=today(), success=saved)
        if ok:
            return _back(township.id, year)
    return render("roster/household_form.html", township=township, year=year,
                  child=child, form=form, kinds=services.kinds(session),
                  status=services.ledger_status(session, township.id, year))


@permission_required("roster.ledger")
def household_remove():
    session = get_session()
    child = _child_or_404(session, request.args.get("id"))
    save_or_show(session, None, services.remove_child, session, child["id"],
                 success=_("Removed: %(name)s.", name=child["name"]))
    return _back(child["township_id"], child["year"])


@permission_required("roster.ledger")
def household_import():
    session = get_session()
    township, year = township_arg(session), _year()
    if township is None:
        return _to_county(year)
    form, result, error = LedgerImportForm(), None, None
    if request.method == "POST":
        upload = form.file.data
        try:
            table = read_table(upload.read(), upload.filename,
                               header_finder=services.ledger_header_score) if upload else None
            if table is None:
                raise TableFileError(_("Choose a file to import."))
            result = services.import_ledger(session, table, township_id=township.id,
                                            year=year, today=today())
        except TableFileError as exc:
            error = str(exc)
        except services.HouseholdError as exc:
            error = exc.errors["ledger"]
        if result is not None and result.ok:
            session.commit()
            flash(_("Imported: %(new)d new, %(updated)d updated, %(same)d unchanged.",
                    new=result.counts["new"], updated=result.counts["updated"],
                    same=result.counts["unchanged"]), "success")
            if table.guidance:
                flash(guidance_note(table.guidance), "info")
            return _back(township.id, year)
        session.rollback()
    return render("roster/household_import.html", township=township, year=year,
                  result=result, error=error), 400 if request.method == "POST" else 200


@permission_required("roster.ledger")
def household_template():
    headers = services.LEDGER_HEADERS
    notes = [
        [headers["id_number"], "", _("18 characters; keep this column formatted as text")],
        [headers["household_kind"], "、".join(services.kinds(get_session()).values()), ""],
        [headers["stage"], "学前教育、义务教育、普通高中、中职、高等教育", ""],
        [headers["location"], "、".join(services.LOCATION_WORDS), ""],
        [headers["aided"], "是、否", _("empty: not confirmed yet; 否: the county pays "
                                      "(supplementary aid list)")],
        [headers["confirmed_on"], "YYYY-MM-DD", ""],
    ]
    body = write_xlsx([("台账", list(headers.values()), []),
                       (_("How to fill it in"), [_("Column"), _("Values"), _("Note")], notes)],
                      text_columns=(headers["id_number"],))
    return xlsx(body, "household-ledger-template.xlsx")


@permission_required("roster.ledger")
def household_signoff():
    session = get_session()
    township, year = township_arg(session), _year()
    if township is None:
        return _to_county(year)
    if user_scope(current_user)[0] != "township":
        flash(_("Only the township's officer signs its ledger off."), "error")
        return _back(township.id, year)
    ok, done = save_or_show(session, None, services.sign_off, session, township.id, year,
                            user_id=current_user.id)
    if ok:
        flash(_("The ledger of %(year)d is signed off with %(n)d children.", year=year,
                n=done["children"]), "success")
    return _back(township.id, year)


@permission_required("roster.ledger_reopen")
def household_reopen():
    session = get_session()
    township, year = township_arg(session), _year()
    if township is None:
        abort(404)
    save_or_show(session, None, services.reopen, session, township.id, year,
                 success=_("The ledger of %(year)d is open again.", year=year))
    return _back(township.id, year)


@permission_required("roster.ledger")
def household_county():
    session = get_session()
    year = _year()
    scope, own = user_scope(current_user)
    if scope == "township":
        return _back(own, year)
    return render("roster/household_county.html", year=year,
                   c=services.consolidate(session, year),
                   rows=services.supplementary_list(session, year))


@permission_required("roster.ledger")
def household_supplementary_xlsx():
    """The supplementary aid list; ID numbers masked unless ?full=1 (roster.reveal, audited).
    A township officer gets their own township's children only."""
    session = get_session()
    year, township = _year(), township_arg(session)
    full = request.args.get("full") == "1"
    if full and not has_permission(current_user, "roster.reveal"):
        abort(403)
    rows = services.supplementary_list(session, year, township.id if township else None)
    if full:
        record_view(session, "roster_household_child", f"supplementary/{year}",
                    note=note_text(SUPPLEMENTARY_EXPORTED))
        session.commit()
    header = [_("Township"), _("Village"), _("Name"), _("ID number"), _("Stage"),
              _("Where they study"), _("School"), _("Confirmed by"), _("Confirmed on")]
    body = write_xlsx([(str(year), header, [
        [r["township"], r["village"], r["name"], r["id_number"] if full else
         services.mask_id(r["id_number"]), str(services.STAGE_LABELS[r["stage"]]),
         str(services.LOCATION_LABELS[r["location"]]), r["school_name"], r["confirmed_by"],
         r["confirmed_on"].isoformat() if r["confirmed_on"] else ""] for r in rows])],
        text_columns=(_("ID number"),))
    return xlsx(body, f"supplementary-aid-{year}.xlsx")

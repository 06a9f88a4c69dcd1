"""Reconciliation pages (比对): start a run, the list of runs, a run's counts and work queue,
resolving a case with a note, and the run's export.

Runs and cases are chosen by query arguments (`?id=`), so every URL of the roster can be
built without knowing an id."""
from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import func, select
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from suite.auth import has_permission, permission_required, school_or_404, user_scope
from suite.db import get_session
from suite.forms import options
from suite.tabular import TableFileError, read_table

from . import services as recon
from .idcard import mask_id
from .models import ReconCase, ReconRun
from .views import bp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE = 50
MAX_PAGE = 10**6  # beyond it an offset would not fit the database's integers
STATES = {"open": False, "resolved": True, "all": None}
COMPARE = (("roster-list", _l("School roster with an outside list")),
           ("ledger-list", _l("Household ledger with an outside list")),
           ("roster-ledger", _l("School roster with the household ledger")))
BAR_COLOURS = {"matched": "#1f7a3a", "conflict": "#9a6700", "only_left": "#b42318",
               "only_right": "#b42318", "duplicate": "#7a3e9d"}


class ReconForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Optional(), Length(max=120)])
    compare = SelectField(_l("Compare"), choices=options(COMPARE))
    file = FileField(_l("Outside list (.xlsx or .csv)"))
    only_township = SelectField(_l("Only this township"), coerce=int, validate_choice=False)
    only_school = SelectField(_l("Only this school"), coerce=int, validate_choice=False)
    aided_only = BooleanField(_l("Only roster students with a current aid category"))
    year = IntegerField(_l("Ledger year (blank: the latest)"),
                        validators=[Optional(), NumberRange(2000, 2100)])
    name = StringField(_l("Column of the name"), validators=[Optional(), Length(max=100)])
    id_number = StringField(_l("Column of the ID number"),
                            validators=[Optional(), Length(max=100)])
    birth_date = StringField(_l("Column of the birth date"),
                             validators=[Optional(), Length(max=100)])
    school = StringField(_l("Column of the school (optional)"),
                         validators=[Optional(), Length(max=100)])
    category = StringField(_l("Column of the aid category (optional)"),
                           validators=[Optional(), Length(max=100)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        townships, schools = recon.recon_choices(get_session())
        self.only_township.choices = [(0, _("The whole county"))] + [
            (t.id, t.name) for t in townships]
        self.only_school.choices = [(0, _("Every school"))] + [(s.id, f"{s.code} {s.name}")
                                                           for s in schools]


def _id_arg(source, name: str = "id") -> int | None:
    value = source.get(name, type=int)
    if value is not None and not 0 < value < 2**31:
        abort(404)
    return value


def _run_or_404(run_id: int) -> ReconRun:
    return get_session().get(ReconRun, run_id) or abort(404)


def _own_township() -> int | None:
    """A township officer's township (their queue is limited to it); None for the bureau."""
    scope, own = user_scope(current_user)
    if scope != "county" and own is None:
        abort(404)
    return own if scope != "county" else None


def _place() -> dict:
    """The queue's township and school filters; a township officer's is their own."""
    own = _own_township()
    township = _id_arg(request.args, "township")
    if own is not None and township not in (None, own):
        abort(404)
    school = _id_arg(request.args, "school")
    if school is not None:
        school_or_404(get_session(), school)  # outside a township officer's township: 404
    return {"township_id": own or township, "school_id": school}


@bp.route("/reconcile")
@permission_required("roster.recon_cases")
def recon_runs():
    session = get_session()
    page = min(max(1, request.args.get("page", 1, type=int)), MAX_PAGE)
    runs = session.scalars(select(ReconRun).order_by(ReconRun.id.desc())
                           .offset((page - 1) * PAGE).limit(PAGE)).all()
    total = session.scalar(select(func.count()).select_from(ReconRun))
    own = _own_township()
    open_cases = dict(session.execute(
        select(ReconCase.run_id, func.count()).where(
            ReconCase.run_id.in_([r.id for r in runs]), ReconCase.resolved_at.is_(None),
            *recon.recon_case_where(own))
        .group_by(ReconCase.run_id)).all())
    return render_template("roster/recon_runs.html", runs=runs, total=total, page=page,
                           size=PAGE, open_cases=open_cases, sides=recon.SIDE_NAMES,
                           may_run=has_permission(current_user, "roster.reconcile"),
                           own_township=own)


def _start(form: ReconForm) -> ReconRun:
    left, right = form.compare.data.split("-")
    table, filename = None, ""
    if "list" in (left, right):
        upload = form.file.data
        if not upload or not upload.filename:
            raise recon.ReconError([_("Upload the outside list.")])
        filename = upload.filename
        table = read_table(upload.read(), filename)
    mapping = {f: getattr(form, f).data.strip() for f in recon.RECON_FIELDS
               if (getattr(form, f).data or "").strip()}
    return recon.run_reconciliation(
        get_session(), left=left, right=right, table=table, mapping=mapping,
        filename=filename, title=form.title.data or "", user_id=current_user.id,
        year=form.year.data, aided_only=form.aided_only.data,
        township_id=form.only_township.data or None,
        school_id=form.only_school.data or None)


@bp.route("/reconcile/new", methods=["GET", "POST"])
@permission_required("roster.reconcile")
def recon_new():
    form, problems = ReconForm(), []
    if form.validate_on_submit():
        session = get_session()
        try:
            run = _start(form)
        except recon.ReconError as exc:
            problems = exc.problems
        except TableFileError as exc:
            problems = [str(exc)]
        else:
            session.commit()
            flash(_("Reconciliation done: %(n)d cases to look at.",
                    n=sum(run.counts.get(k, 0) for k in recon.CASE_KINDS)), "success")
            return redirect(url_for("roster.recon_run", id=run.id))
        session.rollback()
    status = 400 if request.method == "POST" else 200
    return render_template("roster/recon_new.html", form=form, problems=problems,
                           fields=recon.RECON_FIELDS), status


def _bars(run: ReconRun) -> list[dict]:
    kinds = ("matched",) + recon.CASE_KINDS
    return [{"kind": k, "label": recon.kind_label(run, k), "count": run.counts.get(k, 0),
             "colour": BAR_COLOURS[k]} for k in kinds]


@bp.route("/reconcile/run")
@permission_required("roster.recon_cases")
def recon_run():
    run_id = _id_arg(request.args)
    if run_id is None:
        return redirect(url_for("roster.recon_runs"))
    session = get_session()
    run = _run_or_404(run_id)
    kind = request.args.get("kind") if request.args.get("kind") in recon.CASE_KINDS else None
    state = request.args.get("state") if request.args.get("state") in STATES else "open"
    page = min(max(1, request.args.get("page", 1, type=int)), MAX_PAGE)
    place = _place()
    cases, total = recon.list_cases(session, run, kind=kind, resolved=STATES[state],
                                    offset=(page - 1) * PAGE, limit=PAGE, **place)
    townships, schools = recon.recon_choices(session)
    if _own_township() is not None:
        townships = [t for t in townships if t.id == place["township_id"]]
        schools = [s for s in schools if s.township_id == place["township_id"]]
    return render_template(
        "roster/recon_run.html", run=run, bars=_bars(run), cases=cases, total=total,
        page=page, size=PAGE, kind=kind, state=state, kinds=recon.CASE_KINDS,
        township=place["township_id"], school=place["school_id"], townships=townships,
        schools=schools, scope=_scope_names(run, *recon.recon_choices(session)),
        may_export=has_permission(current_user, "roster.reconcile"),
        progress=recon.case_progress(session, run), recon=recon, mask_id=mask_id,
        sides=recon.SIDE_NAMES, note_max=recon.NOTE_MAX)


def _scope_names(run: ReconRun, townships, schools) -> list[str]:
    """What the run was limited to, as names."""
    names = {("township_id", t.id): t.name for t in townships}
    names.update({("school_id", s.id): s.name for s in schools})
    return [names.get((k, run.mapping.get(k)), "") for k in ("township_id", "school_id")
            if run.mapping.get(k)]


@bp.route("/reconcile/resolve", methods=["POST"])
@permission_required("roster.recon_cases")
def recon_resolve():
    session = get_session()
    case_id = _id_arg(request.form, "case")
    case = (session.get(ReconCase, case_id) if case_id else None) or abort(404)
    own = _own_township()
    if own is not None and case.township_id != own:
        abort(404)
    try:
        recon.resolve_case(session, case, request.form.get("note", ""), current_user.id)
    except recon.ReconError as exc:
        session.rollback()
        for problem in exc.problems:
            flash(problem, "error")
    else:
        session.commit()
        flash(_("Case %(id)d is resolved.", id=case.id), "success")
    back = {k: request.form[k] for k in ("kind", "state", "page", "township", "school")
            if request.form.get(k)}
    return redirect(url_for("roster.recon_run", id=case.run_id, **back))


@bp.route("/reconcile/export.xlsx")
@permission_required("roster.reconcile")
def recon_export():
    run_id = _id_arg(request.args)
    if run_id is None:
        return redirect(url_for("roster.recon_runs"))
    run = _run_or_404(run_id)
    body = recon.export_run(get_session(), run)
    return send_file(io.BytesIO(body), mimetype=XLSX, as_attachment=True,
                     download_name=f"reconciliation-{run.id}.xlsx")

"""Reconciliation pages (比对): start a run, the list of runs, a run's counts and work queue,
resolving a case with a note, and the run's export.

Runs and cases are chosen by query arguments (`?id=`), so every URL of the roster can be
built without knowing an id."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from suite.auth import has_permission, permission_required, school_or_404, user_scope
from suite.db import get_session
from suite.forms import save_or_show
from suite.tabular import TableFileError, guidance_note, read_table

from .. import services
from ..forms import ReconForm, ResolveForm
from ..models import ReconCase, ReconRun
from .download import xlsx

PAGE = 50
MAX_PAGE = 10**6  # beyond it an offset would not fit the database's integers
STATES = {"open": False, "resolved": True, "all": None}
BAR_COLOURS = {"matched": "#1f7a3a", "conflict": "#9a6700", "only_left": "#b42318",
               "only_right": "#b42318", "duplicate": "#7a3e9d"}


def _recon_form() -> ReconForm:
    """The new-run form, with the townships and schools a run may be limited to."""
    form = ReconForm()
    townships, schools = services.recon_choices(get_session())
    form.only_township.choices = [(0, _("The whole county"))] + [
        (t.id, t.name) for t in townships]
    form.only_school.choices = [(0, _("Every school"))] + [(s.id, f"{s.code} {s.name}")
                                                       for s in schools]
    return form


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
            *services.recon_case_where(own))
        .group_by(ReconCase.run_id)).all())
    return render_template("roster/recon_runs.html", runs=runs, total=total, page=page,
                           size=PAGE, open_cases=open_cases, sides=services.SIDE_NAMES,
                           may_run=has_permission(current_user, "roster.reconcile"),
                           own_township=own)


def _start(form: ReconForm) -> tuple[ReconRun, str | None]:
    """The run, and what it says of guidance rows the outside list had under its header."""
    left, right = form.compare.data.split("-")
    table, filename = None, ""
    if "list" in (left, right):
        upload = form.file.data
        if not upload or not upload.filename:
            raise services.ReconError([_("Upload the outside list.")])
        filename = upload.filename
        table = read_table(upload.read(), filename, header_finder=services.list_header_score)
    mapping = {f: getattr(form, f).data.strip() for f in services.RECON_FIELDS
               if (getattr(form, f).data or "").strip()}
    run = services.run_reconciliation(
        get_session(), left=left, right=right, table=table, mapping=mapping,
        filename=filename, title=form.title.data or "", user_id=current_user.id,
        year=form.year.data, aided_only=form.aided_only.data,
        township_id=form.only_township.data or None,
        school_id=form.only_school.data or None)
    return run, guidance_note(table.guidance) if table is not None else None


@permission_required("roster.reconcile")
def recon_new():
    form, problems = _recon_form(), []
    if form.validate_on_submit():
        session = get_session()
        try:
            run, guidance = _start(form)
        except services.ReconError as exc:
            problems = exc.problems
        except TableFileError as exc:
            problems = [str(exc)]
        else:
            session.commit()
            flash(_("Reconciliation done: %(n)d cases to look at.",
                    n=sum(run.counts.get(k, 0) for k in services.CASE_KINDS)), "success")
            if guidance:
                flash(guidance, "info")
            return redirect(url_for("roster.recon_run", id=run.id))
        session.rollback()
    status = 400 if request.method == "POST" else 200
    return render_template("roster/recon_new.html", form=form, problems=problems,
                           fields=services.RECON_FIELDS), status


def _bars(run: ReconRun) -> list[dict]:
    kinds = ("matched",) + services.CASE_KINDS
    return [{"kind": k, "label": services.kind_label(run, k), "count": run.counts.get(k, 0),
             "colour": BAR_COLOURS[k]} for k in kinds]


@permission_required("roster.recon_cases")
def recon_run():
    run_id = _id_arg(request.args)
    if run_id is None:
        return redirect(url_for("roster.recon_runs"))
    session = get_session()
    run = _run_or_404(run_id)
    kind = request.args.get("kind") if request.args.get("kind") in services.CASE_KINDS else None
    state = request.args.get("state") if request.args.get("state") in STATES else "open"
    page = min(max(1, request.args.get("page", 1, type=int)), MAX_PAGE)
    place = _place()
    cases, total = services.list_cases(session, run, kind=kind, resolved=STATES[state],
                                    offset=(page - 1) * PAGE, limit=PAGE, **place)
    townships, schools = services.recon_choices(session)
    if _own_township() is not None:
        townships = [t for t in townships if t.id == place["township_id"]]
        schools = [s for s in schools if s.township_id == place["township_id"]]
    return render_template(
        "roster/recon_run.html", run=run, bars=_bars(run), cases=cases, total=total,
        page=page, size=PAGE, kind=kind, state=state, kinds=services.CASE_KINDS,
        township=place["township_id"], school=place["school_id"], townships=townships,
        schools=schools, scope=_scope_names(run, *services.recon_choices(session)),
        may_export=has_permission(current_user, "roster.reconcile"),
        progress=services.case_progress(session, run, **place), recon=services,
        mask_id=services.mask_id,
        sides=services.SIDE_NAMES, note_max=services.NOTE_MAX)


def _scope_names(run: ReconRun, townships, schools) -> list[str]:
    """What the run was limited to, as names."""
    names = {("township_id", t.id): t.name for t in townships}
    names.update({("school_id", s.id): s.name for s in schools})
    return [names.get((k, run.mapping.get(k)), "") for k in ("township_id", "school_id")
            if run.mapping.get(k)]


@permission_required("roster.recon_cases")
def recon_resolve():
    session = get_session()
    form = ResolveForm()
    case_id = form.case.data
    if case_id is not None and not 0 < case_id < 2**31:
        abort(404)
    case = (session.get(ReconCase, case_id) if case_id else None) or abort(404)
    own = _own_township()
    if own is not None and case.township_id != own:
        abort(404)
    save_or_show(session, None, services.resolve_case, session, case, form.note.data,
                 current_user.id, success=_("Case %(id)d is resolved.", id=case.id))
    return redirect(url_for("roster.recon_run", id=case.run_id, **form.back()))


@permission_required("roster.reconcile")
def recon_export():
    run_id = _id_arg(request.args)
    if run_id is None:
        return redirect(url_for("roster.recon_runs"))
    run = _run_or_404(run_id)
    body = services.export_run(get_session(), run)
    return xlsx(body, f"reconciliation-{run.id}.xlsx")

"""The import's column-mapping step: an upload whose columns the roster does not all know is
kept on the server (by its hash) while the officer places each column once; the choice is
saved for the county and the file's shape, and the same shape imports next time with no
questions. Works without JavaScript; a form post like any other (CSRF)."""
from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from suite import clock
from suite.auth import permission_required
from suite.db import get_session
from suite.services import county_of
from suite.tabular import TableFileError, guidance_note, read_table

from .. import services

PREVIEW_ROWS = 5
KEEP_SECONDS = 24 * 3600  # an upload waiting for its mapping
TOKEN = re.compile(r"[0-9a-f]{64}")


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "roster_uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_upload(data: bytes) -> str:
    """Keep an upload for its mapping step; uploads left unmapped for a day are removed."""
    folder, token = _folder(), hashlib.sha256(data).hexdigest()
    cutoff = time.time() - KEEP_SECONDS
    for kept in folder.iterdir():
        try:
            if kept.stat().st_mtime < cutoff:
                kept.unlink()
        except FileNotFoundError:  # another worker removed it first
            pass
    (folder / token).write_bytes(data)
    return token


def kept_upload(token: str) -> bytes | None:
    path = _folder() / token
    return path.read_bytes() if TOKEN.fullmatch(token or "") and path.exists() else None


def read(data: bytes, filename: str):
    return read_table(data, filename, header_finder=services.header_score)


_NUMBER = re.compile(r"[GJ]?\d{17}[\dX]|1\d{10}")  # an ID (or a number carrying one), a mobile


def _masked(value) -> str:
    """A preview cell as the roster shows numbers: an ID number, a student number carrying
    one, or a mobile phone masked (the preview is not the audited reveal)."""
    text = "" if value is None else str(value)
    number = services.clean_number(text)
    if not _NUMBER.fullmatch(number):
        return text
    return (services.mask_phone(number) if len(number) == 11
            else services.mask_student_no(number))


def mapping_page(table, token, filename, dry_run, chosen=None, errors=None, status=200):
    rows = []
    for i, column in enumerate(table.columns):
        sample = [r.get(column) for r in table.rows[:PREVIEW_ROWS]]
        rows.append({"index": i, "column": column, "field": (chosen or {}).get(column, ""),
                     "sample": [_masked(v) for v in sample],
                     "error": (errors or {}).get(column)})
    return render_template(
        "roster/import_mapping.html", rows=rows, token=token, filename=filename,
        dry_run=dry_run, fields=services.IMPORT_FIELD_LABELS,
        required=(errors or {}).get("_required")), status


def run_import(session, table, filename, data, dry_run, mapping, remember=None):
    """The import itself; a refused or dry run shows the import page with its result.
    `remember`: (county id, the officer's choice per column), saved for files of this shape
    only when the import is accepted and real (a refused or dry run changes nothing)."""
    from ..forms import ImportForm
    result = services.import_students(
        session, table, filename=filename, data=data, today=clock.today(), dry_run=dry_run,
        user_id=current_user.id, mapping=mapping)
    if remember and result.ok and not dry_run:
        services.save_mapping(session, remember[0], table.columns, remember[1],
                              current_user.id)
        flash(_("The column choices are saved: files of this shape will import with no "
                "questions."), "success")
    session.commit()  # the run is recorded, accepted or refused
    guidance = guidance_note(result.guidance)
    if result.ok and not dry_run:
        if guidance:
            flash(guidance, "info")
        c = result.counts
        if result.layout == "aid_list":
            flash(_("Aid list imported: %(new)d recognitions added, %(updated)d updated, for "
                    "%(pupils)d students.", new=c["new"], updated=c["updated"],
                    pupils=c["pupils"]), "success")
        else:
            flash(_("Imported: %(new)d new, %(updated)d updated, %(moved)d transferred, "
                    "%(same)d unchanged.", new=c["new"], updated=c["updated"],
                    moved=c["transferred"], same=c["unchanged"]), "success")
        return redirect(url_for("roster.students"))
    return render_template("roster/import.html", form=ImportForm(), result=result,
                           error=None, guidance=guidance), 200 if result.ok else 400


def needs_choice(session, table):
    """(county id, saved mapping, whether the officer must choose)."""
    county = county_of(session)
    county_id = county.id if county else None
    saved = services.saved_mapping(session, county_id, table.columns)
    return county_id, saved, services.needs_mapping(table.columns, saved)


@permission_required("roster.import")
def import_mapping():
    """POST: the officer's choice for each column of a kept upload; saved, then imported."""
    session = get_session()
    token, filename = request.form.get("token", ""), request.form.get("filename", "")[:200]
    dry_run = request.form.get("dry_run") == "1"
    data = kept_upload(token)
    if data is None:
        flash(_("The file is no longer on the server: upload it again."), "error")
        return redirect(url_for("roster.import_page"))
    try:
        table = read(data, filename)
    except TableFileError as exc:
        flash(str(exc), "error")
        return redirect(url_for("roster.import_page"))
    chosen = {c: request.form.get(f"field-{i}", "") for i, c in enumerate(table.columns)}
    county = county_of(session)
    if county is None:  # a choice is kept per county: none is set up yet
        flash(_("Set up the county first: the column choices are kept for it."), "error")
        return redirect(url_for("roster.import_page"))
    try:  # checked (and its mapping worked out) here; kept only if the import is accepted
        mapping = services.save_mapping(session, county.id, table.columns, chosen,
                                        current_user.id).mapping
    except services.RosterError as exc:
        session.rollback()
        return mapping_page(table, token, filename, dry_run, chosen, exc.errors, 400)
    session.rollback()
    response = run_import(session, table, filename, data, dry_run, mapping,
                          remember=(county.id, chosen))
    (_folder() / token).unlink(missing_ok=True)
    return response


@permission_required("roster.import")
def saved_mappings():
    """The county's remembered column choices, each with a button to forget it."""
    session = get_session()
    county = county_of(session)
    return render_template("roster/import_mappings.html", mappings=services.saved_mappings(
        session, county.id if county else None))


@permission_required("roster.import")
def delete_saved_mapping(mapping_id):
    """POST: forget one choice; the next file of that shape asks again."""
    session = get_session()
    county = county_of(session)
    if not services.delete_mapping(session, county.id if county else None, mapping_id):
        abort(404)
    session.commit()
    flash(_("The saved choice was removed: the next file with these columns asks again."),
          "success")
    return redirect(url_for("roster.saved_mappings"))

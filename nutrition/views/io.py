"""The food table as a file: the import template, the export and the import."""
from __future__ import annotations

import io

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from suite.auth import permission_required
from suite.clock import format_local
from suite.db import get_session
from suite.tabular import TableFileError, guidance_note, read_table, write_xlsx

from .. import food_io, imports, services
from ..book_labels import flag_label
from ..forms import UploadForm
from .review import STATE_LABELS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@permission_required("nutrition.view")
def food_template():
    return send_file(io.BytesIO(imports.template_xlsx()), mimetype=XLSX, as_attachment=True,
                     download_name="foods-template.xlsx")


@permission_required("nutrition.view")
def food_export():
    session = get_session()
    rows, _total = services.search_foods(session, request.args.get("q", ""),
                                         request.args.get("group") or None, limit=100_000,
                                         include_hidden=True)
    reviews = services.review_summaries(session, [r.id for r in rows])
    header = list(food_io.HEADERS.values())
    data = [food_io.export_row(r, flag_label, _review_cells(reviews[r.id])) for r in rows]
    body = write_xlsx([(_("Foods"), header, data)], text_columns=(imports.HEADERS["code"],))
    return send_file(io.BytesIO(body), mimetype=XLSX, as_attachment=True,
                     download_name="foods.xlsx")


def _review_cells(review: dict) -> dict:
    return {"review_state": str(STATE_LABELS[review["state"]]), "reviewed_by": review["by"],
            "reviewed_at": format_local(review["at"]) or None, "review_page": review["page"]}


@permission_required("nutrition.edit")
def food_import():
    form, result, error = UploadForm(), None, None
    if form.validate_on_submit():
        upload = form.file.data
        session = get_session()
        try:
            table = read_table(upload.read(), upload.filename or "",
                               header_finder=imports.header_score)
        except TableFileError as exc:
            error = str(exc)
        else:
            result = imports.import_foods(session, table)
            if result.ok:
                session.commit()
                flash(_("Imported: %(created)d new foods, %(updated)d changed, %(unchanged)d "
                        "unchanged.", created=result.created, updated=result.updated,
                        unchanged=result.unchanged), "success")
                if table.guidance:
                    flash(guidance_note(table.guidance), "info")
                if result.warnings:
                    flash(_("%(n)d book foods fail the plausibility check: their values are "
                            "kept as given; check them against the printed book.",
                            n=len(result.warnings)), "info")
                return redirect(url_for("nutrition.foods"))
            session.rollback()
    status = 400 if (error or form.errors or (result and not result.ok)) else 200
    return render_template("nutrition/food_import.html", form=form, result=result, error=error,
                           headers=imports.HEADERS), status

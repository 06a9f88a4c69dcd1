"""The nutritionist's review against the printed book: confirm a food, correct one value, the
foods still to review (a page and an Excel file)."""
from __future__ import annotations

import io

from flask import abort, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from suite.audit_view import field_label
from suite.auth import has_permission, permission_required
from suite.db import get_session
from suite.forms import save_or_show
from suite.listing import join_clauses
from suite.tabular import write_xlsx

from .. import services
from ..book_labels import flag_label
from ..search import names_written_for
from ..forms import ConfirmFoodForm, CorrectValueForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REVIEW_FIRST = 15  # foods listed per group on the overview
STATE_LABELS = {"unreviewed": _l("Never checked against the book"),
                "confirmed": _l("Confirmed against the book"),
                "corrected": _l("Corrected against the book")}


def column_labels() -> dict[str, str]:
    """Every column a correction may set -> its name for the reader."""
    return {c: (_("Edible portion (%)") if c == "edible_fraction"
                else field_label("nutrition_food", c))
            for c in services.review_columns()}


def food_page(row, confirm=None, correct=None, status=200):
    """The food page with its review (the book's transcription, corrections, who and when)."""
    labels = column_labels()
    can_review = has_permission(current_user, "nutrition.review")
    if can_review:
        confirm = confirm or ConfirmFoodForm(formdata=None, prefix="confirm")
        correct = correct or CorrectValueForm(formdata=None, prefix="correct",
                                             columns=labels.items())
    food = services.to_food(row)
    return render_template(
        "nutrition/food.html", food=row, aliases=names_written_for(row),
        trace=row.trace_set, marks=row.mark_map,
        doubtful=food.doubtful, problems=services.check_food(food),
        sheet=services.food_sheet(get_session(), row), column_labels=labels,
        state_labels=STATE_LABELS, confirm_form=confirm, correct_form=correct,
        can_review=can_review, replacement=services.replacement_of(get_session(), row.code),
        replaces=services.replaced_estimates(row.code)), status


def _food_or_404(code):
    row = services.get_food(get_session(), code)
    if row is None:
        abort(404)
    return row


@permission_required("nutrition.review")
def food_confirm(code):
    session, row = get_session(), _food_or_404(code)
    form = ConfirmFoodForm(prefix="confirm")
    if form.validate_on_submit():
        ok, _saved = save_or_show(session, form, services.confirm_food, session, row.id,
                                  page=form.page.data, note=form.note.data,
                                  user_id=current_user.id,
                                  success=_("The food was confirmed against the book."))
        if ok:
            return redirect(url_for("nutrition.food_detail", code=code))
    return food_page(row, confirm=form, status=400)


@permission_required("nutrition.review")
def food_correct(code):
    session, row = get_session(), _food_or_404(code)
    form = CorrectValueForm(prefix="correct", columns=column_labels().items())
    if form.validate_on_submit():
        ok, _saved = save_or_show(session, form, services.correct_value, session, row.id,
                                  form.column.data, form.value.data, page=form.page.data,
                                  note=form.note.data, user_id=current_user.id,
                                  success=_("The value was corrected."))
        if ok:
            return redirect(url_for("nutrition.food_detail", code=code))
    return food_page(row, correct=form, status=400)


@permission_required("nutrition.view")
def review_list():
    """Counts per group, and the first foods of each (or every food of `?group=`): the list
    of a whole county's table would be a page thousands of rows long."""
    groups = services.review_queue(get_session())
    total = sum(g["count"] for g in groups)
    chosen = request.args.get("group", "")
    return render_template("nutrition/review.html", groups=groups, total=total,
                           largest=max((g["count"] for g in groups), default=0),
                           flag_label=flag_label, chosen=chosen,
                           shown=[g for g in groups if g["group"] == chosen] or groups,
                           first=None if chosen else REVIEW_FIRST)


@permission_required("nutrition.view")
def review_export():
    header = [_("Food group"), _("Code"), _("Name"), _("Why to check"),
              _("Used in published menus")]
    rows = [[str(services.GROUP_LABELS.get(g["group"], g["group"])), f["code"], f["name"],
             join_clauses(flag_label(x) for x in f["flags"]), _("Yes") if f["in_menus"] else ""]
            for g in services.review_queue(get_session()) for f in g["foods"]]
    body = write_xlsx([(_("Foods to check"), header, rows)], text_columns=(_("Code"),))
    return send_file(io.BytesIO(body), mimetype=XLSX, as_attachment=True,
                     download_name="foods-to-review.xlsx")

"""The food table: search, detail, add and edit."""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from suite.auth import login_required, permission_required
from suite.db import get_session
from suite.forms import form_status, save_or_show

from .. import services
from ..foods import FOOD_GROUPS, NUTRIENTS, TRACE
from ..food_notes import translate_notes
from ..forms import FoodForm
from .review import _food_or_404, food_page

PAGE = 50


@permission_required("nutrition.view")
def index():
    return redirect(url_for("nutrition.foods"))


@permission_required("nutrition.view")
def foods():
    q = request.args.get("q", "").strip()
    group = request.args.get("group") if request.args.get("group") in FOOD_GROUPS else None
    page = max(1, request.args.get("page", 1, type=int))
    rows, total = services.search_foods(get_session(), q, group, PAGE, (page - 1) * PAGE,
                                        include_hidden=True)
    filters = {k: v for k, v in (("q", q), ("group", group)) if v}
    return render_template("nutrition/foods.html", rows=rows, total=total, page=page, size=PAGE,
                           q=q, group=group, groups=FOOD_GROUPS, filters=filters)


@permission_required("nutrition.view")
def food_detail(code):
    row = services.get_food(get_session(), code)
    if row is not None:
        return food_page(row)
    replaced = services.replacement_of(get_session(), code)
    if replaced is None:
        abort(404)
    # an estimate this database never held: its book food
    flash(_("The estimate %(old)s %(name)s was replaced by the book's food %(new)s.",
            old=code, name=replaced["old_name"], new=replaced["new_code"]), "info")
    return redirect(url_for("nutrition.food_detail", code=replaced["new_code"]))


def _form_values(form: FoodForm) -> dict:
    values = {k: getattr(form, k).data for k in ("code", "name", "aliases", "food_group",
                                                 "edible_fraction", "source", "notes")}
    values.update({n: getattr(form, n).data or "" for n in NUTRIENTS})
    values["dark_vegetable"] = "1" if form.dark_vegetable.data else "0"
    values["liver"] = "1" if form.liver.data else "0"
    return values


def _fill(form: FoodForm, row) -> None:
    trace = row.trace_set
    for n in NUTRIENTS:
        value = getattr(row, n)
        getattr(form, n).data = TRACE if n in trace else ("" if value is None else f"{value:g}")
    form.edible_fraction.data = "" if row.edible_fraction is None else f"{row.edible_fraction:g}"
    form.notes.data = translate_notes(row.notes)


@permission_required("nutrition.edit")
def food_edit(code=None):
    session = get_session()
    row = _food_or_404(code) if code else None
    form = FoodForm(obj=row)
    if request.method == "GET" and row is not None:
        _fill(form, row)
    if form.validate_on_submit():
        ok, saved = save_or_show(session, form, services.save_food, session, _form_values(form),
                                 row, success=_("The food was saved."))
        if ok:
            return redirect(url_for("nutrition.food_detail", code=saved.code))
    return render_template("nutrition/food_form.html", form=form, food=row), form_status(form)



@login_required
def food_suggest():
    """Foods for what a person is typing (name, alias, code, pinyin, initials), as JSON for the
    suggestion list under the food inputs of the delivery form and the dish editor."""
    q = request.args.get("q", "").strip()[:40]
    matches = services.search_matches(get_session(), q, limit=12) if q else []
    return jsonify({"q": q, "foods": [
        {"code": m.food.code, "name": m.food.name,
         "group": str(services.GROUP_LABELS.get(m.food.food_group, m.food.food_group)),
         "matched": m.text, "via": m.via, "by": m.by, "rank": m.rank_name}
        for m in matches]})

"""Nutrition pages: food import and export, standards, the quick analysis."""
from __future__ import annotations

import io
import json

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from suite import services as org
from suite.auth import has_permission, permission_required, school_filter, school_or_404
from suite.db import get_session
from suite.forms import options
from suite.models import County, School
from suite.tabular import TableFileError, read_table, write_xlsx

from . import imports, services
from .engine import AnalysisError
from .foods import NUTRIENTS
from .forms import ChooseStandardForm, StandardUploadForm, UploadForm
from .labels import chart_bars, nutrient_label
from .standard import MEALS, StandardError
from .views import bp
from suite import clock

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS = 10


@bp.route("/foods/template.xlsx")
@permission_required("nutrition.view")
def food_template():
    return send_file(io.BytesIO(imports.template_xlsx()), mimetype=XLSX, as_attachment=True,
                     download_name="foods-template.xlsx")


@bp.route("/foods/export.xlsx")
@permission_required("nutrition.view")
def food_export():
    rows, _total = services.search_foods(get_session(), request.args.get("q", ""),
                                         request.args.get("group") or None, limit=100_000)
    header = list(imports.HEADERS.values())
    data = [[r.code, r.name, "|".join(r.alias_list), r.food_group, int(r.dark_vegetable),
             int(r.liver), r.edible_fraction] +
            [("Tr" if n in r.trace_set else getattr(r, n)) for n in NUTRIENTS] +
            [r.source, r.certainty, r.notes] for r in rows]
    body = write_xlsx([("foods", header, data)], text_columns=(imports.HEADERS["code"],))
    return send_file(io.BytesIO(body), mimetype=XLSX, as_attachment=True,
                     download_name="foods.xlsx")


@bp.route("/foods/import", methods=["GET", "POST"])
@permission_required("nutrition.edit")
def food_import():
    form, result, error = UploadForm(), None, None
    if form.validate_on_submit():
        upload = form.file.data
        session = get_session()
        try:
            table = read_table(upload.read(), upload.filename or "")
        except TableFileError as exc:
            error = str(exc)
        else:
            result = imports.import_foods(session, table)
            if result.ok:
                session.commit()
                flash(_("Imported: %(created)d new foods, %(updated)d updated.",
                        created=result.created, updated=result.updated), "success")
                return redirect(url_for("nutrition.foods"))
            session.rollback()
    status = 400 if (error or form.errors or (result and not result.ok)) else 200
    return render_template("nutrition/food_import.html", form=form, result=result, error=error,
                           headers=imports.HEADERS), status


def _county():
    return get_session().scalar(select(County).order_by(County.id))


@bp.route("/standards")
@permission_required("nutrition.view")
def standards():
    session = get_session()
    county = _county()
    form = ChooseStandardForm()
    all_standards = services.standards(session)
    form.code.choices = options((c, f"{c} {s.data['name']}") for c, s in all_standards.items())
    form.code.data = county.nutrition_standard if county else None
    return render_template("nutrition/standards.html", standards=all_standards, county=county,
                           choose_form=form, upload_form=StandardUploadForm())


@bp.route("/standards/load", methods=["POST"])
@permission_required("nutrition.edit")
def standard_load():
    form = StandardUploadForm()
    session = get_session()
    problems = []
    if form.validate_on_submit():
        try:
            data = json.loads(form.file.data.read().decode("utf-8-sig"))
            if not isinstance(data, dict):
                raise StandardError(["the file must hold one JSON object"])
            row = services.load_standard(session, data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems = [_("The file is not UTF-8 JSON: %(error)s", error=str(exc))]
        except StandardError as exc:
            problems = exc.problems
        else:
            session.commit()
            flash(_("The standard %(code)s was loaded.", code=row.code), "success")
            return redirect(url_for("nutrition.standard_detail", code=row.code))
    else:
        problems = [e for errors in form.errors.values() for e in errors]
    session.rollback()
    return render_template("nutrition/standard_problems.html", problems=problems), 400


@bp.route("/standards/choose", methods=["POST"])
@permission_required("nutrition.choose_standard")
def standard_choose():
    session = get_session()
    county = _county() or abort(404)
    code = request.form.get("code", "")
    try:
        services.choose_standard(session, county.id, code)
    except StandardError:
        abort(400)
    session.commit()
    flash(_("The county now uses %(code)s.", code=code), "success")
    return redirect(url_for("nutrition.standards"))


@bp.route("/standards/view")
@permission_required("nutrition.view")
def standard_detail():
    standard = services.get_standard(get_session(), request.args.get("code")) or abort(404)
    return render_template("nutrition/standard.html", standard=standard, meals=MEALS)


def _eater_choices(session):
    choices = [(f"{b}/{s}", f"{b} {_('Boys') if s == 'M' else _('Girls')}")
               for b in ("6-8", "9-11", "12-14", "15-17") for s in ("M", "F")]
    schools = session.scalars(select(School).where(
        school_filter(current_user, School.id, School.township_id)).order_by(School.code))
    choices += [(f"school/{s.id}", _("Enrolment of %(school)s", school=s.name)) for s in schools]
    return choices


def _eaters(session, choice: str):
    if choice.startswith("school/"):
        school = school_or_404(session, int(choice.split("/")[1]))
        county = _county()
        term = org.current_term(session, county.id, clock.today())
        mix = org.enrolment_mix(session, school.id, term.id) if term else []
        return [{"age_band": b, "sex": s, "count": n} for b, s, n in mix]
    band, _sep, sex = choice.partition("/")
    return [{"age_band": band, "sex": sex, "count": 1}]


@bp.route("/analyze")
@permission_required("nutrition.analyze")
def quick_analysis():
    session = get_session()
    foods_in = request.args.getlist("food")
    grams_in = request.args.getlist("grams")
    count = max(ROWS, len(foods_in) + 2)
    rows = [{"food": (foods_in[i] if i < len(foods_in) else ""),
             "grams": (grams_in[i] if i < len(grams_in) else ""), "error": None,
             "candidates": [], "resolved": None} for i in range(count)]
    meal = request.args.get("meal", "lunch")
    meal = meal if meal in MEALS + ("day",) else "lunch"
    who = request.args.get("eaters", "9-11/M")
    choices = _eater_choices(session)
    if who not in dict(choices):
        who = "9-11/M"
    items, result, error = [], None, None
    for row in rows:
        if not row["food"] and not row["grams"]:
            continue
        food, candidates = services.resolve_food(session, row["food"])
        if food is None:
            row["error"] = _("Unknown food.") if not candidates else _("Which one?")
            row["candidates"] = candidates
            continue
        row["resolved"] = food
        try:
            grams = float(row["grams"])
        except ValueError:
            row["error"] = _("Enter the grams per person as a number.")
            continue
        if not 0 < grams <= 2000:
            row["error"] = _("Grams must be above 0 and at most 2000.")
            continue
        items.append((food.code, grams))
    if items and not any(r["error"] for r in rows):
        standard = services.county_standard(session, _county().id if _county() else None)
        try:
            result = services.analyze(session, standard, meal, _eaters(session, who), items)
        except AnalysisError as exc:
            error = exc.message
    return render_template("nutrition/analyze.html", rows=rows, meal=meal, who=who,
                           choices=choices, meals=MEALS + ("day",), result=result, error=error,
                           bars=chart_bars(result) if result else [],
                           nutrient_label=nutrient_label,
                           can_edit=has_permission(current_user, "nutrition.edit"))

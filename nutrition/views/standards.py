"""The nutrition standards: the list, one standard's targets, loading one, the county's choice."""
from __future__ import annotations

import json

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from suite.auth import county_or_404, permission_required
from suite.db import get_session
from suite.errors import translate
from suite.forms import options
from suite.services import county_of
from suite.vocabulary import MEALS

from .. import services
from ..forms import ChooseStandardForm, StandardUploadForm
from ..labels import standard_name
from ..standard import Problem, StandardError


@permission_required("nutrition.view")
def standards():
    session = get_session()
    county = county_of(session)
    form = ChooseStandardForm()
    all_standards = services.standards(session)
    form.code.choices = options((c, f"{c} {standard_name(c, s.data)}")
                                for c, s in all_standards.items())
    form.code.data = county.nutrition_standard if county else None
    return render_template("nutrition/standards.html", standards=all_standards, county=county,
                           choose_form=form, upload_form=StandardUploadForm())


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number")


@permission_required("nutrition.edit")
def standard_load():
    form = StandardUploadForm()
    session = get_session()
    problems = []
    if form.validate_on_submit():
        try:
            data = json.loads(form.file.data.read().decode("utf-8-sig"),
                              parse_constant=_no_constant)
            if not isinstance(data, dict):
                raise StandardError([_("The file must hold one standard: a JSON object "
                                       "{ … }.")])
            row = services.load_standard(session, data)
        except StandardError as exc:  # before ValueError, its base
            problems = [translate((p.template, p.params)) if isinstance(p, Problem) else str(p)
                        for p in exc.problems]
        except (UnicodeDecodeError, ValueError, RecursionError):
            # not UTF-8, not JSON, NaN, a number of thousands of digits, nesting without end
            problems = [_("The file is not a standard: save it as UTF-8 JSON, like the "
                          "built-in one.")]
        else:
            session.commit()
            flash(_("The standard %(code)s was loaded.", code=row.code), "success")
            return redirect(url_for("nutrition.standard_detail", code=row.code))
    else:
        problems = [e for errors in form.errors.values() for e in errors]
    session.rollback()
    return render_template("nutrition/standard_problems.html", problems=problems), 400


@permission_required("nutrition.choose_standard")
def standard_choose():
    session = get_session()
    county = county_or_404(session)
    code = request.form.get("code", "")
    try:
        services.choose_standard(session, county.id, code)
    except StandardError:
        abort(400)
    session.commit()
    flash(_("The county now uses %(code)s.", code=code), "success")
    return redirect(url_for("nutrition.standards"))


@permission_required("nutrition.view")
def standard_detail():
    standard = services.get_standard(get_session(), request.args.get("code")) or abort(404)
    return render_template("nutrition/standard.html", standard=standard, meals=MEALS)

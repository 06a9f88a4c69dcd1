"""Dishes: the list, one dish's grams, nutrients and cost per age band, add, edit, copy."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from nutrition import services as nutrition
from suite import clock
from suite.auth import permission_required, user_scope
from suite.db import get_session
from suite.vocabulary import AGE_BANDS

from .. import services
from ..forms import DishForm
from ..models import Dish


@permission_required("menus.view")
def index():
    return redirect(url_for("menus.weeks"))


@permission_required("menus.view")
def dishes():
    q = request.args.get("q", "").strip()
    category = request.args.get("category") or None
    rows = services.search_dishes(get_session(), q, category)
    return render_template("menus/dishes.html", dishes=rows, q=q, category=category)


def _dish_or_404(session, dish_id) -> Dish:
    dish = session.get(Dish, dish_id)
    if dish is None:
        abort(404)
    return dish


@permission_required("menus.view")
def dish_detail(dish_id):
    session = get_session()
    dish = _dish_or_404(session, dish_id)
    scope, own = user_scope(current_user)
    standard = nutrition.county_standard(session, None)
    facts = [services.dish_facts(session, dish, band, standard,
                                 own if scope == "school" else None, clock.today())
             for band in AGE_BANDS]
    foods = {food.id: food for f in facts for food, _g, _p in f["ingredients"]}
    main = foods.get(services.main_food(dish, foods))
    return render_template("menus/dish.html", dish=dish, facts=facts, main=main)


def _ingredients(form: DishForm) -> list[services.IngredientIn]:
    return [services.IngredientIn(e.form.food.data or "", e.form.grams.data,
                                  e.form.band.data or None) for e in form.ingredients.entries]


def _fill(form: DishForm, dish: Dish, session) -> None:
    foods = {f.id: f for f in nutrition.foods_by_id(session, [i.food_id for i in
                                                               dish.ingredients])}
    while len(form.ingredients.entries) < len(dish.ingredients) + 2:
        form.ingredients.append_entry()
    for entry, ing in zip(form.ingredients.entries, dish.ingredients):
        entry.form.food.data = foods[ing.food_id].name
        entry.form.grams.data = format(ing.grams.normalize(), "f")
        entry.form.band.data = ing.band or ""
    form.meals.data = dish.meal_list
    form.main_food.data = foods[dish.main_food_id].name if dish.main_food_id in foods else ""
    for band, field in (("6-8", form.factor_6_8), ("9-11", form.factor_9_11),
                        ("12-14", form.factor_12_14), ("15-17", form.factor_15_17)):
        field.data = str((dish.band_factors or {}).get(band, field.default))


def _show_errors(form: DishForm, exc: services.MenuError) -> None:
    """Each message beside its input: an ingredient's on its row (the host's save_or_show
    knows only top-level fields), the factors' on the 9-11 factor, the rest on their field."""
    for key, message in exc.messages().items():
        if key.startswith("ingredients["):
            k, field = key[12:].split("].")
            getattr(form.ingredients.entries[int(k)].form, field).errors.append(message)
        elif key == "band_factors":
            form.factor_9_11.errors.append(message)
        elif key == "ingredients":
            form.ingredients.entries[0].form.food.errors.append(message)
        else:
            getattr(form, key).errors.append(message)


@permission_required("menus.dishes")
def dish_edit(dish_id=None):
    session = get_session()
    dish = _dish_or_404(session, dish_id) if dish_id is not None else None
    form = DishForm(obj=dish)
    if request.method == "GET" and dish is not None:
        _fill(form, dish, session)
    if form.validate_on_submit():
        try:
            saved = services.save_dish(
                session, name=form.name.data, category=form.category.data,
                cooking_method=form.cooking_method.data or "", notes=form.notes.data or "",
                base_band=form.base_band.data, band_factors=form.factors(),
                ingredients=_ingredients(form), dish=dish, user_id=current_user.id,
                role=form.role.data or None, spicy=form.spicy.data, aliases=form.aliases.data,
                meals=form.meals.data or [], main_food=form.main_food.data or "")
        except services.MenuError as exc:
            session.rollback()
            _show_errors(form, exc)
        else:
            session.commit()
            flash(_("The dish was saved."), "success")
            return redirect(url_for("menus.dish_detail", dish_id=saved.id))
    status = 400 if request.method == "POST" else 200
    return render_template("menus/dish_form.html", form=form, dish=dish), status


@permission_required("menus.dishes")
def dish_copy(dish_id):
    session = get_session()
    copy = services.copy_dish(session, _dish_or_404(session, dish_id), current_user.id)
    session.commit()
    flash(_("A copy was made; rename and change it as needed."), "success")
    return redirect(url_for("menus.dish_edit", dish_id=copy.id))


"""The menus plugin answers nutrition's food_usage signal: the foods of the dishes of published
weekly menus, nothing from drafts (the review list puts those foods first)."""
from __future__ import annotations

from menus import services
from nutrition import services as nutrition
from nutrition.signals import food_usage

from ..factories import food_id

from .helpers import publish_as


def _answers(db):
    return [set(answer) for _receiver, answer in food_usage.send(db)]


def test_a_draft_uses_no_food(db, planned):
    assert _answers(db) == [set()]


def test_the_foods_of_a_published_menu(db, org, planned, nutritionist, second_nutritionist,
                                       make_dish, make_week):
    publish_as(db, planned, nutritionist, second_nutritionist)
    other = make_week(org.schools[1])  # a draft elsewhere: its dish does not count
    soup = make_dish("青菜汤", [("小白菜", 20)], "soup")
    services.add_item(db, other, day=other.week_start, meal="lunch", dish_id=soup.id)
    db.commit()
    rice, egg = food_id(db, "012001x"), food_id(db, "111101x")
    assert _answers(db) == [{rice, egg}]
    eggs = next(g for g in nutrition.review_queue(db) if g["group"] == "eggs")
    assert eggs["in_menus"] == 1
    assert eggs["foods"][0]["code"] == "111101x"

"""The nutritionist's review against the printed book (issue 13 part 3), as services: confirm,
correct with exact refusals (nothing changed after one), audit, a correction that survives a
reload of the book values, the queue of foods left to review and each food's history."""
from __future__ import annotations

import pytest
from sqlalchemy import JSON, func, or_, select

from nutrition import services
from nutrition.food_rows import read_csv
from nutrition.models import FoodRow
from nutrition.review_models import FoodReview
from nutrition.services import ReviewError
from nutrition.signals import food_usage
from suite.models import AuditEntry

EGG, GREENS, SPINACH = "111101x", "045120", "045301"


@pytest.fixture
def nutritionist(factory):
    user = factory.user("nutritionist", username="nutri_zhao")
    user.display_name = "赵营养师"
    factory.session.commit()
    return user


def _food(db, code):
    db.expire_all()
    return db.scalar(select(FoodRow).where(FoodRow.code == code))


def _reviews(db):
    return db.scalar(select(func.count()).select_from(FoodReview))


def _audit(db, record_type):
    return [(e.action, e.record_id, e.old_values, e.new_values) for e in db.scalars(
        select(AuditEntry).where(AuditEntry.record_type == record_type).order_by(AuditEntry.id))]


def test_confirm_records_who_when_and_the_page(db, foods, nutritionist):
    egg = _food(db, EGG)
    record = services.confirm_food(db, egg.id, page=224, note=" 与原书一致 ",
                                   user_id=nutritionist.id)
    db.commit()
    assert {k: record[k] for k in ("food_id", "action", "column", "book_value", "value", "page",
                                   "note", "user_id")} == {
        "food_id": egg.id, "action": "confirm", "column": None, "book_value": "",
        "value": None, "page": 224, "note": "与原书一致", "user_id": nutritionist.id}
    history = services.food_history(db, egg.id)
    assert [(h["action"], h["page"], h["user"]) for h in history] == [("confirm", 224, "赵营养师")]
    assert history[0]["at"] is not None
    assert services.review_states(db) == {egg.id: "confirmed"}
    [(action, record_id, _old, new)] = _audit(db, "nutrition_food_review")
    assert (action, record_id, new["action"], new["page"]) == ("create", str(record["id"]),
                                                               "confirm", 224)


def test_correct_sets_the_value_keeps_the_book_value_and_audits_both(db, foods, nutritionist):
    egg = _food(db, EGG)
    before = len(_audit(db, "nutrition_food"))
    record = services.correct_value(db, egg.id, "iron_mg", "2.0", page=224,
                                    note="原书为2.0", user_id=nutritionist.id)
    db.commit()
    assert (record["column"], record["book_value"], record["value"]) == ("iron_mg", "1.6", "2.0")
    assert _food(db, EGG).iron_mg == pytest.approx(2.0, abs=1e-9)
    food_audit = _audit(db, "nutrition_food")[before:]
    assert [(a, r, old["iron_mg"], new["iron_mg"]) for a, r, old, new in food_audit] == [
        ("update", str(egg.id), 1.6, 2.0)]
    assert [a[3]["new_value"] for a in _audit(db, "nutrition_food_review")] == ["2.0"]
    assert services.review_states(db) == {egg.id: "corrected"}


def test_not_measured_trace_and_edible_percent(db, foods, nutritionist):
    egg = _food(db, EGG)
    for column, text in (("vitamin_c_mg", "—"), ("fibre_g", "Tr"), ("edible_fraction", "88")):
        services.correct_value(db, egg.id, column, text, page=224, user_id=nutritionist.id)
    db.commit()
    egg = _food(db, EGG)
    assert egg.vitamin_c_mg is None and "vitamin_c_mg" not in egg.trace_set
    assert egg.fibre_g == 0 and "fibre_g" in egg.trace_set
    assert egg.edible_fraction == pytest.approx(0.88, abs=1e-9)
    assert [(h["column"], h["book_value"], h["value"])
            for h in services.food_history(db, egg.id)] == [
        ("edible_fraction", "87", "88"), ("fibre_g", "0.0", "Tr"), ("vitamin_c_mg", "Tr", "—")]
    # the book value as the book file prints it (its cell), once the file is loaded


REFUSALS = [
    ("name", "2", 224, "", {"column": "请选择要更正的食物数值。"}),
    ("trace", "2", 224, "", {"column": "请选择要更正的食物数值。"}),
    ("iron_mg", "-1", 224, "", {"value": "请填写不小于0的数，或“—”（未测定）、“Tr”（微量）。"}),
    ("iron_mg", "约2", 224, "", {"value": "请填写不小于0的数，或“—”（未测定）、“Tr”（微量）。"}),
    ("iron_mg", "", 224, "", {"value": "请填写不小于0的数，或“—”（未测定）、“Tr”（微量）。"}),
    ("edible_fraction", "Tr", 224, "", {"value": "此项必须是数字。"}),
    ("edible_fraction", "120", 224, "", {"value": "可食部是大于0且不超过100的百分数。"}),
    ("iron_mg", "2", "", "", {"page": "请填写原书的页码。"}),
    ("iron_mg", "2", "0", "", {"page": "请填写原书的页码。"}),
    ("iron_mg", "x", "二", "长" * 501, {"value": "请填写不小于0的数，或“—”（未测定）、“Tr”（微量）。",
                                        "page": "请填写原书的页码。", "note": "备注最多500个字。"}),
]


@pytest.mark.parametrize("column, text, page, note, messages", REFUSALS)
def test_a_refused_correction_changes_nothing(db, foods, nutritionist, column, text, page, note,
                                              messages):
    egg = _food(db, EGG)
    values = {c.key: getattr(egg, c.key) for c in FoodRow.__table__.columns}
    audit = db.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(ReviewError) as refused:
        services.correct_value(db, egg.id, column, text, page=page, note=note,
                               user_id=nutritionist.id)
    assert refused.value.messages() == messages
    db.commit()
    egg = _food(db, EGG)
    assert {c.key: getattr(egg, c.key) for c in FoodRow.__table__.columns} == values
    assert _reviews(db) == 0
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == audit


def test_refused_confirmations(db, foods, nutritionist):
    egg = _food(db, EGG)
    for food_id, page, messages in ((egg.id, None, {"page": "请填写原书的页码。"}),
                                    (egg.id, "12a", {"page": "请填写原书的页码。"}),
                                    (999999, 12, {"": "没有这种食物。"})):
        with pytest.raises(ReviewError) as refused:
            services.confirm_food(db, food_id, page=page, user_id=nutritionist.id)
        assert refused.value.messages() == messages
    assert _reviews(db) == 0


def _reload(db, code):
    """What the loader does to one food: the book's values put back on the row."""
    book = next(f for f in read_csv() if f.code == code)
    services.apply_food(_food(db, code), book)
    db.flush()


def test_a_correction_survives_a_reload_of_the_book_values(db, foods, nutritionist):
    egg, spinach = _food(db, EGG), _food(db, SPINACH)
    services.correct_value(db, egg.id, "iron_mg", "1.9", page=224, user_id=nutritionist.id)
    services.correct_value(db, egg.id, "iron_mg", "2.0", page=224, user_id=nutritionist.id)
    services.correct_value(db, egg.id, "vitamin_c_mg", "—", page=224, user_id=nutritionist.id)
    services.correct_value(db, spinach.id, "fibre_g", "Tr", page=118, user_id=nutritionist.id)
    services.confirm_food(db, egg.id, page=224, user_id=nutritionist.id)
    db.commit()
    _reload(db, EGG)
    _reload(db, SPINACH)
    egg = _food(db, EGG)
    assert (egg.iron_mg, "vitamin_c_mg" in egg.trace_set) == (1.6, True)  # the reload undid them
    assert services.apply_corrections(db, food_ids=[_food(db, GREENS).id]) == 0
    assert services.apply_corrections(db) == 3  # latest of each (food, column): 2.0, —, Tr
    db.commit()
    egg, spinach = _food(db, EGG), _food(db, SPINACH)
    assert (egg.iron_mg, egg.vitamin_c_mg, "vitamin_c_mg" in egg.trace_set) == (2.0, None, False)
    assert (spinach.fibre_g, "fibre_g" in spinach.trace_set) == (0, True)
    assert services.apply_corrections(db) == 0  # already on: nothing to change
    assert services.review_states(db) == {egg.id: "confirmed", spinach.id: "corrected"}


def test_review_records_are_append_only(db, foods, nutritionist):
    record = services.confirm_food(db, _food(db, EGG).id, page=224, user_id=nutritionist.id)
    db.commit()
    review = db.get(FoodReview, record["id"])
    review.page = 225
    with pytest.raises(ValueError):
        db.flush()
    db.rollback()
    with pytest.raises(ValueError):
        db.delete(db.get(FoodReview, record["id"]))
        db.flush()
    db.rollback()


def _group_counts(db):
    """Active foods by group, the hidden (infant) ones only when flagged."""
    rows = db.execute(select(FoodRow.food_group, func.count()).where(
        FoodRow.active.is_(True), or_(FoodRow.hidden.is_(False), FoodRow.check_flags != ""))
        .group_by(FoodRow.food_group))
    return dict(rows.all())


def test_the_queue_lists_unreviewed_foods_by_group_used_ones_first(db, foods, nutritionist):
    expected = _group_counts(db)
    egg, greens, spinach = _food(db, EGG), _food(db, GREENS), _food(db, SPINACH)
    services.confirm_food(db, greens.id, page=118, user_id=nutritionist.id)
    services.correct_value(db, egg.id, "iron_mg", "2", page=224, user_id=nutritionist.id)
    db.commit()
    expected["vegetables"] -= 1
    expected["eggs"] -= 1
    with food_usage.connected_to(lambda session: {spinach.id, greens.id}):
        queue = services.review_queue(db)
    assert {g["group"]: g["count"] for g in queue} == {k: v for k, v in expected.items() if v}
    assert [g["group"] for g in queue] == [g for g in services.FOOD_GROUPS if expected.get(g)]
    vegetables = next(g for g in queue if g["group"] == "vegetables")
    flagged = db.scalar(select(func.count()).where(  # the book file's flagged vegetables
        FoodRow.active.is_(True), FoodRow.food_group == "vegetables", FoodRow.check_flags != ""))
    assert (vegetables["in_menus"], vegetables["flagged"]) == (1, flagged)  # greens: reviewed
    first = vegetables["foods"][:flagged + 1]  # the flagged and the used ones, by code
    assert {"id": spinach.id, "code": SPINACH, "name": "菠菜", "flags": [],
            "in_menus": True} in first
    assert all(f["flags"] or f["in_menus"] for f in first)
    assert all(f["id"] not in (egg.id, greens.id) for g in queue for f in g["foods"])
    assert sum(g["count"] for g in queue) == sum(expected.values())


@pytest.mark.skipif(not hasattr(FoodRow, "check_flags"), reason="the book's flags not loaded")
def test_flagged_foods_come_first(db, foods):
    as_list = isinstance(FoodRow.__table__.c.check_flags.type, JSON)
    spinach = _food(db, SPINACH)
    spinach.check_flags = [] if as_list else ""
    db.commit()
    before = next(g for g in services.review_queue(db) if g["group"] == "vegetables")
    spinach = _food(db, SPINACH)
    spinach.check_flags = ["energy_vs_macros"] if as_list else "energy_vs_macros"
    db.commit()
    after = next(g for g in services.review_queue(db) if g["group"] == "vegetables")
    assert (after["count"], after["flagged"]) == (before["count"], before["flagged"] + 1)
    listed = [bool(f["flags"] or f["in_menus"]) for f in after["foods"]]
    assert listed == sorted(listed, reverse=True)  # flagged (and used) foods first
    assert next(f["flags"] for f in after["foods"] if f["code"] == SPINACH) == [
        "energy_vs_macros"]


def test_a_corrected_value_carries_its_own_mark(db, foods, nutritionist):
    """The egg's carotene is "—" (not measured) and its vitamin C "Tr" in the book file; a
    number put in their place drops the mark, and "—" or "Tr" written back restores it."""
    egg = _food(db, EGG)
    assert (egg.mark_map["carotene_ug"], egg.mark_map["vitamin_c_mg"]) == ("—", "Tr")
    services.correct_value(db, egg.id, "carotene_ug", "12", page=224, user_id=nutritionist.id)
    services.correct_value(db, egg.id, "vitamin_c_mg", "0.5", page=224, user_id=nutritionist.id)
    db.commit()
    egg = _food(db, EGG)
    assert (egg.carotene_ug, egg.vitamin_c_mg) == (12.0, 0.5)
    assert "carotene_ug" not in egg.mark_map and "vitamin_c_mg" not in egg.mark_map
    services.correct_value(db, egg.id, "carotene_ug", "—", page=224, user_id=nutritionist.id)
    services.correct_value(db, egg.id, "vitamin_c_mg", "Tr", page=224, user_id=nutritionist.id)
    db.commit()
    egg = _food(db, EGG)
    assert (egg.carotene_ug, egg.mark_map["carotene_ug"]) == (None, "—")
    assert (egg.vitamin_c_mg, egg.mark_map["vitamin_c_mg"]) == (0.0, "Tr")

"""Retained samples: the dish served, the minimum weight, the time, the 48 hours, disposal."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from canteen import services
from canteen.errors import CanteenError
from canteen.models import Sample
from menus import services as menus
from menus.services import IngredientIn

from ..factories import TODAY
from ..menus.helpers import publish_as
from .helpers_safety import at, counts, served

pytestmark = pytest.mark.usefixtures("en")
NOW = at(TODAY, "13:00")


@pytest.fixture
def lunch(db, org):
    return served(db, org.schools[0], TODAY, "lunch", "番茄炒蛋", "米饭")


def _record(db, org, **kw):
    values = {"school_id": org.schools[0].id, "day": TODAY, "meal": "lunch", "grams": "125",
              "taken_at": at(TODAY, "11:50"), "taken_by": "李师傅", "min_grams": 125,
              "user_id": None, "today": TODAY, "now": NOW, **kw}
    return services.record_sample(db, **values)


def _refused(db, org, **kw) -> dict:
    db.commit()  # what the test made so far stays after the rollback
    before = counts(db, Sample)
    with pytest.raises(CanteenError) as refused:
        _record(db, org, **kw)
    db.rollback()
    assert counts(db, Sample) == before
    return refused.value.messages()


def test_sample_of_a_served_dish(db, org, lunch):
    sample = _record(db, org, dish_id=lunch[0].id, grams="150.5")
    db.commit()
    assert (sample.dish_id, sample.dish_name, sample.grams, sample.taken_by) == (
        lunch[0].id, "番茄炒蛋", Decimal("150.5"), "李师傅")
    assert sample.taken_at == at(TODAY, "11:50") and sample.disposed_at is None
    assert [s.dish_name for s in services.samples_for(db, org.schools[0].id, TODAY, "lunch")] \
        == ["番茄炒蛋"]
    assert services.served_dishes(db, org.schools[0].id, TODAY, "lunch") == [
        {"id": lunch[0].id, "name": "番茄炒蛋"}, {"id": lunch[1].id, "name": "米饭"}]


def test_a_free_name_and_a_served_name_typed_in(db, org, lunch):
    free = _record(db, org, dish_name=" 凉拌黄瓜 ")
    typed = _record(db, org, dish_name="米饭")
    assert (free.dish_id, free.dish_name) == (None, "凉拌黄瓜")
    assert (typed.dish_id, typed.dish_name) == (lunch[1].id, "米饭")


def test_under_the_minimum_names_the_minimum(db, org, lunch):
    assert _refused(db, org, dish_id=lunch[0].id, grams="124.9") == {
        "grams": "A sample must weigh at least 125 g."}
    assert _refused(db, org, dish_id=lunch[0].id, grams="199", min_grams=200) == {
        "grams": "A sample must weigh at least 200 g."}
    assert _refused(db, org, dish_id=lunch[0].id, grams=" ") == {
        "grams": "Enter the weight in grams."}
    for bad in ("abc", "-5", "0", "100000"):  # written, but no weight a sample can have
        assert _refused(db, org, dish_id=lunch[0].id, grams=bad) == {
            "grams": "The weight is a number of grams from 125 to 99999."}, bad


def test_time_must_be_on_the_day_and_not_in_the_future(db, org, lunch):
    assert _refused(db, org, dish_id=lunch[0].id, taken_at=at(TODAY, "13:01")) == {
        "taken_at": "The time cannot be in the future."}
    assert _refused(db, org, dish_id=lunch[0].id, taken_at=at(TODAY - timedelta(1), "12:00")) \
        == {"taken_at": "The sample must be taken on 2026-11-23."}
    assert _refused(db, org, dish_id=lunch[0].id, taken_at=None, taken_by=" ") == {
        "taken_at": "Enter the time the sample was taken.",
        "taken_by": "Enter who took the sample."}
    assert _refused(db, org, dish_id=lunch[0].id, day=TODAY + timedelta(1),
                    taken_at=at(TODAY + timedelta(1), "11:00"))["day"] == \
        "The date cannot be in the future."


def test_dish_must_be_served_at_that_meal(db, org, lunch):
    dinner = served(db, org.schools[0], TODAY, "dinner", "馒头")
    assert _refused(db, org, dish_id=dinner[0].id) == {
        "dish": "Choose a dish served at this meal."}
    assert _refused(db, org, dish_name="  ") == {"dish": "Choose a dish or write its name."}
    assert _refused(db, org, meal="supper", dish_name="粥") == {"meal": "Unknown meal: supper."}


def test_one_sample_per_dish_and_meal(db, org, lunch):
    _record(db, org, dish_id=lunch[0].id)
    db.commit()
    assert _refused(db, org, dish_name="番茄炒蛋") == {
        "dish": "A sample of 番茄炒蛋 is already recorded for this meal."}


def test_disposal_after_48_hours_once(db, org, lunch):
    sample = _record(db, org, dish_id=lunch[0].id)
    db.commit()
    early = at(TODAY + timedelta(2), "11:49")
    with pytest.raises(CanteenError) as refused:
        services.dispose_sample(db, sample.id, disposed_at=early, disposed_by="王师傅",
                                now=at(TODAY + timedelta(3), "08:00"))
    assert refused.value.messages() == {
        "disposed_at": "The sample must be kept until 2026-11-25 11:50 (48 hours)."}
    db.rollback()
    assert db.get(Sample, sample.id).disposed_at is None
    done = services.dispose_sample(db, sample.id, disposed_at=at(TODAY + timedelta(2), "11:50"),
                                   disposed_by="王师傅", now=at(TODAY + timedelta(3), "08:00"))
    db.commit()
    assert (done.disposed_at, done.disposed_by) == (at(date(2026, 11, 25), "11:50"), "王师傅")
    with pytest.raises(CanteenError) as refused:
        services.dispose_sample(db, sample.id, disposed_at=at(TODAY + timedelta(3), "07:00"),
                                disposed_by="张三", now=at(TODAY + timedelta(3), "08:00"))
    assert refused.value.messages() == {
        "disposed_at": "The sample was already disposed of at 2026-11-25 11:50 by 王师傅."}
    db.rollback()
    assert db.get(Sample, sample.id).disposed_by == "王师傅"


def test_disposal_needs_a_person_and_a_past_time(db, org, lunch):
    sample = _record(db, org, dish_id=lunch[0].id)
    db.commit()
    with pytest.raises(CanteenError) as refused:
        services.dispose_sample(db, sample.id, disposed_at=at(TODAY + timedelta(4), "09:00"),
                                disposed_by="", now=at(TODAY + timedelta(3), "08:00"))
    assert refused.value.messages() == {"disposed_at": "The time cannot be in the future.",
                                        "disposed_by": "Enter who disposed of the sample."}
    with pytest.raises(CanteenError, match="Unknown sample."):
        services.dispose_sample(db, 10**6, disposed_at=NOW, disposed_by="x")


def test_without_counts_the_published_menu_gives_the_dishes(db, org, foods, factory):
    rice = menus.save_dish(db, name="米饭", category="staple",
                           ingredients=[IngredientIn("大米", 130)])
    egg = menus.save_dish(db, name="蒸鸡蛋", category="egg",
                          ingredients=[IngredientIn("鸡蛋", 60)])
    menu = menus.create_week(db, county_id=org.county.id, school=org.schools[0],
                             week_start=TODAY)
    for dish in (egg, rice):
        menus.add_item(db, menu, day=TODAY, meal="lunch", dish_id=dish.id)
    db.commit()
    assert services.served_dishes(db, org.schools[0].id, TODAY, "lunch") == []  # a draft
    publish_as(db, menu, factory.user("nutritionist"), factory.user("nutritionist"))
    assert services.served_dishes(db, org.schools[0].id, TODAY, "lunch") == [
        {"id": egg.id, "name": "蒸鸡蛋"}, {"id": rice.id, "name": "米饭"}]
    sample = _record(db, org, dish_id=rice.id)
    assert (sample.dish_id, sample.dish_name) == (rice.id, "米饭")

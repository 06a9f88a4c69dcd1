"""/api/v1/nutrition/foods and /foods/<code>: every column of the food, its marks, the book
file's check flags in the request's language, hidden foods on request, and the review state
(one statement for a whole page)."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, select

from nutrition import services
from nutrition.book import VALUE_COLUMNS, column_of
from nutrition.models import FoodRow
from suite import accounts
from suite.db import utcnow

COLUMNS = {column_of(c) for c in VALUE_COLUMNS if c != "edible_pct"}


@pytest.fixture
def user(factory, db):
    user = factory.user("nutritionist", username="nutri_api")
    user.display_name = "赵营养"
    db.commit()
    return user


@pytest.fixture
def api(client, user, org, foods, db):
    token = accounts.create_token(db, user)
    db.commit()

    def get(url):
        response = client.get(url, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, url
        return response.get_json()
    return get


def food_id(db, code):
    return db.scalar(select(FoodRow.id).where(FoodRow.code == code))


def test_every_column_of_a_book_food_with_its_marks(api):
    oil = api("/api/v1/nutrition/foods/192001")  # 菜籽油 [青油], hand-read too
    values = oil["per_100g_edible"]
    assert set(values) == COLUMNS and len(values) == 30
    assert (values["energy_kcal"], values["energy_kj"], values["fat_g"]) == (899, 3761, 99.9)
    assert (values["protein_g"], values["fibre_g"], values["selenium_ug"]) == (0, None, None)
    assert (values["vitamin_e_total_mg"], values["vitamin_e_alpha_mg"],
            values["vitamin_e_beta_gamma_mg"], values["vitamin_e_delta_mg"]) == \
        (60.89, 10.81, 38.21, 11.87)
    assert (values["potassium_mg"], values["sodium_mg"], values["manganese_mg"]) == (2, 7, 0.11)
    assert oil["edible_fraction"] == 1 and oil["hidden"] is False
    assert oil["marks"] == {
        "energy_kcal": "*", "energy_kj": "*", "protein_g": "Tr", "fibre_g": "—",
        "cholesterol_mg": "—", "ash_g": "Tr", "vitamin_a_ug_rae": "—", "carotene_ug": "—",
        "retinol_ug": "Tr", "thiamin_mg": "Tr", "riboflavin_mg": "Tr", "niacin_mg": "Tr",
        "vitamin_c_mg": "—", "selenium_ug": "—"}
    assert (oil["book_group"], oil["book_subgroup"], oil["remark"]) == ("植物油", "", "")
    assert oil["check_flags"] == [] and oil["certainty"] == "reference"
    assert oil["trace"] == ["protein_g", "riboflavin_mg", "thiamin_mg"]
    assert oil["review"] == {"state": "unreviewed", "by": None, "at": None, "page": None,
                             "column": None, "note": None}


def test_a_row_with_nothing_but_its_name(api):
    seed = api("/api/v1/nutrition/foods/192011")  # 麻子籽
    assert all(v is None for v in seed["per_100g_edible"].values())
    assert seed["edible_fraction"] is None and seed["marks"]["energy_kcal"] == "?"
    assert [f["code"] for f in seed["check_flags"]] == ["edible_range"]


def test_flags_are_labelled_in_chinese_by_default(api):
    body = api("/api/v1/nutrition/foods/031519")  # 豆肝尖
    assert [f["code"] for f in body["check_flags"]] == [
        "kj_vs_kcal", "proximate_sum", "energy_vs_macros", "edible_range"]
    assert body["check_flags"][2]["label"] == "能量与宏量营养素不符，请核对原书"
    assert body["marks"]["edible_fraction"] == "—" and body["remark"] == "青岛"
    assert (body["book_group"], body["book_subgroup"]) == ("干豆类及其制品", "大豆")


def test_flags_are_labelled_in_english_when_asked(en, api):
    body = api("/api/v1/nutrition/foods/031519")
    assert body["check_flags"][2]["label"] == \
        "Energy does not agree with the macronutrients: check against the printed book"


def test_infant_foods_only_with_include_hidden(api):
    body = api("/api/v1/nutrition/foods?q=米粉（贝因美")
    assert not any(f["hidden"] for f in body["foods"])
    body = api("/api/v1/nutrition/foods?q=米粉（贝因美&include_hidden=1")
    hidden = [f for f in body["foods"] if f["hidden"]]
    assert len(hidden) == 2 and {f["book_group"] for f in hidden} == {"婴幼儿食品"}
    assert body["total"] == len(body["foods"])
    everything = api("/api/v1/nutrition/foods?include_hidden=1&limit=1")["total"]
    assert everything == api("/api/v1/nutrition/foods?limit=1")["total"] + 192


def test_the_review_state_with_who_when_and_page(api, user, foods):
    egg, rice = food_id(foods, "111101x"), food_id(foods, "012001x")
    services.confirm_food(foods, egg, page=118, note="与原书一致", user_id=user.id)
    services.confirm_food(foods, rice, page=20, user_id=user.id)
    services.correct_value(foods, rice, "iron_mg", "1.2", page=21, note="原书 1.2",
                           user_id=user.id)
    foods.commit()
    body = api("/api/v1/nutrition/foods/111101x")["review"]
    assert (body["state"], body["by"], body["page"], body["column"], body["note"]) == \
        ("confirmed", "赵营养", 118, None, "与原书一致")
    at = datetime.fromisoformat(body["at"]).replace(tzinfo=None)
    assert abs(at - utcnow().replace(tzinfo=None)) < timedelta(minutes=10)
    body = api("/api/v1/nutrition/foods/012001x")
    assert body["review"]["state"] == "corrected" and body["review"]["page"] == 21
    assert body["review"]["column"] == "iron_mg" and body["per_100g_edible"]["iron_mg"] == 1.2
    page = api("/api/v1/nutrition/foods?q=大米")["foods"]
    assert page[0]["code"] == "012001x" and page[0]["review"]["state"] == "corrected"


def test_one_statement_for_the_review_states_of_a_page(api, user, foods):
    services.confirm_food(foods, food_id(foods, "111101x"), page=118, user_id=user.id)
    foods.commit()
    statements = []

    def count(_conn, _cursor, statement, *_args):
        if "nutrition_food_review" in statement:
            statements.append(statement)
    engine = foods.get_bind().engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        body = api("/api/v1/nutrition/foods?limit=200&include_hidden=1")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(body["foods"]) == 200 and len(statements) == 1
    assert sum(f["review"]["state"] == "confirmed" for f in body["foods"]) == \
        int(any(f["code"] == "111101x" for f in body["foods"]))

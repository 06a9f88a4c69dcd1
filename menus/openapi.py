"""OpenAPI description of the menus plugin's JSON API (menus/api.py): dishes, weekly menus,
their workflow and printout; 建议, 修正 and 采用 (menus/api_suggest.py) are described in
menus/openapi_suggest.py. Assembled into /api/v1/openapi.json by suite/openapi.py."""
from __future__ import annotations

from suite.openapi import (DATE, file_response, json_body, ok, operation, path_int, query, ref,
                           refusal)
from suite.vocabulary import AGE_BANDS, MEALS

from . import openapi_suggest
from .models import CATEGORIES, ROLES, STATUSES

TAG = "menus"
PREFIX = "/api/v1/menus"
STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
NULL_STRING = {"type": "string", "nullable": True}
MONEY = {"type": "string", "description": "Yuan, to the fen (e.g. \"4.50\")."}
NULL_MONEY = {**MONEY, "nullable": True}
MEAL = {"type": "string", "enum": list(MEALS)}
BAND = {"type": "string", "enum": list(AGE_BANDS)}
MENU_ID = path_int("menu_id", "The weekly menu's id.")

DISH = {"type": "object", "required": [
    "id", "name", "category", "role", "tags", "spicy", "aliases", "meals", "main_food",
    "cooking_method", "base_band", "band_factors", "ingredients"], "properties": {
    "id": INTEGER, "name": STRING, "category": {"type": "string", "enum": list(CATEGORIES)},
    "role": {"type": "string", "enum": list(ROLES), "description": "The solver's slot."},
    "tags": {"type": "array", "items": STRING, "description": "Computed from the foods."},
    "spicy": BOOLEAN, "aliases": {"type": "array", "items": STRING},
    "meals": {"type": "array", "items": MEAL, "description": "The meals the dish suits."},
    "main_food": {**NULL_STRING, "description": "The main ingredient's food code; null: "
                                                "the heaviest is meant."},
    "cooking_method": STRING, "base_band": STRING,
    "band_factors": {"type": "object", "additionalProperties": {"type": "number"},
                     "description": "Age band -> portion factor."},
    "ingredients": {"type": "array", "items": {
        "type": "object", "required": ["food", "grams", "band"], "properties": {
            "food": {**STRING, "description": "The food's code."},
            "grams": {**STRING, "description": "Raw grams per serving (a decimal, e.g. "
                                               "\"80.0\")."},
            "band": {**NULL_STRING, "description": "The age band of a band's own row; null: "
                                                  "the base band's, scaled to the others."}}}},
}}

DISH_BODY = {"type": "object", "required": ["name", "category", "ingredients"], "properties": {
    "name": {"type": "string", "minLength": 1, "description": "Kept to 60 characters."},
    "category": {"type": "string", "enum": list(CATEGORIES)},
    "role": {"type": "string", "enum": list(ROLES),
             "description": "Default: the category's (meat and egg: main)."},
    "spicy": {"type": "boolean", "default": False},
    "aliases": {"oneOf": [{"type": "array", "items": STRING}, STRING],
                "description": "Other names: a list, or one text separated by \"、\" or \",\" "
                               "(at most 200 characters joined)."},
    "meals": {"oneOf": [{"type": "array", "items": MEAL, "minItems": 1}, STRING],
              "description": "The meals the dish suits: a list or a comma-separated text "
                             "(default lunch and dinner)."},
    "main_food": {"type": "string", "description": "The main ingredient: the code or name of "
                                                   "one of the dish's foods."},
    "cooking_method": {"type": "string", "description": "Kept to 60 characters."},
    "notes": STRING,
    "base_band": {**BAND, "default": "9-11",
                  "description": "The age band the ingredient grams are entered for."},
    "band_factors": {"type": "object", "description": "Age band -> portion factor from 0.1 "
                     "to 5 (defaults 0.8, 1, 1.15, 1.3).",
                     "properties": {b: {"type": "number", "minimum": 0.1, "maximum": 5}
                                    for b in AGE_BANDS}},
    "ingredients": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["food", "grams"], "properties": {
            "food": {"type": "string", "description": "A food's code, name or alias."},
            "grams": {"oneOf": [{"type": "number", "exclusiveMinimum": True, "minimum": 0,
                                 "maximum": 2000}, STRING],
                      "description": "Raw grams per serving, above 0 and at most 2000 "
                                     "(rounded to 0.1)."},
            "band": {**BAND, "nullable": True,
                     "description": "A row for this age band only; null: the base band."}}}},
}}

COST = {"type": "object", "required": ["amount", "complete", "missing", "price_date"],
        "properties": {
            "amount": MONEY,
            "complete": {**BOOLEAN, "description": "Every food has a price."},
            "missing": {"type": "array", "items": STRING,
                        "description": "Foods without a price (left out of the amount)."},
            "price_date": {**DATE, "nullable": True,
                           "description": "The most recent price date used."}}}

WEEK = {"type": "object", "required": [
    "id", "school_id", "week_start", "revision", "status", "meals", "standard", "eaters",
    "days", "week", "average_cost"], "properties": {
    "id": INTEGER,
    "school_id": {"type": "integer", "nullable": True, "description": "Null: a county "
                                                                     "template."},
    "week_start": DATE, "revision": INTEGER,
    "status": {"type": "string", "enum": list(STATUSES)},
    "meals": {"type": "array", "items": MEAL},
    "standard": {**STRING, "description": "The county's nutrition standard's code."},
    "eaters": {"type": "array", "items": {
        "type": "object", "required": ["age_band", "sex", "count"], "properties": {
            "age_band": STRING, "sex": {"type": "string", "enum": ["M", "F"]},
            "count": INTEGER}}},
    "days": {"type": "array", "items": {
        "type": "object", "required": ["date", "meals", "analysis", "cost_per_serving",
                                       "subsidy_rate"],
        "properties": {
            "date": DATE,
            "meals": {"type": "object", "description": "Meal -> its dishes and analysis "
                      "(only the meals with dishes).", "additionalProperties": {
                          "type": "object", "required": ["dishes", "analysis"],
                          "properties": {
                              "dishes": {"type": "array", "items": {
                                  "type": "object", "required": ["id", "name", "servings"],
                                  "properties": {"id": {**INTEGER, "description": "Dish id."},
                                                 "name": STRING, "servings": INTEGER}}},
                              "analysis": {"allOf": [ref("NutritionAnalysis")],
                                           "nullable": True}}}},
            "analysis": {"allOf": [ref("NutritionAnalysis")], "nullable": True,
                         "description": "The day's; null on a day without dishes."},
            "cost_per_serving": ref("MenusCost"),
            "subsidy_rate": {**NULL_MONEY, "description": "The meal subsidy per pupil that "
                                                         "day; null: none in force."}}}},
    "week": {"allOf": [ref("NutritionAnalysis")], "nullable": True,
             "description": "The average served day; null for a week without dishes."},
    "average_cost": {**NULL_MONEY, "description": "Mean cost per serving of the served days."},
}}

STEP = {"type": "object", "required": ["id", "status"], "properties": {
    "id": INTEGER, "status": {"type": "string", "enum": list(STATUSES)}}}


def _step(summary: str) -> dict:
    return {"post": operation(
        summary, tag=TAG, parameters=[MENU_ID],
        description="409 with `errors.status` when the menu is not in the state the step "
                    "needs (or the county requires a second person to approve).",
        responses={**ok(STEP), **refusal(403, 404, 409)})}


PATHS = {
    f"{PREFIX}/dishes": {
        "get": operation(
            "Active dishes (at most 200), by category and name", tag=TAG,
            parameters=[
                query("q", "Text in the name, an alias or the cooking method."),
                query("category", "Only this category (another value: every category).",
                      type="string", enum=list(CATEGORIES)),
            ],
            responses={**ok({"type": "object", "required": ["dishes"], "properties": {
                "dishes": {"type": "array", "items": ref("MenusDish")}}}),
                **refusal(403)}),
        "post": operation(
            "Create a dish: a quantified recipe", tag=TAG,
            description="Tags are computed from the foods. Every bad field is named in "
                        "`errors` (e.g. `ingredients[0].grams`).",
            body=json_body(DISH_BODY),
            responses={**ok(ref("MenusDish"), "The dish as stored", 201),
                       **refusal(400, 403)}),
    },
    f"{PREFIX}/weeks": {"get": operation(
        "A school's current weekly menu with the planner's analysis and cost", tag=TAG,
        description="The newest live revision of the week that holds `week`, snapped to its "
                    "Monday (`note` says so when the date was another day).",
        parameters=[
            query("school", "The school's id; a school role's own school by default, "
                  "required for the other roles.", type="integer", minimum=1),
            query("week", "Any day of the week (default: today).", **DATE),
            query("band", "Analyse for one age band (boys and girls) instead of the school's "
                  "enrolment; another value is ignored.", type="string",
                  enum=list(AGE_BANDS)),
        ],
        responses={**ok({"type": "object", "required": ["week_start", "weeks"], "properties": {
            "week_start": DATE,
            "weeks": {"type": "array", "maxItems": 1, "items": ref("MenusWeek"),
                      "description": "The live menu of that week, or none."},
            "note": {**STRING, "description": "Present when the date was moved to its "
                                              "Monday."}}}),
            **refusal(400, 403, 404)})},
    f"{PREFIX}/weeks/{{menu_id}}/submit": _step("Submit a draft menu for approval"),
    f"{PREFIX}/weeks/{{menu_id}}/approve": _step("Approve a submitted menu"),
    f"{PREFIX}/weeks/{{menu_id}}/publish": _step(
        "Publish an approved menu (its previous published revision is superseded)"),
    f"{PREFIX}/weeks/{{menu_id}}.pdf": {"get": operation(
        "The printed weekly menu", tag=TAG, parameters=[MENU_ID],
        responses={**file_response("application/pdf", "The menu as a PDF"),
                   **refusal(403, 404)})},
    **openapi_suggest.paths(PREFIX, TAG, MENU_ID),
}

SCHEMAS = {"MenusDish": DISH, "MenusCost": COST, "MenusWeek": WEEK,
           **openapi_suggest.SCHEMAS}

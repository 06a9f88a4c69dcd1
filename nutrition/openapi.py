"""OpenAPI description of the nutrition plugin's JSON API (nutrition/api.py): foods, the
standards and the quick analysis. Assembled into /api/v1/openapi.json by suite/openapi.py."""
from __future__ import annotations

from suite.openapi import json_body, ok, operation, path_str, query, ref, refusal
from suite.vocabulary import AGE_BANDS, MEALS, SEXES

from . import book
from .engine import MAX_GRAMS
from .foods import CERTAINTIES, FOOD_GROUPS, NUTRIENTS

TAG = "nutrition"
PREFIX = "/api/v1/nutrition"
STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
NUMBER = {"type": "number"}
NULL_NUMBER = {"type": "number", "nullable": True}
NULL_STRING = {"type": "string", "nullable": True}
LEVEL = {"type": "string", "enum": ["low", "ok", "high"], "nullable": True}
VALUE_COLUMNS = [book.column_of(c) for c in book.VALUE_COLUMNS if c != "edible_pct"]

REVIEW = {"type": "object", "required": ["state", "by", "at", "page", "column", "note"],
          "properties": {
              "state": {"type": "string", "enum": ["unreviewed", "confirmed", "corrected"]},
              "by": {**NULL_STRING, "description": "The reviewer's name."},
              "at": {**NULL_STRING, "description": "When (ISO 8601, UTC, no offset)."},
              "page": {"type": "integer", "nullable": True,
                       "description": "The printed book's page."},
              "column": {**NULL_STRING, "description": "The corrected column (null for a "
                                                       "confirmation)."},
              "note": NULL_STRING}}

FOOD = {"type": "object", "required": [
    "code", "name", "aliases", "food_group", "edible_fraction", "per_100g_edible", "trace",
    "marks", "check_flags", "hidden", "review"], "properties": {
    "code": STRING, "name": STRING, "aliases": {"type": "array", "items": STRING},
    "food_group": {"type": "string", "enum": list(FOOD_GROUPS)},
    "dark_vegetable": BOOLEAN, "liver": BOOLEAN,
    "edible_fraction": {**NULL_NUMBER, "description": "Edible share (0-1]; null where the "
                                                      "book prints \"—\"."},
    "energy_kj": NULL_NUMBER,
    "per_100g_edible": {
        "type": "object", "description": "Every value column per 100 g edible portion; null "
        "where the book prints \"—\" or has no readable value.",
        "properties": {c: NULL_NUMBER for c in VALUE_COLUMNS}},
    "trace": {"type": "array", "items": STRING,
              "description": "Columns printed as trace (Tr), stored as 0."},
    "marks": {"type": "object", "additionalProperties": STRING,
              "description": "Column -> \"—\", \"Tr\", \"?\" or a footnote mark such as \"*\"."},
    "check_flags": {"type": "array", "items": {
        "type": "object", "required": ["code", "label"],
        "properties": {"code": STRING, "label": STRING}}},
    "hidden": {**BOOLEAN, "description": "Hidden from pickers by default (infant foods)."},
    "book_group": STRING, "book_subgroup": STRING, "remark": STRING, "source": STRING,
    "certainty": {"type": "string", "enum": list(CERTAINTIES)}, "notes": STRING,
    "review": ref("NutritionReview"),
}}

STANDARD = {"type": "object", "required": ["code", "name", "age_bands", "daily"],
            "description": "A nutrition standard document as loaded (WS/T 554 or a file).",
            "properties": {
                "code": STRING, "name": STRING,
                "age_bands": {"type": "array", "items": STRING},
                "daily": {"type": "object", "description": "Nutrient -> age band -> sex -> "
                                                           "daily amount."},
                "tolerance": {"type": "object"}, "minimum_share": NUMBER,
                "energy_share": {"type": "object"}, "meal_share": {"type": "object"},
                "meal_target_share": {"type": "object"}, "food_groups": {"type": "object"},
                "principles": {"type": "object"}}}

CHECK = {"type": "object", "required": ["code", "ok", "value", "limit", "status"],
         "properties": {
             "code": STRING, "ok": BOOLEAN, "value": NULL_NUMBER, "limit": STRING,
             "source": STRING, "day_rule": BOOLEAN, "scaled": BOOLEAN,
             "status": {"type": "string", "enum": ["ok", "failed", "to_complete"]}}}

ANALYSIS = {
    "type": "object", "description": "A meal, a day or a week's average day against the "
    "targets of the meals served.",
    "required": ["meal", "nutrients", "energy_share", "energy_share_status", "food_groups",
                 "other_groups", "distinct_foods", "broad_groups", "checks"],
    "properties": {
        "meal": {"type": "string", "enum": [*MEALS, "day", "week"]},
        "nutrients": {"type": "array", "items": {
            "type": "object", "required": ["nutrient", "amount", "target", "status"],
            "properties": {
                "nutrient": {"type": "string", "enum": list(NUTRIENTS)},
                "amount": NULL_NUMBER, "target": NULL_NUMBER,
                "percent": {**NULL_NUMBER, "description": "Of the target."},
                "low": NULL_NUMBER, "high": NULL_NUMBER, "status": LEVEL,
                "incomplete": {**BOOLEAN, "description": "A food has no value for it."},
                "doubtful": BOOLEAN, "uncertain_target": BOOLEAN}}},
        "energy_share": {"type": "object", "properties": {
            k: NULL_NUMBER for k in ("protein", "fat", "carbohydrate")}},
        "energy_share_status": {"type": "object", "properties": {
            k: LEVEL for k in ("fat", "carbohydrate")}},
        "food_groups": {"type": "array", "items": {
            "type": "object", "required": ["group", "grams", "low", "high", "status"],
            "properties": {
                "group": STRING, "grams": NULL_NUMBER, "low": NULL_NUMBER,
                "high": NULL_NUMBER, "status": LEVEL, "uncertain": BOOLEAN,
                "day_amount_shared": BOOLEAN}}},
        "other_groups": {"type": "object", "additionalProperties": NULL_NUMBER,
                         "description": "Grams of the groups the standard does not judge."},
        "distinct_foods": INTEGER, "broad_groups": INTEGER,
        "checks": {"type": "array", "items": CHECK},
    }}

ANALYZE_BODY = {"type": "object", "required": ["eaters", "items"], "properties": {
    "standard": {**NULL_STRING, "description": "A standard's code; the default (WS/T 554) "
                                               "when missing or null."},
    "meal": {"type": "string", "enum": [*MEALS, "day"], "default": "day"},
    "eaters": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["age_band", "sex"], "properties": {
            "age_band": {"type": "string", "description": "One of the standard's age bands, "
                                                          "e.g. " + ", ".join(AGE_BANDS)},
            "sex": {"type": "string", "enum": list(SEXES)},
            "count": {"type": "integer", "minimum": 0, "maximum": 2 ** 31 - 1,
                      "default": 1}}},
        "description": "Who eats: at least one with a count above 0."},
    "items": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["food", "grams"], "properties": {
            "food": {"type": "string", "description": "A food's code."},
            "grams": {"type": "number", "exclusiveMinimum": True, "minimum": 0,
                      "maximum": MAX_GRAMS, "description": "Raw grams per serving."}}}},
}}

PATHS = {
    f"{PREFIX}/foods": {"get": operation(
        "A page of foods, searched by name, alias, code, pinyin or initials", tag=TAG,
        parameters=[
            query("q", "Search text; all foods by code when empty."),
            query("group", "Only this food group (an unknown group matches nothing).",
                  type="string", enum=list(FOOD_GROUPS)),
            query("limit", "Foods per page (values outside 1..500 are clamped).",
                  type="integer", minimum=1, maximum=500, default=50),
            query("offset", "Foods to skip (a negative value counts as 0).",
                  type="integer", minimum=0, default=0),
            query("include_hidden", "Include the foods hidden by default (infant foods): "
                  "1, true or yes.", type="boolean", default=False),
        ],
        responses={**ok({"type": "object", "required": ["total", "foods"], "properties": {
            "total": {**INTEGER, "description": "Foods matching, over every page."},
            "foods": {"type": "array", "items": ref("NutritionFood")}}}),
            **refusal(403)})},
    f"{PREFIX}/foods/{{code}}": {"get": operation(
        "One food with every column, its marks, check flags and review state", tag=TAG,
        parameters=[path_str("code", "The food's code.", maxLength=20)],
        responses={**ok(ref("NutritionFood")), **refusal(403, 404)})},
    f"{PREFIX}/standards": {"get": operation(
        "The nutrition standards: built in and loaded from files", tag=TAG,
        responses={**ok({"type": "object", "required": ["standards"], "properties": {
            "standards": {"type": "array", "items": ref("NutritionStandard")}}}),
            **refusal(403)})},
    f"{PREFIX}/analyze": {"post": operation(
        "Analyse a meal or a day of foods against a standard for a mix of eaters", tag=TAG,
        description="The same analysis as the quick analysis page; nothing is stored. Every "
                    "bad field is named in `errors` (e.g. `items[0].grams`).",
        body=json_body(ANALYZE_BODY),
        responses={**ok({"allOf": [ref("NutritionAnalysis"), {
            "type": "object", "required": ["standard"], "properties": {
                "standard": {**STRING, "description": "The code of the standard used."}}}]}),
            **refusal(400, 403)})},
}

SCHEMAS = {"NutritionFood": FOOD, "NutritionReview": REVIEW, "NutritionStandard": STANDARD,
           "NutritionAnalysis": ANALYSIS}

"""OpenAPI description of the canteen plugin's JSON API (canteen/api.py), assembled into
/api/v1/openapi.json by suite/openapi.py."""
from __future__ import annotations

from suite.openapi import (DATE, json_body, ok, operation, path_int, path_str, query, ref,
                           refusal)
from suite.vocabulary import MEALS

from .api import MAX_DAYS
from .count_checks import MAX_COUNT
from .days import CODES

TAG = "canteen"
C = "/api/v1/canteen"
MEAL_PATH = C + "/meals/{school_id}/{day}/{meal}"


def money_text(description: str) -> dict:
    return {"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$",
            "description": description + " (yuan, two decimals, as text)"}


def whole(description: str) -> dict:
    """A head count the API accepts as a JSON integer or as ASCII digits."""
    return {"description": description, "anyOf": [
        {"type": "integer", "minimum": 0, "maximum": MAX_COUNT},
        {"type": "string", "pattern": r"^\s*[0-9]{1,10}\s*$"}]}


PLACE = [path_int("school_id", "The school's id"),
         path_str("day", "The day of the meal (any other text answers 404)", format="date"),
         path_str("meal", "The meal (any other text answers 404)", enum=list(MEALS))]

DISH = {"type": "object", "required": ["id", "name"], "properties": {
    "id": {"type": "integer"}, "name": {"type": "string"}}}

MEAL_COUNT = {"type": "object", "required": [
    "id", "school_id", "day", "meal", "version", "students", "plan_students", "teachers",
    "grades", "dishes", "menu_id", "menu_dishes", "menu_changed", "menu_revised",
    "change_note", "make_up_reason", "repeat_confirmed", "updated_by", "updated_at"],
    "properties": {
    "id": {"type": "integer"}, "school_id": {"type": "integer"}, "day": DATE,
    "meal": {"type": "string", "enum": list(MEALS)},
    "version": {"type": "integer", "minimum": 1,
                "description": "Send it back with the next edit"},
    "students": {"type": "integer", "minimum": 0, "description": "Sum of the grades"},
    "plan_students": {"type": "integer", "minimum": 0,
                      "description": "Nutrition-plan students among them"},
    "teachers": {"type": "integer", "minimum": 0, "description": "Teachers and staff"},
    "grades": {"type": "array", "items": {"type": "object", "required": [
        "grade", "students", "plan_students", "enrolled", "plan_enrolled"], "properties": {
        "grade": {"type": "integer", "minimum": 1, "maximum": 9},
        "students": {"type": "integer"}, "plan_students": {"type": "integer"},
        "enrolled": {"type": "integer", "description": "On the roll that day"},
        "plan_enrolled": {"type": "integer",
                          "description": "In the nutrition plan that day"}}}},
    "dishes": {"type": "array", "items": ref("CanteenDish"), "description": "Dishes served"},
    "menu_id": {"type": "integer", "nullable": True,
                "description": "The published menu followed"},
    "menu_dishes": {"type": "array", "items": ref("CanteenDish"),
                    "description": "The dishes of the published menu for the meal"},
    "menu_changed": {"type": "boolean", "description": "The dishes differ from the menu's"},
    "menu_revised": {"type": "boolean",
                     "description": "The menu was revised since the counts were saved"},
    "change_note": {"type": "string"}, "make_up_reason": {"type": "string"},
    "repeat_confirmed": {"type": "boolean"},
    "updated_by": {"type": "integer", "nullable": True, "description": "A user's id"},
    "updated_at": {"type": "string", "nullable": True,
                   "description": "ISO 8601 date and time (UTC)"},
}}

GRADE_IN = {"anyOf": [
    {"type": "object", "required": ["students", "plan_students"], "properties": {
        "students": whole("Students served"),
        "plan_students": whole("Nutrition-plan students among them")}},
    {"type": "array", "minItems": 2, "maxItems": 2, "items": whole("students, plan_students"),
     "description": "[students, plan_students]"}]}

COUNTS_IN = {"type": "object", "required": ["grades", "teachers"], "properties": {
    "grades": {"type": "object", "additionalProperties": GRADE_IN,
               "description": "Grade (\"1\" … \"9\", one the school has that day) -> its "
                              "counts; no more than enrolled, plan students no more than in "
                              "the plan"},
    "teachers": whole("Teachers and staff who ate"),
    "version": {"type": "integer", "nullable": True, "minimum": 1,
                "description": "The version edited; left out or null to create the record"},
    "dishes": {"type": "array", "nullable": True, "items": {"type": "integer", "minimum": 1},
               "description": "Dish ids served; left out or null: the published menu's"},
    "change_note": {"type": "string", "description": "Required when the dishes differ from "
                                                     "the menu's (kept to 200 characters)"},
    "make_up_reason": {"type": "string", "description": "Required when the day is not a "
                                                        "school day (kept to 200 characters)"},
    "confirm_repeat": {"type": "boolean", "description": "Confirm counts identical to the "
                                                         "school days before"},
}}

STALE = {"allOf": [ref("Error"), {"type": "object", "required": ["current"], "properties": {
    "current": {"allOf": [ref("CanteenMealCount")], "nullable": True,
                "description": "The record as saved now (null: deleted meanwhile)"}}}]}

ISSUES_IN = {"type": "object", "required": ["issues"], "properties": {
    "issues": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["food", "grams"], "properties": {
            "food": {"type": "string", "maxLength": 60,
                     "description": "A food code, each food once"},
            "grams": {"description": "Above 0, at most one decimal, at most what is on hand",
                      "anyOf": [{"type": "number", "minimum": 0, "exclusiveMinimum": True},
                                {"type": "string"}]}}}}}}

ISSUED = {"type": "object", "required": ["school_id", "date", "meal", "moves", "cost"],
          "properties": {
    "school_id": {"type": "integer"}, "date": DATE,
    "meal": {"type": "string", "enum": list(MEALS)},
    "moves": {"type": "array", "items": {
        "type": "object", "required": ["id", "food", "grams", "value"], "properties": {
            "id": {"type": "integer", "description": "The stock move's id"},
            "food": {"type": "string"},
            "grams": {"type": "string", "description": "Grams issued, as text"},
            "value": money_text("Cost at the moving average")}}},
    "cost": {"type": "object", "required": ["food_cost", "student_cost", "teacher_cost"],
             "properties": {"food_cost": money_text("The meal's food cost so far"),
                            "student_cost": money_text("The students' share"),
                            "teacher_cost": money_text("The teachers' share")}},
}}

DAY_MEAL = {"type": "object", "required": [
    "meal", "counted", "students", "plan_students", "teachers", "version", "food_cost",
    "student_cost", "teacher_cost", "issued", "over_tolerance", "missing"], "properties": {
    "meal": {"type": "string", "enum": list(MEALS)}, "counted": {"type": "boolean"},
    "students": {"type": "integer"}, "plan_students": {"type": "integer"},
    "teachers": {"type": "integer"},
    "version": {"type": "integer", "nullable": True, "description": "null: not counted"},
    "food_cost": money_text("Food cost"), "student_cost": money_text("The students' share"),
    "teacher_cost": money_text("The teachers' share"),
    "issued": {"type": "boolean", "description": "Food was issued to the meal"},
    "over_tolerance": {"type": "array", "items": {"type": "string"},
                       "description": "Foods issued beyond the tolerance of the plan"},
    "missing": {"type": "array", "items": {"type": "string", "enum": list(CODES)},
                "description": "Records the meal still lacks"},
}}

DAYS = {"type": "object", "required": ["school_id", "from", "to", "days"], "properties": {
    "school_id": {"type": "integer"}, "from": DATE, "to": DATE,
    "days": {"type": "array", "items": {
        "type": "object", "required": ["date", "school_day", "meals"], "properties": {
            "date": DATE, "school_day": {"type": "boolean"},
            "meals": {"type": "array", "items": ref("CanteenDayMeal")}}}},
}}

SCHEMAS = {"CanteenDish": DISH, "CanteenMealCount": MEAL_COUNT, "CanteenCountsIn": COUNTS_IN,
           "CanteenStaleCount": STALE, "CanteenIssuesIn": ISSUES_IN, "CanteenIssued": ISSUED,
           "CanteenDayMeal": DAY_MEAL, "CanteenDays": DAYS}

PATHS = {
    MEAL_PATH: {
        "get": operation(
            "The counts of one meal", tag=TAG, parameters=PLACE,
            responses={**ok(ref("CanteenMealCount")), **refusal(400, 403, 404)}),
        "put": operation(
            "Create or edit the counts of one meal", tag=TAG, parameters=PLACE,
            body=json_body(ref("CanteenCountsIn")),
            description="Create with no `version`, edit with the version read. A 400 gives a "
                        "message per field (`grade_3`, `teachers`, ...); a 409 answers a save "
                        "made on an older version, with the record as it is now.",
            responses={**ok(ref("CanteenMealCount"), "Edited"),
                       **ok(ref("CanteenMealCount"), "Created", 201),
                       **refusal(400, 403, 404, 413),
                       "409": {"description": "The counts changed since `version`",
                               "content": {"application/json": {
                                   "schema": ref("CanteenStaleCount")}}}}),
    },
    MEAL_PATH + "/issues": {"post": operation(
        "Issue food to a counted meal (all or nothing)", tag=TAG, parameters=PLACE,
        body=json_body(ref("CanteenIssuesIn")),
        description="Refused (400) for a school supplied ready-made, a future day, a meal "
                    "not counted yet, an unknown or repeated food, or more than is on hand; "
                    "a message per field (`issues[0].grams`).",
        responses={**ok(ref("CanteenIssued"), "The stock moves and the meal's cost", 201),
                   **refusal(400, 403, 404, 413)})},
    C + "/days": {"get": operation(
        f"A school's days at a glance (at most {MAX_DAYS} days)", tag=TAG,
        parameters=[query("school", "The school's id", required=True, type="integer",
                          minimum=1, maximum=2**31 - 1),
                    query("from", "The first day", required=True, **DATE),
                    query("to", "The last day", required=True, **DATE)],
        description="Each calendar day that is a school day or has records, with each "
                    "served meal's counts, cost and what it still lacks.",
        responses={**ok(ref("CanteenDays")), **refusal(400, 403, 404)})},
}

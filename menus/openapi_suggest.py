"""OpenAPI description of 建议, 修正 and 采用 (menus/api_suggest.py): the solver's proposals
for a weekly menu and writing one into the draft. Part of menus/openapi.py."""
from __future__ import annotations

from suite.openapi import DATE, json_body, ok, operation, ref, refusal
from suite.vocabulary import MEALS

from .api_suggest import MAX_TIME_LIMIT
from .models import ROLES

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NULL_NUMBER = {"type": "number", "nullable": True}
DISH_ID = {"type": "integer", "minimum": 1, "maximum": 2 ** 31 - 1}

OPTIONS = {"type": "object", "properties": {
    "budget": {"oneOf": [{"type": "string"}, {"type": "number", "exclusiveMinimum": True,
                                                "minimum": 0}],
               "nullable": True,
               "description": "Cost limit per serving and day in yuan, above zero (e.g. "
                              "\"4.50\", \"¥4.5\" or 4.5); missing, null or \"\": each day's "
                              "subsidy rate."},
    "objective": {"type": "string", "enum": ["cost", "nutrients"], "default": "cost",
                  "description": "cost: the cheapest week that meets every check within the "
                                 "cost limit. nutrients: of those weeks, the one with the best "
                                 "nutrient score, the cheaper between equal scores (a county "
                                 "template: the best mean over its enrolment mixes). Ignored "
                                 "by 修正. Anything else: 400."},
    "time_limit": {"type": "number", "minimum": 1, "maximum": MAX_TIME_LIMIT, "default": 5,
                   "description": "Seconds the solver may take (a county template is solved "
                                  "in up to four rounds, each with this limit)."},
    "dishes": {"type": "array", "items": DISH_ID,
               "description": "Only these dishes' ids."},
    "roles": {"type": "array", "items": {"type": "string", "enum": list(ROLES)},
              "description": "Also every active dish of these roles (the options page's "
                             "全选). Anything else: 400."},
    "prefer_stock": {"type": "boolean", "default": False,
                     "description": "Count the school's stock on hand as already paid for, at "
                                    "its ledger cost, so that a week uses it; the cost limit "
                                    "stays at the planner's prices (ignored for a county "
                                    "template). Anything but true or false: 400."},
}}

PROPOSAL = {"type": "object", "required": [
    "status", "proven", "message", "reasons", "fingerprint", "items", "days", "average_cost",
    "objective", "nutrient_score", "week", "failures", "gap", "bound", "lp_bound", "seconds",
    "changes", "excluded", "stock_used"],
    "properties": {
        "status": {"type": "string",
                   "enum": ["optimal", "feasible", "relaxed", "infeasible", "unverified"],
                   "description": "relaxed: no week meets every check, this one misses them "
                                  "least; infeasible and unverified propose nothing."},
        "proven": {"type": "boolean",
                   "description": "False when the time ran out before the answer was proven."},
        "message": {**STRING, "description": "The status in the request's language."},
        "reasons": {"type": "array", "items": STRING,
                    "description": "What the dishes cannot fill or the week misses."},
        "fingerprint": {**STRING, "description": "Of the draft the proposal was made from: "
                                                 "send it back to accept."},
        "items": {"type": "array", "items": {
            "type": "object", "required": ["date", "meal", "dish_id", "name"], "properties": {
                "date": DATE, "meal": {"type": "string", "enum": list(MEALS)},
                "dish_id": INTEGER, "name": STRING}}},
        "days": {"type": "array", "items": {
            "type": "object", "required": ["date", "cost_per_serving", "limit"], "properties": {
                "date": DATE, "cost_per_serving": {**STRING, "description": "Yuan."},
                "limit": {**STRING, "nullable": True,
                          "description": "The day's cost limit in yuan: the budget, else the "
                                         "subsidy rate; null: neither."}}}},
        "average_cost": {**STRING, "nullable": True},
        "objective": {"type": "string", "enum": ["cost", "nutrients"],
                      "description": "What the solver optimised (修正: always cost)."},
        "nutrient_score": {**NULL_NUMBER, "description": (
            "The proposed week's nutrient score in %, whichever the objective: the mean "
            "adequacy ratio, i.e. the mean over the nutrients the standard sets a target for "
            "these pupils (energy excluded: more is not better) of min(100%, the week's "
            "average / the target). From the planner's analysis; null: no week proposed.")},
        "week": {"allOf": [ref("NutritionAnalysis")], "nullable": True},
        "failures": {"type": "array", "items": STRING,
                     "description": "Codes of the checks the proposed week still fails."},
        "gap": {**NULL_NUMBER, "description": "Proven relative gap to the best week of the "
                                              "objective; null with prefer_stock."},
        "bound": {**NULL_NUMBER, "description": "The solver's proven bound: no week costs "
                                                "less (cost), or scores more in % "
                                                "(nutrients); null with prefer_stock."},
        "lp_bound": NULL_NUMBER,
        "seconds": {"type": "number", "description": "The solver's time."},
        "changes": {"type": "integer", "nullable": True,
                    "description": "修正: the changes; a dish replaced in its meal counts once."},
        "excluded": {"type": "object", "additionalProperties": INTEGER,
                     "description": "Reason (empty, restricted, unpriced) -> dishes left out."},
        "stock_used": {"type": "array", "nullable": True, "items": {
            "type": "object", "required": ["food", "grams", "value"], "properties": {
                "food": STRING, "grams": {**STRING, "description": "Raw grams, at most what "
                                                                   "is in stock."},
                "value": {**STRING, "description": "Yuan at the stock's ledger cost."}}},
            "description": "prefer_stock: the stock on hand the week uses; otherwise null."},
        "template": {
            "type": "object", "description": "A county template's suggestion only.",
            "required": ["schools", "mixes", "solved_with", "binding", "failing", "score_low",
                         "score_low_school", "score_mean"],
            "properties": {
                "schools": {**INTEGER, "description": "Schools whose mixes were checked."},
                "mixes": {**INTEGER, "description": "Distinct enrolment mixes among them."},
                "solved_with": {**INTEGER, "description": "Mixes in the final programme."},
                "binding": {**STRING, "nullable": True,
                            "description": "The school whose mix leaves the least margin."},
                "failing": {"type": "array", "items": STRING,
                            "description": "Schools whose mix the week still fails."},
                "score_low": {**NULL_NUMBER, "description": "The lowest nutrient score (%) "
                                                            "of the week over the schools."},
                "score_low_school": {**STRING, "nullable": True,
                                     "description": "The school with that lowest score."},
                "score_mean": {**NULL_NUMBER, "description": "The mean nutrient score (%) "
                                                             "over the schools."}}},
    }}

ACCEPT_BODY = {"type": "object", "required": ["items", "fingerprint"], "properties": {
    "items": {"type": "array", "minItems": 1, "maxItems": 500, "items": {
        "type": "object", "required": ["date", "meal", "dish_id"], "properties": {
            "date": DATE, "meal": {"type": "string", "enum": list(MEALS)},
            "dish_id": DISH_ID}},
        "description": "The proposal's items, as it returned them."},
    "fingerprint": {**STRING, "description": "The proposal's fingerprint."},
}}

ACCEPTED = {"type": "object", "required": ["id", "items", "fingerprint"], "properties": {
    "id": INTEGER, "items": {**INTEGER, "description": "Dishes now in the draft."},
    "fingerprint": {**STRING, "description": "Of the draft as it is now."}}}

SCHEMAS = {"MenusProposal": PROPOSAL}


def _propose(summary: str, description: str, tag: str, menu_id: dict) -> dict:
    return {"post": operation(
        summary, tag=tag, parameters=[menu_id], description=description,
        body=json_body(OPTIONS),
        responses={**ok(ref("MenusProposal"), "A proposal (nothing is saved)"),
                   **refusal(400, 403, 404, 409, 503)})}


def paths(prefix: str, tag: str, menu_id: dict) -> dict:
    return {
        f"{prefix}/weeks/{{menu_id}}/suggest": _propose(
            "建议: propose the cheapest week of dishes that meets every check, or the one "
            "with the best nutrient score within the cost limit", (
                "The solver's proposal for the menu's served days; never saved. For a county "
                "template (template planners only) the week is checked against every "
                "adopting school's enrolment mix. 409 when no week can be set up (no served "
                "day, outside every term, no enrolment)."), tag, menu_id),
        f"{prefix}/weeks/{{menu_id}}/repair": _propose(
            "修正: propose the fewest changes that make the draft meet every check", (
                "The draft's dishes changed as little as possible, then as cheaply; never "
                "saved. 409 when the draft has no dishes or no served day."), tag, menu_id),
        f"{prefix}/weeks/{{menu_id}}/accept": {"post": operation(
            "采用: write a proposal's dishes into the draft", tag=tag, parameters=[menu_id],
            description="Replaces the draft's dishes. 400 when the items are not a proposal's; "
                        "409 when the menu is not a draft, changed since the proposal was "
                        "made, or the items do not fit its days, meals or active dishes.",
            body=json_body(ACCEPT_BODY),
            responses={**ok(ACCEPTED), **refusal(400, 403, 404, 409)})},
    }

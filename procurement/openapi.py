"""OpenAPI description of the procurement plugin's JSON API (procurement/api.py), assembled into
/api/v1/openapi.json by suite/openapi.py."""
from __future__ import annotations

from suite.openapi import DATE, json_body, ok, operation, path_int, query, ref, refusal

from .deliveries import MAX_PRICE, MAX_QUANTITY, MAX_UNIT_WEIGHT, TEXT_LIMITS
from .models import UNITS

TAG = "procurement"
P = "/api/v1/procurement"
MEALS = ["breakfast", "lunch", "dinner"]


def decimal_text(description: str) -> dict:
    """A decimal number the API answers as text, so no digit is lost to floating point."""
    return {"type": "string", "description": description}


def number_or_text(description: str, **bounds) -> dict:
    """A decimal number the API accepts as a JSON number or as text ("25", "5.98")."""
    return {"description": description, "anyOf": [{"type": "number", **bounds},
                                                  {"type": "string"}]}


SCHOOL_QUERY = query(
    "school", "The school's id. A school role's own school when left out; an id the user may "
    "not see, or a value that is not an id, answers 404.",
    type="integer", minimum=1, maximum=2**31 - 1)

SUPPLIER = {"type": "object", "required": [
    "id", "name", "credit_code", "licence_no", "licence_expiry", "approved", "active",
    "food_groups"], "properties": {
    "id": {"type": "integer"}, "name": {"type": "string"},
    "credit_code": {"type": "string", "description": "Unified social credit code (18)"},
    "licence_no": {"type": "string", "description": "Food business licence number"},
    "licence_expiry": DATE, "approved": {"type": "boolean"}, "active": {"type": "boolean"},
    "food_groups": {"type": "array", "items": {"type": "string"},
                    "description": "The food groups the supplier may deliver"},
}}

LINE = {"type": "object", "required": [
    "line_no", "item", "food", "quantity", "unit", "unit_weight_g", "grams", "unit_price",
    "amount", "accepted", "reject_reason", "temperature_c"], "properties": {
    "line_no": {"type": "integer", "minimum": 1},
    "item": {"type": "string", "description": "The item as written on the ticket"},
    "food": {"type": "string", "description": "The food table's code of the item"},
    "quantity": decimal_text("Quantity in `unit` (up to 3 decimals)"),
    "unit": {"type": "string", "enum": list(UNITS)},
    "unit_weight_g": {**decimal_text("Grams of one piece or box"), "nullable": True},
    "grams": decimal_text("Weight in grams (one decimal)"),
    "unit_price": decimal_text("Yuan per unit"),
    "amount": decimal_text("Yuan, to the fen"),
    "accepted": {"type": "boolean", "description": "Passed the acceptance inspection"},
    "reject_reason": {"type": "string"},
    "temperature_c": {**decimal_text("Temperature at delivery, °C"), "nullable": True},
}}

DELIVERY = {"type": "object", "required": [
    "id", "school_id", "supplier_id", "date", "invoice_no", "checker", "total",
    "accepted_total", "void", "void_reason", "lines"], "properties": {
    "id": {"type": "integer"}, "school_id": {"type": "integer"},
    "supplier_id": {"type": "integer"}, "date": DATE,
    "invoice_no": {"type": "string"}, "checker": {"type": "string"},
    "total": decimal_text("Yuan: every line"),
    "accepted_total": decimal_text("Yuan: the accepted lines (those that entered stock)"),
    "void": {"type": "boolean"}, "void_reason": {"type": "string"},
    "lines": {"type": "array", "items": ref("ProcurementDeliveryLine")},
}}

LINE_IN = {"type": "object", "required": ["quantity", "unit", "unit_price"], "properties": {
    "item": {"type": "string", "maxLength": TEXT_LIMITS["item"],
             "description": "The item as written on the ticket: a food's code, name or alias, "
                            "or a name mapped to a food before"},
    "food": {"type": "string", "description": "A food code: the food of an item the table "
                                              "does not know by that name (remembered)"},
    "quantity": number_or_text("Above 0, at most 3 decimals", exclusiveMinimum=True,
                               minimum=0, maximum=float(MAX_QUANTITY)),
    "unit": {"type": "string", "enum": list(UNITS)},
    "unit_price": number_or_text("Yuan per unit: above 0, at most 2 decimals",
                                 exclusiveMinimum=True, minimum=0, maximum=float(MAX_PRICE)),
    "unit_weight_g": number_or_text("Grams of one piece or box (units piece and box only): "
                                    "above 0, at most 1 decimal", exclusiveMinimum=True,
                                    minimum=0, maximum=float(MAX_UNIT_WEIGHT)),
    "accepted": {"type": "boolean", "default": True,
                 "description": "Only `true` accepts the line; anything else rejects it"},
    "reject_reason": {"type": "string", "maxLength": TEXT_LIMITS["reject_reason"],
                      "description": "Required when the line is rejected"},
    "temperature_c": number_or_text("-40 to 60 °C, one decimal; required for accepted "
                                    "chilled or frozen food (meat, fish, dairy)",
                                    minimum=-40, maximum=60),
}}

DELIVERY_IN = {"type": "object", "required": ["date", "supplier", "invoice_no", "checker",
                                              "lines"], "properties": {
    "school": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1,
               "description": "The school's id; else the `school` query argument, else a "
                              "school role's own school"},
    "date": {**DATE, "description": "The delivery date: in a term, not in the future"},
    "supplier": {"type": "integer", "minimum": 1,
                 "description": "An active supplier whose licence is valid on the date"},
    "invoice_no": {"type": "string", "minLength": 1, "maxLength": TEXT_LIMITS["invoice_no"]},
    "checker": {"type": "string", "minLength": 1, "maxLength": TEXT_LIMITS["checker"],
                "description": "Who inspected the delivery"},
    "lines": {"type": "array", "minItems": 1, "items": ref("ProcurementDeliveryLineIn")},
}}

ISSUE_IN = {"type": "object", "required": ["date", "meal", "food", "grams"], "properties": {
    "school": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1,
               "description": "The school's id; else the `school` query argument, else a "
                              "school role's own school"},
    "date": DATE, "meal": {"type": "string", "enum": MEALS},
    "food": {"type": "string", "maxLength": 60, "description": "The food's code"},
    "grams": number_or_text("Above 0 and at most what is on hand that day (rounded to 0.1 g)",
                            exclusiveMinimum=True, minimum=0),
    "note": {"type": "string", "description": "Kept to 200 characters"},
}}

ISSUE = {"type": "object", "required": [
    "id", "school_id", "food", "date", "meal", "grams", "value", "balance_grams",
    "balance_value"], "properties": {
    "id": {"type": "integer", "description": "The stock move's id"},
    "school_id": {"type": "integer"}, "food": {"type": "string"}, "date": DATE,
    "meal": {"type": "string", "enum": MEALS},
    "grams": decimal_text("Grams issued"),
    "value": decimal_text("Yuan: the cost at the moving average"),
    "balance_grams": decimal_text("Grams of the food left in stock (every move)"),
    "balance_value": decimal_text("Yuan of the food left in stock"),
}}

STOCK = {"type": "object", "required": ["school_id", "date", "stock", "total_value"],
         "properties": {
    "school_id": {"type": "integer"}, "date": DATE,
    "stock": {"type": "array", "items": {
        "type": "object", "required": ["food", "name", "grams", "value"], "properties": {
            "food": {"type": "string"}, "name": {"type": "string"},
            "grams": decimal_text("Grams on hand"), "value": decimal_text("Yuan")}}},
    "total_value": decimal_text("Yuan: every food on hand"),
}}

PRICES = {"type": "object", "required": ["food", "prices"], "properties": {
    "food": {"type": "string"},
    "prices": {"type": "array", "items": {
        "type": "object", "required": ["school_id", "school", "date", "per_kg"],
        "properties": {"school_id": {"type": "integer"}, "school": {"type": "string"},
                       "date": DATE, "per_kg": decimal_text("Yuan per kilogram")}}},
}}

SCHEMAS = {
    "ProcurementSupplier": SUPPLIER, "ProcurementDeliveryLine": LINE,
    "ProcurementDelivery": DELIVERY, "ProcurementDeliveryLineIn": LINE_IN,
    "ProcurementDeliveryIn": DELIVERY_IN, "ProcurementIssueIn": ISSUE_IN,
    "ProcurementIssue": ISSUE, "ProcurementStock": STOCK, "ProcurementPrices": PRICES,
}

PATHS = {
    f"{P}/suppliers": {"get": operation(
        "Every supplier, by name", tag=TAG,
        responses={**ok({"type": "object", "required": ["suppliers"], "properties": {
            "suppliers": {"type": "array", "items": ref("ProcurementSupplier")}}}),
            **refusal(403)})},
    f"{P}/deliveries": {
        "get": operation(
            "Deliveries of the schools the user may see (at most 5000, oldest first)", tag=TAG,
            parameters=[SCHOOL_QUERY,
                        query("from", "First delivery date (400 when not a date)", **DATE),
                        query("to", "Last delivery date (400 when not a date)", **DATE)],
            responses={**ok({"type": "object", "required": ["deliveries"], "properties": {
                "deliveries": {"type": "array", "items": ref("ProcurementDelivery")}}}),
                **refusal(400, 403, 404)}),
        "post": operation(
            "Enter a delivery with its acceptance inspection; accepted lines enter stock",
            tag=TAG, parameters=[SCHOOL_QUERY], body=json_body(ref("ProcurementDeliveryIn")),
            description="All or nothing: a 400 lists every refused field (`lines[2].quantity`"
                        "); an item the food table does not know needs `food`.",
            responses={**ok(ref("ProcurementDelivery"), "The delivery as saved", 201),
                       **refusal(400, 403, 404, 413)}),
    },
    f"{P}/deliveries/{{delivery_id}}/void": {"post": operation(
        "Void a delivery: its accepted goods leave stock again", tag=TAG,
        parameters=[path_int("delivery_id", "The delivery's id")],
        body=json_body({"type": "object", "required": ["reason"], "properties": {
            "reason": {"type": "string", "minLength": 1,
                       "description": "Why (kept to 200 characters)"}}}),
        description="Refused (400) when its goods are no longer all in stock (issued since), "
                    "a stocktake counted them since, or its month or a later one is submitted "
                    "or closed; 409 when it is already void. Issues of its food since are "
                    "valued again without it.",
        responses={**ok(ref("ProcurementDelivery"), "The voided delivery"),
                   **refusal(400, 403, 404, 409, 413)})},
    f"{P}/issues": {"post": operation(
        "Issue food from a school's stock for a meal", tag=TAG,
        parameters=[SCHOOL_QUERY], body=json_body(ref("ProcurementIssueIn")),
        description="Refused (400) as the canteen's own issue is: a future day, or a meal the "
                    "canteen has not counted (so no day outside the term or not served), or "
                    "more than is on hand.",
        responses={**ok(ref("ProcurementIssue"), "The issue, valued at the moving average",
                        201), **refusal(400, 403, 404, 413)})},
    f"{P}/stock": {"get": operation(
        "A school's stock on hand at a date", tag=TAG,
        parameters=[SCHOOL_QUERY, query("date", "Stock after every move up to this day "
                                        "(today when left out or not a date)", **DATE)],
        description="`school` is required for roles that see more than one school (400).",
        responses={**ok(ref("ProcurementStock")), **refusal(400, 403, 404)})},
    f"{P}/prices": {"get": operation(
        "The price per kilogram of a food in every delivery line (a school role: its own)",
        tag=TAG, parameters=[query("food", "The food's code", required=True, type="string")],
        responses={**ok(ref("ProcurementPrices")), **refusal(400, 403, 404)})},
}

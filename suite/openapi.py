"""The API's OpenAPI 3 document, served at /api/v1/openapi.json.

It is assembled from the host's paths (below) and each enabled plugin's `<plugin>/openapi.py`,
which defines `PATHS` (path -> {method -> operation}) and may define `SCHEMAS` (named
components). The helpers here give every plugin one way to write an operation; a test checks
that the document and the registered routes name the same operations."""
from __future__ import annotations

import importlib
import re

VERSION = "3.0.3"

ERROR = {
    "type": "object", "required": ["error"],
    "properties": {
        "error": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "string"}},
        "detail": {"type": "string"},
    },
}

DESCRIPTIONS = {
    400: "The request is refused: `errors` says which field and why.",
    401: "No valid API token (Authorization: Bearer ...).",
    403: "The token's user may not do this, or not for this school.",
    404: "No such record (or not one the user may see).",
    409: "The record changed or is in a state that does not allow this.",
    413: "The upload is too large.",
    503: "Busy: every slot of this costly work is taken; try again after Retry-After seconds.",
}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def refusal(*codes: int) -> dict:
    """Responses for refusals, each with the API's one error shape; 401 is always added."""
    return {str(code): {"description": DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": ref("Error")}}}
            for code in sorted({401, *codes})}


def ok(schema: dict, description: str = "OK", status: int = 200) -> dict:
    return {str(status): {"description": description,
                          "content": {"application/json": {"schema": schema}}}}


def file_response(media_type: str, description: str) -> dict:
    return {"200": {"description": description,
                    "content": {media_type: {"schema": {"type": "string", "format": "binary"}}}}}


def path_int(name: str, description: str = "") -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "integer", "minimum": 1}}


def path_str(name: str, description: str = "", **schema) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string", **schema}}


def query(name: str, description: str = "", required: bool = False, **schema) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema or {"type": "string"}}


def json_body(schema: dict, required: bool = True) -> dict:
    return {"required": required, "content": {"application/json": {"schema": schema}}}


def operation(summary: str, responses: dict, tag: str, parameters=(), body=None,
              description: str = "") -> dict:
    op = {"summary": summary, "tags": [tag], "responses": responses,
          "operationId": None}  # filled in by `document` from the route
    if description:
        op["description"] = description
    if parameters:
        op["parameters"] = list(parameters)
    if body is not None:
        op["requestBody"] = body
    return op


SCHOOL = {"type": "object", "required": ["id", "code", "name"], "properties": {
    "id": {"type": "integer"}, "code": {"type": "string"}, "name": {"type": "string"},
    "kind": {"type": "string"}, "rural": {"type": "boolean"}, "boarding": {"type": "boolean"},
    "supply_mode": {"type": "string"}, "in_plan": {"type": "boolean"},
    "active": {"type": "boolean"},
    "township": {"type": "object", "properties": {
        "id": {"type": "integer"}, "code": {"type": "string"}, "name": {"type": "string"}}},
}}
DATE = {"type": "string", "format": "date"}
TERM = {"type": "object", "required": ["id", "name", "start_date", "end_date"], "properties": {
    "id": {"type": "integer"}, "name": {"type": "string"}, "start_date": DATE,
    "end_date": DATE, "school_days": {"type": "array", "items": DATE},
}}

HOST_PATHS = {
    "/api/v1/schools": {"get": operation(
        "The schools the token's user may see", tag="suite",
        responses={**ok({"type": "object", "required": ["schools"], "properties": {
            "schools": {"type": "array", "items": ref("School")}}}), **refusal()})},
    "/api/v1/terms": {"get": operation(
        "Terms with their school days", tag="suite",
        responses={**ok({"type": "object", "required": ["terms"], "properties": {
            "terms": {"type": "array", "items": ref("Term")}}}), **refusal()})},
    "/api/v1/openapi.json": {"get": {
        "summary": "This document", "tags": ["suite"], "security": [],
        "responses": ok({"type": "object"}, "The OpenAPI document")}},
}


def _plugin_parts(name: str) -> tuple[dict, dict]:
    try:
        module = importlib.import_module(f"{name}.openapi")
    except ModuleNotFoundError as exc:
        if exc.name != f"{name}.openapi":
            raise
        return {}, {}
    return getattr(module, "PATHS", {}), getattr(module, "SCHEMAS", {})


def _operation_id(path: str, method: str) -> str:
    words = re.sub(r"[{}]", "", path.removeprefix("/api/v1/")).replace(".", "_")
    return method + "_" + re.sub(r"[^A-Za-z0-9]+", "_", words).strip("_")


def document(plugin_names, title: str = "School nutrition suite API") -> dict:
    paths = dict(HOST_PATHS)
    schemas = {"Error": ERROR, "School": SCHOOL, "Term": TERM}
    for name in plugin_names:
        plugin_paths, plugin_schemas = _plugin_parts(name)
        paths.update(plugin_paths)
        schemas.update(plugin_schemas)
    for path, methods in paths.items():
        for method, op in methods.items():
            op["operationId"] = _operation_id(path, method)
            # every request passes suite.guards first: a NUL or an over-long value is a 400
            op["responses"].setdefault("400", refusal(400)["400"])
    return {
        "openapi": VERSION,
        "info": {"title": title, "version": "1",
                 "description": "Bearer-token JSON API of the county's school nutrition "
                                "suite. Refusals share one shape (Error)."},
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": schemas, "securitySchemes": {
            "token": {"type": "http", "scheme": "bearer",
                      "description": "flask --app suite users token NAME"}}},
        "security": [{"token": []}],
    }


def route_operations(url_map) -> set[tuple[str, str]]:
    """(path, method) of every registered /api/v1 route, in the document's path syntax."""
    found = set()
    for rule in url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((path, method.lower()))
    return found


def document_operations(doc: dict) -> set[tuple[str, str]]:
    return {(path, method) for path, methods in doc["paths"].items() for method in methods}

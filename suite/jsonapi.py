"""The JSON API's one shape of refusal, shared by every plugin's api.py:
`{"error": "invalid request", "errors": {field: message}}` with a 4xx status."""
from __future__ import annotations

from flask import abort, jsonify, make_response, request
from flask_babel import gettext as _

from .errors import ServiceError


def refused(errors, status: int = 400):
    """The reply to a refused request: `errors` is a dict of field -> message or a
    ServiceError (its messages in the caller's language)."""
    if isinstance(errors, ServiceError):
        errors = errors.messages()
    return jsonify({"error": "invalid request", "errors": errors}), status


def json_object() -> dict:
    """The request's JSON body, which must be an object; anything else ends the request
    with a 400 refusal."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(make_response(refused({"body": _("Send a JSON object.")})))
    return body


def not_text(body: dict, names, prefix: str = "") -> dict:
    """{field: message} for each of `names` that the body gives as something other than
    text (true, 12, a list): stored as "True" or "12" it would be a value nobody wrote."""
    return {f"{prefix}{name}": _("Write this as text, in quotes.") for name in names
            if body.get(name) is not None and not isinstance(body[name], str)}


def refuse_not_text(body: dict, names, lists: dict | None = None) -> None:
    """Ends the request with a 400 when a text field is not text: `names` of the body, and
    for each list of objects in `lists` ({list name: names}) the names of every item."""
    errors = not_text(body, names)
    for list_name, item_names in (lists or {}).items():
        items = body.get(list_name)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                errors.update(not_text(item, item_names, f"{list_name}[{i}]."))
    if errors:
        abort(make_response(refused(errors)))

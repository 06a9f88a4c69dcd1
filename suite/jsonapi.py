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

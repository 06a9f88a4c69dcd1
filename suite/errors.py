"""The one refusal every service raises: a dict of field -> message, shown on the form."""
from __future__ import annotations

from .listing import join_clauses


class ServiceError(ValueError):
    """Refused input; nothing was changed. `errors` maps a field name (or "" for the whole
    request) to a message: a str, a lazy string, or a `(template, params)` tuple translated at
    display time, so Flask-free code can refuse in the user's language too."""

    def __init__(self, errors: dict | object):
        if not isinstance(errors, dict):
            errors = {"": errors}
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {_plain(v)}" if k else _plain(v)
                                   for k, v in self.errors.items()))

    def messages(self) -> dict[str, str]:
        """Field -> message in the user's language (needs a request or app context when any
        message is a template tuple)."""
        return {field: translate(message) for field, message in self.errors.items()}

    def message(self) -> str:
        """All messages as one line, for a flash or an API answer."""
        return join_clauses(self.messages().values())


def _plain(message) -> str:
    if isinstance(message, tuple):
        template, params = message
        return template % params if params else template
    return str(message)


def translate(message) -> str:
    if isinstance(message, tuple):
        from flask_babel import gettext  # only at display: services stay Flask-free
        template, params = message
        return gettext(template, **params)
    return str(message)

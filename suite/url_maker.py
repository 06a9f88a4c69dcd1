"""Links that differ only in one id, built once per page: `url_maker(endpoint, key, **values)`
returns `make(id)`, equal to `url_for(endpoint, key=id, **values)`. A planner grid of a week
of three meals asks for three links per dish (about a hundred), and Werkzeug's URL building
was a tenth of the page's time."""
from __future__ import annotations

from flask import url_for

# an int no page shows: the link is built with it once and the id is put in its place
SENTINEL = 7_346_918_205_713_469


def url_maker(endpoint: str, key: str, **values):
    text = str(SENTINEL)
    url = url_for(endpoint, **{key: SENTINEL}, **values)
    if url.count(text) != 1:  # e.g. the search text holds the same digits: build each
        return lambda value: url_for(endpoint, **{key: value}, **values)
    head, _sep, tail = url.partition(text)
    return lambda value: f"{head}{int(value)}{tail}"

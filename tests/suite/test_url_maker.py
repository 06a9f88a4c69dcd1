"""`url_maker` builds a page's per-row links once: each must equal url_for's, whatever the
other values hold (a search text with the placeholder's digits falls back to url_for)."""
from flask import url_for

from suite.url_maker import SENTINEL, url_maker


def test_links_made_once_equal_url_for(app):
    with app.test_request_context("/"):
        keep = {"band": "9-11", "q": "米饭 & 汤/?", "cell": None}
        made = url_maker("menus.item_remove", "item_id", menu_id=12, **keep)
        for item_id in (1, 7, 2**31, 2**63 - 1, SENTINEL):
            assert made(item_id) == url_for("menus.item_remove", menu_id=12, item_id=item_id,
                                            **keep)
        assert made(5) == "/menus/weeks/12/items/5/remove?band=9-11&q=%E7%B1%B3%E9%A5%AD+%26+" \
            "%E6%B1%A4/?"
        move = url_maker("menus.planner", "move", menu_id=3, band=None, q=None)
        assert move(44) == "/menus/weeks/3?move=44"


def test_a_value_holding_the_placeholder_digits_is_built_by_url_for(app):
    with app.test_request_context("/"):
        q = f"x{SENTINEL}y"
        made = url_maker("menus.planner", "move", menu_id=3, q=q)
        assert made(8) == url_for("menus.planner", menu_id=3, move=8, q=q)
        assert made(8).count(str(SENTINEL)) == 1

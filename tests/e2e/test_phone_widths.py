"""On a 390-px phone no page scrolls sideways: for each role every page of the navigation and
every page one link away from it, the detail pages of the demo county (a menu week, a
delivery, a student, a dish, a food) and the pages they link to, and the public pages (a
school's menu, the family lookup). Wide tables scroll inside their own box."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Error as PlaywrightError

pytestmark = pytest.mark.e2e

WIDTH, HEIGHT = 390, 844
ROLES = ("admin", "bureau", "nutritionist", "township-1", "canteen-s0001")
# the demo's records whose detail pages must be among those opened
DETAILS = ("/menus/weeks", "/menus/dishes", "/procurement/deliveries", "/roster/students",
           "/nutrition/foods")
PUBLIC = ("/menus/public/S0001", "/roster/lookup", "/roster/policies", "/login")
DOWNLOAD = re.compile(r"\.(xlsx|xls|csv|pdf|zip)$|/export|/template")
OVERFLOW = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
# table headers squeezed into a narrow column, a character or two per line; and long cells
# squeezed below the phone's own least width of a column (4.5em, 72 px: the audit log's
# changes, a list in a cell, once read "2 026 -12- 01" down a 64-px column)
SQUEEZED = """() => [...document.querySelectorAll('main th, main td, main td dd')].filter(th => {
    const text = th.innerText.trim();
    const range = document.createRange();
    range.selectNodeContents(th);
    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    if (th.tagName !== 'TH')
        return text.length >= 12 && lines >= 3 && th.getBoundingClientRect().width < 70;
    return lines >= 2 && text.length / lines < 3;
}).map(th => th.innerText.trim())"""


def _links(page, scope: str) -> list[str]:
    hrefs = page.locator(f"{scope} a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    return [h for h in hrefs if h and h.startswith("/") and not h.startswith("//")
            and not DOWNLOAD.search(h.split("?")[0])]


def _shape(path: str) -> str:
    """One page per shape: /procurement/deliveries/132 and /44 are the same page."""
    bare, _sep, query = path.partition("?")
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return re.sub(r"/[^/]*\d[^/]*(?=/|$)", "/<id>", bare) + "?" + "&".join(keys)


def _visit(page, live_server, path) -> tuple[str | None, list[str]]:
    """Open the page once: what is wrong with it on a phone (it scrolls sideways, or its
    table headers are squeezed to a character or two per line) or None, and its links."""
    try:
        response = page.goto(live_server + path)
    except PlaywrightError:  # a download, not a page
        return None, []
    if response is None or "text/html" not in (response.headers.get("content-type") or ""):
        return None, []
    assert response.status < 500, f"{path} answered {response.status}"
    links = _links(page, "main")
    scroll, client = page.evaluate(OVERFLOW)
    if scroll > client:
        return f"{path}: {scroll} > {client} px", links
    squeezed = page.evaluate(SQUEEZED)
    return (f"{path}: squeezed {squeezed[:3]}" if squeezed else None), links


def _one_per_shape(paths) -> list[str]:
    shapes = {}
    for path in paths:
        shapes.setdefault(_shape(path), path)
    return list(shapes.values())


def _is_detail(path: str) -> bool:
    return any(re.fullmatch(re.escape(d) + r"/[^/?]+", path) for d in DETAILS)


def _check_role(page, live_server) -> dict[str, str | None]:
    """Each page's problem: the role's navigation, every page one link away from it, and the
    pages the demo's records link to (a menu's print view...), one page per shape. A page
    is opened once, checked while its links are read."""
    checked = {}

    def visit(path):
        checked[path], links = _visit(page, live_server, path)
        return links

    home = visit("/")
    nav = ["/"] + sorted(set(_links(page, "header")))
    found = dict.fromkeys(nav + home)
    for path in nav[1:]:
        if "logout" not in path:
            found.update(dict.fromkeys(h for h in visit(path) if h not in found))
    for path in [p for p in _one_per_shape(found) if _is_detail(p)]:
        found.update(dict.fromkeys(h for h in visit(path) if h not in found))
    for path in _one_per_shape(found):
        if path not in checked and "logout" not in path:
            visit(path)
    return checked


def test_no_page_scrolls_sideways_on_a_390_px_phone(open_as, chromium, live_server):
    offenders, opened = [], set()
    for username in ROLES:
        page = open_as(username, width=WIDTH, height=HEIGHT)
        for path, problem in _check_role(page, live_server).items():
            opened.add(path)
            if problem:
                offenders.append(f"{username} {problem}")
    context = chromium.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="zh-CN")
    try:
        page = context.new_page()
        for path in PUBLIC:
            opened.add(path)
            problem, _links_of = _visit(page, live_server, path)
            if problem:
                offenders.append(f"anonymous {problem}")
    finally:
        context.close()
    for detail in DETAILS:  # the demo's records were reached
        assert any(re.fullmatch(re.escape(detail) + r"/[^/?]+", p) for p in opened), detail
    assert any(p.endswith("/print") for p in opened)  # a menu's print view
    assert not offenders, "pages that do not fit the phone:\n" + "\n".join(offenders)


def test_the_public_menu_keeps_its_first_column_while_the_table_scrolls(chromium,
                                                                       live_server):
    context = chromium.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(live_server + "/menus/public/S0001")
        table = page.locator("main table").first
        assert table.count() == 1, "the demo school has no published menu this week"
        box = page.evaluate("""() => {
            const t = document.querySelector('main table');
            const first = t.querySelector('tbody th, tbody td');
            const before = first.getBoundingClientRect().left;
            t.scrollLeft = 10000;
            return {scrolls: t.scrollWidth > t.clientWidth, moved: t.scrollLeft > 0,
                    before: before, after: first.getBoundingClientRect().left,
                    page: document.documentElement.scrollWidth};
        }""")
        assert box["page"] <= WIDTH
        assert box["scrolls"] and box["moved"]  # the table scrolls inside its own box
        assert box["after"] == pytest.approx(box["before"], abs=1)  # its first column stays
    finally:
        context.close()

"""Helpers of the whole-county journey (tests/e2e/test_county_journey.py): logged-in pages on
the journey's own server, axe-core on every page a page of the journey navigates to, and a
full-page screenshot after each step."""
from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

PASSWORD = "e2e-password-1"  # the demo county's password in tests/e2e/conftest.py
PHONE = {"width": 390, "height": 844}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]},
               "resultTypes": ["violations"]}
SLOW = 60_000  # the solver and the PDFs, on a loaded machine

_axe = Axe()


def violations(page) -> list[str]:
    """axe-core's WCAG 2 A and AA violations of the page as it is: rule, impact, first node."""
    found = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{v['id']} ({v.get('impact')}): {v['nodes'][0]['target'] if v['nodes'] else '-'}"
            f" {v['help']}" for v in found]


class Journey:
    """The journey's browser side: pages logged in on `base`, each navigation of a page checked
    with axe-core, screenshots numbered in `folder`."""

    def __init__(self, chromium, base: str, folder: Path):
        self.chromium, self.base, self.folder = chromium, base, folder
        self.contexts, self.state, self.steps = [], {}, 0
        self._unchecked: dict[int, str] = {}   # a page's navigation axe has not seen yet

    def _watch(self, page) -> None:
        def navigated(frame):
            if frame == page.main_frame:
                self._unchecked[id(page)] = frame.url
        page.on("framenavigated", navigated)

    def new_page(self, width: int = 1280, height: int = 900):
        context = self.chromium.new_context(viewport={"width": width, "height": height},
                                            locale="zh-CN", accept_downloads=True)
        context.set_default_timeout(SLOW)
        self.contexts.append(context)
        page = context.new_page()
        self._watch(page)
        return page

    def open_as(self, username: str, width: int = 1280, height: int = 900):
        """A page logged in as `username` (the login page checked too)."""
        page = self.new_page(width, height)
        self.go(page, "/login")
        page.fill("#username", username)
        page.fill("#password", PASSWORD)
        page.click("button.primary")
        page.wait_for_url(self.base + "/")
        self.checked(page)
        return page

    def checked(self, page):
        """axe-core on the page: no WCAG 2 A/AA violations."""
        page.wait_for_load_state()
        found = violations(page)
        assert not found, f"axe-core on {page.url}:\n" + "\n".join(found)
        self._unchecked.pop(id(page), None)
        return page

    def go(self, page, path: str):
        response = page.goto(self.base + path)
        assert response is not None and response.status < 400, (path, response and
                                                                 response.status)
        return self.checked(page)

    def click(self, page, selector_or_locator, **wait):
        """Click something that loads a page, wait for it, and check it."""
        target = page.locator(selector_or_locator) if isinstance(selector_or_locator, str) \
            else selector_or_locator
        with page.expect_navigation(**wait):
            target.click()
        return self.checked(page)

    def shot(self, page, name: str) -> Path:
        """The step's full-page screenshot; every page navigated to so far was checked."""
        assert not self._unchecked, f"pages not checked with axe-core: {self._unchecked}"
        self.steps += 1
        path = self.folder / f"{self.steps:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        for context in self.contexts:
            context.close()

"""PDF output with WeasyPrint: Chinese text in an embedded CJK font, no network access.

Every plugin prints through `render_pdf`, so the font rules and the URL fetcher are in one
place: the fetcher serves only the app's own static files, so no user-typed text can make the
server fetch a URL."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import current_app, render_template

STATIC = Path(__file__).parent / "static"


class FontFallback(logging.Handler):
    """Collects WeasyPrint warnings (a missing glyph or font shows up here)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _fetcher(url, *args, **kwargs):
    from weasyprint import default_url_fetcher

    prefix = "suite-static:"
    if not url.startswith(prefix):
        raise ValueError(f"blocked URL in PDF: {url[:80]}")
    path = (STATIC / url[len(prefix):]).resolve()
    if STATIC.resolve() not in path.parents or not path.is_file():
        raise ValueError("blocked path in PDF")
    return default_url_fetcher(path.as_uri(), *args, **kwargs)


def render_pdf(template: str, **context) -> bytes:
    """Render a Jinja template (autoescaped) to PDF bytes."""
    return html_to_pdf(render_template(template, **context), template)


def html_to_pdf(html: str, template: str = "") -> bytes:
    """Lay out one HTML document as PDF (WeasyPrint: the slow step, a few tenths of a second a
    page), logging any font fallback."""
    from weasyprint import HTML

    handler = FontFallback()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        pdf = HTML(string=html, base_url="suite-static:", url_fetcher=_fetcher).write_pdf()
    finally:
        logger.removeHandler(handler)
    if handler.messages:
        current_app.logger.warning("PDF %s: %s", template, "; ".join(handler.messages[:5]))
    return pdf

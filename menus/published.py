"""A published week never changes: its notice-board body and its PDF are rendered once (per
revision, language and day) and then served from suite.rendered. Drafts are rendered afresh."""
from __future__ import annotations

from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup

from suite import rendered
from suite.pdf import render_pdf

from . import services


def _key(menu) -> tuple:
    return (menu.id, menu.revision, str(get_locale()))


def week_pdf(session, menu) -> bytes:
    def render():
        return render_pdf("menus/print_pdf.html", **services.print_context(session, menu))
    if menu.status != "published":
        return render()
    return rendered.once("menu-pdf", _key(menu), render)


def public_week(session, school_id: int, week_start) -> Markup | None:
    """The notice-board body of a school's published week, as on the public page; None when
    the week has no published menu. A cached week costs one indexed row read."""
    menu = services.published_menu(session, school_id, week_start, loaded=False)
    if menu is None:
        return None

    def render():
        ctx = services.print_context(session, services.load_menu(session, menu.id))
        return render_template("menus/_public_week.html", **ctx).encode()
    return Markup(rendered.once("menu-public", _key(menu), render).decode())


def planner_body(menu, band: str | None, render) -> Markup:
    """The planner's grid, analysis and changes of a published week (no form in it is
    anyone's own: the week cannot be edited), per band judged."""
    return Markup(rendered.once("menu-planner", _key(menu) + (band or "enrolment",),
                                lambda: render().encode()).decode())

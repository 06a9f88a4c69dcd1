"""Registration of the roster plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite.plugins import NavItem, Plugin, Role
from suite import clock


def _home_panels(user):
    """What to do today, for the bureau and a township officer (their township only)."""
    from suite.auth import has_permission
    from suite.db import get_session

    from .home import todo

    if not has_permission(user, "roster.visits"):
        return []
    rows = todo(get_session(), user, clock.today())
    return [(_l("To do in the student roster"), "roster/_home_panel.html", {"rows": rows})]


def _demo(session, context):
    from .demo import build
    from .services import roster_schools, sync_enrolment
    build(session, context)
    sync_enrolment(session, roster_schools(session), context.get("today") or clock.today())


def _nav_items():
    return [
        NavItem(_l("Student roster"), "roster.students", "roster.view", 40),
        NavItem(_l("Household ledger"), "roster.household", "roster.ledger", 41),
        NavItem(_l("Home visits"), "roster.visits", "roster.visits", 42),
        NavItem(_l("Reconciliation"), "roster.recon_runs", "roster.recon_cases", 43),
        NavItem(_l("Aid policies"), "roster.policies_manage", "roster.policies", 44),
    ]


plugin = Plugin(
    name="roster",
    title=_l("Student roster"),
    requires=("suite",),
    roles=(Role("township_officer", _l("Township officer"), "township"),),
    permissions={
        "roster.view": (_l("See the student roster (ID numbers and phones masked)"),
                        ("admin", "bureau")),
        "roster.import": (_l("Import students"), ("bureau",)),
        "roster.reveal": (_l("Open one student's full ID number and phone (audited)"),
                          ("bureau",)),
        "roster.aid": (_l("Record aid, exclusions and payments"), ("bureau",)),
        "roster.ledger": (_l("Keep the household-side ledger"), ("bureau", "township_officer")),
        "roster.ledger_reopen": (_l("Reopen a township's signed-off ledger"), ("bureau",)),
        "roster.reconcile": (_l("Reconcile the roster with outside lists"), ("bureau",)),
        "roster.recon_cases": (_l("Work on reconciliation cases (a township officer: their "
                                  "township's)"), ("bureau", "township_officer")),
        "roster.visits": (_l("See the home visits of the term (a township officer: their "
                             "township's)"), ("bureau", "township_officer")),
        "roster.policies": (_l("Write and publish aid policies"), ("bureau",)),
    },
    blueprint="roster.views:bp",
    api_blueprint="roster.api:api",
    cli="roster.cli:cli",
    nav_items=_nav_items,
    home_panels=_home_panels,
    demo=_demo,
)

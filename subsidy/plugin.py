"""Registration of the subsidy plugin.

It requires canteen, and directly the plugins whose records its checks read: procurement
(deliveries, suppliers' licences, prices), roster (the day's enrolment), menus (published
menus) and nutrition (food groups)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite.plugins import NavItem, Plugin

# app.config keys and their defaults (a county may change them in its instance config)
DEFAULTS = {
    "SUBSIDY_SPEND_LOW": 0.9,            # spend per student-day below 90 % of the rate: flag
    "SUBSIDY_SPEND_HIGH": 1.3,           # above 130 % of the rate: flag
    "SUBSIDY_SURPLUS_SHARE": 0.1,        # the year's surplus above 10 % of its entitlement
    "SUBSIDY_PRICE_ABOVE_MEDIAN": 0.30,  # a price per kg 30 % above the county median
    "SUBSIDY_EVIDENCE_MAX_BYTES": 10 * 1024 * 1024,  # one rectification's evidence file
    # the dashboard and the home page count flags (checks run per school, about 0.5 s each
    # for a month) when no more schools than this are shown; else they link to the flags page
    "SUBSIDY_DASHBOARD_FLAG_SCHOOLS": 30,
}


def _nav_items():
    return [NavItem(_l("Subsidy ledger"), "subsidy.index", "subsidy.view", 50),
            NavItem(_l("Anomaly flags"), "subsidy.flags", "subsidy.flags", 51),
            NavItem(_l("Month close"), "subsidy.close_panel", "subsidy.months", 52),
            NavItem(_l("Inspections and rectification"), "subsidy.inspections",
                    "subsidy.inspections", 53)]


def init_app(app) -> None:
    """Defaults of the plugin's settings; the subscribers to other plugins' signals (a
    submitted or closed month's veto)."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    from .subscribers import connect
    connect()


plugin = Plugin(
    name="subsidy",
    title=_l("Subsidy ledger"),
    # procurement directly too: a closed month refuses deliveries, voids and stocktakes
    requires=("canteen", "procurement", "roster", "menus", "nutrition"),
    permissions={
        "subsidy.view": (_l("See subsidy ledger pages (school and township roles: their own)"),
                         ("admin", "bureau", "township_officer", "canteen_manager")),
        "subsidy.months": (_l("See the month close of schools (own school only for school "
                              "roles)"), ("admin", "bureau", "canteen_manager")),
        "subsidy.submit": (_l("Submit the school's month for closing"), ("canteen_manager",)),
        "subsidy.close": (_l("Close and reopen schools' months"), ("admin", "bureau")),
        "subsidy.flags": (_l("See the anomaly flags of the schools' months (a township "
                             "officer: the township's schools)"),
                          ("admin", "bureau", "township_officer")),
        "subsidy.returns": (_l("Download the schools' monthly return of the plan (a township "
                               "officer: the township's schools)"),
                            ("admin", "bureau", "township_officer")),
        "subsidy.explain": (_l("Mark an anomaly flag explained with a note"),
                            ("admin", "bureau")),
        "subsidy.inspections": (_l("See inspections (school and township users: their own "
                                   "schools') and confirm those one was a team member of"),
                                ("admin", "bureau", "township_officer", "canteen_manager")),
        "subsidy.record": (_l("Record inspections (the bureau) or self-checks (a school)"),
                           ("admin", "bureau", "canteen_manager")),
        "subsidy.inspect": (_l("Record inspections of schools and close them"),
                            ("admin", "bureau")),
        "subsidy.rectify": (_l("Record the school's self-checks and rectifications"),
                            ("canteen_manager",)),
    },
    blueprint="subsidy.views:bp",
    api_blueprint="subsidy.api:api",
    cli="subsidy.cli:cli",
    nav_items=_nav_items,
    init_app=init_app,
    demo="subsidy.demo:build",
    home_panels="subsidy.views.home:home_panels",
)

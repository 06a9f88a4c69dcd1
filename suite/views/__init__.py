"""The host's HTML pages: the blueprint and its URL map, in one place.

Each screen family lives in its own module and defines plain view functions; this file binds
them to URLs. The modules never import this package, so there is no import loop and every
URL of the host can be read here:
home       the home page and its plugin panels
login      log in, log out, the language switch
account    one's own password and API tokens
users      the administrator's user pages
audit_log  the audit log browser
schools    schools and their enrolment
terms      terms and their calendars
rates      subsidy rates
county     the county's settings
"""
from __future__ import annotations

from flask import Blueprint

from . import account, audit_log, county, home, login, rates, schools, terms, users

# import name "suite": the host package, as before the split (no templates of its own here)
bp = Blueprint("suite", "suite")

GET, POST, BOTH = ("GET",), ("POST",), ("GET", "POST")

URLS = (
    ("/", home.home, GET),
    ("/login", login.login, BOTH),
    ("/logout", login.logout, POST),
    ("/language", login.language, POST),
    ("/account/password", account.change_password, BOTH),
    ("/account/tokens", account.tokens, BOTH),
    ("/account/tokens/<int:token_id>/revoke", account.revoke_token, POST),
    ("/admin/users", users.users, GET),
    ("/admin/users/new", users.user_new, BOTH),
    ("/admin/users/<int:user_id>", users.user_edit, BOTH),
    ("/admin/users/<int:user_id>/password", users.user_reset_password, POST),
    ("/audit", audit_log.audit_log, GET),
    ("/schools", schools.schools, GET),
    ("/schools/<int:school_id>", schools.school_detail, GET),
    ("/schools/new", schools.school_edit, BOTH),
    ("/schools/<int:school_id>/edit", schools.school_edit, BOTH),
    ("/schools/<int:school_id>/enrolment/<int:term_id>", schools.enrolment_edit, BOTH),
    ("/terms", terms.terms, GET),
    ("/terms/new", terms.term_edit, BOTH),
    ("/terms/<int:term_id>/edit", terms.term_edit, BOTH),
    ("/terms/<int:term_id>", terms.term_detail, GET),
    ("/terms/<int:term_id>/days", terms.term_day_add, POST),
    ("/terms/<int:term_id>/days/<day>/remove", terms.term_day_remove, POST),
    ("/rates", rates.rates, GET),
    ("/rates/new", rates.rate_edit, BOTH),
    ("/rates/<int:rate_id>/edit", rates.rate_edit, BOTH),
    ("/county", county.county_settings, BOTH),
)

for rule, view, methods in URLS:
    bp.add_url_rule(rule, view_func=view, methods=methods)

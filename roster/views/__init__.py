"""The roster's HTML pages: the blueprint and its URL map, in one place.

Each screen family lives in its own module (students, imports, payments, settings, household
ledger, home visits, reconciliation, family lookup, policies) and defines plain view functions;
this file binds them to URLs. The modules never import this package, so there is no import
loop and every URL of the plugin can be read here."""
from __future__ import annotations

from flask import Blueprint, redirect, url_for

from suite.auth import permission_required

from . import (household, import_mapping, imports, lookup, payments, policies,
               reconciliation, settings, students, visits)

# import name "roster": templates are found in roster/templates, not in this package
bp = Blueprint("roster", "roster", url_prefix="/roster", template_folder="templates")

GET, POST, BOTH = ("GET",), ("POST",), ("GET", "POST")


@permission_required("roster.view")
def index():
    return redirect(url_for("roster.students"))


URLS = (
    ("/", index, GET),
    # students, one student's aid and payments
    ("/students", students.students, GET),
    ("/students/<int:student_id>", students.student_detail, GET),
    ("/students/<int:student_id>/reveal", students.student_reveal, POST),
    ("/students/<int:student_id>/aid", students.student_aid, POST),
    ("/students/<int:student_id>/payments", students.student_payment, POST),
    ("/students/<int:student_id>/status", students.student_status, POST),
    ("/students/<int:student_id>/exclusion", students.student_exclusion, POST),
    # the import and the exports
    ("/import/template.xlsx", imports.import_template, GET),
    ("/import", imports.import_page, BOTH),
    ("/import/mapping", import_mapping.import_mapping, POST),
    ("/import/mappings", import_mapping.saved_mappings, GET),
    ("/import/mappings/<int:mapping_id>/delete", import_mapping.delete_saved_mapping, POST),
    ("/export.xlsx", imports.export_students, GET),
    # payment totals
    ("/payments", payments.payments, GET),
    ("/payments.xlsx", payments.payments_export, GET),
    # aid categories, levels and programme rules
    ("/settings", settings.settings, BOTH),
    # the household-side ledger
    ("/household", household.household, GET),
    ("/household/child", household.household_child, BOTH),
    ("/household/child/remove", household.household_remove, POST),
    ("/household/import", household.household_import, BOTH),
    ("/household/template.xlsx", household.household_template, GET),
    ("/household/signoff", household.household_signoff, POST),
    ("/household/reopen", household.household_reopen, POST),
    ("/household/county", household.household_county, GET),
    ("/household/supplementary.xlsx", household.household_supplementary_xlsx, GET),
    # home visits
    ("/visits", visits.visits, BOTH),
    ("/visits/student", visits.visit_student, BOTH),
    # reconciliation
    ("/reconcile", reconciliation.recon_runs, GET),
    ("/reconcile/new", reconciliation.recon_new, BOTH),
    ("/reconcile/run", reconciliation.recon_run, GET),
    ("/reconcile/resolve", reconciliation.recon_resolve, POST),
    ("/reconcile/export.xlsx", reconciliation.recon_export, GET),
    # public: the family lookup and the county's aid policies; the bureau writes the policies
    ("/lookup", lookup.lookup, BOTH),
    ("/policies", policies.policies, GET),
    ("/policies/manage", policies.policies_manage, GET),
    ("/policies/new", policies.policy_new, BOTH),
    ("/policies/<int:policy_id>/edit", policies.policy_edit, BOTH),
    ("/policies/<int:policy_id>/publish", policies.policy_publish, POST),
)

for rule, view, methods in URLS:
    bp.add_url_rule(rule, view_func=view, methods=methods)

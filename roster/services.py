"""The roster's public face: everything its pages, JSON API, CLI and other plugins may call.

Import from here only (`from roster import services`); the modules behind it are the
plugin's own business and may be split or renamed. Each name's home:
  students, aid and payments  `aid`, `eligibility`, `students`, `imports`, `enrolment`
  registration fields         `registration`, `special_kinds` (columns: `models_registration`)
  household ledger            `household_rules`, `household_ledger`, `household_import`
  home visits                 `visits`
  reconciliation              `reconciliation`, `recon_scope` (the matcher: `matching`)
  family lookup and policies  `lookup`, `lookup_limits`
"""
from __future__ import annotations

from .aid import (add_aid, add_category, add_level, add_payment, aid_in_force, categories,
                  exclude_from_plan, levels, set_category_active, term_totals)
from .eligibility import rule_text, set_rule, violations
from .enrolment import age_on, import_students, roster_schools, set_status, sync_enrolment
from .errors import HouseholdError, PolicyError, ReconError, RosterError
from .headcount import (aided_plan_students, enrolled_by_grade, enrolled_by_grade_of_schools,
                        enrolled_by_school, enrolled_by_school_on_days)
from .headcount_days import enrolled_by_grade_on_days
from .household_import import LedgerImport, import_ledger, ledger_header_score
from .household_ledger import (add_child, child_values, consolidate, edit_child, ledger,
                               ledger_status, remove_child, reopen, sign_off, signed_off,
                               supplementary_list)
from .household_rules import HEADERS as LEDGER_HEADERS
from .household_rules import HOUSEHOLD_KINDS, LOCATION_WORDS, kinds
from .idcard import clean_number, mask_document, mask_id, mask_phone, mask_student_no
from .headers import score as header_score
from .import_mapping import FIELD_LABELS as IMPORT_FIELD_LABELS
from .import_mapping import (check_mapping, mapping_from_csv, needs_mapping, save_mapping,
                             saved_mapping, saved_mappings, delete_mapping)
from .import_mapping import proposal as import_proposal
from .imports import HEADERS, ImportResult, template_example, template_notes
from .labels import (CONCLUSION_LABELS, DOCUMENT_TYPE_LABELS, HOUSEHOLD_TYPE_LABELS,
                     LEFT_BEHIND_LABELS, LOCATION_LABELS, PROGRAM_STAGE_LABELS,
                     SCHOOL_STAGE_LABELS, STAGE_LABELS, STATUS_LABELS)
from .lookup import (BODY_MAX, TITLE_MAX, all_policies, create_policy, get_policy, lookup,
                     paragraphs, published_by_stage, set_published, update_policy)
from .lookup_limits import limits_from_config
from .recon_scope import case_where as recon_case_where
from .recon_scope import choices as recon_choices
from .reconciliation import FIELDS as RECON_FIELDS
from .registration import guardians_of, record_recognition, set_document, set_guardians
from .registration_layout import cells as registration_layout_cells
from .registration_layout import headers as registration_layout_headers
from .registration_export import export_cells as registration_cells
from .registration_export import export_headers as registration_headers
from .special_kinds import SpecialKind, special_counts, special_kinds
from .reconciliation import (CASE_KINDS, NOTE_MAX, RULE_LABELS, SIDE_NAMES, case_progress,
                             describe, export_run, kind_label, list_cases, list_header_score,
                             resolve_case, run_reconciliation)
from .students import student_query
from .visits import Scope as VisitScope
from .visits import (count_to_visit, find_students, record_visit, student_aids, to_visit,
                     visit_list, visit_term, visits_in_term, withdraw_aid)

__all__ = [
    # errors, all suite.errors.ServiceError (ReconError also lists `problems`)
    "HouseholdError", "PolicyError", "ReconError", "RosterError",
    # labels and words
    "CONCLUSION_LABELS", "LOCATION_LABELS", "LOCATION_WORDS", "PROGRAM_STAGE_LABELS",
    "STAGE_LABELS", "STATUS_LABELS", "HOUSEHOLD_KINDS", "DOCUMENT_TYPE_LABELS",
    "HOUSEHOLD_TYPE_LABELS", "LEFT_BEHIND_LABELS", "SCHOOL_STAGE_LABELS",
    # masking
    "clean_number", "mask_document", "mask_id", "mask_phone", "mask_student_no",
    # students, the import and the host's enrolment
    "HEADERS", "ImportResult", "age_on",
    # the import's column mapping with memory, and the header-row finder of county files
    "IMPORT_FIELD_LABELS", "check_mapping", "header_score", "import_proposal",
    "mapping_from_csv", "needs_mapping", "save_mapping", "saved_mapping", "saved_mappings", "delete_mapping", "import_students", "roster_schools",
    "student_query", "sync_enrolment", "template_example", "template_notes",
    "enrolled_by_grade", "enrolled_by_grade_of_schools", "enrolled_by_school",
    "enrolled_by_school_on_days", "enrolled_by_grade_on_days",
    "aided_plan_students",
    # aid, payments and the programmes' rules
    "add_aid", "add_category", "add_level", "add_payment", "aid_in_force", "categories",
    "exclude_from_plan", "levels", "rule_text", "set_category_active", "set_rule",
    "set_status", "term_totals", "violations",
    # the registration system's fields: documents, family members, recognitions, special kinds
    "SpecialKind", "guardians_of", "record_recognition", "registration_cells",
    "registration_headers", "registration_layout_cells", "registration_layout_headers",
    "set_document", "set_guardians",
    "special_counts", "special_kinds",
    # household ledger
    "LEDGER_HEADERS", "LedgerImport", "add_child", "child_values", "consolidate", "edit_child",
    "import_ledger", "ledger_header_score", "kinds", "ledger",
    "ledger_status", "remove_child", "reopen", "sign_off",
    "signed_off", "supplementary_list",
    # home visits
    "VisitScope", "count_to_visit", "find_students", "record_visit", "student_aids",
    "to_visit", "visit_list", "visit_term", "visits_in_term", "withdraw_aid",
    # reconciliation
    "CASE_KINDS", "RECON_FIELDS", "NOTE_MAX", "RULE_LABELS", "SIDE_NAMES", "case_progress",
    "describe", "export_run", "kind_label", "list_cases", "recon_case_where", "recon_choices",
    "list_header_score", "resolve_case", "run_reconciliation",
    # family lookup and policies
    "BODY_MAX", "TITLE_MAX", "all_policies", "create_policy", "get_policy", "limits_from_config",
    "lookup", "paragraphs", "published_by_stage", "set_published", "update_policy",
]

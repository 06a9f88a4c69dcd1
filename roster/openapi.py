"""OpenAPI description of the roster plugin's JSON API (roster/api.py), assembled into
/api/v1/openapi.json by suite/openapi.py. ID numbers and phones are always masked."""
from __future__ import annotations

from suite.openapi import ok, operation, path_int, query, ref, refusal

from .reconciliation import CASE_KINDS, FIELDS as RECON_FIELDS
from .special_kinds import kind_codes

TAG = "roster"
ID_TEXT = {"type": "integer", "minimum": 0, "maximum": 999_999_999}  # 1 to 9 ASCII digits
COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}


def _multipart(schema: dict) -> dict:
    return {"required": True, "content": {"multipart/form-data": {"schema": schema}}}


STUDENT = {"type": "object", "required": [
    "id", "student_no", "name", "sex", "school", "grade", "class", "boarding", "id_number",
    "document_type", "document_number", "left_behind", "guardian_phone", "aid_categories"],
    "properties": {
        "id": {"type": "integer"},
        "student_no": {"type": "string", "description": "Masked when it carries an ID number"},
        "name": {"type": "string"},
        "sex": {"type": "string"},
        "school": {"type": "string", "description": "The school's code"},
        "grade": {"type": "integer"},
        "class": {"type": "string"},
        "boarding": {"type": "boolean"},
        "id_number": {"type": "string", "description": "Masked; \"\" when none"},
        "document_type": {"type": "string",
                          "description": "Registration system's document type (1: resident ID)"},
        "document_number": {"type": "string", "description": "Masked; \"\" when none"},
        "left_behind": {"type": "string", "enum": ["", "no", "yes", "single", "both"]},
        "guardian_phone": {"type": "string", "description": "Masked; \"\" when none"},
        "aid_categories": {"type": "array", "items": {"type": "string"},
                           "description": "Names of the aid categories in force today"},
    }}

ROW_ERROR = {"type": "object", "required": ["row", "column", "value", "reason"], "properties": {
    "row": {"type": "integer", "description": "The file's row (the header row is 1)"},
    "column": {"type": "string", "nullable": True},
    "value": {"type": "string", "nullable": True},
    "reason": {"type": "string"},
}}

IMPORT_RESULT = {"type": "object", "required": ["run", "dry_run", "counts", "guidance_rows",
                                                "errors"],
                 "properties": {
    "run": {"type": "integer", "description": "The import run recorded"},
    "dry_run": {"type": "boolean"},
    "counts": {**COUNTS, "description": "new, updated, unchanged, transferred (an aid list: "
                                        "new, updated, unchanged, pupils)"},
    "guidance_rows": {"type": "array", "items": {"type": "integer"},
                      "description": "Rows under the header passed over as filling-in "
                                     "guidance (必填, 男/女, 格式：…) or an example marked 示例"},
    "errors": {"type": "array", "items": ref("RosterRowError")},
}}

RECON_RUN = {"type": "object", "required": ["id", "title", "left", "right", "counts",
                                            "progress", "created_at"], "properties": {
    "id": {"type": "integer"},
    "title": {"type": "string"},
    "left": {"type": "string", "enum": ["roster", "ledger"]},
    "right": {"type": "string", "enum": ["list", "ledger"]},
    "counts": {**COUNTS, "description": "left_rows, right_rows, matched, conflict, only_left, "
                                        "only_right, duplicate, by_id, by_name_birth"},
    "guidance_rows": {"type": "array", "items": {"type": "integer"},
                      "description": "POST only: rows under the outside list's header passed "
                                     "over as filling-in guidance or an example marked 示例"},
    "progress": {"type": "object", "description": "Cases per kind: " + ", ".join(CASE_KINDS),
                 "additionalProperties": {
                     "type": "object", "required": ["open", "resolved"], "properties": {
                         "open": {"type": "integer"}, "resolved": {"type": "integer"}}}},
    "created_at": {"type": "string", "description": "ISO 8601 date and time (UTC)"},
}}

IMPORT_BODY = {"type": "object", "required": ["file"], "properties": {
    "file": {"type": "string", "format": "binary",
             "description": "The roster (or an aid list): .xlsx, .xls, CSV or tab-separated "
                            "text, or an HTML table"},
    "dry_run": {"type": "string", "enum": ["1", "true", "yes", "0", "false", "no"],
                "description": "1, true or yes: check the file and write no student"},
}}

RECON_BODY = {"type": "object", "properties": {
    "file": {"type": "string", "format": "binary",
             "description": "The outside list (needed when a side is `list`)"},
    "mapping": {"type": "string", "description": (
        "JSON object {field: column header} over the guessed columns (\"\" unmaps a "
        "field); fields: " + ", ".join(RECON_FIELDS))},
    "left": {"type": "string", "enum": ["roster", "ledger"], "default": "roster"},
    "right": {"type": "string", "enum": ["list", "ledger"], "default": "list",
              "description": "roster/list, ledger/list or roster/ledger"},
}}

PATHS = {
    "/api/v1/roster/students": {"get": operation(
        "Enrolled students the user may see (masked)", tag=TAG,
        parameters=[
            query("school", "Only this school (404 when the user may not see it)", **ID_TEXT),
            query("grade", "Only this grade", **ID_TEXT),
            query("category", "Only students with this aid category (id)", **ID_TEXT),
            query("special", "Only this kind of special student (other values are ignored)",
                  type="string", enum=list(kind_codes())),
            query("limit", "At most this many (values outside 1-10000 are brought into it)",
                  type="integer", minimum=1, maximum=10000, default=1000),
            query("offset", "Skip this many (by id; a negative value counts as 0)",
                  type="integer", minimum=0, default=0),
        ],
        responses={**ok({"type": "object", "required": ["students"], "properties": {
            "students": {"type": "array", "items": ref("RosterStudent")}}}),
            **refusal(400, 403, 404)})},
    "/api/v1/roster/imports": {"post": operation(
        "Import students from a file (all rows or none)", tag=TAG,
        description="The counts of the run, or with 400 every bad row (nothing is written). "
                    "A file that cannot be read is refused with the Error shape.",
        body=_multipart(IMPORT_BODY),
        responses={
            **ok(ref("RosterImportResult"), "Imported (or checked, with dry_run)"),
            **refusal(403, 413),
            "400": {"description": "Bad rows (RosterImportResult with `errors`), or a missing "
                                   "or unreadable file (Error)",
                    "content": {"application/json": {"schema": {
                        "oneOf": [ref("RosterImportResult"), ref("Error")]}}}}})},
    "/api/v1/roster/reconciliations": {"post": operation(
        "Reconcile the roster or the household ledger with an outside list, or the two", tag=TAG,
        body=_multipart(RECON_BODY),
        responses={**ok(ref("RosterReconRun"), "The run, its cases stored", status=201),
                   **refusal(400, 403, 413)})},
    "/api/v1/roster/reconciliations/{run_id}": {"get": operation(
        "A reconciliation run with its counts and case progress", tag=TAG,
        parameters=[path_int("run_id", "The run's id")],
        responses={**ok(ref("RosterReconRun")), **refusal(400, 403, 404)})},
}

SCHEMAS = {"RosterStudent": STUDENT, "RosterRowError": ROW_ERROR,
           "RosterImportResult": IMPORT_RESULT, "RosterReconRun": RECON_RUN}

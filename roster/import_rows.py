"""One student row of any recognised file, checked: each cell parsed by roster.codes (codes
and names alike), the resident ID checked only for document type "1" (another document's
number goes to `document_number`), the family members gathered. Every problem names the
spreadsheet row, the column as the file heads it, and the reason."""
from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _

from suite.cells import CellError, RowError, cell_text

from .codes import parse_value
from .import_columns import HEADERS
from .registration_export import HEADERS as REGISTRATION_HEADERS
from .idcard import birth_date, clean_number, id_problem, sex_of, student_number_problem
from .labels import ID_NUMBER_PROBLEMS

REQUIRED = ("student_no", "name", "sex", "school_code", "grade")
# columns of roster_student every import writes (its required fields), and those written only
# when the file has them: a registration export without 户籍乡镇 or 就读方式 keeps what the
# roster knows
BASE_FIELDS = ("name", "sex", "school_id", "grade")
OPTIONAL_FIELDS = ("birth_date", "id_number", "ethnicity", "class_name", "boarding",
                   "household_township", "household_village", "guardian_name", "guardian_phone")
REGISTRATION_FIELDS = ("aux_student_no", "class_no", "entry_month", "school_stage",
                       "entry_mode", "household_type", "household_region", "left_behind",
                       "migrant_child", "orphan", "martyr_child", "inclusive_class",
                       "disability_type", "needs_aid", "one_subsidy")
DOCUMENT_FIELDS = ("document_type", "document_number")
LIMITS = {"name": 40, "ethnicity": 20, "class_name": 20, "household_township": 40,
          "household_village": 40, "guardian_name": 40, "guardian_phone": 20,
          "aux_student_no": 30, "class_no": 10, "entry_mode": 20, "disability_type": 20}
GUARDIAN_PARTS = ("name", "relation", "is_guardian", "document_type", "id_number", "phone")
GUARDIAN_LIMITS = {"name": 40, "relation": 20, "id_number": 40, "phone": 20}
TEXT_KEYS = ("student_no", "name", "school_code", "class_name", "household_township",
             "household_village", "guardian_name", "guardian_phone", "aux_student_no",
             "class_no", "entry_mode", "disability_type")
# an ID number a CSV export of Excel wrote in its scientific form (3.50881E+17)
EXCEL_NUMBER = re.compile(r"[0-9](?:\.[0-9]+)?[eE]\+?[0-9]{1,3}")
LEFT_BEHIND_YES = "是"  # a bare 是: left behind, not said by which parents -> "yes"


def guardian_keys(position: int) -> list[str]:
    return [f"guardian{position}_{part}" for part in GUARDIAN_PARTS]


class RowChecker:
    """Checks one row at a time and collects every problem with its row and column.
    `columns` maps each field key to the file's column; `term_start` dates intake labels."""

    def __init__(self, columns: dict[str, str], schools: dict[str, int], today: date,
                 term_start: date, layout: str = ""):
        self.columns, self.schools, self.today = columns, schools, today
        self.term_start, self.layout = term_start, layout
        self.errors: list[RowError] = []
        self.seen_no: dict[str, int] = {}
        self.seen_id: dict[str, int] = {}
        self.seen_document: dict[tuple, int] = {}
        self.members = [p for p in (1, 2) if any(k in columns for k in guardian_keys(p))]
        given = set(columns) | ({"birth_date"} if "id_number" in columns else set()) | (
            {"guardian_name", "guardian_phone"} if self.members else set())
        self.fields = BASE_FIELDS + tuple(k for k in OPTIONAL_FIELDS + REGISTRATION_FIELDS
                                          if k in given)
        # a resident ID and another document exclude each other: whatever writes one writes both
        self.documents_given = "document_type" in columns or "document_number" in columns
        if self.documents_given or "id_number" in columns:
            self.fields += DOCUMENT_FIELDS
        self._parsed: dict[tuple, object] = {}  # (key, cell) -> value or CellError: codes repeat
        self._id_problems: dict[str, str | None] = {}
        self._text_columns = [(k, columns.get(k)) for k in TEXT_KEYS]
        self._member_columns = {p: [(part, columns.get(f"guardian{p}_{part}"))
                                    for part in GUARDIAN_PARTS] for p in (1, 2)}

    def fail(self, n, key, value, reason):
        """A problem named by the file's column, or (the file has none for it) by the field's
        Chinese name, never its key."""
        column = self.columns.get(key) or HEADERS.get(key) or REGISTRATION_HEADERS.get(key, key)
        self.errors.append(RowError(n, column, value, reason))

    def raw(self, row: dict, key: str):
        return row.get(self.columns.get(key))

    def parse(self, n, row, key, default=None, grade=None):
        raw = self.raw(row, key)
        memo = (key, raw, grade if key == "school_stage" else None)
        found = self._parsed.get(memo, self)
        if found is self:
            try:
                found = parse_value(key, raw, self.layout, self.columns.get(key, key),
                                    self.term_start, grade)
            except CellError as exc:
                found = exc
            self._parsed[memo] = found
        if isinstance(found, CellError):
            self.fail(n, key, raw, found.message())
            return default
        return found

    def row(self, n: int, raw: dict) -> dict | None:
        before = len(self.errors)
        t = {k: cell_text(raw.get(column)) for k, column in self._text_columns}
        for key in REQUIRED:
            if not cell_text(self.raw(raw, key)):
                self.fail(n, key, "", _("is required"))
        no = clean_number(t["student_no"])
        if no and student_number_problem(no):
            self.fail(n, "student_no", no, _("is not a valid student number (G, J or L form, "
                                             "or an ID number)"))
        elif no in self.seen_no:
            self.fail(n, "student_no", no, _("is also on row %(row)d", row=self.seen_no[no]))
        self.seen_no.setdefault(no, n)
        sex = self.parse(n, raw, "sex", "") if cell_text(self.raw(raw, "sex")) else ""
        born = self.parse(n, raw, "birth_date")
        if born is not None and born > self.today:
            self.fail(n, "birth_date", self.raw(raw, "birth_date"),
                      _("is not a real date (YYYY-MM-DD)"))
            born = None
        document_type = self.parse(n, raw, "document_type", "1") or "1"
        id_number, document_number = self._document(n, raw, document_type, sex, born)
        if document_type != "1" and no.startswith("G"):  # G + the resident ID they lack
            self.fail(n, "student_no", no, _("is a G-form number (G and the resident ID); a "
                                             "pupil without a resident ID has a J-form number"))
        school = self.schools.get(t["school_code"].upper())
        if t["school_code"] and school is None:
            self.fail(n, "school_code", t["school_code"], _("is not a school of the county"))
        grade = self.parse(n, raw, "grade") if cell_text(self.raw(raw, "grade")) else None
        values = {k: t[k] for k in LIMITS if k in t}
        values.update(ethnicity=self.parse(n, raw, "ethnicity", ""),
                      boarding=self.parse(n, raw, "boarding", False))
        for key in REGISTRATION_FIELDS:
            if key in self.columns and key not in values:
                values[key] = self._registration(n, raw, key, grade)
        for key, limit in LIMITS.items():
            if isinstance(values.get(key), str) and len(values[key]) > limit:
                self.fail(n, key, values[key], _("is longer than %(n)d characters", n=limit))
        guardians = [self._guardian(n, raw, p) for p in self.members]
        if len(self.errors) > before:
            return None
        if guardians and guardians[0] and "guardian_name" not in self.columns:
            values.update(guardian_name=guardians[0]["name"], guardian_phone=guardians[0]["phone"])
        values.update(student_no=no, sex=sex, birth_date=born or (
            birth_date(id_number) if id_number else None), id_number=id_number,
            document_type=document_type, document_number=document_number, school_id=school,
            grade=grade)
        values["_guardians"] = guardians if self.members else None
        return values

    def _registration(self, n, raw, key, grade):
        cell = self.raw(raw, key)
        if key == "left_behind" and cell_text(cell).strip() == LEFT_BEHIND_YES:
            return "yes"
        default = False if key in ("migrant_child", "orphan", "martyr_child",
                                   "inclusive_class", "needs_aid", "one_subsidy") else ""
        value = self.parse(n, raw, key, default, grade=grade)
        if key == "entry_month":
            return value
        return default if value is None else value

    def _document(self, n, raw, document_type, sex, born):
        """(id_number, document_number): a resident ID is checked; another document's number
        (from 身份证件号 or a document-number column) is kept as text."""
        key = "id_number"
        cell = self.raw(raw, "id_number")
        if document_type != "1":
            if cell_text(self.raw(raw, "document_number")):
                key, cell = "document_number", self.raw(raw, "document_number")
            number = clean_number(cell_text(cell))
            if not number:
                self.fail(n, key, "", _("is required"))
                return None, None
            if len(number) > 40:
                self.fail(n, key, number, _("is longer than %(n)d characters", n=40))
            seen = self.seen_document.setdefault((document_type, number), n)
            if seen != n:
                self.fail(n, key, number, _("is also on row %(row)d", row=seen))
            return None, number
        return self._id_number(n, cell, sex, born), None

    def _id_number(self, n, raw, sex, born) -> str | None:
        if raw in (None, ""):
            return None
        if isinstance(raw, (int, float)) or EXCEL_NUMBER.fullmatch(cell_text(raw)):
            self.fail(n, "id_number", raw, _("is stored as a number, so Excel has already "
                                             "changed its last digits: format the column as "
                                             "text and type the numbers again"))
            return None
        id_number = clean_number(cell_text(raw))
        problem = id_problem(id_number, self.today)
        if problem:
            self.fail(n, "id_number", id_number, str(ID_NUMBER_PROBLEMS[problem]))
            return None
        if sex and sex_of(id_number) != sex:
            self.fail(n, "sex", "男" if sex == "M" else "女",
                      _("does not agree with the ID number"))
        if born and birth_date(id_number) != born:
            self.fail(n, "birth_date", born, _("does not agree with the ID number"))
        if id_number in self.seen_id:
            self.fail(n, "id_number", id_number, _("is also on row %(row)d",
                                                   row=self.seen_id[id_number]))
        self.seen_id.setdefault(id_number, n)
        return id_number

    def _guardian(self, n, raw, position) -> dict | None:
        keys = dict(zip(GUARDIAN_PARTS, guardian_keys(position)))
        text = {part: cell_text(raw.get(column)) for part, column in
                self._member_columns[position]}
        if not (text["name"] or text["id_number"] or text["phone"]):
            return None
        kind = self.parse(n, raw, keys["document_type"], "1") or "1"
        number = clean_number(text["id_number"]) or None
        if number and kind == "1":
            if isinstance(self.raw(raw, keys["id_number"]), (int, float)) or \
                    EXCEL_NUMBER.fullmatch(text["id_number"]):
                self.fail(n, keys["id_number"], number, _("is stored as a number, so Excel has "
                          "already changed its last digits: format the column as text and "
                          "type the numbers again"))
            elif problem := self._guardian_id_problem(number):
                self.fail(n, keys["id_number"], number, str(ID_NUMBER_PROBLEMS[problem]))
        for part, limit in GUARDIAN_LIMITS.items():
            if len(text[part]) > limit:
                self.fail(n, keys[part], text[part], _("is longer than %(n)d characters",
                                                        n=limit))
        return {"position": position, "name": text["name"], "relation": text["relation"],
                "is_guardian": bool(self.parse(n, raw, keys["is_guardian"], False)),
                "document_type": kind, "id_number": number, "phone": text["phone"]}

    def _guardian_id_problem(self, number: str) -> str | None:
        if number not in self._id_problems:
            self._id_problems[number] = id_problem(number, self.today)
        return self._id_problems[number]

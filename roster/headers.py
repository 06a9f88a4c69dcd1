"""Which of our fields a column of a county's file holds, from its header text.

The alias table is data (roster/data/header_aliases.csv: header, field, layout, note); a field
"" means the header is known but its values are not kept (recognised, so never asked about);
a field "member:x" is a header of the registration export's family-member block (see
map_columns). Layouts: "registration" (the national registration system's export),
"school_copy" (a school's own copy of it), "aid_list" (difficulty recognition and recipient
lists), "ours" (the roster template)."""
from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
LAYOUTS = ("registration", "ours", "school_copy", "aid_list")  # the order breaks ties
STUDENT_KEYS = ("student_no", "school_code")  # a roster of pupils, never an aid list
AID_KEYS = ("difficulty_level", "recognised_on", "recognised_reason")  # an aid list's own
MEMBER_PREFIX = re.compile(r"^(?:家庭成员|成员|监护人)([12一二])(.+)$")
DUPLICATE_SUFFIX = re.compile(r"\((\d+)\)$")  # the reader's "姓名(2)" for a repeated header
MAX_MEMBERS = 2

# Full-width letters, digits and brackets to half-width; the asterisk too, so ＊ is dropped.
_HALF = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                 *range(0xFF41, 0xFF5B), 0xFF08, 0xFF09, 0xFF3B, 0xFF3D,
                                 0xFF5B, 0xFF5D, 0xFF0A]}
_ALL_HALF = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_MARKS = re.compile(r"\(\*\)|[*★☆\s]")


def normalise(text) -> str:
    """A header cell as compared: (*), （*）, *, ★, ☆, spaces (full-width too) and line
    breaks dropped; full-width letters, digits and brackets made half-width.
    A local twin of suite.tabular.normalise_header (same contract); replace it by that one
    when the reading part is merged."""
    if text is None:
        return ""
    return _MARKS.sub("", str(text).translate(_HALF))


def _key(text) -> str:
    """The lookup key: the normalised header, all full-width punctuation folded, lower case."""
    return normalise(text).translate(_ALL_HALF).lower()


def _base(column) -> str:
    """The key without the reader's duplicate suffix: 姓名(2) -> 姓名."""
    return DUPLICATE_SUFFIX.sub("", _key(column))


def _load():
    plain, member, layouts = {}, {}, {}
    with (DATA / "header_aliases.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key, field = _key(row["header"]), row["field"].strip()
            if field.startswith("member:"):
                member[key] = field.removeprefix("member:")
            else:
                if plain.get(key, field) != field:
                    raise ValueError(f"header_aliases.csv: {row['header']} maps twice")
                plain[key] = field
            layouts.setdefault(key, set()).update(row["layout"].split())
    return plain, member, layouts


PLAIN, MEMBER, HEADER_LAYOUTS = _load()


def _numbered_member(key: str) -> str | None:
    """成员1姓名, 家庭成员2关系, 监护人1联系电话: a family member's field by its number."""
    match = MEMBER_PREFIX.match(key)
    if not match or match.group(2) not in MEMBER:
        return None
    part = MEMBER[match.group(2)]
    return f"guardian{1 if match.group(1) in '1一' else 2}_{part}" if part else ""


def field_for(header) -> str | None:
    """The field key a header names: "" when known but not kept, None when unknown. Without
    its position a repeated header (姓名) is the pupil's; a header only family members have
    (关系, 是否监护人) is the first member's."""
    key = _base(header)
    numbered = _numbered_member(key)
    if numbered is not None:
        return numbered
    if key in PLAIN:
        return PLAIN[key]
    if key in MEMBER:
        return f"guardian1_{MEMBER[key]}" if MEMBER[key] else ""
    return None


def score(row_values) -> int:
    """How many cells of a row are recognised headers: the header row is the best-scoring
    row below any title rows. Cells that are not text do not count."""
    return sum(1 for value in row_values
               if isinstance(value, str) and value.strip() and field_for(value) is not None)


def detect_layout(columns, mapping: dict | None = None) -> str:
    """The known header set the columns come from, or "" when fewer than three columns are
    recognised. The layout sharing the most headers wins; ties go to the layout with more
    headers of its own, then to the order of LAYOUTS. A file with a student-number or
    school-code column (by its header or the officer's `mapping`, column -> field key) lists
    pupils to import, so it is never an aid list; an officer who places an aid flag or a
    difficulty level and no such column makes it one."""
    placed = {**map_columns(columns), **(mapping or {})}.values()
    if any(key in STUDENT_KEYS for key in placed):
        candidates = LAYOUTS[:-1]
    elif mapping and any(key in AID_KEYS for key in placed):
        return "aid_list"
    else:
        candidates = LAYOUTS
    counts, own = Counter(), Counter()
    for column in columns:
        layouts = HEADER_LAYOUTS.get(_base(column), set())
        counts.update(layouts)
        if len(layouts) == 1:
            own.update(layouts)
    if sum(1 for c in columns if field_for(c) is not None) < 3 or not counts:
        return ""
    return max(candidates, key=lambda name: (counts[name], own[name], -LAYOUTS.index(name)))


def map_columns(columns) -> dict[str, str]:
    """Column -> field key ("" for known columns not kept); unknown columns are left out
    (see unknown_columns). Column names are unique (the reader suffixes a repeated header:
    姓名, 姓名(2), 姓名(3)); they are read left to right:

    - the pupil's own fields come first: a header maps to its field the first time;
    - the family-member block begins at the first family-member header that the pupil does
      not have (关系, 是否监护人 ...) or that the pupil's columns already used (a second 姓名,
      身份证件号, 联系电话 ...); from there on family-member headers belong to the members;
    - within the block a header repeating inside the current member starts the next member:
      姓名, 关系, ..., 姓名, 关系 ... -> guardian1_name, guardian1_relation, ...,
      guardian2_name ...; members after the second are known and not kept;
    - numbered headers (成员1姓名, 家庭成员2关系) go to that member wherever they stand;
    - a second column for a field already taken is not mapped (it is listed as unknown, for
      the officer to decide)."""
    mapped: dict[str, str] = {}
    pupil_seen: set[str] = set()
    taken: set[str] = set()
    in_block, member, member_seen = False, 0, set()
    for column in columns:
        key = _base(column)
        field = _numbered_member(key)
        if field is None and key in MEMBER and (in_block or key not in PLAIN
                                                 or key in pupil_seen):
            if not in_block or key in member_seen:
                in_block, member, member_seen = True, member + 1, set()
            member_seen.add(key)
            part = MEMBER[key]
            field = f"guardian{member}_{part}" if part and member <= MAX_MEMBERS else ""
        elif field is None and key in PLAIN:
            pupil_seen.add(key)
            field = PLAIN[key]
        if field is None or (field and field in taken):
            continue
        taken.add(field)
        mapped[column] = field
    return mapped


def unknown_columns(columns) -> list[str]:
    """The columns map_columns cannot place, in file order: unrecognised headers and second
    columns for a field already taken. Empty headers are not listed."""
    mapped = map_columns(columns)
    return [c for c in columns if c not in mapped and _key(c)]

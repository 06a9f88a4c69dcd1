"""Resident identity numbers (GB 11643-1999) and national student numbers (全国学籍号).
Pure functions: no Flask, no database."""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

from stdnum import numdb

from suite.cells import ascii_digits

_BLANK = r"[\s\u200b\u200c\u200d\u2060\ufeff]+"  # any space, and zero-width characters
_BLANKS = re.compile(_BLANK)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits."""
    return CHECK[sum(map(int.__mul__, map(int, first17), WEIGHTS)) % 11]


def birth_date(id_number: str) -> date | None:
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def sex_of(id_number: str) -> str:
    """M for an odd sequence digit, F for an even one."""
    return "M" if int(id_number[16]) % 2 else "F"


@lru_cache(maxsize=4096)
def known_area(code: str) -> bool:
    """Whether a six-digit code is an area of GB/T 2260 in any year (python-stdnum's list).
    Any year, not the birth year: a child keeps the code of the place of registration, which
    may have been abolished or renamed before the child was born."""
    parts = numdb.get("cn/loc").info(code)
    return any("county" in props for _part, props in parts)


def id_problem(id_number: str, today: date | None = None) -> str | None:
    """None for a valid 18-character number, else one of: length, characters, date, check,
    area (the first six digits are no area code of GB/T 2260)."""
    if len(id_number) != 18:
        return "length"
    if not ascii_digits(id_number[:17]) or id_number[17] not in "0123456789X":
        return "characters"
    born = birth_date(id_number)
    if born is None or (today is not None and born > today):
        return "date"
    if check_char(id_number[:17]) != id_number[17]:
        return "check"
    if not known_area(id_number[:6]):
        return "area"
    return None


def upgrade_15(old: str) -> str:
    """An old 15-digit number as 18 digits: '19' before the year, the check appended."""
    body = old[:6] + "19" + old[6:]
    return body + check_char(body)


def student_number_problem(number: str) -> str | None:
    """None for an accepted student number: G + ID number, J + an ID-style number,
    L + area code + birth date + 4 characters, or (older data) the ID number itself."""
    n = number.strip().upper()
    if len(n) == 19 and n[0] in "GJ":
        return None if id_problem(n[1:]) is None else "id"
    if len(n) == 19 and n[0] == "L":
        ok = n[1:15].isdigit() and birth_date("000000" + n[7:15]) is not None
        return None if ok and n[15:].isalnum() else "form"
    if len(n) == 18:
        return None if id_problem(n) is None else "id"
    return "form"


def clean_number(text: str | None) -> str:
    """An ID or student number as typed or pasted: full-width characters folded to ASCII,
    spaces of any width and invisible characters dropped, around it and inside it (an ID
    written in groups, 350881 20171028 0127), upper case."""
    return _BLANKS.sub("", unicodedata.normalize("NFKC", text or "")).upper()


def mask_id(id_number: str | None) -> str:
    """3508**********1234: the area prefix and the last four only. A shorter number (a
    passport or permit, an odd ID in a list) keeps its first character and last three only
    (E*****678), so a nine-character number is not shown nearly whole."""
    if not id_number:
        return ""
    if len(id_number) >= 15:
        return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]
    if len(id_number) <= 4:
        return "*" * len(id_number)
    return id_number[0] + "*" * (len(id_number) - 4) + id_number[-3:]


mask_document = mask_id  # any identity document's number, masked the same way


def mask_phone(phone: str | None) -> str:
    """138****5678."""
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_student_no(number: str | None) -> str:
    """A G- or J-form student number carries an ID number: it is masked the same way."""
    if not number:
        return ""
    if len(number) == 19 and number[0] in "GJ":
        return number[0] + mask_id(number[1:])
    if len(number) == 18:
        return mask_id(number)
    return number

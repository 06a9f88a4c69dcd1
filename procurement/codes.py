"""Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from 31 symbols:
the registration authority (1), the entity type (1), the registering region (6), the
organisation code (9) and a check character over the first 17. python-stdnum checks the
structure and the check character; this module names what is wrong for the messages.

stdnum wants the first eight characters to be digits, but GB 32100 also gives letters to
three registration authorities: A (military), N (agriculture: village collective economic
organisations, which sell vegetables to rural schools) and Y (others). Those codes are checked
here against the standard's entity types, with stdnum's check character."""
from __future__ import annotations

from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, ValidationError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
# the parts stdnum requires to be digits, first to last, with the reason each gives
_DIGIT_PARTS = (("authority", slice(0, 1)), ("entity", slice(1, 2)), ("region", slice(2, 8)))
# GB 32100-2015 appendix A: registration authorities coded by a letter -> their entity types
_LETTER_AUTHORITIES = {"A": "19", "N": "1239", "Y": "1"}


def credit_check_char(first17: str) -> str:
    return uscc.calc_check_digit(first17)


def credit_code_problem(code: str) -> str | None:
    """None for a valid code, else an English reason (for the caller to translate): length,
    characters, authority, entity (type), region (digits) or check."""
    code = (code or "").strip().upper()
    if len(code) != 18:
        return "length"
    if any(ch not in ALPHABET for ch in code):
        return "characters"
    if code[0] in _LETTER_AUTHORITIES:
        return _letter_authority_problem(code)
    try:
        uscc.validate(code)
    except InvalidChecksum:
        return "check"
    except ValidationError:
        return next((reason for reason, part in _DIGIT_PARTS if not code[part].isdigit()),
                    "characters")
    return None


def _letter_authority_problem(code: str) -> str | None:
    if code[1] not in _LETTER_AUTHORITIES[code[0]]:
        return "entity"
    if not code[2:8].isdigit():
        return "region"
    return None if code[-1] == uscc.calc_check_digit(code[:17]) else "check"

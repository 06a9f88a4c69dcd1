"""The password policy: at least 10 characters, not the user name nor containing it, not one
of the most common passwords (suite/data/common_passwords.txt, whose header says where it
came from)."""
from __future__ import annotations

from functools import cache
from pathlib import Path

MIN_PASSWORD_LENGTH = 10
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common_passwords.txt"


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def check_password_strength(password: str, username: str = "") -> str | None:
    """What is wrong with this password for this user, or None: at least 10 characters, not
    the user name nor containing it, not one of the most common passwords."""
    from flask_babel import gettext as _
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
    folded, name = password.casefold(), username.strip().casefold()
    if name and (folded == name or (len(name) >= 3 and name in folded)):
        return _("The password must not contain the user name.")
    if folded in common_passwords():
        return _("This password is one of the most common passwords; choose another.")
    return None

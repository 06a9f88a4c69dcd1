"""Account services: users, passwords, lockout, API tokens. Plain functions over a session."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .db import utcnow
from .models import ApiToken, LoginFailure, School, User

LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8
# checked against when the user does not exist, so both paths cost one scrypt
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountError(ValueError):
    """A refused account change; the message is shown to the user (already translated)."""


def hash_password(password: str) -> str:
    return generate_password_hash(password)  # werkzeug's default: scrypt


def check_password_strength(password: str) -> str | None:
    from flask_babel import gettext as _
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
    return None


def create_user(session: Session, *, username: str, password: str, role: str,
                roles: dict, school_code: str | None = None, township_id: int | None = None,
                display_name: str = "") -> User:
    from flask_babel import gettext as _
    username = username.strip()
    if not username:
        raise AccountError(_("The user name is required."))
    if session.scalar(select(User.id).where(User.username == username)):
        raise AccountError(_("The user name %(name)s is taken.", name=username))
    role_def = roles.get(role)
    if role_def is None:
        raise AccountError(_("Unknown role: %(role)s.", role=role))
    problem = check_password_strength(password)
    if problem:
        raise AccountError(problem)
    school_id = None
    if role_def.scope == "school":
        if not school_code:
            raise AccountError(_("This role needs a school."))
        school_id = session.scalar(select(School.id).where(School.code == school_code))
        if school_id is None:
            raise AccountError(_("Unknown school code: %(code)s.", code=school_code))
    if role_def.scope == "township" and township_id is None:
        raise AccountError(_("This role needs a township."))
    user = User(username=username, password_hash=hash_password(password), role=role,
                school_id=school_id, township_id=township_id if role_def.scope == "township" else None,
                display_name=display_name or username, active=True)
    session.add(user)
    session.flush()
    return user


def is_locked(session: Session, username: str, now: datetime | None = None) -> bool:
    now = now or utcnow()
    recent = session.scalar(
        select(func.count(LoginFailure.id)).where(
            LoginFailure.username == username, LoginFailure.at > now - LOCKOUT_WINDOW
        )
    )
    return recent >= LOCKOUT_FAILURES


def authenticate(session: Session, username: str, password: str, ip: str = "",
                 now: datetime | None = None) -> User | None:
    """The user when the password is right and the account is open; None otherwise, and the
    failure is counted whether or not the user exists. Callers show one generic message."""
    now = now or utcnow()
    username = (username or "").strip()[:60]
    user = session.scalar(select(User).where(User.username == username))
    ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password or "")
    if ok and user is not None and user.active and not is_locked(session, username, now):
        session.execute(delete(LoginFailure).where(LoginFailure.username == username))
        return user
    session.add(LoginFailure(username=username, at=now, ip=ip[:45]))
    session.flush()
    return None


def set_password(session: Session, user: User, new_password: str) -> None:
    problem = check_password_strength(new_password)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(new_password)
    session.execute(delete(LoginFailure).where(LoginFailure.username == user.username))
    session.flush()


def _token_digest(raw: str) -> str:
    # tokens carry 256 random bits, so a fast hash is enough and keeps the lookup indexed
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(session: Session, user: User, name: str = "") -> str:
    raw = "sns_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, name=name, token_hash=_token_digest(raw)))
    session.flush()
    return raw


def user_for_token(session: Session, raw: str, now: datetime | None = None) -> User | None:
    """The token's user, or None for an unknown, revoked or disabled one. Notes the use
    (at most every five minutes, committed at once so a failing request keeps it)."""
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_digest(raw)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = now or utcnow()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        token.last_used_at = now
        session.commit()
    return token.user


def revoke_token(session: Session, token_id: int, user_id: int | None = None) -> bool:
    token = session.get(ApiToken, token_id)
    if token is None or (user_id is not None and token.user_id != user_id):
        return False
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
    return True

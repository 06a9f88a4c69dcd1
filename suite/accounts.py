"""Account services: users, passwords, login throttling, logins, API tokens. Plain functions
over a session."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from .db import one_at_a_time, utcnow, write_lock_first
from .errors import ServiceError
from .models import ApiToken, LoginFailure, LoginSession, School, User
from .passwords import check_password_strength

LOCKOUT_FAILURES = 5  # failures for one user name within the window lock that account
IP_FAILURES = 20  # failures from one IP within the window, whatever the names: the IP waits
LOCKOUT_WINDOW = timedelta(minutes=15)
LOGIN_RECORDS_KEPT = timedelta(days=30)  # longer than any login lives (remember cookie: 7 days)
# checked against when the user does not exist, so both paths cost one scrypt
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountError(ServiceError):
    """A refused account change; the message is shown to the user (already translated), on
    the form field `field` (none: the whole form). str() is the message alone, for the CLI."""

    def __init__(self, message, field: str = ""):
        super().__init__({field: message})
        self.args = (str(message),)


class PasswordRejected(AccountError):
    """The new password breaks the password policy."""

    def __init__(self, message, field: str = "password"):
        super().__init__(message, field)


class LoginThrottled(AccountError):
    """Too many failed logins from this IP: it is refused for a while, whatever the user."""


# passwords


def hash_password(password: str) -> str:
    return generate_password_hash(password)  # werkzeug's default: scrypt


def _check_policy(password: str, username: str) -> None:
    problem = check_password_strength(password, username)
    if problem:
        raise PasswordRejected(problem)


def set_password(session: Session, user: User, new_password: str) -> None:
    """The new password, with the account's lock cleared."""
    _check_policy(new_password, user.username)
    user.password_hash = hash_password(new_password)
    session.execute(delete(LoginFailure).where(LoginFailure.username == user.username))
    session.flush()


def change_password(session: Session, user: User, new_password: str, *,
                    keep_login: str | None = None, keep_tokens: bool = False) -> None:
    """A new password ends every login of the user (session and remember cookies) except
    `keep_login` (the browser that changed it), and revokes the user's API tokens unless
    `keep_tokens`."""
    set_password(session, user, new_password)
    user.session_version = (user.session_version or 1) + 1
    end_logins(session, user, keep=keep_login)
    if not keep_tokens:
        revoke_tokens(session, user)
    session.flush()


def reset_password(session: Session, user: User, new_password: str,
                   keep_login: str | None = None) -> None:
    """An administrator's reset: every login and every API token of the user ends."""
    change_password(session, user, new_password, keep_login=keep_login, keep_tokens=False)


def create_user(session: Session, *, username: str, password: str, role: str,
                roles: dict, school_code: str | None = None, township_id: int | None = None,
                display_name: str = "") -> User:
    from flask_babel import gettext as _
    username = username.strip()
    if not username:
        raise AccountError(_("The user name is required."), "username")
    if session.scalar(select(User.id).where(User.username == username)):
        raise AccountError(_("The user name %(name)s is taken.", name=username), "username")
    role_def = roles.get(role)
    if role_def is None:
        raise AccountError(_("Unknown role: %(role)s.", role=role), "role")
    _check_policy(password, username)
    school_id = None
    if role_def.scope == "school":
        if not school_code:
            raise AccountError(_("This role needs a school."), "school_id")
        school_id = session.scalar(select(School.id).where(School.code == school_code))
        if school_id is None:
            raise AccountError(_("Unknown school code: %(code)s.", code=school_code),
                               "school_id")
    if role_def.scope == "township" and township_id is None:
        raise AccountError(_("This role needs a township."), "township_id")
    township_id = township_id if role_def.scope == "township" else None
    user = User(username=username, password_hash=hash_password(password), role=role,
                school_id=school_id, township_id=township_id,
                display_name=display_name or username, active=True, session_version=1)
    session.add(user)
    session.flush()
    return user


# login throttling: failures counted per user name and per IP, in the database


def _failures(session: Session, where, since: datetime, besides: int) -> int:
    return session.scalar(select(func.count(LoginFailure.id)).where(
        where, LoginFailure.at > since, LoginFailure.id != besides))


def is_locked(session: Session, username: str, now: datetime | None = None) -> bool:
    since = (now or utcnow()) - LOCKOUT_WINDOW
    return _failures(session, LoginFailure.username == username, since, 0) >= LOCKOUT_FAILURES


def _one_at_a_time(session: Session, ip: str) -> None:
    """Tries from one IP are counted one at a time until the commit: a PostgreSQL advisory
    lock; SQLite's single writer does the same once the try is inserted."""
    if session.get_bind().dialect.name == "postgresql":
        one_at_a_time(session, "login-ip:" + ip)


def _forget(session: Session, attempt_id: int) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.id == attempt_id))
    session.commit()


def authenticate(session: Session, username: str, password: str, ip: str = "",
                 now: datetime | None = None) -> User | None:
    """The user when the password is right and the account open to this IP; None otherwise
    (callers show one generic message). Raises LoginThrottled when this IP has failed too
    often, whatever the user name.

    Each try is counted and recorded, one at a time per IP, and committed before the password
    is checked, so parallel workers see it; it is forgotten again when the password was
    right. A locked account still
    opens to its right password from an IP with no recent failures, and a right password
    never extends a lock."""
    from flask_babel import gettext as _
    now = now or utcnow()
    since = now - LOCKOUT_WINDOW
    username = (username or "").replace("\x00", "").strip()[:60]
    ip = (ip or "")[:45]
    _one_at_a_time(session, ip)
    write_lock_first(session)
    attempt = LoginFailure(username=username, at=now, ip=ip)
    session.add(attempt)
    session.flush()
    # by its id from now on: a login of the same name that succeeds meanwhile deletes the row
    attempt_id = attempt.id
    if _failures(session, LoginFailure.ip == ip, since, attempt_id) >= IP_FAILURES:
        _forget(session, attempt_id)
        raise LoginThrottled(_("Too many failed logins from this address. Try again in "
                               "%(minutes)d minutes.", minutes=LOCKOUT_WINDOW.seconds // 60))
    session.commit()
    user = session.scalar(select(User).where(User.username == username))
    ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password or "")
    if not ok or user is None or not user.active:
        return None  # the attempt stays: one more failure for this name and this IP
    # SQLite: the deletes below follow reads made while another login may have committed
    write_lock_first(session)
    locked = _failures(session, LoginFailure.username == username, since,
                       attempt_id) >= LOCKOUT_FAILURES
    if locked and _failures(session, LoginFailure.ip == ip, since, attempt_id):
        _forget(session, attempt_id)
        return None
    session.execute(delete(LoginFailure).where(
        (LoginFailure.id == attempt_id)
        | ((LoginFailure.username == username) & (LoginFailure.ip == ip))))
    session.flush()
    return user


# logins: each known to the server, so that a logout or a new password ends it


def start_login(session: Session, user: User) -> str:
    """A new login of the user; its nonce goes into the session and remember cookies."""
    nonce = secrets.token_urlsafe(32)
    session.execute(delete(LoginSession).where(  # long dead: no cookie can name them any more
        LoginSession.user_id == user.id, LoginSession.created_at < utcnow() - LOGIN_RECORDS_KEPT))
    session.add(LoginSession(user_id=user.id, nonce=nonce))
    session.flush()
    user.login_nonce = nonce
    return nonce


def _parse_login_id(login_id: str) -> tuple[int, int, str] | None:
    parts = (login_id or "").split(":")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts[:2]):
        return None
    user_id, version = int(parts[0]), int(parts[1])
    if not 0 < user_id < 2**31 or not 0 < version < 2**31 or not parts[2]:
        return None
    return user_id, version, parts[2]


def user_for_login(session: Session, login_id: str, max_age: timedelta) -> User | None:
    """The user of a session or remember cookie's id ("user:version:nonce"), or None when the
    user is disabled, changed their password since, or the login was ended or is too old."""
    parsed = _parse_login_id(login_id)
    if parsed is None:
        return None
    user_id, version, nonce = parsed
    row = session.execute(select(User, LoginSession).join(
        LoginSession, LoginSession.user_id == User.id).where(
        User.id == user_id, LoginSession.nonce == nonce)).first()
    if row is None:
        return None
    user, login = row
    if (not user.active or user.session_version != version or login.ended_at is not None
            or login.created_at < utcnow() - max_age):
        return None
    user.login_nonce = nonce
    return user


def end_login(session: Session, nonce: str) -> None:
    """Logout: this login's cookies, and every copy of them, stop working."""
    session.execute(update(LoginSession).where(
        LoginSession.nonce == nonce, LoginSession.ended_at.is_(None)).values(ended_at=utcnow()))
    session.flush()


def end_logins(session: Session, user: User, keep: str | None = None) -> None:
    """Every login of the user ends, except the one whose nonce is `keep`."""
    stmt = update(LoginSession).where(LoginSession.user_id == user.id,
                                      LoginSession.ended_at.is_(None))
    if keep:
        stmt = stmt.where(LoginSession.nonce != keep)
    session.execute(stmt.values(ended_at=utcnow()))
    session.flush()


# API tokens


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
    token = session.scalar(select(ApiToken).options(joinedload(ApiToken.user))
                           .where(ApiToken.token_hash == _token_digest(raw)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = now or utcnow()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        write_lock_first(session)  # SQLite: read above, written here, as others may be
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


def revoke_tokens(session: Session, user: User) -> int:
    """Revokes every live API token of the user (each change in the audit log)."""
    now = utcnow()
    tokens = session.scalars(select(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))).all()
    for token in tokens:
        token.revoked_at = now
    session.flush()
    return len(tokens)

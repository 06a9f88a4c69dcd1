"""Roles, permissions and per-view access decisions.

Every view declares who may use it with one of the decorators below; the host refuses any
endpoint without a decision (deny by default) and a test walks the URL map to find them."""
from __future__ import annotations

from flask import abort, current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from .plugins import Role

HOST_ROLES = (
    Role("admin", _l("Administrator"), "county"),
    Role("bureau", _l("Bureau officer"), "county"),
    Role("nutritionist", _l("Nutritionist"), "county"),
    Role("canteen_manager", _l("Canteen manager"), "school"),
)

PUBLIC = "public"
LOGIN = "login"


def _declare(view, decision):
    view._access = decision
    return view


def public(view):
    """Anyone, logged in or not (login page, public menus, family lookup)."""
    return _declare(view, (PUBLIC,))


def login_required(view):
    """Any logged-in user, whatever the role."""
    return _declare(view, (LOGIN,))


def permission_required(code: str):
    """Users whose role is granted the permission `code` (e.g. 'menus.publish')."""

    def deco(view):
        return _declare(view, ("perm", code))

    return deco


def roles() -> dict[str, Role]:
    return current_app.extensions["suite_roles"]


def permissions() -> dict[str, tuple]:
    return current_app.extensions["suite_permissions"]


def has_permission(user, code: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    granted = current_app.extensions["suite_grants"].get(code)
    if granted is None:
        raise KeyError(f"undeclared permission {code!r}")
    return user.role in granted


def check_access():
    """before_request: enforce the endpoint's declared decision (`may_open`'s)."""
    endpoint = request.endpoint
    if endpoint is None:
        return None  # 404 follows
    if endpoint == "static" or endpoint.endswith(".static"):
        return None
    if may_open(current_user, endpoint):
        return None
    decision = getattr(current_app.view_functions.get(endpoint), "_access", None)
    if decision is not None and not current_user.is_authenticated:
        if request.path.startswith("/api/"):
            abort(401)
        return current_app.login_manager.unauthorized()
    abort(403)


def may_open(user, endpoint: str) -> bool:
    """Whether the user may open the endpoint: the one decision that `check_access` enforces
    and that templates use to show only links their reader may follow. False for an endpoint
    that is not installed or declares nothing."""
    decision = getattr(current_app.view_functions.get(endpoint), "_access", None)
    if decision is None:
        return False
    if decision[0] == PUBLIC:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return decision[0] != "perm" or has_permission(user, decision[1])


def user_scope(user) -> tuple[str, int | None]:
    scope = roles()[user.role].scope
    if scope == "school":
        return "school", user.school_id
    if scope == "township":
        return "township", user.township_id
    return "county", None


def school_filter(user, school_column, township_column=None):
    """A WHERE clause limiting rows to the schools the user may see."""
    from .models import School

    scope, ident = user_scope(user)
    if scope == "school":
        return school_column == ident
    if scope == "township":
        if township_column is not None:
            return township_column == ident
        return school_column.in_(select(School.id).where(School.township_id == ident))
    return school_column.is_not(None) | school_column.is_(None)


def can_see_school(user, school) -> bool:
    scope, ident = user_scope(user)
    if scope == "school":
        return school.id == ident
    if scope == "township":
        return school.township_id == ident
    return True


def school_or_404(session, school_id):
    """The school if this user may see it; 404 (not 403) otherwise, so ids reveal nothing."""
    from .models import School

    if not isinstance(school_id, int) or isinstance(school_id, bool) \
            or not 0 < school_id < 2**31:
        abort(404)  # not an id the database could hold
    school = session.get(School, school_id)
    if school is None or not can_see_school(current_user, school):
        abort(404)
    # held for the session: its identity map holds rows only while something refers to them,
    # and the page that checked a school usually shows it too
    session.info.setdefault("schools_seen", {})[school_id] = school
    return school


def visible_schools(session, user) -> list:
    """The schools this user may see, by code: the one school, the township's, or the county's."""
    from .models import School

    return session.scalars(select(School).where(
        school_filter(user, School.id, School.township_id)).order_by(School.code)).all()


def county_or_404(session):
    """The county this suite runs (one per installation); 404 before it is set up."""
    from .services import county_of

    return county_of(session) or abort(404)

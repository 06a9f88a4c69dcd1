"""The planner's dish search: a dish is found by its name or an alias, the full pinyin
("hongshaorou") or the pinyin initials ("hsr") of either, ranked exact > prefix > contains.

The keys of every active dish are built once per process by `search_keys` and kept until the
dishes change: a count, the last id and creation time, the names' total length and the last
audit entry of a dish (a rename or a dish retired writes one) are compared on each search,
so typing never re-pinyins the library."""
from __future__ import annotations

import re
import threading
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from nutrition import services as nutrition
from procurement import services as procurement
from suite.models import AuditEntry

from .dishes import Cost, cost_of, dish_grams
from .models import Dish

MAX_QUERY = 60   # no dish name is longer: a longer query is cut, not scanned
SEP = "\n"       # between keys: a query (one line) never matches across two
_CJK = re.compile(r"[\u3400-\u9fff]")
_NOT_KEY = re.compile(r"[^0-9a-z]+")
_ALIAS_SPLIT = re.compile(r"[|,，、;；\n]+")


def alias_list(dish) -> list[str]:
    """The dish's aliases, if its table has them ("|"- or comma-separated text, or a list)."""
    raw = getattr(dish, "aliases", None) or ""
    parts = _ALIAS_SPLIT.split(raw) if isinstance(raw, str) else list(raw)
    return [p.strip() for p in parts if p and p.strip()]


def search_keys(dish) -> str:
    """Every key a dish is found by, one a line: for its name, then each alias, the text in
    lower case, its full pinyin and its initials ("红烧肉" -> "红烧肉\\nhongshaorou\\nhsr")."""
    keys = []
    for text in [dish.name or "", *alias_list(dish)]:
        full, initials = nutrition.pinyin_keys(text)
        keys += [" ".join(text.lower().split()), full, initials]
    return SEP.join(dict.fromkeys(k for k in keys if k))


class _Light:
    """The columns the index needs, without loading whole dishes."""

    def __init__(self, row):
        self.id, self.name, self.category = row[0], row[1], row[2]
        self.aliases = row[3] if len(row) > 3 else None


_lock = threading.Lock()
_indexes: dict[str, tuple[tuple, list[tuple[int, str, str]]]] = {}


def dishes_version(session: Session) -> tuple[str, tuple]:
    """(the database's URL, a version of the dishes: active count, last id, last creation,
    total name length, last change if the table records one, last audit entry of a dish)."""
    columns = [func.count(Dish.id), func.max(Dish.id), func.max(Dish.created_at),
               func.sum(func.length(Dish.name))]
    if hasattr(Dish, "updated_at"):  # a column a later version may add
        columns.append(func.max(Dish.updated_at))
    version = tuple(session.execute(select(*columns).where(Dish.active.is_(True))).one())
    version += (session.scalar(select(func.max(AuditEntry.id))
                               .where(AuditEntry.record_type == Dish.__tablename__)),)
    bind = session.get_bind()
    return str(getattr(bind, "engine", bind).url), version


def _index(session: Session) -> list[tuple[int, str, str]]:
    """(id, name, keys) of every active dish, rebuilt only when the dishes change."""
    url, version = dishes_version(session)
    with _lock:
        cached = _indexes.get(url)
        if cached and cached[0] == version:
            return cached[1]
    columns = [Dish.id, Dish.name, Dish.category]
    if hasattr(Dish, "aliases"):
        columns.append(Dish.aliases)
    rows = session.execute(select(*columns).where(Dish.active.is_(True))
                           .order_by(Dish.id)).all()
    index = [(r[0], r[1], search_keys(_Light(r))) for r in rows]
    with _lock:
        _indexes[url] = (version, index)
    return index


def _rank(keys: str, q: str, q_key: str) -> int | None:
    """0 exact, 1 a key starts with the query, 2 a key holds it; None: no match."""
    parts = keys.split(SEP)
    if q in parts or (q_key and q_key in parts):
        return 0
    if any(p.startswith(q) or (q_key and p.startswith(q_key)) for p in parts):
        return 1
    if (len(q) > 1 or not q_key) and (q in keys or (q_key and q_key in keys)):
        return 2  # one letter matches only at the start of a key (one hanzi anywhere)
    return None


def matching_dish_ids(session: Session, q: str) -> list[int]:
    """Ids of the active dishes matching `q`, best first (then shorter names, then by name)."""
    q = " ".join((q or "").lower().split())[:MAX_QUERY]
    if not q:
        return []
    q_key = "" if _CJK.search(q) else _NOT_KEY.sub("", q)
    ranked = []
    for dish_id, name, keys in _index(session):
        rank = _rank(keys, q, q_key)
        if rank is not None:
            ranked.append((rank, len(name), name, dish_id))
    return [r[3] for r in sorted(ranked)]


def find_dishes(session: Session, q: str, limit: int = 20) -> list[Dish]:
    """The active dishes matching `q` by name, alias, full pinyin or pinyin initials, best
    first, at most `limit`, with their ingredients loaded."""
    ids = matching_dish_ids(session, q)[:limit]
    if not ids:
        return []
    rows = {d.id: d for d in session.scalars(select(Dish).where(Dish.id.in_(ids))
                                             .options(selectinload(Dish.ingredients)))}
    return [rows[i] for i in ids if i in rows]


def dish_costs(session: Session, dishes: list[Dish], band: str, school_id: int | None,
               as_of: date) -> dict[int, Cost]:
    """Cost per serving of each dish for one age band, at the school's recent prices (the
    county's median without them), in one price query for all the dishes."""
    grams = {d.id: dish_grams(d, band) for d in dishes}
    food_ids = {fid for rows in grams.values() for fid, _g in rows}
    if not food_ids:
        return {d.id: cost_of({}, {}, {}) for d in dishes}
    prices = procurement.recent_prices(session, school_id, food_ids, as_of)
    names = {f.id: f.name for f in nutrition.foods_by_id(session, food_ids)}
    costs = {}
    for dish_id, rows in grams.items():
        combined: dict[int, Decimal] = {}
        for fid, g in rows:
            combined[fid] = combined.get(fid, Decimal(0)) + g
        costs[dish_id] = cost_of(combined, prices, names)
    return costs

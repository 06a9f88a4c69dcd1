"""Food search by the names people write: the food's name, an alias, its code, the full pinyin
("xihongshi") or the pinyin initials ("xhs") of any of them, ranked exact > prefix > contains.

Aliases come from two places: `data/aliases.csv` (the maintained list of names written on tickets
and menus, each pointing to a default food by code) and the food row's own `aliases` column.
The pinyin keys are computed once per process into an in-memory index, rebuilt only when the food
rows change (a count / max(updated_at) / max(id) check per search), so a search over the whole
table is a scan of a few thousand short strings. No Flask here."""
from __future__ import annotations

import csv
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pypinyin import lazy_pinyin
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import FoodRow

ALIASES_CSV = Path(__file__).parent / "data" / "aliases.csv"
RANKS = ("exact", "prefix", "contains", "within")  # "within": the name sits inside the text
VIAS = ("name", "alias", "code")
_CJK = re.compile(r"[\u3400-\u9fff]+")
_NOT_KEY = re.compile(r"[^0-9a-z]+")
_INFANT = re.compile(r"13\d{4}x?")  # the book's group 13: 婴幼儿食品, hidden from pickers


@dataclass(frozen=True)
class Alias:
    alias: str
    code: str
    note: str = ""


@dataclass(frozen=True)
class Match:
    """One food found: what matched (`text`, a name, alias or code), how, and how well."""
    food: FoodRow
    text: str
    via: str   # one of VIAS
    by: str    # "text", "pinyin" or "initials"
    rank: int  # index into RANKS

    @property
    def rank_name(self) -> str:
        return RANKS[self.rank]


@dataclass(frozen=True)
class _Entry:
    food_id: int
    code: str
    hidden: bool
    text: str
    via: str
    lower: str
    pinyin: str
    initials: str


@lru_cache(maxsize=1)
def builtin_aliases() -> tuple[Alias, ...]:
    """The shipped aliases (data/aliases.csv), in file order."""
    with open(ALIASES_CSV, encoding="utf-8", newline="") as fh:
        return tuple(Alias(r["alias"].strip(), r["code"].strip(), (r.get("note") or "").strip())
                     for r in csv.DictReader(fh) if (r.get("alias") or "").strip())


def names_written_for(row: FoodRow) -> list[str]:
    """The food's own aliases and the shipped aliases that point to it, once each."""
    shipped = [a for a, code in alias_codes().items() if code == row.code]
    return list(dict.fromkeys([*row.alias_list, *shipped]))


@lru_cache(maxsize=1)
def alias_codes() -> dict[str, str]:
    """Shipped alias -> the code of its default food."""
    return {a.alias: a.code for a in builtin_aliases()}


@lru_cache(maxsize=8192)
def pinyin_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of a text, lower case, letters and digits only; characters that
    are not Chinese are kept as they are in both ("猪肉 2号" -> ("zhurou2hao", "zr2h"))."""
    full, initials, pos = [], [], 0
    for m in _CJK.finditer(text):
        other = _NOT_KEY.sub("", text[pos:m.start()].lower())
        syllables = lazy_pinyin(m.group())
        full += [other, *syllables]
        initials += [other, *(s[:1] for s in syllables)]
        pos = m.end()
    other = _NOT_KEY.sub("", text[pos:].lower())
    return "".join(full + [other]), "".join(initials + [other])


def is_hidden(row: FoodRow) -> bool:
    """Hidden from pickers unless asked: infant foods (the book's group 13)."""
    return bool(getattr(row, "hidden", False)) or bool(_INFANT.fullmatch(row.code or ""))


def _entry(row: FoodRow, text: str, via: str) -> _Entry:
    full, initials = pinyin_keys(text) if via != "code" else ("", "")
    return _Entry(row.id, row.code, is_hidden(row), text, via, text.lower(), full, initials)


class _Index:
    def __init__(self, rows: list[FoodRow]):
        by_code = {r.code: r for r in rows}
        entries, seen = [], set()
        for row in rows:
            for text, via in ([(row.name, "name"), (row.code, "code")]
                              + [(a, "alias") for a in row.alias_list]):
                if (row.id, text) not in seen:
                    seen.add((row.id, text))
                    entries.append(_entry(row, text, via))
        for alias in builtin_aliases():
            row = by_code.get(alias.code)
            if row is not None and (row.id, alias.alias) not in seen:
                seen.add((row.id, alias.alias))
                entries.append(_entry(row, alias.alias, "alias"))
        self.entries = entries


_lock = threading.Lock()
_indexes: dict[str, tuple[tuple, _Index]] = {}


def rows_version(session: Session, *where) -> tuple[str, tuple]:
    """(the database's URL, a version of the food rows `where` selects: count, last change,
    last id): what a per-process cache of the food table compares to know it is stale."""
    # three subqueries, so each reads an index (the key, updated_at) rather than the table
    parts = [select(f).where(*where).scalar_subquery() for f in (
        func.count(FoodRow.id), func.max(FoodRow.updated_at), func.max(FoodRow.id))]
    version = tuple(session.execute(select(*parts)).one())
    bind = session.get_bind()
    return str(getattr(bind, "engine", bind).url), version


def _index(session: Session) -> _Index:
    """The active foods' search index, rebuilt only when the food rows change."""
    key, version = rows_version(session, FoodRow.active.is_(True))
    with _lock:
        cached = _indexes.get(key)
        if cached and cached[0] == version:
            return cached[1]
    columns = [FoodRow.id, FoodRow.code, FoodRow.name, FoodRow.aliases]
    if hasattr(FoodRow, "hidden"):  # a column a later version may add
        columns.append(FoodRow.hidden)
    rows = session.execute(select(*columns).where(FoodRow.active.is_(True))
                           .order_by(FoodRow.code)).all()
    index = _Index([_Light(*r) for r in rows])
    with _lock:
        _indexes[key] = (version, index)
    return index


@dataclass(frozen=True)
class _Light:
    """The columns the index needs, without loading whole rows."""
    id: int
    code: str
    name: str
    aliases: str
    hidden: bool = False

    @property
    def alias_list(self) -> list[str]:
        return [a for a in (self.aliases or "").split("|") if a]


def _rank(key: str, q: str) -> int | None:
    if not key or not q:
        return None
    if key == q:
        return 0
    if key.startswith(q):
        return 1
    if q in key:
        return 2
    return None


def _score(entry: _Entry, q: str, q_key: str, chinese: bool) -> tuple[int, str] | None:
    """(rank, by) of the best way the entry matches the query, or None."""
    best = None
    for key, query, by in ((entry.lower, q, "text"), (entry.pinyin, q_key, "pinyin"),
                           (entry.initials, q_key, "initials")):
        if by != "text" and (chinese or not query):
            continue
        rank = _rank(key, query)
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, by)
    if best is None and chinese and entry.via != "code" and len(entry.text) >= 2 \
            and entry.lower in q:
        best = (3, "text")  # a ticket's "新鲜西红柿（箱）" holds the alias 西红柿
    return best


# no food name or ticket item is longer (a delivery line's item holds 60): a longer query
# (a hostile one of a megabyte) is cut here, for every caller, instead of costing seconds
MAX_QUERY = 60


def _ranked(session: Session, text: str, include_hidden: bool) -> list[tuple]:
    """(rank, via order, matched length, code, entry, by) for the best match of each food."""
    q = (text or "").strip().lower()[:MAX_QUERY]
    if not q:
        return []
    chinese = bool(_CJK.search(q))
    q_key = _NOT_KEY.sub("", q)
    short = len(q) == 1 and not chinese  # one letter: prefix only; one hanzi may be inside
    best: dict[int, tuple] = {}
    within: dict[int, tuple] = {}  # used only when nothing else matches
    for entry in _index(session).entries:
        if entry.hidden and not include_hidden:
            continue
        if chinese:  # a quick test first: most entries match nothing
            if q not in entry.lower and entry.lower not in q:
                continue
        elif short:  # one letter: only what starts with it
            if not (entry.lower.startswith(q) or entry.pinyin.startswith(q_key)):
                continue
        elif q not in entry.lower and (not q_key or (q_key not in entry.pinyin
                                                     and q_key not in entry.initials)):
            continue
        score = _score(entry, q, q_key, chinese)
        if score is None or (short and score[0] > 1):
            continue
        rank, by = score
        length = -len(entry.text) if rank == 3 else len(entry.text)  # longest name inside first
        item = (rank, VIAS.index(entry.via), by != "text", length, entry.code, entry, by)
        found = within if rank == 3 else best
        if entry.food_id not in found or item[:5] < found[entry.food_id][:5]:
            found[entry.food_id] = item
    return sorted((best or within).values(), key=lambda i: i[:5])


def search_matches(session: Session, text: str, limit: int | None = 20,
                   include_hidden: bool = False) -> list[Match]:
    """The active foods matching `text`, best first, each with what matched and how."""
    ranked = _ranked(session, text, include_hidden)
    if limit is not None:
        ranked = ranked[:limit]
    ids = [i[5].food_id for i in ranked]
    rows = {r.id: r for r in session.scalars(select(FoodRow).where(FoodRow.id.in_(ids)))} \
        if ids else {}
    return [Match(rows[i[5].food_id], i[5].text, i[5].via, i[6], i[0])
            for i in ranked if i[5].food_id in rows]


def search_foods(session: Session, text: str, limit: int = 20,
                 include_hidden: bool = False) -> list[FoodRow]:
    """The active foods matching `text` by name, alias, code, pinyin or initials, best first:
    exact, then prefix, then contains (then a known name inside a longer text)."""
    return [m.food for m in search_matches(session, text, limit, include_hidden)]


def matching_ids(session: Session, text: str, include_hidden: bool = True) -> list[int]:
    """Ids of every active food matching `text`, best first (for paged lists)."""
    return [i[5].food_id for i in _ranked(session, text, include_hidden)]


def alias_food(session: Session, text: str) -> FoodRow | None:
    """The default food of a shipped alias, if that food is in the table and active."""
    code = alias_codes().get((text or "").strip())
    if code is None:
        return None
    return session.scalar(select(FoodRow).where(FoodRow.code == code,
                                                FoodRow.active.is_(True)))

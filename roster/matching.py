"""The reconciliation engine (比对): two lists of people, "nobody missed, nobody counted twice".

Pure pandas and numpy, no Flask and no database. Each side is a frame with the columns
id_number, name, birth_date and optionally school, category and ref (the caller's own row
reference, e.g. a student id or a spreadsheet row number).

- IDs are normalised (spaces removed, upper case); names, schools and categories too (spaces
  removed) wherever they are compared.
- Duplicates are found per side before matching: the same ID twice, or the same name and
  birth date twice among rows without an ID. The first row of a group takes part in matching;
  the group is reported once.
- Rule `id`: the same ID on both sides. Rule `name_birth`: among rows left unmatched, the same
  name and birth date where at least one of the two rows has no ID, and only when the pair is
  unambiguous (one row on each side).
- A matched pair whose name, birth date, school or category differ (when both are given) is a
  conflict rather than a clean match.

Everything is vectorised: IDs written as 17 digits and a check character become int64 keys
read straight from a fixed-width array; only odd IDs and the rows that need it are touched
one by one in Python."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

RULES = ("id", "name_birth")
COMPARED = ("name", "birth_date", "school", "category")
NO_KEY = -1
NAT = np.iinfo(np.int64).min  # datetime64[D] NaT as int64


def norm_text(value) -> str | None:
    """Every space removed (names, schools, categories); None when empty or missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    text = "".join(str(value).split())
    return text or None


def shown_text(value) -> str | None:
    """A value as its side writes it, spaces around it trimmed; None when empty or missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return str(value).strip() or None


def norm_id(value) -> str | None:
    text = norm_text(value)
    return text.upper() if text else None


def _parse_ids(text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int64 keys of IDs written as 17 digits and a check character (0-9, X or x)."""
    codes = np.asarray(text, dtype="U20").view(np.uint32).reshape(len(text), 20)
    digits = codes[:, :17] - np.uint32(48)  # below '0' wraps round to a large number
    ok = (digits <= 9).all(axis=1) & (codes[:, 18] == 0)
    last = codes[:, 17].astype(np.int64)
    check = np.select([(last >= 48) & (last <= 57), (last == 88) | (last == 120)],
                      [last - 48, 10], -1)
    ok &= check >= 0
    key = np.zeros(len(text), np.int64)
    for i in range(17):
        key *= 10
        key += digits[:, i]
    key = key * 11 + check
    key[~ok] = NO_KEY
    return key, ok


class _Side:
    """One side's columns as numpy arrays (object arrays are views, not copies)."""

    def __init__(self, frame: pd.DataFrame):
        self.n = len(frame)
        self.ref = frame["ref"].to_numpy(dtype=object) if "ref" in frame else np.arange(self.n)
        self.ids = self._column(frame, "id_number")
        self.names = self._column(frame, "name")
        self.school = self._column(frame, "school")
        self.category = self._column(frame, "category")
        self.birth = self._births(frame)

    def _column(self, frame, name):
        if name not in frame:
            return None
        col = frame[name]
        if col.dtype == object or getattr(col.dtype, "na_value", None) is np.nan:
            return col.to_numpy(dtype=object)  # a view: missing cells are None or NaN
        return col.to_numpy(dtype=object, na_value=None)  # pd.NA cannot be compared

    def _births(self, frame) -> np.ndarray:
        if "birth_date" not in frame:
            return np.full(self.n, NAT, np.int64)
        col = frame["birth_date"]
        if not pd.api.types.is_datetime64_any_dtype(col):
            col = pd.to_datetime(col, errors="coerce", format="mixed")
        return col.to_numpy().astype("datetime64[D]").view(np.int64)

    def id_keys(self) -> tuple[np.ndarray, np.ndarray, list]:
        """(keys, rows with an odd ID, their normalised text): odd IDs get keys later."""
        if self.ids is None:
            return np.full(self.n, NO_KEY, np.int64), np.zeros(0, np.int64), []
        missing = pd.isna(self.ids)
        key, ok = _parse_ids(np.where(missing, "", self.ids))
        odd = np.flatnonzero(~ok & ~missing)
        texts = [norm_id(x) for x in self.ids[odd]]
        again, fine = _parse_ids(np.array([t or "" for t in texts], dtype=object))
        key[odd[fine]] = again[fine]
        rest = ~fine & np.array([t is not None for t in texts], dtype=bool)
        return key, odd[rest], [t for t, r in zip(texts, rest) if r]

    def names_at(self, idx) -> list:
        return [norm_text(x) for x in self.names[idx]] if self.names is not None \
            else [None] * len(idx)

    def rows(self, idx) -> pd.DataFrame:
        """Display values of these rows: names, schools and categories as the sides write
        them (trimmed), not as they are compared."""
        idx = np.asarray(idx, dtype=np.int64)
        optional = {c: ([shown_text(x) for x in getattr(self, c)[idx]]
                        if getattr(self, c) is not None else [None] * len(idx))
                    for c in ("school", "category")}
        return pd.DataFrame({
            "row": idx, "ref": self.ref[idx],
            "id_number": [norm_id(x) for x in self.ids[idx]] if self.ids is not None
            else [None] * len(idx),
            "name": [shown_text(x) for x in self.names[idx]] if self.names is not None
            else [None] * len(idx), "birth_date": self.birth[idx].view("datetime64[D]"),
            **optional})


def _odd_keys(left: _Side, right: _Side) -> tuple[np.ndarray, np.ndarray]:
    """Keys of both sides; IDs that are not 17 digits + check still match as text."""
    (kl, odd_l, text_l), (kr, odd_r, text_r) = left.id_keys(), right.id_keys()
    codes, _uniques = pd.factorize(np.array(text_l + text_r, dtype=object))
    kl[odd_l] = -2 - codes[:len(text_l)]
    kr[odd_r] = -2 - codes[len(text_l):]
    return kl, kr


@dataclass
class _Keys:
    code: np.ndarray       # joint code of the ID, per row
    has_id: np.ndarray     # bool
    rep: np.ndarray        # bool: first row of its group (or a row without any key)
    dup_id: np.ndarray     # bool: in a group of the same ID twice or more
    nb_label: pd.Series    # name|birth of rows without an ID in a group (index: row)


def _side_keys(side: _Side, key: np.ndarray, code: np.ndarray, size: int) -> _Keys:
    has_id = key != NO_KEY
    count = np.bincount(code[has_id], minlength=size)
    dup_id = has_id & (count[code] > 1)
    later = has_id & pd.Series(code).duplicated().to_numpy()
    noid = np.flatnonzero(~has_id & (side.birth != NAT))
    frame = pd.DataFrame({"name": side.names_at(noid), "birth": side.birth[noid]}, index=noid)
    frame = frame[frame["name"].notna()]
    grouped = frame.duplicated(keep=False)
    later[frame.index[frame.duplicated(keep="first")]] = True
    dup = frame[grouped]
    days = dup["birth"].to_numpy(np.int64).view("datetime64[D]").astype(str)
    label = pd.Series([f"{n}|{d}" for n, d in zip(dup["name"], days)], index=dup.index,
                      dtype=object)
    return _Keys(code, has_id, ~later, dup_id, label)


def _pool(side: _Side, keys: _Keys, matched: np.ndarray) -> pd.DataFrame:
    rows = np.flatnonzero(keys.rep & ~matched & (side.birth != NAT))
    frame = pd.DataFrame({"row": rows, "name": side.names_at(rows), "birth": side.birth[rows],
                          "noid": ~keys.has_id[rows]})
    return frame[frame["name"].notna()]


def _by_name_birth(left, right, kl, kr, ml, mr) -> tuple[np.ndarray, np.ndarray]:
    pairs = _pool(left, kl, ml).merge(_pool(right, kr, mr), on=["name", "birth"],
                                      suffixes=("_l", "_r"))
    pairs = pairs[pairs["noid_l"] | pairs["noid_r"]]
    pairs = pairs[~pairs["row_l"].duplicated(keep=False) & ~pairs["row_r"].duplicated(keep=False)]
    return pairs["row_l"].to_numpy(np.int64), pairs["row_r"].to_numpy(np.int64)


def _differs(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
    """Where two aligned text arrays differ once normalised, both given; None if a side
    lacks the column. Raw equality first, so only differing rows are normalised."""
    if a is None or b is None:
        return None
    out = np.zeros(len(a), bool)
    idx = np.flatnonzero((a != b) & ~pd.isna(a) & ~pd.isna(b))
    real = [x is not None and y is not None and x != y
            for x, y in zip(map(norm_text, a[idx]), map(norm_text, b[idx]))]
    out[idx[np.array(real, dtype=bool)]] = True
    return out


def _conflicts(left: _Side, right: _Side, pl, pr) -> dict[str, np.ndarray]:
    bl, br = left.birth[pl], right.birth[pr]
    found = {"birth_date": (bl != NAT) & (br != NAT) & (bl != br)}
    for name, attr in (("name", "names"), ("school", "school"), ("category", "category")):
        a, b = getattr(left, attr), getattr(right, attr)
        diff = _differs(a[pl] if a is not None else None, b[pr] if b is not None else None)
        if diff is not None:
            found[name] = diff
    return found


def _plain(value):
    """JSON-ready: dates as ISO text, numpy scalars as Python ones, missing as None."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return value.item() if isinstance(value, np.generic) else value


def _records(frame: pd.DataFrame, drop=("row",)) -> list[dict]:
    frame = frame.drop(columns=[c for c in drop if c in frame])
    return [{k: _plain(v) for k, v in r.items()} for r in frame.to_dict("records")]


@dataclass
class ReconResult:
    """Frames per kind (rows are positions in the input frames) and the counts."""

    pairs: pd.DataFrame       # left_row, right_row, rule, conflict: every matched pair
    conflicts: pd.DataFrame   # rule, fields, left_* and right_* row values
    only_left: pd.DataFrame   # row, ref, id_number, name, birth_date, school, category
    only_right: pd.DataFrame
    duplicates: pd.DataFrame  # side, rule, group and the row values of each row of a group
    counts: dict

    def cases(self):
        """Every finding that is not a clean match, as plain dicts (kind, rule, name,
        id_number, detail), ready to be stored."""
        for kind, side, frame in (("only_left", "left", self.only_left),
                                  ("only_right", "right", self.only_right)):
            for r in _records(frame):
                yield {"kind": kind, "rule": "", "name": r.pop("name") or "",
                       "id_number": r.pop("id_number") or "", "detail": {"side": side, **r}}
        for (side, rule, _g), group in self.duplicates.groupby(["side", "rule", "group"],
                                                               sort=False):
            rows = _records(group, drop=("row", "side", "rule", "group"))
            yield {"kind": "duplicate", "rule": rule, "name": rows[0]["name"] or "",
                   "id_number": rows[0]["id_number"] or "",
                   "detail": {"side": side, "rows": rows}}
        for r in _records(self.conflicts, drop=("left_row", "right_row")):
            left = {k[5:]: v for k, v in r.items() if k.startswith("left_")}
            right = {k[6:]: v for k, v in r.items() if k.startswith("right_")}
            yield {"kind": "conflict", "rule": r["rule"], "name": left["name"] or "",
                   "id_number": left["id_number"] or right["id_number"] or "",
                   "detail": {"fields": r["fields"].split(","), "left": left, "right": right}}


def _duplicates(name: str, side: _Side, keys: _Keys) -> pd.DataFrame:
    by_id = side.rows(np.flatnonzero(keys.dup_id)).assign(rule="id")
    by_id["group"] = by_id["id_number"]
    by_nb = side.rows(keys.nb_label.index.to_numpy()).assign(
        rule="name_birth", group=keys.nb_label.to_numpy())
    frame = pd.concat([by_id, by_nb], ignore_index=True)
    frame.insert(0, "side", name)
    return frame


def _result(sl, sr, kl, kr, pairs, found, matched) -> ReconResult:
    pl, pr, rule = pairs
    conflict = np.zeros(len(pl), bool)
    for diff in found.values():
        conflict |= diff
    at = np.flatnonzero(conflict)
    conflicts = pd.concat([sl.rows(pl[at]).add_prefix("left_"),
                           sr.rows(pr[at]).add_prefix("right_")], axis=1)
    conflicts.insert(0, "rule", np.asarray(RULES, dtype=object)[rule[at]])
    conflicts.insert(1, "fields", [",".join(f for f in COMPARED if f in found and found[f][i])
                                   for i in at])
    duplicates = pd.concat([_duplicates("left", sl, kl), _duplicates("right", sr, kr)],
                           ignore_index=True)
    only_left = sl.rows(np.flatnonzero(kl.rep & ~matched[0]))
    only_right = sr.rows(np.flatnonzero(kr.rep & ~matched[1]))
    by_name_birth = int(rule.sum())
    counts = {"left_rows": sl.n, "right_rows": sr.n, "matched": int(len(pl) - len(at)),
              "conflict": len(at), "only_left": len(only_left), "only_right": len(only_right),
              "duplicate": len(duplicates[["side", "rule", "group"]].drop_duplicates()),
              "by_id": len(pl) - by_name_birth, "by_name_birth": by_name_birth}
    return ReconResult(pd.DataFrame({"left_row": pl, "right_row": pr,
                                     "rule": pd.Categorical.from_codes(rule, RULES),
                                     "conflict": conflict}),
                       conflicts, only_left, only_right, duplicates, counts)


def reconcile(left: pd.DataFrame, right: pd.DataFrame) -> ReconResult:
    """Match `right` against `left`; see the module docstring for the rules."""
    sl, sr = _Side(left), _Side(right)
    key_l, key_r = _odd_keys(sl, sr)
    codes, uniques = pd.factorize(np.concatenate([key_l, key_r]))
    kl = _side_keys(sl, key_l, codes[:sl.n], len(uniques))
    kr = _side_keys(sr, key_r, codes[sl.n:], len(uniques))
    first_r = np.full(len(uniques), -1, np.int64)
    rows_r = np.flatnonzero(kr.rep & kr.has_id)
    first_r[kr.code[rows_r]] = rows_r
    rows_l = np.flatnonzero(kl.rep & kl.has_id)
    hit = first_r[kl.code[rows_l]]
    pl1, pr1 = rows_l[hit >= 0], hit[hit >= 0]
    ml, mr = np.zeros(sl.n, bool), np.zeros(sr.n, bool)
    ml[pl1], mr[pr1] = True, True
    pl2, pr2 = _by_name_birth(sl, sr, kl, kr, ml, mr)
    ml[pl2], mr[pr2] = True, True
    pl, pr = np.concatenate([pl1, pl2]), np.concatenate([pr1, pr2])
    rule = np.concatenate([np.zeros(len(pl1), np.int8), np.ones(len(pl2), np.int8)])
    return _result(sl, sr, kl, kr, (pl, pr, rule), _conflicts(sl, sr, pl, pr), (ml, mr))

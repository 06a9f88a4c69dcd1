"""nutrition/data/retired_estimates.csv: the decision, for every estimate, of the book food that
replaces it (or why it remains an estimate). Data only: no database."""
from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).parents[2] / "nutrition" / "data"
SHARED_BOOK = Path("shared") / "data" / "cfct6" / "foods.csv"
COLUMNS = ["estimate_code", "estimate_name", "book_code", "book_name", "match", "note"]
MATCHES = {"exact", "synonym", "state", "judgement", "remains"}
INFANT = "婴幼儿食品"
FRESH, DRIED = ("鲜",), ("干", "脱水")
ENERGY_GAP = 0.40


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _book_path() -> Path | None:
    """The book file: a copy shipped in nutrition/data/ (any name) or the shared original."""
    for path in sorted(DATA.glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            if fh.readline().startswith("book_group,book_subgroup,code,name"):
                return path
    for parent in Path(__file__).resolve().parents:
        if (parent / SHARED_BOOK).exists():
            return parent / SHARED_BOOK
    return None


ROWS = _read(DATA / "retired_estimates.csv")
ESTIMATES = {r["code"]: r for r in _read(DATA / "foods.csv") if r["certainty"] == "estimate"}
ALIASES = {r["alias"]: r["code"] for r in _read(DATA / "aliases.csv")}


@pytest.fixture(scope="module")
def book() -> dict[str, dict]:
    path = _book_path()
    if path is None:
        pytest.skip("the book file (cfct6 foods.csv) is not available")
    return {r["code"]: r for r in _read(path)}


def _number(cell: str) -> float | None:
    try:
        return float(cell.strip().rstrip("*"))
    except ValueError:
        return None


def _parts(name: str) -> tuple[str, frozenset]:
    """Stem and qualifiers of a name, without the book's bracketed other names or 代表值."""
    name = re.sub(r"\s*[\[［].*?[\]］]", "", name).replace(" ", "")
    name = name.replace("(", "（").replace(")", "）")
    quals = re.findall(r"（([^）]*)）", name)
    stem = re.sub(r"（[^）]*）", "", name)
    words = {w for q in quals for w in re.split(r"[，、,]", q) if w and w != "代表值"}
    return stem, frozenset(words)


def test_columns_and_every_estimate_exactly_once():
    with (DATA / "retired_estimates.csv").open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == COLUMNS
    codes = Counter(r["estimate_code"] for r in ROWS)
    assert [c for c, n in codes.items() if n > 1] == []
    assert set(codes) == set(ESTIMATES)
    assert len(ESTIMATES) == 349
    for r in ROWS:
        assert r["estimate_name"] == ESTIMATES[r["estimate_code"]]["name"], r


def test_match_kinds_and_notes():
    for r in ROWS:
        assert r["match"] in MATCHES, r
        assert (r["match"] == "remains") == (r["book_code"] == ""), r
        if r["match"] != "exact":
            assert r["note"].strip(), f"{r['estimate_code']} {r['match']} needs a note"
        if r["match"] == "remains":
            assert r["book_name"] == "", r


def test_book_codes_exist_are_not_infant_food_and_names_agree(book):
    for r in ROWS:
        if not r["book_code"]:
            continue
        row = book.get(r["book_code"])
        assert row is not None, r
        assert row["book_group"] != INFANT, r
        assert r["book_name"] == row["name"], r


def test_exact_means_the_same_name(book):
    for r in ROWS:
        if r["match"] == "exact":
            assert _parts(r["estimate_name"]) == _parts(r["book_name"]), r


def test_fresh_never_maps_to_dried_nor_dried_to_fresh():
    for r in ROWS:
        est, bk = r["estimate_name"], r["book_name"]
        if any(w in est for w in FRESH):
            assert not any(w in bk for w in DRIED), r
        if any(w in est for w in DRIED):
            assert not any(w in bk for w in FRESH), r


def test_agrees_with_aliases():
    """A ticket word names the same food on a new database as on one that migration 0016
    upgraded (the four that once differed were settled: RETIRED_ESTIMATES.md, rule 4)."""
    checked, differ = 0, []
    for r in ROWS:
        target = ALIASES.get(r["estimate_name"])
        if target is None:
            continue
        checked += 1
        if target != (r["book_code"] or r["estimate_code"]):
            differ.append(f"{r['estimate_code']} {r['estimate_name']}: aliases.csv says {target}")
    assert differ == [] and checked >= 120


def test_no_alias_points_to_a_replaced_estimate_without_a_row_here():
    replaced = {r["estimate_code"] for r in ROWS if r["book_code"]}
    assert [a for a, c in ALIASES.items() if c in replaced] == []


def test_shared_book_foods_say_their_stock_merges():
    by_book = defaultdict(list)
    for r in ROWS:
        if r["book_code"]:
            by_book[r["book_code"]].append(r)
    shared = {b: rs for b, rs in by_book.items() if len(rs) > 1}
    assert len(shared) == 5
    for rs in shared.values():
        for r in rs:
            assert "merge stock balances by sum" in r["note"], r
            for other in rs:
                if other is not r:
                    assert other["estimate_code"] in r["note"], r


def test_large_energy_differences_are_explained(book):
    """Where the book's energy differs from the estimate's by more than 40 %, the note gives the
    book's figure and why this row was chosen anyway."""
    unexplained, gaps = [], []
    for r in ROWS:
        if not r["book_code"]:
            continue
        old = _number(ESTIMATES[r["estimate_code"]]["energy_kcal"])
        new = _number(book[r["book_code"]]["energy_kcal"])
        if not old or new is None or abs(new - old) / old <= ENERGY_GAP:
            continue
        line = f"{r['estimate_code']} {r['estimate_name']} {old:g} → {r['book_code']} {new:g} kcal"
        gaps.append(line)
        if f"{new:g}" not in r["note"]:
            unexplained.append(f"{line}: {r['note'] or '(no note)'}")
    assert unexplained == [], "\n".join(unexplained)
    assert len(gaps) == 10, "\n".join(gaps)


def test_edible_fraction_survives_the_move(book):
    """Quantities are weights as purchased: the book row's edible % must be the estimate's,
    within 30 points (in-shell walnuts never stand for kernels)."""
    wrong = []
    for r in ROWS:
        if not r["book_code"]:
            continue
        old = float(ESTIMATES[r["estimate_code"]]["edible_fraction"])
        new = _number(book[r["book_code"]]["edible_pct"])
        if new is not None and abs(new / 100 - old) > 0.30:
            wrong.append(f"{r['estimate_code']} {r['estimate_name']} {old:g} → {new:g} %")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("name, code", [
    ("花菜", "045216"), ("茼蒿", "045321"), ("鳙鱼", "121128"), ("鳊鱼", "121146"),
    ("鲳鱼", "121233"), ("鲐鱼", "121244"), ("龙眼", "065006"), ("羊奶", "101201"),
    ("空心菜", "045337"), ("猕猴桃", "063909"), ("紫甘蓝", "045211"), ("内酯豆腐", "031304"),
    ("乌鸡", "091107"), ("猪腰子", "081209"), ("红薯淀粉", "022111"), ("豌豆（鲜）", "042111"),
    ("脱脂牛奶", "101161x"), ("低脂牛奶", "101152x"), ("鲫鱼", "121123"), ("板栗", "071008"),
    ("黄豆芽", "042202"), ("鲶鱼", "121104"),
])
def test_tricky_cases(name, code):
    assert {r["estimate_name"]: r["book_code"] for r in ROWS}[name] == code


@pytest.mark.parametrize("name", ["茶树菇（鲜）", "黄花菜（干）", "玉米粒（鲜）", "面条（煮）", "食盐",
                                  "酱油", "醋", "白砂糖", "核桃仁"])
def test_different_state_and_condiments_remain(name):
    assert {r["estimate_name"]: r["match"] for r in ROWS}[name] == "remains"


def test_counts_in_the_readme_match_the_file():
    text = (DATA / "RETIRED_ESTIMATES.md").read_text(encoding="utf-8")
    counts = Counter(r["match"] for r in ROWS)
    counts["replaced"] = sum(1 for r in ROWS if r["book_code"])
    counts["book foods"] = len({r["book_code"] for r in ROWS if r["book_code"]})
    for kind, n in counts.items():
        assert f"| {kind} | {n} |" in text, kind

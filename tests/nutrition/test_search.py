"""Food search by the names people write: the shipped aliases (data checks against the book's
file), pinyin and initials, codes, ranking, hidden infant foods, the index cache, and resolution
of what a ticket or a dish says."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nutrition import search
from nutrition import services as nutrition
from nutrition.models import FoodRow

HERE = Path(__file__).parent
DATA = HERE.parents[1] / "nutrition" / "data"
TOMATO, POTATO = "043119", "021101"


def _book_file() -> Path | None:
    """The book's file: shipped under nutrition/data/ once loaded, else the shared copy."""
    for path in sorted(DATA.glob("*.csv")):
        with open(path, encoding="utf-8") as fh:
            if "book_group" in fh.readline():
                return path
    for parent in HERE.parents:
        path = parent / "shared" / "data" / "cfct6" / "foods.csv"
        if path.exists():
            return path
    return None


def _book() -> list[dict]:
    path = _book_file()
    if path is None:
        pytest.skip("the book's foods.csv is neither shipped nor beside the checkout")
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _estimates() -> dict[str, str]:
    """Today's labelled estimates (the condiments the book's tables do not hold) by code."""
    with open(DATA / "foods.csv", encoding="utf-8", newline="") as fh:
        return {r["code"]: r["name"] for r in csv.DictReader(fh) if r["certainty"] == "estimate"}


ALIASES = search.builtin_aliases()
CONDIMENTS = {"L0001", "L0308", "L0309", "L0310", "L0311", "L0312", "L0313", "L0314", "L0320",
              "L0321", "L0322", "L0323", "L0324", "L0325", "L0326", "L0327", "L0328", "L0330",
              "L0335", "L0336"}


def test_at_least_300_aliases_none_repeated():
    assert len(ALIASES) >= 300
    assert [a for a, n in Counter(a.alias for a in ALIASES).items() if n > 1] == []
    assert all(a.alias == a.alias.strip() and a.alias for a in ALIASES)


def test_every_alias_points_to_a_book_food_or_a_listed_condiment():
    book = {r["code"]: r for r in _book()}
    estimates = _estimates()
    wrong = [(a.alias, a.code) for a in ALIASES
             if a.code not in book and not (a.code in CONDIMENTS and a.code in estimates)]
    assert wrong == []
    infant = [(a.alias, a.code) for a in ALIASES
              if a.code in book and book[a.code]["book_group"] == "婴幼儿食品"]
    assert infant == []


def test_no_alias_is_the_book_name_of_another_food():
    names: dict[str, set] = {}
    for r in _book():
        names.setdefault(r["name"], set()).add(r["code"])
    clash = [(a.alias, a.code, names[a.alias]) for a in ALIASES
             if a.alias in names and names[a.alias] != {a.code}]
    assert clash == []


@pytest.mark.parametrize("alias, code", [
    ("西红柿", "043119"), ("土豆", "021101"), ("洋芋", "021101"), ("山药蛋", "021101"),
    ("包菜", "045201"), ("卷心菜", "045201"), ("圆白菜", "045201"), ("大白菜", "045101x"),
    ("青椒", "043124"), ("菜花", "045216"), ("花菜", "045216"), ("茼蒿", "045321"),
    ("鸡蛋", "111101x"), ("五花肉", "081107"), ("里脊", "081129"), ("瘦肉", "081110x"),
    ("鲜奶", "101101x"), ("豆腐", "031301x"), ("粉条子", "022203"), ("沙拉油", "192014"),
    ("盐", "L0001"), ("酱油", "L0308"), ("醋", "L0310"), ("白糖", "L0312")])
def test_decided_defaults(alias, code):
    assert search.alias_codes()[alias] == code


def test_ambiguous_defaults_say_why():
    notes = {a.alias: a.note for a in ALIASES}
    assert "045210" in notes["包菜"] and "048002" in notes["菜花"] and "048082" in notes["茼蒿"]
    assert "192004" in notes["沙拉油"]  # 色拉油 is the book's own food, not an alias of 豆油


def test_pinyin_keys():
    assert search.pinyin_keys("西红柿") == ("xihongshi", "xhs")
    assert search.pinyin_keys("猪肉（瘦，fat 8g）") == ("zhuroushoufat8g", "zrsfat8g")


def _codes(matches):
    return [m.food.code for m in matches]


def test_initials_find_the_food_an_alias_points_to(foods):
    (first, *_rest) = nutrition.search_matches(foods, "xhs")
    assert (first.food.code, first.text, first.via, first.by, first.rank_name) == (
        TOMATO, "西红柿", "alias", "initials", "exact")
    assert search.search_foods(foods, "XHS")[0].code == TOMATO


@pytest.mark.parametrize("text, by", [("tudou", "pinyin"), ("td", "initials"),
                                      ("土豆", "text"), ("TuDou", "pinyin")])
def test_tudou_finds_potato_through_its_alias(foods, text, by):
    first = nutrition.search_matches(foods, text)[0]
    assert (first.food.code, first.text, first.via, first.by, first.rank) == (
        POTATO, "土豆", "alias", by, 0)


def test_code_name_and_ranking(foods):
    assert _codes(nutrition.search_matches(foods, POTATO)) == [POTATO]
    first = nutrition.search_matches(foods, "0211")[0]
    assert (first.food.code, first.via, first.rank_name) == ("021101", "code", "prefix")
    name = nutrition.get_food(foods, TOMATO).name
    matches = nutrition.search_matches(foods, "西红柿")
    assert matches[0].food.code == TOMATO and matches[0].rank_name == "exact"
    assert all(m.rank_name != "exact" for m in matches[1:])  # 小西红柿 and the like after
    assert [m.rank for m in matches] == sorted(m.rank for m in matches)
    assert nutrition.search_matches(foods, name)[0].food.code == TOMATO
    assert nutrition.search_matches(foods, "") == [] and search.search_foods(foods, "  ") == []


def test_a_known_name_inside_a_longer_ticket_text(foods):
    assert search.search_foods(foods, "新鲜西红柿（箱装）")[0].code == TOMATO
    assert search.search_foods(foods, "西红") and search.search_foods(foods, "zzqqxx") == []


def _infant(db) -> FoodRow:
    row = FoodRow(code="139999", name="测试婴儿米粉", aliases="宝宝米粉", food_group="other",
                  edible_fraction=1, energy_kcal=400, energy_kj=1673.6, builtin=False)
    db.add(row)
    db.commit()
    return row


def test_infant_foods_are_hidden_unless_asked(foods):
    _infant(foods)
    assert "139999" not in _codes(search.search_matches(foods, "测试婴儿米粉"))
    assert _codes(search.search_matches(foods, "bbmf", include_hidden=True)) == ["139999"]
    assert search.search_foods(foods, "bbmf") == [] and search.search_foods(foods, "宝宝米") == []
    assert nutrition.resolve_food(foods, "测试婴儿米粉")[0].code == "139999"  # exact still
    rows, total = nutrition.search_foods(foods, "婴儿米粉", include_hidden=True)  # the list
    assert [r.code for r in rows] == ["139999"] and total == 1
    assert nutrition.search_foods(foods, "bbmf", include_hidden=False) == ([], 0)


def test_inactive_foods_are_not_found(foods):
    row = nutrition.get_food(foods, POTATO)
    row.active = False
    foods.commit()
    assert POTATO not in _codes(nutrition.search_matches(foods, "tudou"))


def test_index_is_built_once_and_follows_changes(foods):
    first = search._index(foods)
    assert search._index(foods) is first  # not rebuilt per request
    row = nutrition.get_food(foods, POTATO)
    row.aliases = row.aliases + "|荷兰薯仔"
    foods.commit()
    assert search._index(foods) is not first
    assert search.search_foods(foods, "hlsz")[0].code == POTATO
    _infant(foods)
    assert _codes(search.search_matches(foods, "宝宝米粉", include_hidden=True)) == ["139999"]


def test_resolve_food_keeps_exact_matches_and_knows_the_shipped_aliases(foods):
    potato = nutrition.get_food(foods, POTATO)
    assert nutrition.resolve_food(foods, POTATO) == (potato, [])
    assert nutrition.resolve_food(foods, potato.name) == (potato, [])
    assert nutrition.resolve_food(foods, " 土豆 ") == (potato, [])  # the row's alias
    assert nutrition.resolve_food(foods, "荷兰薯") == (potato, [])  # aliases.csv only
    food, candidates = nutrition.resolve_food(foods, "xhs")  # pinyin suggests, never resolves
    assert food is None and candidates[0].code == TOMATO
    assert nutrition.resolve_food(foods, "") == (None, [])


def test_list_search_pages_and_groups(foods):
    rows, total = nutrition.search_foods(foods, "tudou", "cereals_tubers", limit=1)
    assert rows[0].code == POTATO and total >= 1
    assert nutrition.search_foods(foods, "tudou", "fruit")[0] == []
    all_rows, all_total = nutrition.search_foods(foods, "", limit=5, include_hidden=True)
    assert len(all_rows) == 5 and all_total == foods.scalar(
        select(func.count(FoodRow.id)).where(FoodRow.active.is_(True))) > 300


def test_a_huge_query_is_cut_to_what_a_name_can_hold(foods):
    """Every caller (food list, API, export, suggestions) searches at most 60 characters: a
    query of 300,000 finds what its first 60 find."""
    huge = "西红柿" + "菜" * 299_997
    assert search.MAX_QUERY == 60
    assert _codes(search.search_matches(foods, huge)) == _codes(
        search.search_matches(foods, huge[:60]))
    assert nutrition.search_foods(foods, "x" * 100_000 + "\x00")[1] == nutrition.search_foods(
        foods, "x" * 60)[1]

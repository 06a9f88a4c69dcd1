"""Dish tags: what a dish contains that a school may have to avoid (pork for a halal school,
an allergen), read from its foods; the main ingredient (for variety); the tags a school's rule
bans. Pure functions over plain rows: no Flask, no database.

A food row has `code`, `food_group`, `name` and, where nutrition has them, `aliases`
("|"-separated), `book_group` and `book_subgroup` (the 6th edition's; empty for built-in
estimates and local foods). Book codes: 3 digits of group and subgroup, then 3 of the food; the
built-in reference rows use the same codes with an `x` (081110x), local estimates `L0001`.
"""
from __future__ import annotations

TAGS = ("pork", "halal_doubtful", "peanut_nuts", "egg", "fish_shellfish", "milk", "soy",
        "wheat", "spicy")
HALAL_BANNED = frozenset({"pork", "halal_doubtful"})

LARD = ("191006", "191007")          # 猪油（板油）, 猪油（炼）
PEANUT_OIL = ("192007",)             # 花生油
DOG = ("089001",)                    # 狗肉
# words in the names of foods outside the book's nut group that contain peanut, a nut or sesame
NUT_WORDS = ("花生", "芝麻", "麻酱", "核桃", "杏仁", "腰果", "榛子", "松子", "开心果", "巴旦木")
# the soy and nut group's estimates that are nuts or seeds, not soy
SEED_WORDS = NUT_WORDS + ("葵花", "瓜子", "栗", "莲子", "南瓜子", "白果", "胡麻")
SOY_WORDS = ("黄豆", "毛豆", "菜用大豆", "酱油", "老抽", "生抽", "黄豆酱", "大酱", "豆豉", "腐乳")
WHEAT_WORDS = ("小麦", "面粉", "富强粉", "全麦", "面条", "挂面", "切面", "方便面", "馒头",
               "花卷", "包子", "饺", "馄饨", "面筋", "烤麸", "油条", "烙饼", "面包", "饼干",
               "蛋糕", "月饼", "麻花", "面酱", "酱油", "老抽", "生抽")
EGG_WORDS = ("鸡蛋", "蛋糕", "蛋黄酱")
MILK_WORDS = ("牛奶", "奶粉", "奶油", "黄油", "奶酪", "芝士", "乳饮料", "羊奶")
SEAFOOD_WORDS = ("蚝油", "鱼露", "虾酱", "虾油", "虾皮", "鱼肚", "鱼唇", "海参")
DOUBTFUL_WORDS = ("驴", "马肉", "狗肉", "阿胶")
# groups whose estimates are told by name (a vegetable called 猪毛菜 is no pork)
MEATY = ("meat_poultry", "other")
NOT_MAIN = ("vegetable_oil", "salt", "condiments")
MAIN_FIRST = ("meat_poultry", "fish_shrimp", "eggs", "soy_nuts")


def _book(code: str) -> str:
    """The book code of a row: the code without a reference row's `x`; '' for a local one."""
    code = (code or "").strip().lower().rstrip("x")
    return code if len(code) == 6 and code.isdigit() else ""


def _words(food) -> str:
    return f"{food.name or ''}|{getattr(food, 'aliases', '') or ''}"


def _has(text: str, words) -> bool:
    return any(w in text for w in words)


def food_tags(food) -> set[str]:
    """The tags of one food (never `spicy`: a dish is spicy by hand)."""
    code, group = _book(food.code), food.food_group
    subgroup = getattr(food, "book_subgroup", "") or ""
    book_group = getattr(food, "book_group", "") or ""
    text = _words(food)
    tags = set()
    if code[:3] == "081" or subgroup == "猪" and book_group.startswith("畜肉") or code in LARD \
            or (not code and group in MEATY and "猪" in text):
        tags.add("pork")
    if code[:3] in ("084", "085") or code in DOG or _has(text, DOUBTFUL_WORDS) \
            and group in MEATY + ("dairy",):
        tags.add("halal_doubtful")
    nut_group = code[:2] == "07" or book_group == "坚果种子类"
    if nut_group or code in PEANUT_OIL or (not code and group == "soy_nuts"
                                           and _has(text, SEED_WORDS)) \
            or (group != "soy_nuts" and _has(text, NUT_WORDS)):
        tags.add("peanut_nuts")
    if group == "eggs" or code[:2] == "11" or (group != "eggs" and _has(text, EGG_WORDS)):
        tags.add("egg")
    if group == "fish_shrimp" or code[:2] == "12" or (group in MEATY + ("condiments",)
                                                     and _has(text, SEAFOOD_WORDS)):
        tags.add("fish_shellfish")
    if group == "dairy" or code[:2] == "10" or book_group.startswith("乳类") \
            or (group not in ("soy_nuts", "dairy") and _has(text, MILK_WORDS)):
        tags.add("milk")
    if code[:3] == "031" or subgroup == "大豆" \
            or (not code and group == "soy_nuts" and not _has(text, SEED_WORDS)) \
            or (group not in ("soy_nuts", "vegetable_oil", "cereals_tubers")
                and _has(text, SOY_WORDS)):
        tags.add("soy")
    if code[:3] == "011" or subgroup == "小麦" or (not code and _has(text, WHEAT_WORDS)
                                                   and group != "vegetables"):
        tags.add("wheat")
    return tags


def dish_tags(foods, spicy: bool = False) -> list[str]:
    """The tags of a dish made of these foods, in the order of TAGS."""
    found = set().union(*(food_tags(f) for f in foods)) if foods else set()
    if spicy:
        found.add("spicy")
    return [t for t in TAGS if t in found]


def _is_fat(food) -> bool:
    code = _book(food.code)
    return food.food_group == "vegetable_oil" or code[:3] == "191" \
        or (food.food_group == "other" and (food.name or "").endswith("油"))


def main_food(dish, foods) -> int | None:
    """The dish's main ingredient (a food id): the hand-set one, else the heaviest meat, fish,
    egg or soy ingredient, else the heaviest one that is not oil, salt or a condiment. Grams
    are the base rows' (a band's own rows when the dish has no base rows); ties: the first.
    `foods` maps a food id to its row (or is a list of rows)."""
    if getattr(dish, "main_food_id", None):
        return dish.main_food_id
    rows = foods if isinstance(foods, dict) else {f.id: f for f in foods}
    ingredients = [i for i in dish.ingredients if i.band is None] or list(dish.ingredients)
    grams: dict[int, float] = {}
    for ing in ingredients:
        if ing.food_id in rows:
            grams[ing.food_id] = grams.get(ing.food_id, 0) + float(ing.grams)
    for wanted in (lambda f: f.food_group in MAIN_FIRST and not _is_fat(f),
                   lambda f: f.food_group not in NOT_MAIN and not _is_fat(f)):
        best = None
        for food_id, g in grams.items():
            if wanted(rows[food_id]) and (best is None or g > grams[best]):
                best = food_id
        if best is not None:
            return best
    return None


def banned_tags(halal: bool, avoid=()) -> set[str]:
    """The tags a school may not be served: its avoided ones, and for a halal (清真) school
    pork (lard included) and the halal-doubtful meats."""
    banned = {t for t in (avoid or ()) if t in TAGS}
    return banned | HALAL_BANNED if halal else banned

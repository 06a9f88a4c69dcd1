"""The food pages in the Chinese UI show no English: form labels, notes, units."""
from __future__ import annotations

import html
import re

import pytest

# Latin words that are Chinese usage on these pages: units, the standard's code, file formats,
# the language switch; letters inside Chinese names (维生素A) and food codes (012001x) are fine
ALLOWED = {"kcal", "kJ", "mg", "µg", "µgRAE", "WS", "Tr", "Excel", "English", "nutri_zhang"}


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(page)


def english_words(page: str) -> list[str]:
    """Words of two or more Latin letters standing alone (not inside a code or a Chinese name)."""
    words = re.findall(r"(?<![\w\u4e00-\u9fff])[A-Za-zµ_]{2,}(?![\w])", visible_text(page))
    return sorted(set(words) - ALLOWED)


FOODS = {"012001x": "book name: 稻米（代表值）; 代表值; default for 大米",
         "L0033": "fried", "L0013": "leavened dough, about 70 % flour"}
PAGES = ["/nutrition/foods", "/nutrition/foods/new",
         "/nutrition/analyze?meal=lunch&eaters=9-11/M&food=大米&grams=100",
         "/nutrition/standards/view?code=WS/T 554-2017"] + \
    [f"/nutrition/foods/{code}" for code in FOODS] + \
    [f"/nutrition/foods/{code}/edit" for code in FOODS]


@pytest.mark.parametrize("url", PAGES)
def test_food_pages_in_chinese_show_no_english(client, login, foods, url):
    login("nutritionist", username="nutri_zhang")
    response = client.get(url)
    assert response.status_code == 200
    assert english_words(response.get_data(as_text=True)) == []


def test_the_notes_and_nutrient_labels_are_chinese(client, login, foods, db):
    from nutrition import services
    assert services.get_food(db, "L0013").notes.endswith(FOODS["L0013"])  # stored as written
    login("nutritionist")
    page = visible_text(client.get("/nutrition/foods/012001x").get_data(as_text=True))
    assert "书中名称：稻米（代表值）；代表值；“大米”的默认条目" in page
    page = visible_text(client.get("/nutrition/foods/L0013").get_data(as_text=True))
    assert "发酵面团，约含 70% 面粉" in page
    form = visible_text(client.get("/nutrition/foods/new").get_data(as_text=True))
    assert "能量 (kcal)" in form and "维生素A (µgRAE)" in form and "Energy" not in form
    foods_list = visible_text(client.get("/nutrition/foods").get_data(as_text=True))
    assert "能量 (kcal)" in foods_list and "蛋白质 (g)" in foods_list

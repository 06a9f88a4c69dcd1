"""Standards as data: the built-in file, validation of other files, choosing per county."""
from __future__ import annotations

import copy
import io
import json

import pytest

from nutrition import services
from nutrition.standard import Standard, StandardError, builtin_standards, validate


def test_builtin_standard_validates_and_holds_table_1(wst):
    assert validate(wst.data) == []
    assert wst.daily("energy_kcal", "12-14", "F") == 2100
    assert wst.daily("protein_g", "15-17", "M") == 75
    assert wst.daily("calcium_mg", "9-11", "F") == 850
    # B2 disputed for girls 12-14 and both sexes 15-17 only; iron 18 mg for both sexes, sure
    assert wst.is_uncertain("riboflavin_mg", "12-14", "F")
    assert not wst.is_uncertain("riboflavin_mg", "9-11", "M")
    assert not wst.is_uncertain("iron_mg", "12-14", "F")
    assert not wst.is_uncertain("iron_mg", "12-14", "M")


def test_table_3_and_4_ranges(wst):
    assert wst.group_range("breakfast", "vegetables", "15-17") == (130, 150)
    # Table 4's soy and nuts row is a whole day's amount: dinner gets its 32.5 % share,
    # 50 × 0.325 = 16.25 g, ± 20 % → 13-19.5 g
    assert wst.group_range("dinner", "soy_nuts", "15-17") == pytest.approx((13, 19.5))
    # whole day derived from the three meals: 90-105 + 120-140 + 120-140
    assert wst.group_range("day", "cereals_tubers", "9-11") == (330, 385)


def _province(wst):
    data = copy.deepcopy(wst.data)
    data["code"], data["name"] = "DB99/T 1-2025", "某省学生餐营养标准"
    data["daily"]["energy_kcal"]["9-11"]["M"] = 2000
    return data


def test_a_province_file_with_problems_lists_every_one(wst):
    data = _province(wst)
    del data["daily"]["protein_g"]["6-8"]["F"]
    data["tolerance"]["energy_kcal"] = {"low": 1.2, "high": 1.3}
    data["food_groups"]["lunch"]["sweets"] = {}
    problems = validate(data)
    assert "daily.protein_g.6-8.F must be a number >= 0" in problems
    assert "tolerance.energy_kcal needs low <= 1 <= high" in problems
    assert "food_groups.lunch: unknown food group 'sweets'" in problems
    with pytest.raises(StandardError):
        Standard.from_dict(data)


def test_load_and_choose_a_province_standard(db, org, wst):
    row = services.load_standard(db, _province(wst))
    services.choose_standard(db, org.county.id, row.code)
    chosen = services.county_standard(db, org.county.id)
    assert chosen.code == "DB99/T 1-2025" and chosen.daily("energy_kcal", "9-11", "M") == 2000


def test_builtin_standards_are_read_once_and_handed_out_in_a_new_dict(db, org, wst):
    """The same Standard object every time, so the targets cached on it keep hitting, and a
    caller that changes its dict changes nobody else's."""
    first = builtin_standards()
    first.clear()
    assert builtin_standards()["WS/T 554-2017"] is wst
    assert services.county_standard(db, org.county.id) is wst
    assert services.get_standard(db, None) is wst


def test_builtin_standard_cannot_be_replaced(db, wst):
    with pytest.raises(StandardError, match="is built in"):
        services.load_standard(db, copy.deepcopy(wst.data))


def test_standard_pages(client, login, org, wst, en):
    login("nutritionist")
    page = client.get("/nutrition/standards/view?code=WS/T 554-2017").get_data(as_text=True)
    assert "2450" in page and "Food groups at Breakfast, g per person" in page
    data = json.dumps(_province(wst)).encode()
    response = client.post("/nutrition/standards/load",
                           data={"file": (io.BytesIO(data), "province.json")})
    assert response.status_code == 302
    broken = _province(wst)
    del broken["meal_share"]
    response = client.post("/nutrition/standards/load",
                           data={"file": (io.BytesIO(json.dumps(broken).encode()), "b.json")})
    assert response.status_code == 400
    assert "missing key &#39;meal_share&#39;" in response.get_data(as_text=True)
    response = client.post("/nutrition/standards/choose", data={"code": "DB99/T 1-2025"})
    assert response.status_code == 302


def test_canteen_manager_cannot_load_or_choose(client, login, org, wst, db):
    login("canteen_manager")
    data = json.dumps(_province(wst)).encode()
    assert client.post("/nutrition/standards/load", data={
        "file": (io.BytesIO(data), "p.json")}).status_code == 403
    assert client.post("/nutrition/standards/choose", data={"code": "x"}).status_code == 403
    assert services.standards(db).keys() == {"WS/T 554-2017"}


@pytest.mark.parametrize("body, message", [
    (b"[" * 200_000 + b"]" * 200_000,
     "该文件不是营养标准文件：请参照内置标准，保存为 UTF-8 编码的 JSON 文件。"),
    (b'{"code": "X", "v": 1' + b"0" * 100_000 + b"}", "该文件不是营养标准文件"),
    (b'{"code": NaN}', "该文件不是营养标准文件"),
    (b"\xff\xfe{}", "该文件不是营养标准文件"),
    (b"[1, 2]", "文件须包含一个营养标准，即一个 JSON 对象 { … }。"),
    (b'{"code": "X"}', "缺少“name”项"),
])
def test_a_hostile_or_broken_standard_file_is_refused_in_chinese(client, login, org, db, body,
                                                                 message):
    login("nutritionist")
    response = client.post("/nutrition/standards/load",
                           data={"file": (io.BytesIO(body), "s.json")})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert services.standards(db).keys() == {"WS/T 554-2017"}


def test_a_standard_of_the_wrong_shape_names_the_problem(client, login, org, db, wst):
    login("nutritionist")
    shaped = dict(_province(wst), daily=5, code=7)
    response = client.post("/nutrition/standards/load", data={
        "file": (io.BytesIO(json.dumps(shaped).encode()), "s.json")})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    # a part of the wrong kind (a number where the daily table belongs) is one problem
    assert "文件的结构不是营养标准的结构：请对照内置标准文件" in page
    assert services.standards(db).keys() == {"WS/T 554-2017"}


def test_a_standard_code_must_be_short_text(client, login, org, db, wst):
    login("nutritionist")
    response = client.post("/nutrition/standards/load", data={"file": (io.BytesIO(
        json.dumps(dict(_province(wst), code="x" * 41)).encode()), "s.json")})
    assert "“code”须为 1 至 40 个字符的文字" in response.get_data(as_text=True)

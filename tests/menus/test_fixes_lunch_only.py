"""A lunch-only school's planner: day rules apply to the lunch it serves (scaled to lunch's
share, or left to the other meals), and never both pass and fail the same food."""
from __future__ import annotations

import html
import re

from menus import services

from .helpers import MON


def test_a_lunch_only_planner_judges_162_g_of_milk_once(client, login, db, org, make_dish,
                                                        make_week):
    milk = make_dish("纯牛奶一盒", [("纯牛奶", 162)], "milk")
    rice = make_dish("米饭", [("大米", 130)], "staple")
    menu = make_week(org.schools[0], meals=["lunch"])
    for dish in (rice, milk):
        services.add_item(db, menu, day=MON, meal="lunch", dish_id=dish.id)
    db.commit()
    login("nutritionist")
    page = html.unescape(client.get(f"/menus/weeks/{menu.id}?band=9-11").get_data(as_text=True))
    # lunch, 9-11: dairy 80 g ± 20 % = 64-96 g, so 162 g is high in the food groups ...
    dairy = re.search(r"<th>奶及奶制品</th><td class=\"num\">([\d.]+)</td><td class=\"num\">"
                      r"([\d.]+)–([\d.]+)</td>\s*<td><span class=\"status-(\w+)\">", page)
    assert dairy.groups() == ("162.0", "64.0", "96.0", "high")
    # ... and the milk rule of a lunch-only day is judged on lunch's share, the same 64-96 g
    # (not 200-300 g a day, which called the same milk "failed" against a different range)
    assert '<td class="check-bad" title="64-96 g">✘ 162.0</td>' in page
    # whole-day principles (3 vegetables, dark share, fruit, soy, 12 foods a day) are left to
    # the other meals, not failed by this lunch; what fails is the lunch's own: the milk and
    # 2 of the 4 food groups (cereals, milk)
    monday = re.search(r"<tbody><tr><th>星期一</th>(.*?)</tr></tbody>", page)[1]
    marks = re.findall(r'<td class="([\w-]+)" title="[^"]*">(.) ', monday)
    assert marks == [("muted", "◔"), ("muted", "◔"), ("muted", "◔"), ("check-bad", "✘"),
                     ("muted", "◔"), ("check-ok", "✔"), ("check-ok", "✔"), ("check-bad", "✘"),
                     ("muted", "◔")]
    assert "5 项全天要求由其他餐次补足" in page
    assert "全天要求：由学校未供应的其他餐次补足" in page
    # 2 of the 4 judged checks met (oil and salt: within lunch's share; milk and food groups
    # failed); the 5 day rules are not counted as failures
    assert "4 项检查中 2 项达标" in page


def test_the_planner_analysis_carries_units_and_whole_kcal(client, login, db, org, make_dish,
                                                           make_week):
    milk = make_dish("纯牛奶一盒", [("纯牛奶", 162)], "milk")
    rice = make_dish("米饭", [("大米", 130)], "staple")
    menu = make_week(org.schools[0], meals=["lunch"])
    for dish in (rice, milk):
        services.add_item(db, menu, day=MON, meal="lunch", dish_id=dish.id)
    db.commit()
    login("nutritionist")
    page = html.unescape(client.get(f"/menus/weeks/{menu.id}?band=9-11").get_data(as_text=True))
    # 130 × 346 / 100 + 162 × 65 / 100 = 449.8 + 105.3 = 555.1 kcal, shown as 555;
    # target: 9-11 boys and girls (2100 + 1900) / 2 = 2000 kcal × 37.5 % = 750
    assert re.search(r"<th>能量 \(kcal\)</th>\s*<td class=\"num\">555</td>\s*"
                     r"<td class=\"num\">750</td>", page)
    for label in ("蛋白质 (g)", "钙 (mg)", "维生素A (µgRAE)"):
        assert f"<th>{label}</th>" in page
    assert "555.1" not in page


"""Demo data: approved suppliers and deliveries per school at realistic prices, every other
school day from the demo's first day (the first school day of last month) to today."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from suite import services as org
from suite.money import money

from . import services
from .codes import credit_check_char

# (item, unit, CNY per unit, grams per student per delivery, unit weight for pieces)
BASKET = [
    ("大米", "kg", 5.9, 300, None), ("面粉", "kg", 4.3, 80, None), ("豆油", "piece", 68.0, 60,
                                                                   5000),
    ("猪肉（瘦）", "kg", 27.5, 60, None), ("鸡蛋", "kg", 11.0, 60, None),
    ("马铃薯", "kg", 2.4, 90, None), ("大白菜", "kg", 1.8, 90, None), ("小白菜", "kg", 4.0, 80,
                                                                      None),
    ("胡萝卜", "kg", 3.2, 40, None), ("番茄", "kg", 5.0, 50, None), ("豆腐", "kg", 6.0, 40, None),
    ("纯牛奶", "box", 60.0, 300, 6000), ("苹果", "kg", 7.5, 80, None),
    ("食盐", "kg", 3.0, 15, None),
    # the rest of what the demo menus cook with, so that the issues can follow the menus
    ("小米", "kg", 6.5, 20, None), ("青椒", "kg", 5.0, 30, None), ("香蕉", "kg", 6.0, 60, None),
    ("猪肝", "kg", 18.0, 15, None), ("紫菜", "g", 0.08, 3, None),
]
# the rest of the demo's dish library (menus/data/demo_dishes.csv): (food code, item, CNY per kg,
# county prices of 2026); bought once, today, by two canteens, so that every
# library dish has a price of the last 60 days in every school (the county median where the
# school bought none) while last month's spend stays as it was
LIBRARY_FOODS = [
    ("011305x", "面条", 6.0), ("012212", "黑米", 12.0), ("012301", "糯米", 7.0),
    ("013104", "玉米面", 4.0), ("019001", "高粱米", 8.0), ("019008", "薏米", 16.0),
    ("019004", "荞麦面", 9.0), ("021205", "红薯", 3.0), ("031405", "豆浆", 4.0),
    ("031509", "千张", 14.0), ("031510x", "豆腐干", 12.0), ("031527", "豆腐皮", 20.0),
    ("032101", "绿豆", 12.0), ("033101", "红小豆", 14.0), ("072004", "花生仁", 16.0),
    ("041101", "白萝卜", 1.8), ("042104", "豆角", 6.0), ("042110", "四季豆", 7.0),
    ("042202", "黄豆芽", 3.0), ("042206", "绿豆芽", 3.0), ("042208", "豌豆苗", 12.0),
    ("043101x", "茄子", 4.5), ("043109", "小米椒", 12.0), ("043208", "黄瓜", 4.0),
    ("043213", "南瓜", 2.5), ("043218", "西葫芦", 3.5), ("043221", "冬瓜", 1.8),
    ("043228", "丝瓜", 6.0), ("044101", "大蒜", 8.0), ("044106", "蒜苗", 8.0),
    ("044202", "大葱", 4.0), ("044205", "小葱", 8.0), ("044301", "洋葱", 3.0),
    ("044404", "韭菜", 6.0), ("045125", "油菜", 4.0), ("045210", "圆白菜", 2.5),
    ("045216", "菜花", 5.0), ("045217", "西兰花", 8.0), ("045301", "菠菜", 6.0),
    ("045312", "芹菜", 4.5), ("045319", "苋菜", 6.0), ("045321", "茼蒿", 7.0),
    ("045324", "莴笋", 4.0), ("045333", "生菜", 5.0), ("045334", "油麦菜", 5.0),
    ("045337", "空心菜", 5.0), ("045420", "红薯叶", 5.0), ("046010", "莲藕", 7.0),
    ("047104", "山药", 9.0), ("047203", "芋头", 6.0), ("047301", "生姜", 12.0),
    ("047303", "子姜", 12.0), ("051008", "金针菇", 8.0), ("051011", "鲜蘑菇", 9.0),
    ("051014", "水发木耳", 12.0), ("051019", "香菇", 14.0), ("052002", "鲜海带", 6.0),
    ("061201x", "梨", 7.0), ("062101x", "桃", 9.0), ("062302", "干枣", 24.0),
    ("063101x", "葡萄", 12.0), ("063909", "猕猴桃", 14.0), ("064101", "橙子", 9.0),
    ("064203", "橘子", 6.0), ("064301", "柚子", 5.0), ("066103", "哈密瓜", 8.0),
    ("066201x", "西瓜", 3.5), ("081101x", "猪肉（肥瘦）", 24.0), ("081131", "猪小排", 36.0),
    ("082108x", "牛肉", 72.0), ("082205", "牛肝", 30.0), ("083101x", "羊肉", 76.0),
    ("091101x", "鸡肉", 18.0), ("091112", "鸡胸肉", 20.0), ("091113", "鸡腿", 22.0),
    ("091114", "鸡翅", 32.0), ("091201", "鸡肝", 14.0), ("092101x", "鸭肉", 18.0),
    ("092104", "鸭胸肉", 24.0), ("114101", "鹌鹑蛋", 18.0), ("121102", "草鱼", 16.0),
    ("121111", "鲤鱼", 14.0), ("121122", "鲢鱼", 10.0), ("121123", "鲫鱼", 20.0),
    ("121202", "鳕鱼", 40.0), ("121203", "带鱼", 32.0), ("121305", "鱼丸", 24.0),
    ("122106", "对虾", 56.0), ("122205", "虾皮", 60.0), ("103001x", "酸奶", 16.0),
]
LIBRARY_GRAMS = 10  # grams per student in the one delivery: a small stock, a real price
SUPPLIERS = [
    ("示范县粮油购销有限公司", "cereals_tubers,vegetable_oil,salt", True, 400),
    ("示范县鲜丰农产品配送中心", "vegetables,fruit,soy_nuts,fungi_algae", True, 300),
    ("示范县肉联厂", "meat_poultry,eggs", True, 20),   # licence runs out soon: a home warning
    ("示范县乳业经销部", "dairy", True, 500),
]
CHILLED = {"猪肉（瘦）": "2.5", "猪肝": "2.0", "纯牛奶": "4.0", "鸡蛋": None}


def _credit_code(n: int) -> str:
    body = f"913508{n:02d}MA{n:03d}X7K{n % 10}{n % 7}"[:17]
    return body + credit_check_char(body)


def build(session, context) -> None:
    today, rng = context["today"], context["rng"]
    suppliers = []
    for n, (name, groups, approved, days) in enumerate(SUPPLIERS, start=1):
        suppliers.append(services.save_supplier(session, {
            "name": name, "credit_code": _credit_code(n), "licence_no": f"JY1350881{n:07d}",
            "licence_expiry": today + timedelta(days=days), "approved": approved,
            "food_groups": groups.split(","), "contact": "李经理", "phone": f"1380593{n:04d}"}))
    term = context["term"]
    days = [d for d in org.school_days(session, term) if context["first_day"] <= d <= today]
    counts = org.enrolment_totals(session, term.id)
    dear = context["schools"][len(context["schools"]) // 2].id  # pays 35 % more for meat
    # two canteens buy the library's other foods: the others price them at the county median
    buyers = [s.id for s in context["schools"] if s.supply_mode == "canteen"][:2]
    for school in context["schools"]:
        if school.supply_mode != "canteen":
            continue  # a catering company or a host family feeds these pupils: no stock
        students = max(counts.get(school.id, 0), 10)
        factor = Decimal(str(round(rng.uniform(0.93, 1.08), 2)))
        for k, day in enumerate(days[::2]):  # a delivery every other school day
            lines_by_supplier: dict[int, list] = {}
            for item, unit, price, grams, weight in BASKET:
                if item in ("豆油", "食盐", "面粉") and k % 3:
                    continue
                supplier = _supplier_for(item, suppliers)
                per_unit = weight or {"kg": 1000, "jin": 500, "g": 1}[unit]
                # a delivery every other school day; boarders also eat at the weekend
                # the first delivery also stocks the empty store: twice as much
                qty = max(1, round(students * grams * (3 if school.boarding else 2)
                                   * (2 if k == 0 else 1) / per_unit))
                p = Decimal(str(price)) * factor
                if school.id == dear and item == "猪肉（瘦）":
                    p *= Decimal("1.35")
                lines_by_supplier.setdefault(supplier.id, []).append(services.LineIn(
                    item=item, quantity=str(qty), unit=unit, unit_price=str(money(p)),
                    unit_weight_g=str(weight) if weight else None,
                    temperature_c=CHILLED.get(item)))
            if k == 1:  # one rejected line per school, so the inspection has something to show
                first = next(iter(lines_by_supplier))
                lines_by_supplier[first][0].accepted = False
                lines_by_supplier[first][0].reject_reason = "包装破损"
            for supplier_id, lines in lines_by_supplier.items():
                services.create_delivery(
                    session, school=school, supplier_id=supplier_id, delivery_date=day,
                    invoice_no=f"{day:%Y%m%d}-{school.code}-{supplier_id}", checker="陈老师",
                    lines=lines, today=today)
        if school.id in buyers:
            _buy_library(session, school, students, factor, suppliers, today)


def _buy_library(session, school, students: int, factor: Decimal, suppliers, today) -> None:
    """The library's other foods, delivered today (after the days the canteen demo has kept its
    logs for, so that its random draws and last month's figures stay as they were)."""
    lines_by_supplier: dict[int, list] = {}
    for code, item, price in LIBRARY_FOODS:
        supplier = _library_supplier(code, suppliers)
        lines_by_supplier.setdefault(supplier.id, []).append(services.LineIn(
            item=item, quantity=str(max(1, round(students * LIBRARY_GRAMS / 1000))), unit="kg",
            food_code=code, unit_price=str(money(Decimal(str(price)) * factor)),
            temperature_c=_chilled(code)))
    for supplier_id, lines in lines_by_supplier.items():
        services.create_delivery(
            session, school=school, supplier_id=supplier_id, delivery_date=today,
            invoice_no=f"{today:%Y%m%d}-{school.code}-{supplier_id}-2", checker="陈老师",
            lines=lines, today=today)


def _supplier_for(item: str, suppliers):
    if item in ("猪肉（瘦）", "鸡蛋", "猪肝"):
        return suppliers[2]
    if item == "纯牛奶":
        return suppliers[3]
    if item in ("大米", "面粉", "豆油", "食盐", "小米"):
        return suppliers[0]
    return suppliers[1]


def _library_supplier(code: str, suppliers):
    if code[:2] in ("08", "09", "11", "12"):
        return suppliers[2]  # meat, poultry, eggs and (here) fish
    if code[:2] == "10":
        return suppliers[3]
    if code[:2] in ("01", "02") or code[:3] in ("032", "033"):
        return suppliers[0]
    return suppliers[1]


def _chilled(code: str) -> str | None:
    return "2.0" if code[:2] in ("08", "09", "12") else "4.0" if code[:2] == "10" else None

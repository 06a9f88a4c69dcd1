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


def _supplier_for(item: str, suppliers):
    if item in ("猪肉（瘦）", "鸡蛋", "猪肝"):
        return suppliers[2]
    if item == "纯牛奶":
        return suppliers[3]
    if item in ("大米", "面粉", "豆油", "食盐", "小米"):
        return suppliers[0]
    return suppliers[1]

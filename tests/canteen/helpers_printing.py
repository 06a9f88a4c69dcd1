"""Builders of a hand-made canteen month (rows made directly through the models) and readers
of the printouts (PDF text and fonts, visible page text, English words)."""
from __future__ import annotations

import html
import re
import subprocess
from datetime import date, datetime, timezone
from decimal import Decimal

from canteen.models import (AccompaniedMeal, Disinfection, GradeCount, HealthCheck, MealCount,
                            ResidueTest, Sample, ServedDish, Worker)
from menus.models import Dish

UTC = timezone.utc


def dish(db, name, category="other") -> Dish:
    d = Dish(name=name, category=category)
    db.add(d)
    db.flush()
    return d


def meal_count(db, school, day, meal, grades, teachers, dishes=(), reason="") -> MealCount:
    """grades: {grade: (students, plan students)}; the meal's sums follow from them."""
    mc = MealCount(school_id=school.id, day=day, meal=meal, teachers=teachers,
                   students=sum(s for s, _p in grades.values()),
                   plan_students=sum(p for _s, p in grades.values()), make_up_reason=reason,
                   grades=[GradeCount(grade=g, students=s, plan_students=p)
                           for g, (s, p) in grades.items()],
                   dishes=[ServedDish(dish_id=d.id, position=i) for i, d in enumerate(dishes)])
    db.add(mc)
    db.flush()
    return mc


def register_month(db, school, other_school):
    """November 2026 of `school`: lunch on the 2nd and 3rd, breakfast on the 2nd, and lunch
    on Saturday the 7th (not a school day: a sports-day make-up). Rows of October, December
    and another school must not be counted."""
    rice, eggs, greens = dish(db, "米饭", "staple"), dish(db, "番茄炒蛋", "egg"), \
        dish(db, "清炒白菜", "vegetable")
    meal_count(db, school, date(2026, 11, 2), "lunch", {1: (30, 28), 4: (25, 25)}, 4,
               [rice, eggs, greens])
    meal_count(db, school, date(2026, 11, 2), "breakfast", {1: (20, 20), 4: (10, 8)}, 2)
    meal_count(db, school, date(2026, 11, 3), "lunch", {1: (31, 29), 4: (24, 24)}, 5, [rice])
    meal_count(db, school, date(2026, 11, 7), "lunch", {1: (12, 12)}, 1, [rice],
               reason="运动会补课")
    meal_count(db, school, date(2026, 10, 30), "lunch", {1: (99, 99)}, 9)
    meal_count(db, school, date(2026, 12, 1), "lunch", {1: (98, 98)}, 8)
    meal_count(db, other_school, date(2026, 11, 2), "lunch", {7: (70, 60)}, 7)
    db.commit()


def logs_month(db, school, delivery_line_id):
    """November 2026 food-safety logs of `school` (times stored in UTC: 04:00 is 12:00 in
    Beijing)."""
    zhang, li = Worker(school_id=school.id, name="张师傅"), Worker(school_id=school.id,
                                                                  name="李阿姨")
    db.add_all([zhang, li])
    db.flush()
    db.add_all([
        Sample(school_id=school.id, day=date(2026, 11, 2), meal="lunch", dish_name="番茄炒蛋",
               grams=Decimal("150.0"), taken_at=datetime(2026, 11, 2, 4, 0, tzinfo=UTC),
               taken_by="王老师", disposed_at=datetime(2026, 11, 4, 5, 30, tzinfo=UTC),
               disposed_by="赵老师"),
        Sample(school_id=school.id, day=date(2026, 11, 2), meal="breakfast", dish_name="馒头",
               grams=Decimal("125.5"), taken_at=datetime(2026, 11, 1, 23, 30, tzinfo=UTC),
               taken_by="王老师"),
        Sample(school_id=school.id, day=date(2026, 12, 1), meal="lunch", dish_name="十二月",
               grams=Decimal("130"), taken_at=datetime(2026, 12, 1, 4, 0, tzinfo=UTC),
               taken_by="王老师"),
        AccompaniedMeal(school_id=school.id, day=date(2026, 11, 3), meal="lunch",
                        leader="刘校长", companions="陈老师、周老师", quality="excellent",
                        hygiene="good", dining_order="fair", service="poor",
                        reactions="一名学生腹痛"),
        HealthCheck(school_id=school.id, worker_id=zhang.id, day=date(2026, 11, 2),
                    temperature_c=Decimal("36.5"), checked_by="王老师"),
        HealthCheck(school_id=school.id, worker_id=li.id, day=date(2026, 11, 2),
                    temperature_c=Decimal("37.8"), symptoms="发热", fit=False,
                    checked_by="王老师"),
        HealthCheck(school_id=school.id, worker_id=zhang.id, day=date(2026, 11, 3),
                    temperature_c=Decimal("36.6"), checked_by="王老师"),
        HealthCheck(school_id=school.id, worker_id=li.id, day=date(2026, 11, 3),
                    present=False, fit=False, checked_by="王老师"),
        ResidueTest(school_id=school.id, day=date(2026, 11, 2), delivery_line_id=delivery_line_id,
                    sample="土豆样品", inhibition_rate=Decimal("62.5"), result="fail",
                    tested_by="孙老师"),
        Disinfection(school_id=school.id, day=date(2026, 11, 2), meal="lunch", method="cabinet",
                     started_at=datetime(2026, 11, 2, 5, 0, tzinfo=UTC), minutes=30,
                     person="张师傅"),
    ])
    db.commit()


def pdf_tools(data: bytes, tmp_path):
    """(pdffonts rows as dicts, pdftotext -layout text) of a PDF."""
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    header = fonts[0]
    cols = {c: header.index(c) for c in ("type", "emb", "sub")}
    rows = [{"name": line[:cols["type"]].strip(),
             "emb": line[cols["emb"]:cols["sub"]].strip()} for line in fonts[2:]]
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return rows, text


def main_text(page: str) -> str:
    """The visible text of the page's <main> (the header holds the language switch)."""
    page = page.split("<main", 1)[-1].split("</main>", 1)[0]
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", "<" + page))


def english_words(text: str) -> list[str]:
    """Words of two or more Latin letters standing alone."""
    return sorted(set(re.findall(r"(?<![\w\u4e00-\u9fff])[A-Za-z_]{2,}(?![\w])", text)))

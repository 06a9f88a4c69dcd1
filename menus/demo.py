"""Demo data: dishes a rural canteen serves and a published lunch menu per school for every week
from the demo's first day (the first school day of last month) through the week after today's
(that one a draft), meeting the standard on most days and missing it on a few. Dishes take the
role of their category (meat and egg dishes are mains); the second school is halal (清真): every
demo week serves pork, so its hand-made weeks break its rule until a suggestion replaces them."""
from __future__ import annotations

from datetime import timedelta

from suite import services as org
from suite.models import User
from sqlalchemy import select

from . import services
from .demo_library import load_demo_library
from .services import IngredientIn

HALAL_NOTE = "回族学生约占三成，按清真要求供餐：不用猪肉、猪油。"
# name, category, method, [(food, raw grams per serving for 9-11)]
DISHES = [
    ("米饭", "staple", "蒸", [("大米", 130)]),
    ("杂粮饭", "staple", "蒸", [("大米", 100), ("小米", 30)]),
    ("馒头", "staple", "蒸", [("面粉", 100)]),
    ("土豆烧肉", "meat", "烧", [("猪肉（瘦）", 40), ("马铃薯", 80), ("豆油", 6), ("食盐", 1.2)]),
    ("番茄炒蛋", "egg", "炒", [("鸡蛋", 50), ("番茄", 100), ("豆油", 5), ("食盐", 1)]),
    ("清炒小白菜", "vegetable", "炒", [("小白菜", 120), ("豆油", 5), ("食盐", 1)]),
    ("醋溜大白菜", "vegetable", "炒", [("大白菜", 120), ("胡萝卜", 20), ("豆油", 5), ("食盐", 1)]),
    ("胡萝卜炒肉丝", "meat", "炒", [("胡萝卜", 70), ("猪肉（瘦）", 30), ("豆油", 5), ("食盐", 1)]),
    ("家常豆腐", "vegetable", "烧", [("豆腐", 80), ("青椒", 30), ("豆油", 5), ("食盐", 1)]),
    ("紫菜蛋花汤", "soup", "煮", [("鸡蛋", 15), ("紫菜", 2), ("食盐", 0.5)]),
    ("猪肝炒青椒", "meat", "炒", [("猪肝", 25), ("青椒", 60), ("豆油", 5), ("食盐", 1)]),
    ("纯牛奶", "milk", "", [("纯牛奶", 200)]),
    ("苹果", "fruit", "", [("苹果", 120)]),
    ("香蕉", "fruit", "", [("香蕉", 120)]),
]
# lunch dishes per weekday; Thursdays of odd weeks leave out the vegetables (a day that misses)
WEEK = [["米饭", "土豆烧肉", "清炒小白菜", "紫菜蛋花汤", "苹果", "纯牛奶"],
        ["杂粮饭", "番茄炒蛋", "醋溜大白菜", "家常豆腐", "香蕉", "纯牛奶"],
        ["米饭", "胡萝卜炒肉丝", "清炒小白菜", "紫菜蛋花汤", "苹果", "纯牛奶"],
        ["馒头", "猪肝炒青椒", "家常豆腐", "醋溜大白菜", "香蕉", "纯牛奶"],
        ["米饭", "土豆烧肉", "番茄炒蛋", "清炒小白菜", "苹果", "纯牛奶"],
        ["米饭", "番茄炒蛋", "醋溜大白菜", "紫菜蛋花汤", "苹果"],
        ["馒头", "胡萝卜炒肉丝", "清炒小白菜", "纯牛奶"]]


def build(session, context) -> None:
    nutritionist = session.scalar(select(User).where(User.role == "nutritionist"))
    county = context["county"]
    county.second_approver_required = False  # a small county with one nutritionist
    dishes = {}
    for name, category, method, ingredients in DISHES:
        dishes[name] = services.save_dish(
            session, name=name, category=category, cooking_method=method,
            ingredients=[IngredientIn(food, grams) for food, grams in ingredients],
            user_id=nutritionist.id)
    halal = context["schools"][1 if len(context["schools"]) > 1 else 0]
    services.set_school_rule(session, halal.id, halal=True, avoid=[], note=HALAL_NOTE,
                             user_id=nutritionist.id)
    # the library a menu solver chooses from (menus/data/demo_dishes.csv)
    load_demo_library(session, county.id, nutritionist.id)
    today, term = context["today"], context["term"]
    first = context["first_day"]
    start = first - timedelta(days=first.weekday())
    weeks = (today - start).days // 7 + 2  # through the week after today's
    enrolled = org.enrolment_totals(session, term.id)  # the menus' servings, read once
    for school in context["schools"]:
        for week in range(weeks):
            monday = start + timedelta(weeks=week)
            if not term.start_date - timedelta(days=4) <= monday <= term.end_date:
                continue  # a week with none of its weekdays in the term
            days = [d for d in range(7) if d < 5 or school.boarding or org.is_school_day(
                session, county.id, monday + timedelta(days=d))]  # and make-up weekend days
            menu = services.create_week(session, county_id=county.id, school=school,
                                        week_start=monday, days=days, meals=["lunch"])
            for offset in days:
                day = monday + timedelta(days=offset)
                if not services.served_on(session, menu, day):
                    continue
                names = WEEK[offset]
                if week % 2 and offset == 3:
                    names = ["馒头", "家常豆腐"]  # a thin Thursday: the checks show it
                for name in names:
                    services.add_item(session, menu, day=day, meal="lunch",
                                      dish_id=dishes[name].id,
                                      servings=enrolled.get(school.id, 0))
            if menu.items and monday <= today:
                services.submit(session, menu, nutritionist)
                services.approve(session, menu, nutritionist)
                services.publish(session, menu, nutritionist)

"""Synthetic students with valid ID numbers, for the demo, tests and benchmarks."""
from __future__ import annotations

import random
from datetime import date, timedelta

from .idcard import check_char

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程"
GIVEN = "子涵欣怡梓轩浩宇雨桐一诺俊杰思远佳琪明轩嘉怡宇航晨曦文博雅婷天佑诗涵志强秀英建华丽娟"


def make_id(area: str, born: date, sex: str, serial: int) -> str:
    """serial 0..498 gives the sequence digits; odd for boys, even for girls."""
    seq = serial * 2 + (1 if sex == "M" else 2)
    body = f"{area}{born:%Y%m%d}{seq:03d}"
    return body + check_char(body)


def students(n: int, school_codes: list[str], seed: int = 1, year: int = 2026,
             area: str = "350881") -> list[dict]:
    """Rows with the import template's Chinese headers."""
    rng = random.Random(seed)
    rows, used = [], {}
    for _k in range(n):
        grade = rng.randint(1, 9)
        sex = rng.choice("MF")
        born = date(year - 6 - grade, 9, 1) - timedelta(days=rng.randint(0, 364))
        while used.get((born, sex), 0) >= 499:  # that day's numbers are used up
            born -= timedelta(days=1)
        serial = used.get((born, sex), 0)
        used[(born, sex)] = serial + 1
        id_number = make_id(area, born, sex, serial)
        rows.append({
            "学籍号": "G" + id_number, "姓名": rng.choice(SURNAMES) + "".join(
                rng.sample(GIVEN, rng.choice((1, 2)))),
            "性别": "男" if sex == "M" else "女", "出生日期": born.isoformat(),
            "身份证号": id_number, "民族": "汉族", "学校代码": rng.choice(school_codes),
            "年级": str(grade), "班级": f"{rng.randint(1, 3)}班",
            "是否寄宿": "是" if rng.random() < 0.2 else "否", "户籍乡镇": "城关镇",
            "户籍村": "红星村", "监护人姓名": rng.choice(SURNAMES) + "某",
            "监护人电话": f"13{rng.randint(100000000, 999999999)}",
        })
    return rows

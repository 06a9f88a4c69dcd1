"""Lists, clauses and labelled values written as the reader's language writes them:
午餐、晚餐 / Lunch, Dinner; clauses apart by "；" / "; "; 乡镇：白水乡 / Township: Baishui.
Chinese when no language is known (the suite's default)."""
from __future__ import annotations

from flask_babel import get_locale


def _chinese() -> bool:
    locale = get_locale()
    return locale is None or locale.language == "zh"


def item_sep() -> str:
    return "、" if _chinese() else ", "


def colon() -> str:
    """After a label: "：" / ": "."""
    return "：" if _chinese() else ": "


def join_items(items) -> str:
    """A list of names or words: 午餐、晚餐 / Lunch, Dinner."""
    return item_sep().join(str(i) for i in items)


def join_clauses(items) -> str:
    """Clauses that each hold a comma or a label: …；… / …; …"""
    return ("；" if _chinese() else "; ").join(str(i) for i in items)


def join_sentences(items) -> str:
    """Whole sentences, each with its full stop: 。… / . …"""
    return ("" if _chinese() else " ").join(str(i) for i in items)


def labelled(label, value) -> str:
    """A value after its label: 乡镇：白水乡 / Township: Baishui."""
    return f"{label}{colon()}{value}"

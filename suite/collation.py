"""Chinese names in the order a reader looks them up (pure: pypinyin only)."""
from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=8192)
def pinyin_order(text: str) -> tuple:
    """A sort key in dictionary order, as a Chinese reader looks a name up: by each
    character's pinyin, then its tone, then the character; other characters as they are."""
    syllables = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True,
                            errors=list)  # one item per character that is not Chinese
    return tuple((c.lower(), "", c) if s == c else (s[:-1], s[-1], c)
                 for c, s in zip(text, syllables))

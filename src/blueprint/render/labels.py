"""The words the chart views print, per language, and wrapping for titles in any script.

Examples
--------
>>> label_words("in-service", "zh")
'售中'
>>> wrap("Check in at the front desk of the hotel", 16)
'Check in at the\\nfront desk of\\nthe hotel'
>>> wrap("在前台办理入住手续并领取房卡", 12)
'在前台办理入\\n住手续并领取\\n房卡'
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from ..model.queries import standards_of

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["has_wide", "label_words", "time_standard", "wrap"]

_WORDS: dict[str, dict[str, str]] = {
    "evidence": {"en": "Physical evidence", "zh": "有形展示"},
    "customer": {"en": "Customer actions", "zh": "顾客行为"},
    "frontstage": {"en": "Frontstage", "zh": "前台"},
    "backstage": {"en": "Backstage", "zh": "后台"},
    "support": {"en": "Support processes", "zh": "支持过程"},
    "the customer": {"en": "Customer", "zh": "顾客"},
    "next visit": {"en": "next visit", "zh": "下次光临"},
    "again": {"en": "again", "zh": "再次"},
    "pre-service": {"en": "Pre-service", "zh": "售前"},
    "in-service": {"en": "In-service", "zh": "售中"},
    "post-service": {"en": "Post-service", "zh": "售后"},
    "expected emotion": {"en": "expected emotion", "zh": "预期情绪"},
    "expected emotion (−3 … +3)": {"en": "expected emotion (−3 … +3)", "zh": "预期情绪 (−3 … +3)"},
    "emotion not set": {"en": "no emotion set", "zh": "未设情绪"},
    "no emotions": {
        "en": "No expected emotions set: add 'emotion: -3..3' to the moments",
        "zh": "尚未设置预期情绪：请为关键时刻添加 emotion（−3..3）",
    },
    "channels": {"en": "channels", "zh": "渠道"},
    "moments": {"en": "moments", "zh": "关键时刻"},
    "channel matrix": {"en": "channels × moments", "zh": "渠道 × 关键时刻"},
    "no channel": {"en": "no channel offers this", "zh": "无渠道提供"},
    "offered": {"en": "offered", "zh": "提供"},
    "not offered": {"en": "not offered", "zh": "未提供"},
    "few": {"en": "offers few moments", "zh": "提供的功能较少"},
    "channels offering": {"en": "channels offering", "zh": "渠道数"},
    "moments offered": {"en": "moments offered", "zh": "功能数"},
    "fail point": {"en": "fail point", "zh": "失误点"},
    "wait point": {"en": "wait point", "zh": "等待点"},
}

_UNITS_ZH = {"seconds": "秒", "minutes": "分钟", "hours": "小时", "days": "天"}
_TOKEN = re.compile(r"\s+|[^\s]")


def label_words(key: str, lang: str | None = None) -> str:
    """The label ``key`` in ``lang`` (English when there is no translation)."""
    words = _WORDS.get(key)
    if words is None:
        return key
    return words.get(lang or "en", words["en"])


def has_wide(text: str) -> bool:
    """True when ``text`` holds East Asian wide characters (CJK ideographs, kana, hangul)."""
    return any(unicodedata.east_asian_width(c) in "WF" for c in text)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int, *, lines: int | None = None) -> str:
    """``text`` broken into lines of at most ``width`` columns (wide characters count 2).

    Latin text breaks at spaces (a word longer than a line is cut); text
    without spaces, such as Chinese, breaks between characters. With
    ``lines``, the text is cut to that many lines, ending in "…".
    """
    words = _words(" ".join(text.split()))
    out: list[str] = []
    current = ""
    for word in words:
        joiner = " " if current and not (has_wide(word[:1]) or has_wide(current[-1:])) else ""
        if current and _width(current + joiner + word) > width:
            out.append(current)
            current, joiner = "", ""
        while _width(word) > width:  # a word longer than a line
            cut = _fit(word, width)
            out.append(word[:cut])
            word = word[cut:]
        current += joiner + word
    if current:
        out.append(current)
    if lines is not None and len(out) > lines:
        out = out[:lines]
        last = out[-1]
        while last and _width(last + "…") > width:
            last = last[:-1]
        out[-1] = last.rstrip() + "…"
    return "\n".join(out)


def _words(text: str) -> list[str]:
    """Words split at spaces, with every wide character a word of its own."""
    words: list[str] = []
    for chunk in text.split(" "):
        run = ""
        for char in chunk:
            if has_wide(char):
                if run:
                    words.append(run)
                    run = ""
                words.append(char)
            else:
                run += char
        if run:
            words.append(run)
    return words


def _fit(word: str, width: int) -> int:
    used = 0
    for i, char in enumerate(word):
        used += _width(char)
        if used > width:
            return max(i, 1)
    return len(word)


def time_standard(service: Service, moment_id: str, lang: str | None = None) -> str | None:
    """The first duration standard on a moment, as ``≤ 3 minutes``; None when there is none."""
    for standard in standards_of(service, moment_id):
        metric = service.metrics.get(standard.metric)
        if metric is None or metric.quantity.value != "duration" or isinstance(standard.target, bool):
            continue
        comparator = standard.comparator.value
        symbol = {"<=": "≤", ">=": "≥", "==": "="}.get(comparator, comparator)
        unit = _UNITS_ZH.get(standard.unit, standard.unit) if lang == "zh" else standard.unit
        return f"{symbol} {standard.target:g} {unit}"
    return None

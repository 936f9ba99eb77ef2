"""The words the chart views and the Mermaid export print, per language, and line wrapping for charts.

Lanes, stages and the blueprint's own words come from :mod:`.theme`, so every
picture names things the same way; the words here are the ones only the
charts and Mermaid use.

>>> label_words("no channel", "zh"), label_words("in-service", "zh")
('无渠道提供', '售中')
"""

from __future__ import annotations

import functools
import unicodedata

from .theme import word

__all__ = ["bold_style", "chart_metric", "has_wide", "label_words", "lines"]

_WORDS: dict[str, dict[str, str]] = {
    "the customer": {"en": "Customer", "zh": "顾客"},
    "again": {"en": "again", "zh": "再次"},
    "fail point": {"en": "fail point", "zh": "失误点"},
    "wait point": {"en": "wait point", "zh": "等待点"},
    "expected emotion": {"en": "expected emotion", "zh": "预期情绪"},
    "expected emotion (−3 … +3)": {"en": "expected emotion (−3 … +3)", "zh": "预期情绪 (−3 … +3)"},
    "emotion not set": {"en": "no emotion set", "zh": "未设情绪"},
    "no emotions": {
        "en": "No expected emotions set: add 'emotion: -3..3' to the moments",
        "zh": "尚未设置预期情绪：请为关键时刻添加 emotion（−3..3）",
    },
    "channels": {"en": "channels", "zh": "渠道"},
    "channel matrix": {"en": "channels × moments", "zh": "渠道 × 关键时刻"},
    "no channel": {"en": "no channel offers this", "zh": "无渠道提供"},
    "offered": {"en": "offered", "zh": "提供"},
    "not offered": {"en": "not offered", "zh": "未提供"},
    "no standard": {"en": "offered, no standard behind it", "zh": "提供但无服务标准"},
    "hours": {"en": "hours", "zh": "服务时间"},
    "cost": {"en": "cost", "zh": "成本"},
    "stability": {"en": "stability", "zh": "稳定性"},
    "security": {"en": "security", "zh": "安全性"},
    "low": {"en": "low", "zh": "低"},
    "medium": {"en": "medium", "zh": "中"},
    "high": {"en": "high", "zh": "高"},
    "face to face": {"en": "face to face", "zh": "面对面"},
    "not face to face": {"en": "not face to face", "zh": "非面对面"},
    "few": {"en": "offers few moments", "zh": "提供的功能较少"},
    "channels offering": {"en": "channels offering", "zh": "渠道数"},
    "moments offered": {"en": "moments offered", "zh": "功能数"},
}


def label_words(key: str, lang: str | None = None) -> str:
    """The label ``key`` in ``lang`` (English when there is no translation)."""
    words = _WORDS.get(key)
    if words is None:
        return word(key, lang)
    return words.get(lang or "en", words["en"])


def has_wide(text: str) -> bool:
    """True when ``text`` holds East Asian wide characters (CJK ideographs, kana, hangul)."""
    return any(unicodedata.east_asian_width(c) in "WF" for c in text)


def bold_style(text: str) -> dict[str, str]:
    """Font settings for a chart text meant to be bold.

    Bold in the chart font when that font's bold face has every character of
    ``text``; otherwise the regular weight with the whole fallback list, so an
    emoji or a Chinese character is drawn by a font that has it (fallback
    fonts seldom ship a bold face) rather than as an empty box.

    >>> bold_style("F"), bold_style("早餐")
    ({'fontweight': 'bold', 'fontfamily': 'DejaVu Sans'}, {'fontweight': 'normal'})
    """
    from .figure import BASE_FONT

    font = _chart_font(True)
    if has_wide(text) or any(not font.get_char_index(ord(c)) for c in text if not c.isspace()):
        return {"fontweight": "normal"}
    return {"fontweight": "bold", "fontfamily": BASE_FONT}


@functools.lru_cache(maxsize=4096)
def chart_metric(ch: str, bold: bool) -> float:
    """Advance width of ``ch`` in ems in the font the charts are drawn in (DejaVu Sans).

    A character that font lacks is drawn by the fallback font (the CJK font
    for Chinese): a wide character counts one em, any other what Helvetica
    gives it.

    >>> round(chart_metric("m", False), 3), chart_metric("办", False)
    (0.974, 1.0)
    """
    from .wrap import helvetica

    font = _chart_font(bold)
    if unicodedata.east_asian_width(ch) in "WF" or not font.get_char_index(ord(ch)):
        return 1.0 if unicodedata.east_asian_width(ch) in "WF" else helvetica(ch, bold)
    glyph = font.load_char(ord(ch), flags=_no_hinting())
    return float(glyph.linearHoriAdvance) / 65536 / _EM


_EM = 100  # the size, in points at 72 dpi, the advances are read at


def _no_hinting():  # type: ignore[no-untyped-def]
    """FreeType's NO_HINTING flag (matplotlib lays text out unhinted), as this matplotlib names it."""
    from matplotlib import ft2font

    flags = getattr(ft2font, "LoadFlags", None)  # matplotlib 3.10 and later
    return flags.NO_HINTING if flags is not None else ft2font.LOAD_NO_HINTING


@functools.cache
def _chart_font(bold: bool):  # type: ignore[no-untyped-def]
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from .figure import BASE_FONT

    weight = "bold" if bold else "normal"
    path = font_manager.findfont(font_manager.FontProperties(family=BASE_FONT, weight=weight))
    font = FT2Font(path)
    font.set_size(_EM, 72)
    return font


def lines(
    text: str, width: float, size: float = 10, *, max_lines: int = 4, bold: bool = False, ltr: bool = False
) -> str:
    """``text`` on one or more lines of at most ``width`` points at font ``size``.

    ``ltr`` marks each line to be laid out left to right
    (:func:`~blueprint.escaping.left_to_right`): for a heading of Blueprint's
    words around a title, not for a title alone.

    Whitespace and newlines in the text are folded first: a chart label wraps
    where it fits, not where the title happened to break. Widths are those of
    the chart font (:func:`chart_metric`), so a line measured to fit is drawn
    no wider.

    >>> print(lines("Check in at the front desk of the hotel", 80))
    Check in at the
    front desk of
    the hotel
    """
    from ..escaping import left_to_right
    from .wrap import wrap

    folded = " ".join(text.split())
    shown = wrap(folded, width, size, bold=bold, max_lines=max_lines, metric=chart_metric)
    return "\n".join(left_to_right(line) if ltr else line for line in shown)

"""Read the figures a standard's statement states: durations, percentages, counts, scores.

Statements are written for staff and customers ("95% of guests are checked in
within 3 minutes", "95%的客人在3分钟内完成入住"). This module finds the
figures in them so the lint can compare them with the structured target. It
is deliberately conservative: a figure is only taken when its unit (or a
bound word such as "within" / "at least" / "以内") makes its meaning clear.

Examples
--------
>>> [(m.kind, m.value, m.bound) for m in mentions("95% of guests wait no more than 3 min")]
[('percent', 0.95, None), ('duration', 180.0, 'upper')]
>>> [(m.kind, m.value) for m in mentions("1小时30分钟内回复")]
[('duration', 3600.0), ('duration', 1800.0), ('duration', 5400.0)]
>>> [(m.kind, m.value, m.bound) for m in mentions("answered within 3 rings")]
[('number', 3.0, 'upper')]
>>> [(m.kind, m.value, m.bound, m.text) for m in mentions("兩分鐘內接聽")]
[('duration', 120.0, 'upper', '兩分鐘')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

__all__ = ["Mention", "mentions", "simplified", "speaks_of_average"]

_EN_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
}
# Traditional characters of the units, numerals and bound words, one for one, so offsets hold.
_TRADITIONAL = str.maketrans(
    "鐘時個內兩週萬過於與較業規標準慣達",
    "钟时个内两周万过于与较业规标准惯达",
)
_ZH_DIGITS = dict(zip("零一二两三四五六七八九", (0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))

# Units to seconds; longer spellings first so "minutes" wins over "min".
_DURATION_UNITS = [
    (r"working days?|business days?|个工作日|工作日", 86400.0),
    (r"weeks?|个星期|星期|周", 604800.0),
    (r"days?|个自然日|自然日|天|日", 86400.0),
    (r"hours?|hrs?|h|个小时|小时|个钟头|钟头", 3600.0),
    (r"minutes?|mins?|分钟|分(?=\s*\d+\s*秒)", 60.0),  # a bare 分 is a score point ("4分")
    (r"seconds?|secs?|s|秒钟|秒", 1.0),
]
_UNIT = re.compile(
    r"[\s-]?(?:"
    + "|".join(f"(?P<u{i}>{pattern})" for i, (pattern, _) in enumerate(_DURATION_UNITS))
    + r")(?![A-Za-z])"
)
_PERCENT = re.compile(r"\s?(?:%|％|percent\b|per cent\b)")
_NUMBER = re.compile(
    r"(?P<zhpct>百分之)?(?:(?P<digits>(?<![A-Za-z0-9.:/])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![A-Za-z0-9.:/])\d+(?:\.\d+)?)"
    r"|(?P<zh>[零一二两三四五六七八九十百]+)"
    r"|(?<![A-Za-z])(?P<en>" + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + r")(?![A-Za-z]))",
    re.IGNORECASE,
)
_HALF_HOUR = re.compile(r"half an hour|半个?小时|半个钟头", re.IGNORECASE)
_RANGE = re.compile(r"\s*(?:-|–|—|~|～|to|至|到)\s*(?=\d)")
_UPPER_BEFORE = re.compile(
    r"(?:within|in under|under|less than|fewer than|(?:no|not|never) (?:more|longer) than|at most|up to|"
    r"maximum of|max\.?|no later than|不超过|不多于|不高于|(?<!不)(?:少于|低于|小于)|最多|在)\s*$",
    re.IGNORECASE,
)
_LOWER_BEFORE = re.compile(
    r"(?:at least|more than|over|above|(?:no|not|never) (?:less|fewer|shorter) than|minimum of|min\.?|"
    r"不少于|不低于|至少|(?<!不)(?:高于|大于|多于|超过))\s*$",
    re.IGNORECASE,
)
_UPPER_AFTER = re.compile(
    r"\s*(?:or (?:less|fewer|under|below|sooner)|at (?:the )?most|以内|之内|内|或?以下)", re.I
)
_LOWER_AFTER = re.compile(r"\s*(?:at least|or (?:more|higher|above|over)|and above|\+|[或及]?以上)", re.I)
_SCORE = re.compile(r"\s*(?:out of|/|of)\s*(\d+(?:\.\d+)?)|\s*(?:points?\b|stars?\b|分|星)", re.I)
_NOUN = re.compile(r"\s?(?:[A-Za-z]{2,}|[声次个名位件项遍张人])")
_NOT_NOUNS = {"am", "pm", "st", "nd", "rd", "th", "and", "or", "to", "of", "in", "on", "at", "the", "a", "x"}
_JOINER = re.compile(r"[\s,，]*(?:and\s*)?零?")
_AVERAGE = re.compile(r"\b(?:on average|average|averaged|mean)\b|平均|均值", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """A figure in a statement.

    ``kind`` is ``duration`` (``value`` in seconds), ``percent`` (``value``
    as a share, 0.95) or ``number`` (a count or score as written). ``bound``
    is ``upper`` ("within 3", "3 or less"), ``lower`` ("at least 4") or None.
    ``counted`` says whether a plain number reads as a count or a score (it
    has a bound, a noun after it or a scale) rather than a stray figure.
    """

    kind: str
    value: float
    text: str
    start: int
    bound: str | None = None
    counted: bool = False
    unit: float = 1.0


def mentions(text: str) -> list[Mention]:
    """Every figure in ``text`` whose meaning is clear, in order of appearance.

    A compound duration ("1 hour 30 minutes", "2分30秒") gives its parts and
    then their sum, so either reading can match the target.
    """
    written, text = text, simplified(text)
    found: list[Mention] = []
    for match in _HALF_HOUR.finditer(text):
        bound = _bound(text, match.start(), match.end())
        found.append(Mention("duration", 1800.0, match.group(), match.start(), bound, unit=3600.0))
    for match in _NUMBER.finditer(text):
        if any(m.start <= match.start() < m.start + len(m.text) for m in found):
            continue
        mention = _read(text, match)
        if mention is not None:
            found.append(mention)
    found.sort(key=lambda m: m.start)
    return [replace(m, text=written[m.start : m.start + len(m.text)]) for m in _with_compounds(text, found)]


def simplified(text: str) -> str:
    """``text`` with the traditional characters this module reads in their simplified form.

    >>> simplified("3分鐘內，行業標準")
    '3分钟内，行业标准'
    """
    return text.translate(_TRADITIONAL)


def speaks_of_average(text: str) -> bool:
    """Whether the statement talks about an average ("on average", "平均")."""
    return _AVERAGE.search(text) is not None


def _read(text: str, match: re.Match[str]) -> Mention | None:
    value = _value(match)
    if value is None:
        return None
    end = match.end()
    written = match.group()
    if match.group("zhpct"):
        return Mention("percent", value / 100, written, match.start())
    percent = _PERCENT.match(text, end)
    if percent and match.group("en") is None:
        return Mention("percent", value / 100, text[match.start() : percent.end()], match.start())
    unit_at = end
    if match.group("digits"):  # "2-3 minutes": the first number takes the unit of the second
        ranged = _RANGE.match(text, end)
        if ranged:
            second = _NUMBER.match(text, ranged.end())
            unit_at = second.end() if second else end
    unit = _UNIT.match(text, unit_at)
    if unit and not (_is_article(match) and unit.group().strip().lower() in ("second", "s")):
        seconds = next(s for i, (_, s) in enumerate(_DURATION_UNITS) if unit.group(f"u{i}"))
        stop = unit.end() if unit_at == end else end
        bound = _bound(text, match.start(), unit.end())
        written = text[match.start() : stop]
        return Mention("duration", value * seconds, written, match.start(), bound, unit=seconds)
    if _is_article(match):
        return None  # "a" is a figure only before a unit ("within a minute"), and not in "a second"
    if match.group("zh") and not _NOUN.match(text[end:]):
        return None  # Chinese numerals only count with a unit or measure word ("一流" is not a figure)
    after = text[end:]
    score = _SCORE.match(after)
    if score and score.group(1) is not None and float(score.group(1)) < value:
        score = None  # "24/7" is not a score of 24
    noun = _NOUN.match(after)
    if noun and noun.group().strip().lower() in _NOT_NOUNS:
        noun = None
    # A bound may follow the number's unit word: "4分及以上", "3声内", "3 rings or fewer".
    word = (score.group() if score and score.group(1) is None else "") or (noun.group() if noun else "")
    bound = _bound(text, match.start(), end) or _bound(text, match.start(), end + len(word))
    counted = bool(bound or score or noun)
    if match.group("en") and not counted:
        return None
    return Mention("number", value, written, match.start(), bound, counted)


def _is_article(match: re.Match[str]) -> bool:
    return (match.group("en") or "").lower() in ("a", "an")


def _value(match: re.Match[str]) -> float | None:
    if match.group("digits"):
        return float(match.group("digits").replace(",", ""))
    if match.group("en"):
        return float(_EN_NUMBERS[match.group("en").lower()])
    return _zh_number(match.group("zh"))


def _zh_number(text: str) -> float | None:
    """A Chinese numeral up to 999 (三, 十五, 二十, 一百二十), or None."""
    total, current = 0, 0
    for char in text:
        if char in _ZH_DIGITS:
            current = _ZH_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
    total += current
    return float(total) if total or text == "零" else None


def _bound(text: str, start: int, end: int) -> str | None:
    before = text[max(0, start - 16) : start]
    after = text[end : end + 12]
    if _UPPER_BEFORE.search(before) or _UPPER_AFTER.match(after):
        return "upper"
    if _LOWER_BEFORE.search(before) or _LOWER_AFTER.match(after):
        return "lower"
    return None


def _with_compounds(text: str, found: list[Mention]) -> list[Mention]:
    """Add the sum of adjacent durations written largest unit first ("1 h 30 min")."""
    out: list[Mention] = []
    run: list[Mention] = []
    for mention in [*found, None]:
        joined = (
            mention is not None
            and run
            and mention.kind == "duration"
            and _JOINER.fullmatch(text[run[-1].start + len(run[-1].text) : mention.start])
            and mention.unit < run[-1].unit
        )
        if joined:
            run.append(mention)  # type: ignore[arg-type]
            continue
        out.extend(run)
        if len(run) > 1:
            bound = run[-1].bound or run[0].bound
            total = sum(m.value for m in run)
            out.append(Mention("duration", total, "", run[0].start, bound, unit=run[-1].unit))
        run = [mention] if mention is not None and mention.kind == "duration" else []
        if mention is not None and mention.kind != "duration":
            out.append(mention)
    return out

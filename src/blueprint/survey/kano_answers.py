"""Kano answers as people write them: the five words, their usual phrasings (English, Chinese), or 1-5.

>>> [answer_code(a) for a in ("I like it", "must be", 3, "I can tolerate it", "Dislike")]
[0, 1, 2, 3, 4]
>>> answer_code("love it") is None
True
"""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING

from .answer_cells import header_rows
from .errors import Problem, problems_from_mask

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["ANSWERS", "answer_code", "answer_codes", "second_header"]

#: The answer options in questionnaire order; codes 0-4 (or 1-5 in files).
ANSWERS = ("like", "must-be", "neutral", "live-with", "dislike")
_SYNONYMS = {
    "like": 0,
    "i like it": 0,
    "like it": 0,
    "delighted": 0,
    "must-be": 1,
    "must be": 1,
    "mustbe": 1,
    "expect": 1,
    "expect it": 1,
    "i expect it": 1,
    "expected": 1,
    "neutral": 2,
    "i am neutral": 2,
    "indifferent": 2,
    "don't care": 2,
    "i don't care": 2,
    "live-with": 3,
    "live with": 3,
    "livewith": 3,
    "tolerate": 3,
    "can tolerate": 3,
    "i can tolerate it": 3,
    "i can live with it": 3,
    "accept": 3,
    "dislike": 4,
    "i dislike it": 4,
    "dislike it": 4,
    # Kano et al.'s wording of the options, as questionnaires print them
    "i like it that way": 0,
    "it must be that way": 1,
    "i expect it that way": 1,
    "i can live with it that way": 3,
    "i can tolerate it that way": 3,
    "i dislike it that way": 4,
    # Chinese questionnaires: 喜欢 / 理所当然 / 无所谓 / 能忍受 / 不喜欢 and their usual phrasings
    "喜欢": 0,
    "我喜欢": 0,
    "我很喜欢": 0,
    "非常喜欢": 0,
    "理所当然": 1,
    "理应如此": 1,
    "必须这样": 1,
    "应该如此": 1,
    "无所谓": 2,
    "中立": 2,
    "都可以": 2,
    "能忍受": 3,
    "我能忍受": 3,
    "可以忍受": 3,
    "勉强接受": 3,
    "不喜欢": 4,
    "我不喜欢": 4,
    "我很不喜欢": 4,
    "非常不喜欢": 4,
}


def answer_code(value: object) -> int | None:
    """0-4 for like ... dislike (words, their usual phrasings, or 1-5); None if not an answer."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)
        return int(number) - 1 if number in (1, 2, 3, 4, 5) else None
    text = " ".join(str(value).strip().lower().replace("_", " ").replace("\u2019", "'").split())
    text = text.rstrip(".!。！")  # "It must be that way." as a form prints it
    if text in ("1", "2", "3", "4", "5"):
        return int(text) - 1
    return _SYNONYMS.get(text, _SYNONYMS.get(text.replace("-", " ")))


def answer_codes(
    frame: pd.DataFrame, column: str, source: str
) -> tuple[np.ndarray, np.ndarray, list[Problem]]:
    """0-4 answer codes, the blank mask, and a located problem for each cell that is not an answer."""
    import numpy as np
    import pandas as pd

    # Few distinct answers, many rows: look each distinct value up once.
    codes_of_unique, uniques = pd.factorize(frame[column], sort=False)
    looked_up = [answer_code(u) for u in uniques]
    lookup = np.array([-1 if c is None else c for c in looked_up] + [-1], dtype=np.int16)
    empty = np.array([str(u).strip() == "" for u in uniques] + [True])
    codes, blank = lookup[codes_of_unique], empty[codes_of_unique]  # NaN is code -1: the trailing entry
    bad = (codes < 0) & ~blank
    problems = []
    if bad.any():
        hint = "answers are like, must-be, neutral, live-with, dislike (or 1-5 in that order)"
        problems = problems_from_mask(
            bad[:, None], frame[[column]], "{value} is not a Kano answer", source=source, hint=hint
        )
    return np.where(blank, 0, codes).astype(np.int8), blank, problems


def second_header(frame: pd.DataFrame, columns: list[str], problems: list[Problem]) -> list[Problem]:
    """``problems`` with each of the first rows that holds a question in every one of ``columns`` said
    once, as a second header row to delete (a form's question text under the header), not cell by cell.

    A question is text with a question mark, an import id (``{"ImportId": ...}``) or the column's own
    name: a respondent's answer that is no Kano answer stays a problem of its cell, and its row is
    never named for deletion.
    """
    import pandas as pd

    def question(column: str) -> pd.Series:
        def asks(cell: object) -> bool:
            text = str(cell).strip()
            return "?" in text or "？" in text or text.startswith("{") or text.casefold() == column.casefold()

        codes, uniques = pd.factorize(frame[column], sort=False)
        off = [answer_code(u) is None and asks(u) for u in uniques] + [False]  # NaN: blank
        return pd.Series([off[c] for c in codes], index=frame.index, dtype=bool)

    bad = pd.DataFrame({c: question(c) for c in columns}, index=frame.index)
    headers = header_rows(bad, frame[columns])
    rows = {p.row for p in headers}
    return [*headers, *(p for p in problems if p.row not in rows)] if headers else problems

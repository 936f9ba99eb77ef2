"""Kano answers from a form's export: a row per respondent, a column per question.

Form tools write each respondent's answers on one row, the functional
question ("if check-in takes under three minutes, you feel ...") and the
dysfunctional one ("if it takes longer ...") of every attribute in columns of
their own. :func:`question_answers` reads them attribute by attribute, named as
``{attribute: (functional column, dysfunctional column)}``; every problem
names the file's own column and row, as the long layout's do. On the command
line the pairs come from ``--functional ATTRIBUTE=COLUMN,...`` and
``--dysfunctional ATTRIBUTE=COLUMN,...`` (:func:`question_pairs`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .column_mapping import parse_mapping
from .errors import Problem, SurveyDataError, problems_from_mask
from .kano_answers import answer_codes, second_header
from .readers import canonical, refuse_repeats, source_of

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["question_answers", "question_pairs"]


def question_pairs(functional: str | None, dysfunctional: str | None) -> dict[str, tuple[str, str]]:
    """``--functional`` and ``--dysfunctional`` as each attribute's pair of columns; {} when neither is given.

    >>> question_pairs("wifi=Q1 (if fast), parking=Q3", "wifi=Q2,parking=Q4")
    {'wifi': ('Q1 (if fast)', 'Q2'), 'parking': ('Q3', 'Q4')}
    """
    present = parse_mapping(functional, what="--functional", commas_in_values=True)
    absent = parse_mapping(dysfunctional, what="--dysfunctional", commas_in_values=True)
    if not present and not absent:
        return {}
    lonely = [f"{a} (only in --functional)" for a in present if a not in absent]
    lonely += [f"{a} (only in --dysfunctional)" for a in absent if a not in present]
    if lonely:
        raise SurveyDataError(
            f"each attribute needs both of its questions: {', '.join(lonely)}; name its column in "
            "--functional and in --dysfunctional"
        )
    pairs = {a: (present[a], absent[a]) for a in present}
    used: dict[str, str] = {}
    for attribute, columns in pairs.items():
        for column in columns:
            if column in used:
                raise SurveyDataError(
                    f"the column {column!r} is given for {used[column]} and for {attribute}; each question "
                    "has a column of its own"
                )
            used[column] = attribute
    return pairs


def question_answers(
    frame: pd.DataFrame, pairs: Mapping[str, tuple[str, str]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """The answer codes of every attribute's pair of columns, one entry per respondent and attribute
    (attribute by attribute), whether it is answered, and its attribute's index in the names.

    A ``respondent`` column (any letter case, or mapped with ``--columns``) is held to one row each.
    """
    import numpy as np

    frame = canonical(frame, ("respondent",))
    source = source_of(frame)
    columns = [column for pair in pairs.values() for column in pair]
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise SurveyDataError(
            [
                Problem(
                    f"no column {column!r} for a Kano question",
                    source,
                    row=1,
                    hint=f"the file has: {', '.join(map(str, frame.columns))}; name each question's column "
                    "as its header writes it",
                )
                for column in missing
            ]
        )
    refuse_repeats(frame)  # a respondent's row sent twice would count every answer twice
    read = {column: answer_codes(frame, column, source) for column in columns}
    bad = [problem for column in columns for problem in read[column][2]]
    if bad:  # stable: by row, then question order
        raise SurveyDataError(second_header(frame, columns, sorted(bad, key=lambda p: p.row or 0)))
    one_sided: list[Problem] = []
    for present, absent in pairs.values():
        lone = read[present][1] ^ read[absent][1]
        mask = np.column_stack([read[present][1] & lone, read[absent][1] & lone])
        one_sided += problems_from_mask(
            mask, frame[[present, absent]], "blank while its pair is answered", source=source,
            hint=f"answer both questions ({present!r} and {absent!r}), or leave both blank",
        )  # fmt: skip
    if one_sided:
        raise SurveyDataError(sorted(one_sided, key=lambda p: p.row or 0))
    f = np.concatenate([read[present][0] for present, _ in pairs.values()])
    d = np.concatenate([read[absent][0] for _, absent in pairs.values()])
    answered = ~np.concatenate([read[present][1] for present, _ in pairs.values()])
    attr_codes = np.repeat(np.arange(len(pairs)), len(frame))
    return f, d, answered, attr_codes, list(pairs)

"""SERVQUAL input in its three shapes, checked cell by cell and brought to one form.

* item-level means: ``item,dimension,expectation,perception`` (dimension may be
  left out for the standard items 1-22; an optional ``factor`` column links
  items to key factors);
* respondent-level wide: one column per answer, ``E1..E22`` and ``P1..P22``;
* respondent-level long: ``respondent,item,expectation,perception``.

Respondent answers come out as two (respondents x items) arrays in instrument
order, reverse-scored where the instrument says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import Problem, SurveyDataError, column_label, problems_from_mask
from .instrument import Instrument, item_id, natural_order
from .readers import (
    below_hint,
    blank_rows,
    canonical,
    check_scale,
    header_below,
    numbers_or_problems,
    numeric,
    off_scale_problems,
    refuse_repeats,
    require_columns,
    source_of,
)
from .servqual_means import ItemMeans, item_means

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["Answers", "ItemMeans", "parse"]


@dataclass
class Answers:
    """Every respondent's answers, items in instrument order, reverse-scored."""

    items: list[str]
    expectation: np.ndarray
    perception: np.ndarray
    instrument: Instrument
    source: str
    notes: list[str] = field(default_factory=list)


def parse(
    frame: pd.DataFrame,
    instrument: Instrument,
    *,
    prefixes: tuple[str, str] = ("E", "P"),
    explicit: bool = False,
) -> ItemMeans | Answers:
    """Recognise the shape of ``frame`` and check it. ``explicit``: the instrument was given."""
    frame = canonical(frame)
    cols = set(frame.columns)
    if {"item", "expectation", "perception"} <= cols:
        if "respondent" in cols:
            return _long(frame, instrument)
        return item_means(frame, instrument, explicit)
    return _wide(frame, instrument, prefixes)


def _wide(frame: pd.DataFrame, instrument: Instrument, prefixes: tuple[str, str]) -> Answers:
    source = source_of(frame)
    e_of, p_of = (_columns(frame, prefix, instrument) for prefix in prefixes)
    problems = _header_problems(e_of, p_of, instrument, prefixes, frame)
    if problems:
        raise SurveyDataError(problems)
    e_cols = [e_of[i] for i in instrument.items]
    p_cols = [p_of[i] for i in instrument.items]
    notes: list[str] = []
    problems = []  # every problem of the export, reported at once
    frame = _respondent_rows(frame, [*e_cols, *p_cols], notes, problems)
    answers = _answers(frame, e_cols, p_cols, instrument, source, problems)
    answers.notes = notes
    return answers


def _respondent_rows(
    frame: pd.DataFrame, answer_columns: list[Any], notes: list[str], problems: list[Problem]
) -> pd.DataFrame:
    """The rows that are respondents: some answer given, each respondent once.

    A row without a single answer is left out and noted; a ``respondent`` id on
    two rows is a problem (added to ``problems``); without ids, rows equal in every
    column are noted.
    """
    silent = blank_rows(frame[answer_columns])
    if silent.any():
        notes.append(
            _rows_text(
                frame.index[silent],
                "answers no item; not counted as a respondent",
                "answer no item; not counted as respondents",
            )
        )
        frame = frame.loc[~silent]
    if "respondent" in frame.columns:
        try:
            refuse_repeats(frame)
        except SurveyDataError as exc:
            problems += exc.problems
    else:
        repeated = _repeated(frame)
        if repeated.any():
            notes.append(
                _rows_text(
                    frame.index[repeated],
                    "repeats an earlier row in every column and is counted as a further respondent",
                    "repeat an earlier row in every column and are counted as further respondents",
                )
                + "; give the file a respondent column to have repeats refused"
            )
    return frame


def _repeated(frame: pd.DataFrame) -> np.ndarray:
    """Rows equal in every column to an earlier row.

    Rows are hashed with numpy first, the numeric columns of one type eight
    bytes at a time (a million rows of 44 answers in a fraction of a second);
    only rows whose hashes meet are compared in full.
    """
    import numpy as np
    import pandas as pd

    key = np.zeros(len(frame), dtype=np.uint64)
    groups: dict[Any, list[int]] = {}
    for k, dtype in enumerate(frame.dtypes):
        groups.setdefault(dtype if isinstance(dtype, np.dtype) and dtype.kind in "biuf" else None, []).append(
            k
        )
    for dtype, positions in groups.items():
        if dtype is None:
            words = [
                pd.util.hash_array(frame.iloc[:, k].astype(str).to_numpy(dtype=object)) for k in positions
            ]
        else:
            block = np.ascontiguousarray(frame.iloc[:, positions].to_numpy(dtype=dtype)).view(np.uint8)
            padded = np.zeros((len(frame), -(-block.shape[1] // 8) * 8), dtype=np.uint8)
            padded[:, : block.shape[1]] = block
            words = list(padded.view(np.uint64).T)
        for word in words:
            key ^= word
            key *= np.uint64(0x9E3779B97F4A7C15)
            key ^= key >> np.uint64(29)  # bring high bits down: a multiply only carries bits upward
    repeated = np.zeros(len(frame), dtype=bool)
    ordered = np.sort(key)
    if not (ordered[1:] == ordered[:-1]).any():  # the usual case, decided by a sort
        return repeated
    candidates = pd.Series(key).duplicated(keep=False).to_numpy()
    if candidates.any():
        repeated[np.flatnonzero(candidates)] = frame.loc[candidates].duplicated(keep="first").to_numpy()
    return repeated


def _rows_text(rows: Any, one: str, many: str) -> str:
    """``row 7 <one>`` or ``rows 7, 9 and 3 more <many>``."""
    shown = ", ".join(str(int(r)) for r in rows[:10])
    more = f" and {len(rows) - 10} more" if len(rows) > 10 else ""
    return f"row {shown} {one}" if len(rows) == 1 else f"rows {shown}{more} {many}"


def _columns(frame: pd.DataFrame, prefix: str, instrument: Instrument) -> dict[str, Any]:
    """Item id to column for every header ``PREFIX<item>`` (``E7``, ``E 7``, ``Eroom``)."""
    names = "|".join(map(re.escape, instrument.items))
    pattern = re.compile(rf"^{re.escape(prefix)}\s*(\d+|{names})$")
    return {item_id(m.group(1)): col for col in frame.columns if (m := pattern.match(str(col)))}


def _header_problems(
    e_of: dict[str, Any],
    p_of: dict[str, Any],
    instrument: Instrument,
    prefixes: tuple[str, str],
    frame: pd.DataFrame,
) -> list[Problem]:
    source = source_of(frame)
    ep, pp = prefixes
    if not e_of and not p_of:
        shapes = (
            "item,expectation,perception (means), respondent,item,expectation,perception (long) "
            f"or {ep}1..{ep}22 and {pp}1..{pp}22 (wide)"
        )
        hint = (
            f"the file has: {', '.join(map(str, frame.columns[:12]))}; map yours with --columns or --prefixes"
        )
        below = header_below(frame) or []  # the codes in row 2, under the question text?
        wide = all(any(re.fullmatch(rf"{re.escape(x)}\s*\d+", b) for b in below) for x in prefixes)
        if below and ({"expectation", "perception"} <= {b.casefold() for b in below} or wide):
            hint = below_hint(frame)
        return [Problem(f"no SERVQUAL answers found: expected columns {shapes}", source, 1, hint=hint)]
    problems = []
    for i in sorted(set(e_of) ^ set(p_of), key=natural_order):
        have, lack, column = (ep, pp, e_of[i]) if i in e_of else (pp, ep, p_of[i])
        hint = "every expectation column needs its perception column and the other way round"
        problems.append(Problem(f"{have}{i} has no matching {lack}{i}", source, 1, column, hint))
    for i in instrument.items:
        if i not in e_of and i not in p_of:
            hint = "give every item of the instrument, or declare the instrument you used"
            problems.append(Problem(f"item {i} is missing ({ep}{i} and {pp}{i})", source, 1, hint=hint))
    for i in sorted((set(e_of) & set(p_of)) - set(instrument.items), key=natural_order):
        hint = "declare a custom instrument with --instrument ITEMS.csv"
        problems.append(
            Problem(f"item {i} is not in the instrument ({instrument.name})", source, 1, e_of[i], hint)
        )
    return problems


def _long(frame: pd.DataFrame, instrument: Instrument) -> Answers:
    import pandas as pd

    source = source_of(frame)
    require_columns(frame, ["respondent", "item", "expectation", "perception"], what="long SERVQUAL data")
    values = numeric(frame, ["expectation", "perception"])
    items = frame["item"].map(item_id)
    unknown = ~items.isin(instrument.items)
    if unknown.any():
        raise SurveyDataError(
            [
                Problem(
                    f"item {items.loc[r]!r} is not in the instrument ({instrument.name})",
                    source,
                    int(r),
                    "item",
                    "declare a custom instrument with --instrument ITEMS.csv",
                )
                for r in frame.index[unknown.to_numpy()][:20]
            ]
        )
    keys = pd.DataFrame({"respondent": frame["respondent"].astype(str), "item": items})
    dup = keys.duplicated(keep=False).to_numpy()
    if dup.any():
        raise SurveyDataError(
            [
                Problem(
                    f"respondent {keys.loc[r, 'respondent']} answers item "
                    f"{keys.loc[r, 'item']} more than once",
                    source,
                    int(r),
                    column_label(frame, "respondent"),
                    "keep one row per respondent and item; was the form sent twice?",
                )
                for r in frame.index[dup][:20]
            ]
        )
    absent = [i for i in instrument.items if i not in set(items)]
    if absent:
        raise SurveyDataError(
            [
                Problem(
                    f"item {i} has no answers",
                    source,
                    hint="give every item of the instrument, or declare the instrument you used",
                )
                for i in absent
            ]
        )
    check_scale(values, instrument.scale, source=source, what="answer")
    _one_sided(values["expectation"].to_numpy(), values["perception"].to_numpy(), values, source)
    long = pd.concat([keys, values], axis=1)
    long.index = frame.index
    wide = long.pivot(index="respondent", columns="item", values=["expectation", "perception"])
    order = pd.unique(keys["respondent"])
    wide = wide.reindex(order)
    e = wide["expectation"].reindex(columns=instrument.items)
    p = wide["perception"].reindex(columns=instrument.items)
    return _finish(e.to_numpy(dtype=float), p.to_numpy(dtype=float), instrument, source)


def _answers(
    frame: pd.DataFrame,
    e_cols: list[Any],
    p_cols: list[Any],
    instrument: Instrument,
    source: str,
    problems: list[Problem],
) -> Answers:
    """The answers as arrays; every problem (with those already in ``problems``) raised at once."""
    import numpy as np

    both, text = numbers_or_problems(frame, [*e_cols, *p_cols], problems)  # one header row is one problem
    e_frame, p_frame = both.iloc[:, : len(e_cols)], both.iloc[:, len(e_cols) :]
    e_text = None if text is None else text.iloc[:, : len(e_cols)]
    p_text = None if text is None else text.iloc[:, len(e_cols) :]
    problems += off_scale_problems(e_frame, instrument.scale, source=source)
    problems += off_scale_problems(p_frame, instrument.scale, source=source)
    e, p = e_frame.to_numpy(), p_frame.to_numpy()
    if e.dtype.kind == "f" or p.dtype.kind == "f":
        # A cell of text is reported as such, not also as a blank beside an answered pair.
        e_blank = np.isnan(e.astype(float)) & ~_mask(e_text, e.shape)
        p_blank = np.isnan(p.astype(float)) & ~_mask(p_text, p.shape)
        problems += _one_sided_problems(e_blank, p_blank, None, source, e_frame, p_frame)
        if len(e):
            problems += [
                Problem(
                    f"no respondent answered item {item} "
                    f"({e_cols[k]} and {p_cols[k]} are blank in every row)",
                    source,
                    column=column_label(frame, e_cols[k]),
                    hint="leave the item out of the instrument (--instrument ITEMS.csv), or give its answers",
                )
                for k, item in enumerate(instrument.items)
                if (e_blank[:, k] & p_blank[:, k]).all()
            ]
    if problems:
        raise SurveyDataError(sorted(problems, key=lambda problem: problem.row or 0))
    return _finish(e, p, instrument, source)


def _mask(text: pd.DataFrame | None, shape: tuple[int, ...]) -> np.ndarray:
    import numpy as np

    return np.zeros(shape, dtype=bool) if text is None else text.to_numpy(dtype=bool)


def _finish(e: np.ndarray, p: np.ndarray, instrument: Instrument, source: str) -> Answers:
    import numpy as np

    if e.dtype.kind in "iu" and p.dtype.kind in "iu":
        # Small signed integers keep a million respondents in tens of megabytes.
        e, p = e.astype(np.int16, copy=False), p.astype(np.int16, copy=False)
    cols = [k for k, item in enumerate(instrument.items) if item in instrument.reversed]
    if cols:
        e, p = e.copy(), p.copy()
        total = instrument.scale.low + instrument.scale.high
        for arr in (e, p):
            arr[:, cols] = (total - arr[:, cols]).astype(arr.dtype)
    return Answers(instrument.items, e, p, instrument, source)


def _one_sided(
    e: np.ndarray,
    p: np.ndarray,
    long_values: pd.DataFrame | None,
    source: str,
    e_frame: pd.DataFrame | None = None,
    p_frame: pd.DataFrame | None = None,
) -> None:
    import numpy as np

    problems = _one_sided_problems(
        np.isnan(e.astype(float)), np.isnan(p.astype(float)), long_values, source, e_frame, p_frame
    )
    if problems:
        raise SurveyDataError(problems)


def _one_sided_problems(
    e_blank: np.ndarray,
    p_blank: np.ndarray,
    long_values: pd.DataFrame | None,
    source: str,
    e_frame: pd.DataFrame | None = None,
    p_frame: pd.DataFrame | None = None,
) -> list[Problem]:
    """A located problem for each expectation or perception left blank while its pair is answered."""
    import numpy as np

    if not (e_blank ^ p_blank).any():
        return []
    hint = "answer both the expectation and the perception, or leave both blank"
    if long_values is not None:
        mask = np.column_stack([e_blank & ~p_blank, p_blank & ~e_blank])
        problems = problems_from_mask(
            mask, long_values, "blank while its pair is answered", source=source, hint=hint
        )
    else:
        assert e_frame is not None and p_frame is not None
        problems = problems_from_mask(
            e_blank & ~p_blank, e_frame, "blank while its perception is answered", source=source, hint=hint
        )
        problems += problems_from_mask(
            p_blank & ~e_blank, p_frame, "blank while its expectation is answered", source=source, hint=hint
        )
    return problems

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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import Problem, SurveyDataError, problems_from_mask
from .instrument import Instrument, _item, _natural, dimension_name
from .readers import numeric, out_of_scale, require_columns, source_of

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["Answers", "ItemMeans", "canonical", "parse"]

KNOWN = ("respondent", "item", "dimension", "factor", "expectation", "perception", "reversed")


@dataclass
class ItemMeans:
    """Published or pre-aggregated means: one row per item."""

    frame: pd.DataFrame  # item, dimension, factor, expectation, perception (reverse-scored)
    instrument: Instrument


@dataclass
class Answers:
    """Every respondent's answers, items in instrument order, reverse-scored."""

    items: list[str]
    expectation: np.ndarray
    perception: np.ndarray
    instrument: Instrument
    source: str


def canonical(frame: pd.DataFrame, names: tuple[str, ...] = KNOWN) -> pd.DataFrame:
    """``frame`` with the columns in ``names`` matched case-insensitively and renamed to them."""
    lookup = {str(c).strip().lower(): c for c in frame.columns}
    renames = {lookup[n]: n for n in names if n in lookup and lookup[n] != n}
    if not renames:
        return frame
    out = frame.rename(columns=renames)
    out.attrs = dict(frame.attrs)
    return out


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
        return _means(frame, instrument, explicit)
    return _wide(frame, instrument, prefixes)


def _means(frame: pd.DataFrame, instrument: Instrument, explicit: bool) -> ItemMeans:
    import pandas as pd

    source = source_of(frame)
    values = numeric(frame, ["expectation", "perception"])
    blank = values.isna()
    if blank.to_numpy().any():
        raise SurveyDataError(problems_from_mask(blank, values, "the mean is missing", source=source))
    _scale(values, instrument, source, "mean")
    items = [_item(v) for v in frame["item"]]
    _no_duplicates(items, frame.index, source)
    dims, factors = [], []
    has_dim, has_factor = "dimension" in frame.columns, "factor" in frame.columns
    for row, item, i in zip(frame.index, items, range(len(items)), strict=True):
        given = frame["dimension"].iloc[i] if has_dim else None
        if given is not None and str(given).strip() not in ("", "nan", "<NA>"):
            dims.append(dimension_name(given, source=source, row=int(row)))
        elif item in instrument.dimension_of:
            dims.append(instrument.dimension_of[item])
        else:
            hint = (
                "add a dimension column (tangibles, reliability, ...)"
                if not explicit
                else "add it to the instrument"
            )
            raise SurveyDataError(
                [
                    Problem(
                        f"item {item!r} is not one of the standard items 1-22", source, int(row), "item", hint
                    )
                ]
            )
        f = frame["factor"].iloc[i] if has_factor else None
        factors.append(None if f is None or str(f).strip() in ("", "nan", "<NA>") else str(f).strip())
    out = pd.DataFrame(
        {
            "item": items,
            "dimension": dims,
            "factor": factors,
            "expectation": values["expectation"].to_numpy(dtype=float),
            "perception": values["perception"].to_numpy(dtype=float),
        }
    )
    rev = out["item"].isin(instrument.reversed)
    for col in ("expectation", "perception"):
        out.loc[rev, col] = instrument.scale.reverse(out.loc[rev, col])
    links = {i: f for i, f in zip(items, factors, strict=True) if f}
    ins = Instrument(
        dict(zip(items, dims, strict=True)),
        instrument.scale,
        instrument.reversed,
        {**dict(instrument.factor_of), **links},
        instrument.name,
    )
    out["factor"] = [ins.factor_of.get(i) for i in items]
    return ItemMeans(out, ins)


def _wide(frame: pd.DataFrame, instrument: Instrument, prefixes: tuple[str, str]) -> Answers:
    source = source_of(frame)
    found: dict[str, dict[str, str]] = {"E": {}, "P": {}}
    for kind, prefix in zip(("E", "P"), prefixes, strict=True):
        pattern = re.compile(rf"^{re.escape(prefix)}\s*(\d+|{'|'.join(map(re.escape, instrument.items))})$")
        for col in frame.columns:
            match = pattern.match(str(col))
            if match:
                found[kind][_item(match.group(1))] = col
    if not found["E"] and not found["P"]:
        raise SurveyDataError(
            [
                Problem(
                    "no SERVQUAL answers found: expected columns item,expectation,perception (means), "
                    f"respondent,item,expectation,perception (long) or {prefixes[0]}1..{prefixes[0]}22 and "
                    f"{prefixes[1]}1..{prefixes[1]}22 (wide)",
                    source,
                    1,
                    hint=f"the file has: {', '.join(map(str, frame.columns[:12]))}; "
                    "map yours with --columns or --prefixes",
                )
            ]
        )
    problems = [
        Problem(
            f"{prefixes[0]}{i} has no matching {prefixes[1]}{i}",
            source,
            1,
            found["E"][i],
            "every expectation column needs its perception column",
        )
        for i in sorted(set(found["E"]) - set(found["P"]), key=_natural)
    ]
    problems += [
        Problem(
            f"{prefixes[1]}{i} has no matching {prefixes[0]}{i}",
            source,
            1,
            found["P"][i],
            "every perception column needs its expectation column",
        )
        for i in sorted(set(found["P"]) - set(found["E"]), key=_natural)
    ]
    present = set(found["E"]) & set(found["P"])
    problems += [
        Problem(
            f"item {i} is missing ({prefixes[0]}{i} and {prefixes[1]}{i})",
            source,
            1,
            hint="give every item of the instrument, or declare the instrument you used",
        )
        for i in instrument.items
        if i not in set(found["E"]) | set(found["P"])
    ]
    problems += [
        Problem(
            f"item {i} is not in the instrument ({instrument.name})",
            source,
            1,
            found["E"][i],
            "declare a custom instrument with --instrument ITEMS.csv",
        )
        for i in sorted(present - set(instrument.items), key=_natural)
    ]
    if problems:
        raise SurveyDataError(problems)
    e_cols = [found["E"][i] for i in instrument.items]
    p_cols = [found["P"][i] for i in instrument.items]
    return _answers(frame, e_cols, p_cols, instrument, source)


def _long(frame: pd.DataFrame, instrument: Instrument) -> Answers:
    import pandas as pd

    source = source_of(frame)
    require_columns(frame, ["respondent", "item", "expectation", "perception"], what="long SERVQUAL data")
    values = numeric(frame, ["expectation", "perception"])
    items = frame["item"].map(_item)
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
    _scale(values, instrument, source, "answer")
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
    frame: pd.DataFrame, e_cols: list[Any], p_cols: list[Any], instrument: Instrument, source: str
) -> Answers:
    e_frame, p_frame = numeric(frame, e_cols), numeric(frame, p_cols)
    _scale(e_frame, instrument, source, "answer")
    _scale(p_frame, instrument, source, "answer")
    e, p = e_frame.to_numpy(), p_frame.to_numpy()
    if e.dtype.kind == "f" or p.dtype.kind == "f":
        _one_sided(e, p, None, source, e_frame, p_frame)
    return _finish(e, p, instrument, source)


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

    e_blank, p_blank = np.isnan(e.astype(float)), np.isnan(p.astype(float))
    if not (e_blank ^ p_blank).any():
        return
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
    raise SurveyDataError(problems)


def _scale(values: pd.DataFrame, instrument: Instrument, source: str, what: str) -> None:
    outside = out_of_scale(values.to_numpy(), instrument.scale)
    if outside is not None:
        raise SurveyDataError(
            problems_from_mask(
                outside,
                values,
                f"{what} {{value}} is outside the scale {instrument.scale}",
                source=source,
                hint=f"declare the scale the survey used, e.g. --scale 1-5 (now {instrument.scale})",
            )
        )


def _no_duplicates(items: list[str], rows: Any, source: str) -> None:
    seen: dict[str, int] = {}
    problems = []
    for item, row in zip(items, rows, strict=True):
        if item in seen:
            problems.append(
                Problem(f"item {item!r} appears twice (first at row {seen[item]})", source, int(row), "item")
            )
        seen.setdefault(item, int(row))
    if problems:
        raise SurveyDataError(problems)

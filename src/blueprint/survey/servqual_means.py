"""SERVQUAL item-level means (a published table, or an export of averages), checked row by row.

Columns ``item,expectation,perception`` with an optional ``dimension`` (needed
unless the items are the standard numbers 1-22) and an optional ``factor``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import Problem, SurveyDataError, problems_from_mask
from .instrument import Instrument, dimension_name, item_id
from .readers import check_scale, numeric, source_of

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ItemMeans", "item_means"]


@dataclass
class ItemMeans:
    """Published or pre-aggregated means: one row per item."""

    frame: pd.DataFrame  # item, dimension, factor, expectation, perception (reverse-scored)
    instrument: Instrument


def item_means(frame: pd.DataFrame, instrument: Instrument, explicit: bool) -> ItemMeans:
    import pandas as pd

    source = source_of(frame)
    values = numeric(frame, ["expectation", "perception"])
    blank = values.isna()
    if blank.to_numpy().any():
        raise SurveyDataError(problems_from_mask(blank, values, "the mean is missing", source=source))
    check_scale(values, instrument.scale, source=source, what="mean")
    items = [item_id(v) for v in frame["item"]]
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

"""A few bad rows of each kind the engine reports, planted in a service's example data.

Real exports carry mistakes, and a demonstration should show what Blueprint
does with them: count them per reason, leave them out and say so. Each kind
is added as two or three extra rows (copies of real rows with one thing
wrong) to one source where it can occur, chosen by the seed:

==================  ====================================================  =====
kind                what                                                  rule
==================  ====================================================  =====
duplicate           a row exported twice                                  BP346
not a number        ``n/a`` where a number belongs                        BP342
missing timestamp   an empty time                                         BP349
negative            a negative duration or count                          BP344
out of range        a score off the scale, a share above 1, a yes/no of 2 BP344
unknown metric      a misspelt metric name (long layout)                  BP348
missing value       an empty value (long layout)                          BP343
==================  ====================================================  =====

Rows are added, never changed, so the planted verdicts stay as designed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model.vocabulary import Quantity

if TYPE_CHECKING:
    import pandas as pd

    from ..model.service import Service

__all__ = ["KINDS", "plant"]

KINDS = (
    "duplicate", "not a number", "missing timestamp", "negative", "out of range", "unknown metric",
    "missing value",
)  # fmt: skip


def plant(frames: dict[str, pd.DataFrame], service: Service, seed: int) -> dict[str, pd.DataFrame]:
    """``frames`` with a few bad rows of every kind that some source can hold."""
    import numpy as np

    rng = np.random.default_rng([seed, 23])
    quantity = {m.id: m.quantity for m in service.metrics.values()}
    extra: dict[str, list[pd.DataFrame]] = {}
    for kind in KINDS:
        places = _places(kind, frames, quantity)
        # Text files first (a Parquet column holds one type), and a yes/no column only when nothing else
        # can be out of range: in a column of words a 2 reads as not yes/no rather than out of range.
        for better in (lambda p: not _parquet(p[0]), lambda p: quantity[p[1]] is not Quantity.BINARY):
            places = [p for p in places if better(p)] or places
        if not places:
            continue
        name, column = places[int(rng.integers(len(places)))]
        frame = frames[name]
        if "metric" in frame.columns and "value" in frame.columns:  # long: copy rows of the spoilt metric
            frame = frame[frame["metric"] == column]
        rows = frame.iloc[rng.choice(len(frame), int(rng.integers(2, 4)), replace=False)].copy()
        extra.setdefault(name, []).append(_spoil(kind, rows, column, service))
    return {name: _joined(frame, extra.get(name, []), name) for name, frame in frames.items()}


def _places(
    kind: str, frames: dict[str, pd.DataFrame], quantity: dict[str, Quantity]
) -> list[tuple[str, str]]:
    """(file, column) pairs where ``kind`` can be planted: the value column names the metric to spoil."""
    places = []
    for name, frame in frames.items():
        if len(frame) < 10:
            continue
        long = "metric" in frame.columns and "value" in frame.columns
        metrics = sorted(set(frame["metric"])) if long else [c for c in frame.columns if c in quantity]
        for metric in metrics:
            if _fits(kind, quantity[metric], long):
                places.append((name, metric))
    return sorted(places)


def _fits(kind: str, quantity: Quantity, long: bool) -> bool:
    if kind in ("unknown metric", "missing value"):
        return long
    if kind == "not a number":
        return quantity is not Quantity.BINARY
    if kind == "negative":
        return quantity in (Quantity.DURATION, Quantity.COUNT)
    if kind == "out of range":
        return quantity in (Quantity.SCORE, Quantity.PROPORTION, Quantity.BINARY)
    return True


def _spoil(kind: str, rows: pd.DataFrame, metric: str, service: Service) -> pd.DataFrame:
    """Copies of ``rows`` with the fault of ``kind`` in them."""
    import pandas as pd

    long = "metric" in rows.columns and "value" in rows.columns
    cell = "value" if long else metric
    if kind == "missing timestamp":
        return rows.assign(timestamp=pd.NaT)
    if kind == "unknown metric":
        return rows.assign(metric=_misspelt(metric))
    if kind == "missing value":
        return rows.assign(value=None)
    if kind == "not a number":
        return rows.assign(**{cell: "n/a"})
    if kind == "negative":
        return rows.assign(**{cell: [_negative(v) for v in rows[cell]]})
    if kind == "out of range":
        return rows.assign(**{cell: _beyond(service.metrics[metric])})
    return rows  # a duplicate: the rows exactly as they are


def _beyond(metric: Any) -> Any:
    if metric.quantity is Quantity.SCORE:
        return int(metric.scale[1]) + 4  # a 9 on a 1-5 scale
    if metric.quantity is Quantity.PROPORTION:
        return 250.0 if metric.unit == "percent" else 97.5  # a percent typed into a share
    return 2  # a yes/no metric recorded as 2


def _negative(value: Any) -> float | int:
    """A negative value of the same kind: a whole number stays whole."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = 1.0
    negative = -((1.0 if number != number else abs(number)) + 1.0)
    return int(negative) if negative.is_integer() else negative


def _misspelt(metric: str) -> str:
    cut = max(1, len(metric) // 2)
    return metric[:cut] + metric[cut + 1 :] if len(metric) > 2 else metric + "x"


def _joined(frame: pd.DataFrame, extra: list[pd.DataFrame], name: str) -> pd.DataFrame:
    import pandas as pd

    if not extra:
        return frame
    joined = pd.concat([frame, *extra], ignore_index=True)
    if _parquet(name):  # a Parquet column holds one type: mixed ones become text
        for column in joined.columns:
            if joined[column].dtype == object:
                joined[column] = joined[column].map(_text).astype("string")
    order = joined.sort_values(["timestamp", "site"], kind="stable", na_position="last")
    return order.reset_index(drop=True)


def _parquet(name: str) -> bool:
    return name.lower().endswith((".parquet", ".pq"))


def _text(value: Any) -> Any:
    import pandas as pd

    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)

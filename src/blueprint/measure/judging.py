"""Each group's share, Wilson interval and status, worked out for all outcomes at once.

:func:`judge_columns` gives the numbers :func:`~.outcome.wilson` and
:func:`~.outcome.judge` give one at a time, for columns of counts (the
measurement's outcomes are kept as columns, :mod:`.outcome_table`);
:func:`judge_all` sets them on a list of :class:`~.outcome.Outcome` objects
(the roll-ups of such lists), column-wise when there are many. The arithmetic
is the same, in the same order, so every share, bound and status is the same
to the last bit; a few outcomes are judged one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from statistics import NormalDist
from typing import Any

from .outcome import FAIL, NO_DATA, PASS, STATUSES, TOO_FEW, Outcome, judge, wilson

__all__ = ["BULK", "judge_all", "judge_columns"]

#: from this many outcomes on, they are judged column-wise
BULK = 4096


def judge_all(
    outcomes: Sequence[Outcome],
    min_observations: int,
    confidence: float,
    meets: Callable[[Outcome], bool | None],
    bulk: int | None = None,
) -> None:
    """Set each outcome's share, interval and status in place.

    ``meets`` says whether an outcome on a mean or median (``required`` None)
    meets its target; it is asked only about those.
    """
    if len(outcomes) < (BULK if bulk is None else bulk):
        for o in outcomes:
            _one(o, min_observations, confidence, meets)
        return
    import numpy as np

    size = len(outcomes)
    n = np.fromiter((o.observations for o in outcomes), dtype=np.int64, count=size)
    met = np.fromiter((o.met for o in outcomes), dtype=np.int64, count=size)
    nan = float("nan")
    required = np.fromiter((nan if o.required is None else o.required for o in outcomes), np.float64, size)
    some, share, low, high, code, aggregate = judge_columns(n, met, required, min_observations, confidence)
    status = np.array(STATUSES, dtype=object)[code]
    columns = (some, share, low, high, status, aggregate)
    for o, judged, s, lo, hi, st, on_aggregate in zip(outcomes, *(c.tolist() for c in columns), strict=True):
        if judged:
            o.share, o.ci_low, o.ci_high = s, lo, hi
        o.status = (PASS if meets(o) else FAIL) if on_aggregate else st


def judge_columns(n: Any, met: Any, required: Any, least: int, confidence: float) -> tuple[Any, ...]:
    """Column-wise: which groups have data, their shares and Wilson bounds (NaN without data), each
    status as its index in :data:`.STATUSES`, and which are judged on a mean or median (``required`` NaN).
    """
    import numpy as np

    some = n > 0
    safe = np.where(some, n, 1)
    share, low, high = _wilson(np, met, safe, confidence)
    # Compare counts, not floats, as judge does: 95% of 200 is 190 cases, and 190 passes.
    passing = met >= np.ceil(required * safe - 1e-9)
    code = np.where(passing, STATUSES.index(PASS), STATUSES.index(FAIL)).astype(np.int8)
    code[n < least] = STATUSES.index(TOO_FEW)
    code[~some] = STATUSES.index(NO_DATA)
    aggregate = np.isnan(required) & some & (n >= least)
    nan = np.nan
    return (
        some,
        np.where(some, share, nan),
        np.where(some, low, nan),
        np.where(some, high, nan),
        code,
        aggregate,
    )


def _one(o: Outcome, least: int, confidence: float, meets: Callable[[Outcome], bool | None]) -> None:
    met, n = o.met, o.observations
    if n:
        o.share = met / n
        o.ci_low, o.ci_high = wilson(met, n, confidence)
    aggregate_meets = meets(o) if o.required is None else None
    o.status = judge(
        met=met, n=n, required=o.required, min_observations=least, aggregate_meets=aggregate_meets
    )


def _wilson(np: Any, met: Any, n: Any, confidence: float) -> tuple[Any, Any, Any]:
    """Shares and Wilson bounds of ``met`` of ``n`` (both above 0), as :func:`.wilson` works them out."""
    z = NormalDist().inv_cdf(0.5 + confidence / 2)  # as wilson's
    z2 = z * z
    nf = n.astype(np.float64)
    p = met / n
    scale = 1 + z2 / nf
    centre = (p + z2 / (2 * n).astype(np.float64)) / scale
    half = z * np.sqrt(p * (1 - p) / nf + z2 / (4 * n * n).astype(np.float64)) / scale
    low, high = centre - half, centre + half
    return p, np.where(low > 0.0, low, 0.0), np.where(high < 1.0, high, 1.0)

"""How far an IPA quadrant is shown: intervals of each attribute's importance and performance.

An attribute's quadrant is shown when the interval of its mean performance
lies wholly on one side of the crosshair's performance line and the interval
of its importance wholly on one side of the importance line. The intervals are

* performance, and stated importance: the t interval of the mean;
* importance from ``correlation``: Fisher's interval of r,
  tanh(atanh(r) +- z / sqrt(n - 3));
* importance from ``regression``: the t interval of the standardised
  coefficient, on n - k - 1 degrees of freedom (k attributes), with the
  standardisation taken as fixed.

The crosshair is taken as fixed too, though with ``mean`` it is itself an
estimate. Fewer than five answers (of importance or of performance) give no
quadrant worth reading (:mod:`.precision`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .precision import few_note, side_evidence, significant

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["correlation_bounds", "judge", "mean_bounds", "regression_bounds"]


def mean_bounds(grouped: Any, column: str, order: Any, confidence: float) -> tuple[Any, Any, Any]:
    """Lower and upper t bounds of each group's mean of ``column``, and its count, in ``order``."""
    from .reliability import t_bounds

    def of(values: Any) -> Any:
        return values.reindex(order).to_numpy(dtype=float)

    count = of(grouped[column].count())
    low, high = t_bounds(of(grouped[column].mean()), of(grouped[column].std(ddof=1)), count, confidence)
    return low, high, count


def correlation_bounds(r: np.ndarray, n: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Fisher's interval of each correlation ``r`` from ``n`` pairs (NaN below four pairs)."""
    import numpy as np

    from .sample_size import z_for

    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.arctanh(np.clip(r, -0.999999, 0.999999))
        half = np.where(n > 3, z_for(confidence) / np.sqrt(n - 3.0), np.nan)
    return np.tanh(z - half), np.tanh(z + half)


def regression_bounds(
    zx: np.ndarray, zy: np.ndarray, beta: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    """t intervals of standardised regression coefficients ``beta`` of ``zy`` on ``zx``."""
    import numpy as np
    from scipy.special import stdtrit

    n, k = zx.shape
    df = n - k - 1
    nan = np.full(k, np.nan)
    if df < 1:
        return nan, nan
    residual = zy - zx @ beta
    variance = float(residual @ residual) / df
    try:
        inverse = np.linalg.inv(zx.T @ zx)
    except np.linalg.LinAlgError:
        return nan, nan
    with np.errstate(invalid="ignore"):
        half = float(stdtrit(df, 1 - (1 - confidence) / 2)) * np.sqrt(variance * np.diag(inverse))
    return beta - half, beta + half


def judge(table: pd.DataFrame, at: dict[str, float], notes: list[str], confidence: float) -> None:
    """Add ``evidence`` and ``significant`` to an IPA table with intervals, and notes on the doubtful."""
    counts = table[["n", "n_importance"]].min(axis=1) if "n_importance" in table else table["n"]
    words: list[str | None] = []
    undefined = False  # an interval that cannot be computed (too few degrees of freedom)
    unclear = []
    for r, n in zip(table.to_dict("records"), counts, strict=True):
        if not isinstance(r["quadrant"], str):
            words.append(None)
            continue
        word = side_evidence(
            int(n),
            (r["importance_low"], r["importance_high"], at["importance"]),
            (r["performance_low"], r["performance_high"], at["performance"]),
        )
        words.append(word)
        if word == "too few answers":
            notes.append(few_note(f"{r['attribute']}: its quadrant ({r['quadrant']})", int(n)))
        elif word == "not shown":
            importance = _interval("importance", r)
            performance = _interval("performance", r)
            unclear.append(f"{r['attribute']} {r['quadrant']} ({importance}, {performance})")
            bounds = (r["importance_low"], r["importance_high"], r["performance_low"], r["performance_high"])
            undefined = undefined or any(b is None or math.isnan(b) for b in bounds)
    table["evidence"] = words
    table["significant"] = [significant(w) for w in words]
    if unclear:
        crosses = (
            "an interval crosses, or cannot be computed for (-)," if undefined else "an interval crosses"
        )
        notes.append(
            f"quadrant not shown at {confidence:.0%} confidence ({crosses} the crosshair at "
            f"importance {at['importance']:.2f}, performance {at['performance']:.2f}, so the attribute may "
            f"belong to the quadrant beside): {'; '.join(unclear)}; do not act on these quadrants before "
            "more customers answer"
        )


def _interval(axis: str, row: dict[str, Any]) -> str:
    return f"{axis} {row[axis]:.2f} [{_f(row[axis + '_low'])}, {_f(row[axis + '_high'])}]"


def _f(value: float) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.2f}"

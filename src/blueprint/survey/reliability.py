"""Reliability and precision: Cronbach's alpha with Feldt's interval, paired confidence intervals.

Cronbach's alpha for k items answered by n respondents is

    alpha = k / (k - 1) * (1 - sum(item variances) / variance(total score))

with sample variances. Feldt (1965) showed that (1 - alpha) / (1 - alpha_hat)
follows an F distribution with n - 1 and (n - 1)(k - 1) degrees of freedom, so a
(1 - g) interval is

    [1 - (1 - alpha_hat) F(1 - g/2),  1 - (1 - alpha_hat) F(g/2)].

A paired interval for a gap is the mean of the respondents' P - E differences
plus or minus t(1 - g/2, n - 1) times their standard error.

>>> import numpy as np
>>> answers = np.array([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 5], [5, 5, 6]])
>>> round(cronbach_alpha(answers), 4)
0.9848
>>> [round(x, 3) for x in feldt_interval(0.8, n=100, k=5)]
[0.731, 0.856]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

__all__ = ["column_stats", "cronbach_alpha", "feldt_interval", "paired_interval"]


def cronbach_alpha(answers: np.ndarray) -> float:
    """Alpha of an (n respondents x k items) array; rows with a blank answer are left out.

    NaN when it is undefined: fewer than two items, fewer than two complete
    respondents, or a total score that never varies.
    """
    import numpy as np

    x = np.asarray(answers)
    if x.ndim != 2 or x.shape[1] < 2:
        return float("nan")
    if x.dtype.kind == "f":
        x = x[~np.isnan(x).any(axis=1)]
    n, k = x.shape
    if n < 2:
        return float("nan")
    item_var = float(_variance(x).sum())
    total_var = float(
        _variance(x.sum(axis=1, dtype=np.int64 if x.dtype.kind in "iu" else np.float64)[:, None])[0]
    )
    if total_var == 0:
        return float("nan")
    return float(k / (k - 1) * (1 - item_var / total_var))


def feldt_interval(alpha: float, *, n: int, k: int, confidence: float = 0.95) -> tuple[float, float]:
    """Feldt's confidence interval for an alpha from ``n`` respondents and ``k`` items."""
    import math

    # The F quantile scipy.stats.f.ppf computes, without importing scipy.stats (about 1.5 s).
    from scipy.special import fdtri

    if n < 2 or k < 2 or math.isnan(alpha):
        return (float("nan"), float("nan"))
    tail = (1 - confidence) / 2
    df1, df2 = n - 1, (n - 1) * (k - 1)
    lower = 1 - (1 - alpha) * float(fdtri(df1, df2, 1 - tail))
    upper = 1 - (1 - alpha) * float(fdtri(df1, df2, tail))
    return (lower, upper)


def paired_interval(
    differences: np.ndarray, *, confidence: float = 0.95
) -> tuple[float, float, float, float, int]:
    """Mean, standard deviation, lower and upper bound, and n of paired differences (blanks left out)."""
    import numpy as np

    d = np.asarray(differences, dtype=np.float64)
    d = d[~np.isnan(d)]
    mean, sd, n = column_stats(d[:, None])
    lo, hi = _t_bounds(mean, sd, n, confidence)
    return float(mean[0]), float(sd[0]), float(lo[0]), float(hi[0]), int(n[0])


def column_stats(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-column mean, sample standard deviation and count, ignoring NaN only when there is any."""
    import numpy as np

    if x.dtype.kind == "f" and np.isnan(x).any():
        n = (~np.isnan(x)).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.asarray(np.nanmean(x, axis=0, dtype=np.float64))
            sd = np.nanstd(x, axis=0, ddof=1, dtype=np.float64)
        sd = np.where(n >= 2, sd, np.nan)
        return mean, sd, n
    n = np.full(x.shape[1], x.shape[0])
    if x.shape[0] == 0:
        return np.full(x.shape[1], np.nan), np.full(x.shape[1], np.nan), n
    mean = x.mean(axis=0, dtype=np.float64)
    sd = np.sqrt(_variance(x)) if x.shape[0] >= 2 else np.full(x.shape[1], np.nan)
    return mean, sd, n


def _variance(x: np.ndarray) -> np.ndarray:
    """Sample variance per column of a complete array.

    Integer answers use exact integer sums, which need no float copy of the
    data: a million respondents' answers stay a few tens of megabytes.
    """
    import numpy as np

    n = x.shape[0]
    # n * sum(x**2) must fit in int64: |x| * n below 3e9 keeps it under 9.2e18.
    if x.dtype.kind not in "iu" or float(np.abs(x).max(initial=0)) * n >= 3e9:
        return np.var(x, axis=0, ddof=1, dtype=np.float64)
    total = x.sum(axis=0, dtype=np.int64)
    squares = np.einsum("ij,ij->j", x, x, dtype=np.int64)
    return (n * squares - total * total) / (n * (n - 1.0))


def t_bounds(
    mean: np.ndarray, sd: np.ndarray, n: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds of the t interval for each mean (NaN below two observations)."""
    return _t_bounds(mean, sd, n, confidence)


def _t_bounds(
    mean: np.ndarray, sd: np.ndarray, n: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    import numpy as np

    # Student's t quantile as scipy.stats.t.ppf computes it, without importing scipy.stats.
    from scipy.special import stdtrit

    n = np.asarray(n, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        df = np.where(n >= 2, n - 1, np.nan)
        half = stdtrit(df, 1 - (1 - confidence) / 2) * sd / np.sqrt(n)
    return mean - half, mean + half

"""How many responses a survey needs (Cochran), with the finite population correction.

For a mean, to know it within ``d`` scale points with confidence ``c``:

    n0 = (z * s / d) ** 2

and for a proportion ``p`` within ``d``:

    n0 = z**2 * p * (1 - p) / d**2

where z is the normal quantile for ``c`` (1.96 at 95 %). ``n0`` is rounded up;
for a customer base of ``N`` the corrected size is ``n = n0 / (1 + (n0 - 1) / N)``,
also rounded up.

>>> sample_size_proportion(p=0.5, margin=0.05)
SampleSize(kind='proportion', z=1.959964, n0=385, n=385, population=None, response_rate=None)
>>> sample_size_proportion(p=0.5, margin=0.05, population=2000).n
323

With the share of customers expected to answer, ``to_send`` says how many
questionnaires to send for ``n`` answers to come back:

>>> sample_size_proportion(p=0.5, margin=0.05, population=2000, response_rate=0.3).to_send
1077
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from .errors import SurveyDataError

__all__ = ["SampleSize", "sample_size_mean", "sample_size_proportion", "z_for"]


@dataclass(frozen=True)
class SampleSize:
    """The size before (``n0``) and after (``n``) the finite population correction."""

    kind: str
    z: float
    n0: int
    n: int
    population: int | None = None
    response_rate: float | None = None

    @property
    def to_send(self) -> int | None:
        """Questionnaires to send for ``n`` responses at ``response_rate`` (None without a rate)."""
        return None if self.response_rate is None else _ceil(self.n / self.response_rate)

    def enough(self, responses: int) -> bool:
        """Whether ``responses`` reaches the required size."""
        return responses >= self.n

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "analysis": "sample-size",
            "kind": self.kind,
            "z": self.z,
            "n0": self.n0,
            "n": self.n,
            "population": self.population,
            "response_rate": self.response_rate,
            "to_send": self.to_send,
        }

    def tables(self, *, brief: bool = False) -> dict[str, Any]:
        import pandas as pd

        skip = ("version", "analysis")
        return {"sample size": pd.DataFrame([{k: v for k, v in self.to_dict().items() if k not in skip}])}

    def summary(self) -> list[str]:
        fpc = (
            f" (from {self.n0} before correcting for a population of {self.population})"
            if self.population
            else ""
        )
        lines = [f"{self.n} responses needed{fpc}"]
        if self.to_send is not None:
            lines.append(
                f"send {self.to_send} questionnaires: {self.response_rate:.0%} are expected to answer"
            )
        lines.append(
            "a bigger sample does not cure non-sampling error (a biased customer list, unclear questions, "
            "customers who never answer): control those too"
        )
        return lines


def z_for(confidence: float) -> float:
    """The two-sided normal quantile for ``confidence`` (0.95 gives 1.959964)."""
    if not 0 < confidence < 1:
        raise SurveyDataError(f"confidence {confidence} must lie between 0 and 1, e.g. 0.95")
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def sample_size_mean(
    *,
    sd: float,
    margin: float,
    confidence: float = 0.95,
    population: int | None = None,
    z: float | None = None,
    response_rate: float | None = None,
) -> SampleSize:
    """Responses needed to know a mean within ``margin`` given the standard deviation ``sd``."""
    _positive(sd=sd, margin=margin)
    zz = z if z is not None else z_for(confidence)
    return _finish("mean", zz, _size(lambda: (zz * sd / margin) ** 2, margin), population, response_rate)


def sample_size_proportion(
    *,
    p: float = 0.5,
    margin: float,
    confidence: float = 0.95,
    population: int | None = None,
    z: float | None = None,
    response_rate: float | None = None,
) -> SampleSize:
    """Responses needed to know a proportion within ``margin``; ``p=0.5`` is the safe guess."""
    if not 0 < p < 1:
        raise SurveyDataError(
            f"the proportion {p} must lie between 0 and 1, not 0 or 1 itself (a share that is certain "
            "needs no survey); give your best guess, or 0.5 when unknown"
        )
    _positive(margin=margin)
    if margin >= 1:
        raise SurveyDataError(
            f"the margin {margin:g} for a proportion must be a share: ±5 percentage points is 0.05"
        )
    zz = z if z is not None else z_for(confidence)
    raw = _size(lambda: zz**2 * p * (1 - p) / margin**2, margin)
    return _finish("proportion", zz, raw, population, response_rate)


#: Above this many responses a size is no longer a survey (and floats no longer count whole numbers).
MAX_SIZE = 10**15


def _size(formula: Callable[[], float], margin: float) -> float:
    """``formula()``, refused when the margin is so small that no survey could reach it."""
    try:
        raw = formula()
    except (OverflowError, ZeroDivisionError):
        raw = math.inf
    if not raw <= MAX_SIZE:
        raise SurveyDataError(
            f"a margin of {margin:g} would need more than {MAX_SIZE:.0e} responses; choose a larger margin"
        )
    return raw


def _finish(
    kind: str, z: float, raw: float, population: int | None, response_rate: float | None
) -> SampleSize:
    if response_rate is not None and not (math.isfinite(response_rate) and 0 < response_rate <= 1):
        raise SurveyDataError(
            f"the response rate {response_rate} must be a share above 0 and at most 1, e.g. 0.3"
        )
    n0 = max(1, _ceil(raw))
    n = n0
    if population is not None:
        if population < 1:
            raise SurveyDataError(f"the population {population} must be at least 1")
        n = _ceil(n0 / (1 + (n0 - 1) / population))
    return SampleSize(kind, round(z, 6), n0, n, population, response_rate)


def _ceil(x: float) -> int:
    # 384.0000000001 from floating point is 384, not 385.
    return math.ceil(x - 1e-9)


def _positive(**values: float) -> None:
    for name, value in values.items():
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            raise SurveyDataError(f"{name} must be a positive number, not {value!r}")

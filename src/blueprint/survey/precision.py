"""How far a survey result can be trusted: the number of answers it rests on and its interval.

A mean from a handful of answers says little, and a quadrant or a position in
the zone of tolerance drawn from it says less. Every result of the SERVQUAL,
zone-of-tolerance and IPA analyses therefore carries its number of answers and
an ``evidence`` word:

* ``"too few answers"``: fewer than :data:`MIN_ANSWERS` (5) answers. With four
  answers the standard deviation, and so any interval, is itself a guess (its
  relative standard error is about 1/sqrt(2(n - 1)), over 40 %); no verdict is
  drawn from it.
* ``"not shown"``: the confidence interval reaches across the line the verdict
  depends on (a gap's interval spans 0; a mean's interval crosses the IPA
  crosshair; MSA's or MSS's interval crosses the edge of the zone). The result
  may still be what it looks like, but the survey does not show it.
* ``"shown"``: the interval lies wholly on the verdict's side of the line.

The interval of a mean of item means whose items were answered by different
respondents (a dimension of SERVQUAL where some items were skipped) is that of a
linear combination of means, with the covariance of two item means estimated
from the respondents who answered both:

    cov(mean_j, mean_l) = s_jl * n_jl / (n_j * n_l)

and t on (fewest answers of an item - 1) degrees of freedom. With every item
answered by everyone this is the paired t interval of the respondents' scores.

>>> evidence(12, -0.9, -0.2)
'shown'
>>> evidence(12, -0.9, 0.3), evidence(3, -0.9, -0.2)
('not shown', 'too few answers')
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "EVIDENCE",
    "MIN_ANSWERS",
    "combined_interval",
    "evidence",
    "few_note",
    "side_evidence",
    "significant",
]

#: fewer answers than this give no verdict: "too few answers"
MIN_ANSWERS = 5
#: the evidence words, from strongest to weakest
EVIDENCE = ("shown", "not shown", "too few answers")


def evidence(n: float | None, low: float, high: float, line: float = 0.0) -> str | None:
    """Whether the interval [low, high] of a result from ``n`` answers lies on one side of ``line``.

    None when ``n`` is unknown (item means, no respondents).
    """
    if n is None or _missing(n):
        return None
    if n < MIN_ANSWERS:
        return "too few answers"
    if _missing(low) or _missing(high):
        return "not shown"
    return "shown" if low > line or high < line else "not shown"


def side_evidence(n: float | None, *checks: tuple[float, float, float]) -> str | None:
    """:func:`evidence` of several (low, high, line) checks at once: shown only when every one is."""
    words = [evidence(n, low, high, line) for low, high, line in checks]
    if any(w is None for w in words):
        return None
    return max(words, key=lambda w: EVIDENCE.index(w or "shown"))


def significant(word: str | None) -> bool | None:
    """The ``significant`` flag of an evidence word: True when shown, None with too few answers."""
    if word is None or word == "too few answers":
        return None
    return word == "shown"


def few_note(what: str, n: int, *, partly: bool = False) -> str:
    """The note for ``what`` resting on ``n`` answers, too few (``partly``: on an item with that many)."""
    answers = "answer" if n == 1 else "answers"
    rests = f"rests partly on an item with {n} {answers}" if partly else f"rests on {n} {answers}"
    return (
        f"{what} {rests}, fewer than {MIN_ANSWERS}: too few to draw it from; "
        "ask more customers before relying on it"
    )


def means_note(what: str) -> str:
    """The note for results computed from means alone: nothing says how many answered."""
    return (
        f"computed from means without answers: how many customers gave them, and so whether the {what} "
        "hold, cannot be told; give the answers per respondent to have each result's evidence"
    )


def combined_interval(
    x: np.ndarray, weights: np.ndarray, confidence: float
) -> tuple[float, float, float, int]:
    """Estimate, lower and upper bound of sum(weights * column means of ``x``), blanks (NaN) left out.

    Also the fewest answers of a column with a weight. Bounds are NaN when a
    weighted column has fewer than two answers.
    """
    import numpy as np
    from scipy.special import stdtrit

    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    answered = ~np.isnan(x)
    n = answered.sum(axis=0)
    used = w != 0
    fewest = int(n[used].min()) if used.any() else 0
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.nansum(x, axis=0) / n
    estimate = float((w[used] * means[used]).sum())
    if fewest < 2:
        return estimate, math.nan, math.nan, fewest
    xu, au, nu, wu = x[:, used], answered[:, used].astype(np.float64), n[used], w[used]
    centred = np.where(au > 0, xu - means[used], 0.0)
    both = au.T @ au  # respondents who answered both columns
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = np.where(both >= 2, (centred.T @ centred) / (both - 1), 0.0) * both / np.outer(nu, nu)
    variance = float(wu @ cov @ wu)
    half = float(stdtrit(fewest - 1, 1 - (1 - confidence) / 2)) * math.sqrt(max(variance, 0.0))
    return estimate, estimate - half, estimate + half, fewest


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def doubtful(result: Any, worst: str = "too few answers") -> list[str]:
    """The results of an analysis whose evidence is ``worst`` or weaker, named for a message.

    ``worst`` is ``"too few answers"`` (only those) or ``"not shown"`` (those and the
    ones not shown).
    """
    limit = EVIDENCE.index(worst)
    names = []
    for level, frame in result.tables().items():
        key = next((c for c in ("item", "dimension", "attribute") if c in frame.columns), None)
        for row in frame.to_dict("records"):
            if key is None:  # the overall score
                if row.get("evidence") in EVIDENCE and EVIDENCE.index(row["evidence"]) >= limit:
                    names.append(f"{level} score: {row['evidence']}")
                continue
            word = row.get("evidence")
            if isinstance(word, str) and EVIDENCE.index(word) >= limit:
                names.append(f"{level.removesuffix('s')} {row[key]}: {word}")
    return names

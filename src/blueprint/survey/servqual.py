"""SERVQUAL: expectation, perception and gap per item, per dimension and overall.

The gap is always recomputed as P - E; a gap column in the input is ignored. A
dimension's expectation, perception and gap are the means over its items; the
unweighted score is the mean of the dimension gaps and the weighted score is

    sum over dimensions of (points / 100) x dimension gap

with importance points that sum to 100, so that equal points give the
unweighted score. With respondent-level answers the result also carries
standard deviations, paired t intervals of the gaps and Cronbach's alpha of
the expectation and perception items of each dimension, with Feldt's interval.

>>> import pandas as pd
>>> means = pd.DataFrame({"item": ["1", "5"], "dimension": ["tangibles", "reliability"],
...                       "expectation": [6.0, 6.5], "perception": [5.5, 5.0]})
>>> result = servqual(means, weights={"tangibles": 25, "reliability": 75})
>>> result.dimensions[["dimension", "gap", "weight"]]
     dimension  gap  weight
0    tangibles -0.5    25.0
1  reliability -1.5    75.0
>>> result.overall["unweighted"], result.overall["weighted"]
(-1.0, -1.25)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import SurveyDataError
from .instrument import Instrument, Scale, standard_instrument
from .readers import prepare, read_instrument, read_table
from .sample_size import z_for
from .servqual_input import ItemMeans, parse
from .servqual_scores import from_answers, from_means, parse_weights

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ServqualResult", "parse_weights", "read_instrument", "servqual", "servqual_from_file"]


@dataclass
class ServqualResult:
    """Items, dimensions and overall scores; ``to_dict()`` gives the version 1 JSON."""

    items: pd.DataFrame
    dimensions: pd.DataFrame
    overall: dict[str, Any]
    instrument: Instrument
    respondents: int | None = None
    confidence: float = 0.95
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        from .output import records

        return {
            "version": 1,
            "analysis": "servqual",
            "instrument": self.instrument.name,
            "scale": self.instrument.scale.as_list(),
            "respondents": self.respondents,
            "confidence": self.confidence,
            "items": records(self.items),
            "dimensions": records(self.dimensions),
            "overall": {k: _clean(v) for k, v in self.overall.items()},
            "notes": list(self.notes),
        }

    def tables(self, *, brief: bool = False) -> dict[str, pd.DataFrame]:
        """``items``, ``dimensions`` and ``overall`` as DataFrames (``brief``: the columns people read)."""
        import pandas as pd

        items, dims = self.items, self.dimensions
        if brief:
            keep = [
                "item",
                "dimension",
                "factor",
                "expectation",
                "perception",
                "gap",
                "n",
                "ci_low",
                "ci_high",
                "evidence",
            ]
            items = items[[c for c in keep if c in items.columns]]
            keep = [
                "dimension",
                "expectation",
                "perception",
                "gap",
                "weight",
                "n",
                "ci_low",
                "ci_high",
                "evidence",
                "alpha_expectation",
                "alpha_perception",
            ]
            dims = dims[[c for c in keep if c in dims.columns]]
        hidden = ("ci_of", "significant") if brief else ("ci_of",)
        overall = pd.DataFrame([{k: v for k, v in self.overall.items() if k not in hidden}])
        return {"items": items, "dimensions": dims, "overall": overall}

    def summary(self) -> list[str]:
        """A few sentences: the scores, the worst dimension, the notes."""
        worst = self.dimensions.sort_values("gap").iloc[0]
        who = f"{self.respondents} respondents, " if self.respondents is not None else ""
        lines = [
            f"SERVQUAL ({who}{self.instrument.name}, scale {self.instrument.scale}): "
            f"unweighted {self.overall['unweighted']:+.2f}, weighted {self.overall['weighted']:+.2f}",
            f"largest gap: {worst['dimension']} {worst['gap']:+.2f}{_qualified(worst.get('evidence'))}",
        ]
        return lines + self.notes


def servqual(
    data: pd.DataFrame,
    *,
    instrument: Instrument | None = None,
    weights: Mapping[str, float] | str | None = None,
    scale: Scale | str | None = None,
    wording: int | None = None,
    confidence: float = 0.95,
    alpha: bool = True,
    margin: float | None = None,
    prefixes: tuple[str, str] = ("E", "P"),
) -> ServqualResult:
    """Analyse SERVQUAL data in any of the three shapes (see :mod:`.servqual_input`).

    ``instrument`` defaults to the standard 22 items (``wording=1988`` reverse-scores
    the negatively worded ones); ``scale`` overrides the instrument's scale;
    ``margin`` asks whether the sample is large enough to know the overall gap
    within that many scale points at ``confidence`` (Cochran), and says so in ``notes``.
    """
    z_for(confidence)  # 0 < confidence < 1, or a clear error before any work
    explicit = instrument is not None
    if explicit and wording is not None:
        raise SurveyDataError(
            "wording applies to the standard 22 items; mark reverse-scored items of a custom "
            "instrument in its 'reversed' column"
        )
    ins = instrument or standard_instrument(wording=wording or 1991)
    if scale is not None:
        ins = Instrument(ins.dimension_of, Scale.parse(scale), ins.reversed, ins.factor_of, ins.name)
    parsed = parse(prepare(data), ins, prefixes=prefixes, explicit=explicit)
    parts = (
        from_means(parsed, confidence)
        if isinstance(parsed, ItemMeans)
        else from_answers(parsed, confidence, alpha)
    )
    result = ServqualResult(**parts, confidence=confidence)
    result.notes[:0] = getattr(parsed, "notes", [])
    if result.respondents is None:
        from .precision import means_note

        result.notes.append(means_note("gaps"))
    weigh(result, weights)
    if margin is not None and result.respondents is not None:
        sample_note(result, margin, confidence)
    return result


def servqual_from_file(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    columns: Mapping[str, str] | None = None,
    instrument: Instrument | str | Path | None = None,
    **options: Any,
) -> ServqualResult:
    """:func:`servqual` on a CSV, Excel or Parquet export; ``instrument`` may be a CSV path."""
    if isinstance(instrument, (str, Path)):
        instrument = read_instrument(instrument, scale=options.get("scale") or "1-7")
    return servqual(read_table(path, sheet=sheet, columns=columns), instrument=instrument, **options)


def _qualified(word: Any) -> str:
    """What a gap's evidence adds to a sentence about it: nothing when it is shown."""
    if word == "too few answers":
        return " (too few answers to draw it from)"
    if word == "not shown":
        return " (not shown to differ from 0)"
    return ""


def _clean(value: Any) -> Any:
    from .output import clean

    return clean(value)


def weigh(result: ServqualResult, weights: Mapping[str, float] | str | None) -> None:
    dims = result.dimensions
    names = list(dims["dimension"])
    points = parse_weights(weights, names) if weights else {d: 100 / len(names) for d in names}
    dims.insert(list(dims.columns).index("gap") + 1, "weight", [points[d] for d in names])
    gaps = dims["gap"].to_numpy(dtype=float)
    unweighted = float(gaps.mean())
    weighted = float(sum(points[d] / 100 * g for d, g in zip(names, gaps, strict=True)))
    ordered = {"unweighted": unweighted, "weighted": weighted, **result.overall}
    if "ci_low" in ordered:
        ordered["ci_of"] = "unweighted"
    result.overall = ordered


def sample_note(result: ServqualResult, margin: float, confidence: float) -> None:
    from .sample_size import sample_size_mean

    sd = result.overall.get("sd")
    if sd is None or not math.isfinite(sd):
        return
    needed = sample_size_mean(sd=sd, margin=margin, confidence=confidence).n
    have = int(result.overall.get("n") or 0)
    result.overall["needed_for_margin"] = needed
    fewest = int(result.overall.get("fewest_answers") or have)
    half = (result.overall["ci_high"] - result.overall["ci_low"]) / 2
    if fewest < have and not half <= margin:
        # Skipped items: Cochran on the respondents' spread does not hold, the interval itself decides.
        result.notes.append(
            f"{have} respondents, but an item has only {fewest} answers: too few to know the overall gap "
            f"within ±{margin:g} at {confidence:.0%} confidence (its interval is ±{half:.2f})"
        )
        return
    verdict = "enough" if have >= needed else "too few"
    result.notes.append(
        f"{have} respondents: {verdict} to know the overall gap within ±{margin:g} at "
        f"{confidence:.0%} confidence (needs {needed} with sd {sd:.2f})"
    )

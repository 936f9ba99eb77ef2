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
from .instrument import Instrument, Scale, dimension_name, standard_instrument
from .readers import parse_mapping, prepare, read_table
from .servqual_input import Answers, ItemMeans, canonical, parse

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
            "scale": [self.instrument.scale.low, self.instrument.scale.high],
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
            keep = ["item", "dimension", "factor", "expectation", "perception", "gap", "ci_low", "ci_high"]
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
                "alpha_expectation",
                "alpha_perception",
            ]
            dims = dims[[c for c in keep if c in dims.columns]]
        overall = pd.DataFrame([{k: v for k, v in self.overall.items() if k != "ci_of"}])
        return {"items": items, "dimensions": dims, "overall": overall}

    def summary(self) -> list[str]:
        """A few sentences: the scores, the worst dimension, the notes."""
        worst = self.dimensions.sort_values("gap").iloc[0]
        who = f"{self.respondents} respondents, " if self.respondents is not None else ""
        lines = [
            f"SERVQUAL ({who}{self.instrument.name}, scale {self.instrument.scale}): "
            f"unweighted {self.overall['unweighted']:+.2f}, weighted {self.overall['weighted']:+.2f}",
            f"largest gap: {worst['dimension']} {worst['gap']:+.2f}",
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
    if isinstance(parsed, ItemMeans):
        result = _from_means(parsed, confidence)
    else:
        result = _from_answers(parsed, confidence, alpha)
    _weigh(result, weights)
    if margin is not None and result.respondents is not None:
        _sample_note(result, margin, confidence)
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


def read_instrument(path: str | Path, *, scale: Scale | str = "1-7") -> Instrument:
    """A custom instrument from a table with ``item,dimension`` and optional ``factor``, ``reversed``."""
    frame = canonical(read_table(path))
    source = str(path)
    if not {"item", "dimension"} <= set(frame.columns):
        raise SurveyDataError(
            f"{source}: an instrument file needs the columns item,dimension (and optionally "
            f"factor, reversed); it has {', '.join(map(str, frame.columns))}"
        )
    dims = {
        row.item: dimension_name(row.dimension, source=source, row=int(i))
        for i, row in zip(frame.index, frame.itertuples(), strict=True)
    }
    factors = dict(zip(frame["item"], frame["factor"], strict=True)) if "factor" in frame.columns else {}
    rev = []
    if "reversed" in frame.columns:
        rev = [
            i
            for i, r in zip(frame["item"], frame["reversed"], strict=True)
            if str(r).strip().lower() in ("1", "true", "yes", "y", "x")
        ]
    ins = Instrument.custom(dims, scale=scale, reversed=rev, factor_of=factors, source=source)
    return Instrument(ins.dimension_of, ins.scale, ins.reversed, ins.factor_of, Path(path).name)


def parse_weights(weights: Mapping[str, float] | str, dimensions: list[str]) -> dict[str, float]:
    """Importance points per dimension, checked: known names, every dimension, sum 100."""
    raw = parse_mapping(weights, what="--weights") if isinstance(weights, str) else dict(weights)
    points: dict[str, float] = {}
    for name, value in raw.items():
        try:
            dim = dimension_name(name)
        except SurveyDataError as exc:
            raise SurveyDataError(f"--weights: {exc.problems[0].message} ({exc.problems[0].hint})") from None
        try:
            points[dim] = float(value)
        except (TypeError, ValueError):
            raise SurveyDataError(f"the weight of {dim} is {value!r}, not a number of points") from None
        if not math.isfinite(points[dim]) or points[dim] < 0:
            raise SurveyDataError(f"the weight of {dim} is {value}; points must be 0 or more")
    missing = [d for d in dimensions if d not in points]
    extra = [d for d in points if d not in dimensions]
    if missing or extra:
        parts = ([f"no weight for {', '.join(missing)}"] if missing else []) + (
            [f"{', '.join(extra)} not in the data"] if extra else []
        )
        raise SurveyDataError(
            f"weights do not match the dimensions: {'; '.join(parts)}; "
            f"give points for exactly: {', '.join(dimensions)}"
        )
    total = sum(points.values())
    if abs(total - 100) > 1e-6:
        raise SurveyDataError(
            f"weights sum to {total:g}, not 100; share 100 points among the dimensions "
            "by importance (e.g. reliability=32,responsiveness=22,...)"
        )
    return {d: points[d] for d in dimensions}


# -- computation -----------------------------------------------------------------------


def _from_means(parsed: ItemMeans, confidence: float) -> ServqualResult:
    import pandas as pd

    items = parsed.frame.copy()
    items["gap"] = items["perception"] - items["expectation"]
    rows = []
    for dim in parsed.instrument.dimensions:
        block = items[items["dimension"] == dim]
        e, p = float(block["expectation"].mean()), float(block["perception"].mean())
        rows.append({"dimension": dim, "expectation": e, "perception": p, "gap": p - e, "items": len(block)})
    dims = pd.DataFrame(rows)
    overall = {
        "expectation": float(dims["expectation"].mean()),
        "perception": float(dims["perception"].mean()),
    }
    return ServqualResult(_drop_empty(items, "factor"), dims, overall, parsed.instrument, None, confidence)


def _from_answers(ans: Answers, confidence: float, want_alpha: bool) -> ServqualResult:
    import numpy as np
    import pandas as pd

    from .reliability import column_stats, cronbach_alpha, feldt_interval, t_bounds

    e, p = ans.expectation, ans.perception
    n_resp = e.shape[0]
    if want_alpha and n_resp < 2:
        raise SurveyDataError(
            f"{ans.source}: Cronbach's alpha needs at least two respondents; the data has "
            f"{n_resp}. Collect more answers, or ask for means only (alpha=False / --no-alpha)"
        )
    d = p - e
    mean_e, sd_e, _ = column_stats(e)
    mean_p, sd_p, _ = column_stats(p)
    mean_d, sd_d, n_d = column_stats(d)
    lo, hi = t_bounds(mean_d, sd_d, n_d, confidence)
    ins = ans.instrument
    items = pd.DataFrame(
        {
            "item": ans.items,
            "dimension": [ins.dimension_of[i] for i in ans.items],
            "factor": [ins.factor_of.get(i) for i in ans.items],
            "expectation": mean_e,
            "perception": mean_p,
            "gap": mean_p - mean_e,
            "n": n_d,
            "sd_expectation": sd_e,
            "sd_perception": sd_p,
            "sd_gap": sd_d,
            "ci_low": lo,
            "ci_high": hi,
        }
    )
    rows, per_respondent = [], []
    for dim in ins.dimensions:
        cols = [k for k, i in enumerate(ans.items) if ins.dimension_of[i] == dim]
        score = _row_mean(d[:, cols])
        per_respondent.append(score)
        m, s, n = column_stats(score[:, None])
        dlo, dhi = t_bounds(m, s, n, confidence)
        e_m, p_m = float(mean_e[cols].mean()), float(mean_p[cols].mean())
        row = {
            "dimension": dim,
            "expectation": e_m,
            "perception": p_m,
            "gap": p_m - e_m,
            "items": len(cols),
            "n": int(n[0]),
            "sd_gap": float(s[0]),
            "ci_low": float(dlo[0]),
            "ci_high": float(dhi[0]),
        }
        if want_alpha:
            for kind, x in (("expectation", e[:, cols]), ("perception", p[:, cols])):
                a = cronbach_alpha(x)
                complete = int((~np.isnan(x).any(axis=1)).sum()) if x.dtype.kind == "f" else x.shape[0]
                row[f"alpha_{kind}"] = a
                row[f"alpha_{kind}_low"], row[f"alpha_{kind}_high"] = feldt_interval(
                    a, n=complete, k=len(cols), confidence=confidence
                )
        rows.append(row)
    overall_score = _row_mean(np.column_stack(per_respondent))
    m, s, n = column_stats(overall_score[:, None])
    olo, ohi = t_bounds(m, s, n, confidence)
    dims = pd.DataFrame(rows)
    overall = {
        "expectation": float(dims["expectation"].mean()),
        "perception": float(dims["perception"].mean()),
        "n": int(n[0]),
        "sd": float(s[0]),
        "ci_low": float(olo[0]),
        "ci_high": float(ohi[0]),
    }
    return ServqualResult(_drop_empty(items, "factor"), dims, overall, ins, n_resp, confidence)


def _weigh(result: ServqualResult, weights: Mapping[str, float] | str | None) -> None:
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


def _sample_note(result: ServqualResult, margin: float, confidence: float) -> None:
    from .sample_size import sample_size_mean

    sd = result.overall.get("sd")
    if sd is None or not math.isfinite(sd):
        return
    needed = sample_size_mean(sd=sd, margin=margin, confidence=confidence).n
    have = int(result.overall.get("n") or 0)
    result.overall["needed_for_margin"] = needed
    verdict = "enough" if have >= needed else "too few"
    result.notes.append(
        f"{have} respondents: {verdict} to know the overall gap within ±{margin:g} at "
        f"{confidence:.0%} confidence (needs {needed} with sd {sd:.2f})"
    )


def _row_mean(x: Any) -> Any:
    import warnings

    import numpy as np

    if x.dtype.kind == "f" and np.isnan(x).any():
        with warnings.catch_warnings():
            # A respondent who skipped a whole dimension has no score there: NaN, not a warning.
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.nanmean(x, axis=1)
    return x.mean(axis=1, dtype=np.float64)


def _drop_empty(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame.drop(columns=[column]) if frame[column].isna().all() else frame


def _clean(value: Any) -> Any:
    from .output import clean

    return clean(value)

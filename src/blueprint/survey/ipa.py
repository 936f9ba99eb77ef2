"""Importance-performance analysis (Martilla and James 1977).

Each attribute is placed by its mean importance and mean performance. The
crosshair sits at the mean of the attribute means (default), the scale
midpoint, or a chosen point; a value equal to the crosshair counts as high.

=================  ================  =======================
importance         performance low   performance high
=================  ================  =======================
high               concentrate here  keep up the good work
low                low priority      possible overkill
=================  ================  =======================

Importance is either stated (asked of respondents) or derived from the data:
the correlation of each attribute's performance with overall satisfaction, or
its standardised coefficient in a regression of overall satisfaction on all
attributes.

>>> import pandas as pd
>>> data = pd.DataFrame({"attribute": ["wifi", "bed", "desk", "spa"], "importance": [4.5, 4.8, 3.0, 2.5],
...                      "performance": [3.0, 4.6, 3.2, 4.4]})
>>> ipa(data).attributes[["attribute", "quadrant"]]
  attribute               quadrant
0      wifi       concentrate here
1       bed  keep up the good work
2      desk           low priority
3       spa      possible overkill
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Problem, SurveyDataError, problems_from_mask
from .instrument import Scale
from .readers import canonical, numeric, out_of_scale, prepare, read_table, refuse_repeats, source_of

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["QUADRANTS", "IpaResult", "ipa", "ipa_from_file", "quadrant"]

QUADRANTS = ("concentrate here", "keep up the good work", "low priority", "possible overkill")
METHODS = ("stated", "correlation", "regression")
#: the columns of the intervals, after the quadrant (the text table shows none of them)
_INTERVALS = ("importance_low", "importance_high", "performance_low", "performance_high")


@dataclass
class IpaResult:
    """Attributes with importance, performance and quadrant; the crosshair they were cut at."""

    attributes: pd.DataFrame
    crosshair: dict[str, float]
    method: str = "stated"
    crosshair_rule: str = "mean"
    notes: list[str] = field(default_factory=list)
    #: the answer scale performance (and, unless ``importance_scale`` says otherwise, importance) was given on
    scale: Scale = field(default_factory=Scale)
    #: the scale stated importance was asked on, when it differs from ``scale`` (None: the same)
    own_importance_scale: Scale | None = None

    @property
    def importance_scale(self) -> Scale:
        """The scale stated importance was asked on."""
        return self.own_importance_scale or self.scale

    def to_dict(self) -> dict[str, Any]:
        from .output import clean, records

        return {
            "version": 1,
            "analysis": "ipa",
            "importance": self.method,
            "scale": self.scale.as_list(),
            "importance_scale": self.importance_scale.as_list(),
            "crosshair": {"rule": self.crosshair_rule, **clean(self.crosshair)},
            "attributes": records(self.attributes),
            "notes": list(self.notes),
        }

    def tables(self, *, brief: bool = False) -> dict[str, pd.DataFrame]:
        """The attributes (``brief``: without the intervals, which ``notes`` quote where they matter)."""
        hidden = [*_INTERVALS, "significant"] if brief else []
        return {"attributes": self.attributes.drop(columns=hidden, errors="ignore")}

    def summary(self) -> list[str]:
        rows = self.attributes[self.attributes["quadrant"] == "concentrate here"]
        words = rows["evidence"] if "evidence" in rows else [None] * len(rows)
        urgent = [
            f"{name} ({word})" if word in ("not shown", "too few answers") else str(name)
            for name, word in zip(rows["attribute"], words, strict=True)
        ]
        return [
            f"IPA ({self.method} importance, crosshair at {self.crosshair_rule}: importance "
            f"{self.crosshair['importance']:.2f}, performance {self.crosshair['performance']:.2f})",
            f"concentrate here: {', '.join(urgent) or 'nothing'}",
            *self.notes,
        ]

    def chart(self, path: str | Path | None = None, **options: Any) -> Any:
        """The quadrant chart (see :mod:`blueprint.render.survey_charts`)."""
        from ..render.survey_charts import ipa_chart

        return ipa_chart(self, path, **options)


def quadrant(importance: float, performance: float, at_importance: float, at_performance: float) -> str:
    """The Martilla-James quadrant; equal to the crosshair counts as high."""
    high_i, high_p = importance >= at_importance, performance >= at_performance
    if high_i:
        return "keep up the good work" if high_p else "concentrate here"
    return "possible overkill" if high_p else "low priority"


def ipa(
    data: pd.DataFrame,
    *,
    importance: str = "stated",
    crosshair: str | tuple[float, float] = "mean",
    scale: Scale | str = "1-7",
    importance_scale: Scale | str | None = None,
    confidence: float = 0.95,
) -> IpaResult:
    """IPA of attribute means (``attribute,importance,performance``) or respondent answers.

    Respondent answers come long (``respondent,attribute,importance,performance``,
    plus ``overall`` for derived importance) or wide (one performance column per
    attribute and an ``overall`` column). ``crosshair`` is ``"mean"``,
    ``"midpoint"`` or an (importance, performance) pair. ``scale`` is the
    answer scale; ``importance_scale`` the one stated importance was asked on,
    when it differs (importance 1-5, performance 1-10). With respondents' answers
    each attribute carries the intervals of its importance and performance at
    ``confidence`` and whether they show its quadrant (:mod:`.ipa_evidence`).
    """
    if importance not in METHODS:
        raise SurveyDataError(f"unknown importance {importance!r}; use one of: {', '.join(METHODS)}")
    sc = Scale.parse(scale)
    own = None if importance_scale is None else Scale.parse(importance_scale)
    if own is not None and importance != "stated":
        raise SurveyDataError(
            f"an importance scale applies to stated importance only; {importance} importance is derived "
            "from the overall rating"
        )
    frame = canonical(prepare(data), ("respondent", "attribute", "importance", "performance", "overall"))
    notes: list[str] = []
    if importance == "stated":
        table = _stated(frame, sc, own or sc, notes, declared=own is not None, confidence=confidence)
    else:
        table = _derived(frame, sc, importance, notes, confidence)
    at, rule = _crosshair(_enough(table, crosshair, notes), crosshair, sc, importance, notes, own or sc)
    table["quadrant"] = [
        None if math.isnan(i) or math.isnan(p) else quadrant(i, p, at["importance"], at["performance"])
        for i, p in zip(table["importance"], table["performance"], strict=True)
    ]
    notes += [
        f"{a}: no respondent rated it; it has no quadrant"
        for a, q in zip(table["attribute"], table["quadrant"], strict=True)
        if not isinstance(q, str) and importance == "stated"
    ]
    if "performance_low" not in table:
        from .precision import means_note

        notes.append(means_note("quadrants"))
    else:
        from .ipa_evidence import judge

        judge(table, at, notes, confidence)
        first = [c for c in table.columns if c not in _INTERVALS]
        table = table[first + [c for c in _INTERVALS if c in table.columns]]
    return IpaResult(table, at, importance, rule, notes, sc, own)


def ipa_from_file(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    columns: Mapping[str, str] | None = None,
    **options: Any,
) -> IpaResult:
    return ipa(read_table(path, sheet=sheet, columns=columns), **options)


def _stated(
    frame: pd.DataFrame,
    sc: Scale,
    importance_sc: Scale,
    notes: list[str],
    *,
    declared: bool,
    confidence: float = 0.95,
) -> pd.DataFrame:
    source = source_of(frame)
    missing = [c for c in ("attribute", "importance", "performance") if c not in frame.columns]
    if missing:
        raise SurveyDataError(
            [
                Problem(
                    f"stated importance needs the column {c!r}",
                    source,
                    1,
                    hint="or derive importance from an overall column: --importance correlation",
                )
                for c in missing
            ]
        )
    refuse_repeats(frame, "attribute")
    values = numeric(frame, ["importance", "performance"])
    outside = _outside(values[["importance"]], importance_sc, source, option="--importance-scale")
    outside += _outside(values[["performance"]], sc, source)
    if outside:
        raise SurveyDataError(sorted(outside, key=lambda p: (p.row or 0, p.column or "")))
    if not declared:
        _smaller_importance_scale(values, sc, notes)
    grouped = values.assign(attribute=frame["attribute"].astype(str).str.strip()).groupby(
        "attribute", sort=False
    )
    table = grouped[["importance", "performance"]].mean().reset_index()
    if "respondent" in frame.columns:
        from .ipa_evidence import mean_bounds

        table["n"] = grouped["performance"].count().to_numpy()
        names = table["attribute"]
        table["importance_low"], table["importance_high"], table["n_importance"] = mean_bounds(
            grouped, "importance", names, confidence
        )
        table["n_importance"] = table["n_importance"].astype(int)
        table["performance_low"], table["performance_high"], _ = mean_bounds(
            grouped, "performance", names, confidence
        )
    return table


def _derived(
    frame: pd.DataFrame, sc: Scale, method: str, notes: list[str], confidence: float = 0.95
) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    source = source_of(frame)
    if "overall" not in frame.columns:
        raise SurveyDataError(
            [
                Problem(
                    f"{method} importance needs an 'overall' satisfaction column",
                    source,
                    1,
                    hint="add the overall rating per respondent, or use --importance stated",
                )
            ]
        )
    if "attribute" in frame.columns:  # long: one row per respondent and attribute
        if "respondent" not in frame.columns:
            raise SurveyDataError(
                [Problem("derived importance needs a respondent column in long data", source, 1)]
            )
        refuse_repeats(frame, "attribute")
        values = numeric(frame, ["performance", "overall"])
        _on_scale(values, sc, source)
        long = values.assign(
            respondent=frame["respondent"], attribute=frame["attribute"].astype(str).str.strip()
        )
        perf = long.pivot_table(index="respondent", columns="attribute", values="performance", sort=False)
        overall = long.groupby("respondent", sort=False)["overall"].first().reindex(perf.index)
    else:  # wide: every other column is an attribute's performance
        refuse_repeats(frame)
        cols = [c for c in frame.columns if c not in ("respondent", "overall", "importance")]
        values = numeric(frame, [*cols, "overall"])
        _on_scale(values, sc, source)
        perf, overall = values[cols], values["overall"]
    if len(perf) < 3:
        raise SurveyDataError(
            f"{source}: derived importance needs at least three respondents; the data has {len(perf)}"
        )
    from .ipa_evidence import correlation_bounds, regression_bounds
    from .reliability import column_stats, t_bounds

    x, y = perf.to_numpy(dtype=float), overall.to_numpy(dtype=float)
    if method == "correlation":
        weights = [pd.Series(x[:, k]).corr(pd.Series(y)) for k in range(x.shape[1])]
        pairs = (~np.isnan(x) & ~np.isnan(y)[:, None]).sum(axis=0)
        low, high = correlation_bounds(np.asarray(weights, float), pairs, confidence)
    else:
        keep = ~(np.isnan(x).any(axis=1) | np.isnan(y))
        xs, ys = x[keep], y[keep]
        if len(xs) <= xs.shape[1]:
            raise SurveyDataError(
                f"{source}: regression needs more complete respondents ({len(xs)}) than "
                f"attributes ({xs.shape[1]}); use --importance correlation"
            )
        with np.errstate(invalid="ignore", divide="ignore"):
            zx = (xs - xs.mean(axis=0)) / xs.std(axis=0, ddof=1)
            zy = (ys - ys.mean()) / ys.std(ddof=1)
        zx = np.nan_to_num(zx)
        beta = np.linalg.lstsq(zx, zy, rcond=None)[0]
        weights = list(beta)
        low, high = regression_bounds(zx, zy, beta, confidence)
        if len(xs) - xs.shape[1] - 1 < 1:
            notes.append(
                f"no interval of the regression coefficients: {len(xs)} complete respondents leave no degree "
                f"of freedom beyond the {xs.shape[1]} attributes and the mean, so no quadrant is shown; ask "
                "more customers, or use --importance correlation"
            )
        notes.append(f"importance = standardised regression coefficient ({len(xs)} complete respondents)")
    constant = [str(c) for c, w in zip(perf.columns, weights, strict=True) if np.isnan(w)]
    if constant:
        notes.append(
            f"no derived importance for {', '.join(constant)}: their answers (or overall) never vary"
        )
    mean, sd, n = column_stats(x)
    perf_low, perf_high = t_bounds(mean, sd, n, confidence)
    return pd.DataFrame(
        {
            "attribute": [str(c) for c in perf.columns],
            "importance": np.asarray(weights, float),
            "performance": np.nanmean(x, axis=0),
            "n": (~np.isnan(x)).sum(axis=0),
            "importance_low": low,
            "importance_high": high,
            "performance_low": perf_low,
            "performance_high": perf_high,
        }
    )


def _crosshair(
    table: pd.DataFrame,
    crosshair: str | tuple[float, float],
    sc: Scale,
    method: str,
    notes: list[str],
    importance_sc: Scale,
) -> tuple[dict[str, float], str]:
    if isinstance(crosshair, tuple):
        return {"importance": float(crosshair[0]), "performance": float(crosshair[1])}, "chosen"
    if crosshair == "mean":
        return {
            "importance": float(table["importance"].mean()),
            "performance": float(table["performance"].mean()),
        }, "mean"
    if crosshair == "midpoint":
        if method != "stated":
            notes.append("derived importance has no scale midpoint: its crosshair is the mean importance")
            return {"importance": float(table["importance"].mean()), "performance": sc.midpoint}, "midpoint"
        return {"importance": importance_sc.midpoint, "performance": sc.midpoint}, "midpoint"
    raise SurveyDataError(f"unknown crosshair {crosshair!r}; use mean, midpoint or IMPORTANCE,PERFORMANCE")


def _enough(table: pd.DataFrame, crosshair: object, notes: list[str]) -> pd.DataFrame:
    """The attributes the mean crosshair is taken over: those with enough answers (all, if none has).

    An attribute from two answers would otherwise move the lines every other quadrant is cut at.
    """
    from .precision import MIN_ANSWERS

    if crosshair != "mean" or "n" not in table:
        return table
    fewest = table[["n", "n_importance"]].min(axis=1) if "n_importance" in table else table["n"]
    rated = table["importance"].notna() & table["performance"].notna()
    few = (fewest < MIN_ANSWERS) & rated
    if not few.any() or few.sum() == rated.sum():
        return table
    names = ", ".join(map(str, table.loc[few, "attribute"]))
    notes.append(
        f"the mean crosshair leaves out {names}: fewer than {MIN_ANSWERS} answers, too few to move the lines "
        "the other attributes are cut at"
    )
    return table[~few]


def _on_scale(values: pd.DataFrame, sc: Scale, source: str) -> None:
    outside = _outside(values, sc, source)
    if outside:
        raise SurveyDataError(outside)


def _outside(values: pd.DataFrame, sc: Scale, source: str, *, option: str = "--scale") -> list[Problem]:
    """A located problem for each answer off ``sc``."""
    outside = out_of_scale(values.to_numpy(), sc)
    if outside is None:
        return []
    return problems_from_mask(
        outside,
        values,
        f"{{value}} is outside the scale {sc}",
        source=source,
        hint=f"declare the scale with {option}, e.g. 1-7",
    )


#: The scales questionnaires use; importance read on a larger one than it was asked on is noted.
_USUAL_HIGHS = (5, 7, 9, 10)


def _smaller_importance_scale(values: pd.DataFrame, sc: Scale, notes: list[str]) -> None:
    """Note importance answers that stay on a smaller usual scale while performance goes past it."""
    import math

    top_importance, top_performance = values["importance"].max(), values["performance"].max()
    if math.isnan(top_importance) or math.isnan(top_performance) or sc.low != 1:
        return
    smaller = next((h for h in _USUAL_HIGHS if top_importance <= h), None)
    if smaller is not None and smaller < sc.high and top_performance > smaller:
        notes.append(
            f"importance answers stay within 1-{smaller} while performance reaches {top_performance:g} "
            f"on the scale {sc}: if importance was asked on 1-{smaller}, pass --importance-scale "
            f"1-{smaller}, or the importance written to the service is understated"
        )

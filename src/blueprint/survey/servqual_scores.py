"""The SERVQUAL arithmetic: means, gaps, intervals, alphas and the weighted score.

Kept apart from :mod:`.servqual`, which parses the input, holds the result and weighs it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .errors import SurveyDataError
from .instrument import dimension_name
from .readers import parse_mapping
from .servqual_input import Answers, ItemMeans

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["from_answers", "from_means", "parse_weights"]


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


def from_means(parsed: ItemMeans, confidence: float) -> dict[str, Any]:
    """The parts of a result from item means (no respondents, so no spread)."""
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
    return {
        "items": _drop_empty(items, "factor"),
        "dimensions": dims,
        "overall": overall,
        "instrument": parsed.instrument,
        "respondents": None,
    }


def from_answers(ans: Answers, confidence: float, want_alpha: bool) -> dict[str, Any]:
    """The parts of a result from every respondent's answers, with spread, intervals and alphas."""
    import numpy as np
    import pandas as pd

    from .precision import MIN_ANSWERS, combined_interval, evidence, significant
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
    items["evidence"] = [evidence(int(k), a, b) for k, a, b in zip(n_d, lo, hi, strict=True)]
    items["significant"] = [significant(w) for w in items["evidence"]]
    blanks = d.dtype.kind == "f" and bool(np.isnan(d).any())
    rows, per_respondent = [], []
    notes: list[str] = []
    for dim in ins.dimensions:
        cols = [k for k, i in enumerate(ans.items) if ins.dimension_of[i] == dim]
        score = _row_mean(d[:, cols])
        per_respondent.append(score)
        m, s, n = column_stats(score[:, None])
        dlo, dhi = t_bounds(m, s, n, confidence)
        e_m, p_m = float(mean_e[cols].mean()), float(mean_p[cols].mean())
        fewest = int(n[0])
        if blanks:
            # Items skipped by some: the interval of the mean of the item gaps, the gap shown.
            _, dlo[0], dhi[0], fewest = combined_interval(
                d[:, cols], np.full(len(cols), 1 / len(cols)), confidence
            )
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
            "fewest_answers": fewest,
            "evidence": (word := evidence(fewest, float(dlo[0]), float(dhi[0]))),
            "significant": significant(word),
        }
        if want_alpha:
            for kind, x in (("expectation", e[:, cols]), ("perception", p[:, cols])):
                a = cronbach_alpha(x)
                complete = int((~np.isnan(x).any(axis=1)).sum()) if x.dtype.kind == "f" else x.shape[0]
                if math.isnan(a) and len(cols) >= 2:
                    notes.append(_no_alpha(dim, kind, complete))
                elif not math.isnan(a) and complete < MIN_ANSWERS:
                    notes.append(
                        f"Cronbach's alpha of {dim} {kind} ({a:.2f}) rests on {complete} respondents who "
                        f"answered all its items, fewer than {MIN_ANSWERS}: too few to judge whether its "
                        "items measure one thing"
                    )
                elif a < 0:
                    notes.append(_negative_alpha(dim, kind, a, x, [ans.items[k] for k in cols]))
                row[f"alpha_{kind}"] = a
                row[f"alpha_{kind}_low"], row[f"alpha_{kind}_high"] = feldt_interval(
                    a, n=complete, k=len(cols), confidence=confidence
                )
        rows.append(row)
    overall_score = _row_mean(np.column_stack(per_respondent))
    m, s, n = column_stats(overall_score[:, None])
    olo, ohi = t_bounds(m, s, n, confidence)
    fewest = int(n[0])
    if blanks:
        share = np.zeros(len(ans.items))
        for dim in ins.dimensions:
            cols = [k for k, i in enumerate(ans.items) if ins.dimension_of[i] == dim]
            share[cols] = 1 / (len(cols) * len(ins.dimensions))
        _, olo[0], ohi[0], fewest = combined_interval(d, share, confidence)
    dims = pd.DataFrame(rows)
    overall = {
        "expectation": float(dims["expectation"].mean()),
        "perception": float(dims["perception"].mean()),
        "n": int(n[0]),
        "sd": float(s[0]),
        "ci_low": float(olo[0]),
        "ci_high": float(ohi[0]),
        "fewest_answers": fewest,
        "evidence": (word := evidence(fewest, float(olo[0]), float(ohi[0]))),
        "significant": significant(word),
    }
    notes += _evidence_notes(items, dims, overall, confidence)
    return {
        "items": _drop_empty(items, "factor"),
        "dimensions": dims,
        "overall": overall,
        "instrument": ins,
        "respondents": n_resp,
        "notes": notes,
    }


def _evidence_notes(
    items: pd.DataFrame, dims: pd.DataFrame, overall: dict[str, Any], confidence: float
) -> list[str]:
    """Notes naming the gaps that rest on too few answers and those not shown to differ from 0."""
    from .precision import few_note

    notes = [
        few_note(f"item {r.item}: its gap ({r.gap:+.2f})", int(r.n))
        for r in items.itertuples()
        if r.evidence == "too few answers"
    ]
    notes += [
        few_note(f"{r.dimension}: its gap ({r.gap:+.2f})", int(r.fewest_answers), partly=True)
        for r in dims.itertuples()
        if r.evidence == "too few answers"
    ]
    unclear = [
        f"{name} {r.gap:+.2f} [{r.ci_low:+.2f}, {r.ci_high:+.2f}]"
        for frame, key, kind in ((items, "item", "item "), (dims, "dimension", ""))
        for r in frame.itertuples()
        if r.evidence == "not shown" and (name := f"{kind}{getattr(r, key)}")
    ]
    if unclear:
        notes.append(
            f"not shown to differ from 0 at {confidence:.0%} confidence (the interval spans 0, so perception "
            f"may equal expectation): {'; '.join(unclear)}; do not read these as gaps, or as gaps closed, "
            "before more customers answer"
        )
    if overall.get("evidence") == "too few answers":
        notes.append(few_note("the overall score", int(overall["fewest_answers"]), partly=True))
    return notes


def _no_alpha(dimension: str, kind: str, complete: int) -> str:
    """Why an alpha is null, for ``notes``."""
    if complete < 2:
        why = f"{complete} respondent(s) answered all its items, and alpha needs two"
    else:
        why = f"the {complete} respondents who answered all its items have the same total (no variance)"
    return f"Cronbach's alpha of {dimension} {kind} is undefined (null): {why}"


def _negative_alpha(dimension: str, kind: str, alpha: float, x: Any, items: list[str]) -> str:
    """Why an alpha below 0 matters, naming the item whose reversal would raise it most."""
    from .reliability import cronbach_alpha

    values = x.astype(float)
    best, best_alpha = None, alpha
    for k, item in enumerate(items):
        flipped = values.copy()
        flipped[:, k] = -flipped[:, k]  # alpha does not depend on the shift of low + high - x
        a = cronbach_alpha(flipped)
        if not math.isnan(a) and a > best_alpha:
            best, best_alpha = item, a
    who = (
        f"item {best} runs against the others (reversed, alpha would be {best_alpha:.2f})"
        if best is not None and best_alpha >= 0
        else "no single item reversed would make it positive"
    )
    return (
        f"Cronbach's alpha of {dimension} {kind} is negative ({alpha:.2f}): its items do not measure one "
        f'thing; {who}. If an item is worded the other way round ("I waited too long"), mark it reversed '
        "in the instrument (a reversed column), or pass --wording 1988 for the standard items"
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

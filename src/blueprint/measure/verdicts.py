"""From the engine's numbers to outcomes and findings: what was left out, what passed, what failed.

:func:`data_findings` reads one source's aggregate rows: outcomes per spec and
group, the rows left out per metric and reason, and findings about the data
(unknown metric names, missing values, duplicates, an empty source).
:func:`finish` then judges every outcome and says, per standard and promise,
where delivery falls short (gap 3), where a promise is not kept (gap 4), where
there is too little data to tell, and where the data look recorded in
another unit.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..model.findings import Finding, Location
from ..model.vocabulary import Comparator, Quantity, Statistic
from .codes import finding
from .outcome import FAIL, IMPLAUSIBLE, NO_DATA, TOO_FEW, Outcome, judge, label, wilson
from .prepare import BLANK, MISSING, NEGATIVE, NO_TIMESTAMP, NOT_A_NUMBER, OUT_OF_RANGE
from .scale import implausible, weighted_median

if TYPE_CHECKING:
    from ..model.service import Service
    from .columns import Columns
    from .prepare import Prepared
    from .specs import Spec

__all__ = ["data_findings", "finish"]

_CODE = {
    MISSING: "BP343",
    NOT_A_NUMBER: "BP342",
    NEGATIVE: "BP344",
    OUT_OF_RANGE: "BP344",
    NO_TIMESTAMP: "BP349",
}
_WORDS = {Comparator.LE: "at most", Comparator.LT: "under", Comparator.GE: "at least", Comparator.GT: "over"}


def data_findings(
    service: Service,
    source: str,
    where: Location,
    specs: list[Spec],
    prepared: Prepared,
    rows_by_batch: list[tuple[list[Spec], list[dict[str, Any]]]],
    cols: Columns,
) -> tuple[list[Outcome], list[dict[str, Any]], list[Finding]]:
    """Outcomes, the exclusions table and the data findings of one measured source."""
    outcomes: list[Outcome] = []
    first: dict[str, str] = {}  # metric -> the spec whose rows count its exclusions
    for group, rows in rows_by_batch:
        by_spec: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_spec[row["_bp_sid"]].append(row)
        for spec in group:
            first.setdefault(spec.metric, spec.id)
            mine = by_spec.get(spec.id, [])  # in order of the groups: the engine sorts them
            outcomes.extend(_outcome(spec, prepared.keys, r) for r in mine)
            if not mine:
                outcomes.append(_outcome(spec, (), None))
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    unknown: dict[str, int] = defaultdict(int)
    for index, (_, rows) in enumerate(rows_by_batch):
        for row in rows:
            metric, sid = row["_bp_m"], row["_bp_sid"]
            if sid is None and index == 0 and metric not in service.metrics:
                unknown[metric if metric is not None else "(empty)"] += row["rows"]
            if sid is None or first.get(metric) != sid:
                continue
            totals[metric]["rows"] += row["rows"]
            totals[metric]["duplicates"] += row["duplicates"]
            for why, n in row["excluded"].items():
                totals[metric][why] += n
    findings: list[Finding] = []
    everything = sum(t["rows"] for t in totals.values()) + sum(unknown.values())
    if everything == 0:
        findings.append(
            finding("BP347", f"source {source!r} holds no observations", _REEXPORT, location=where)
        )
    if unknown:
        findings.append(_unknown(service, source, where, unknown, cols))
    exclusions: list[dict[str, Any]] = []
    for why in (*_CODE, "duplicate", BLANK):
        per_metric = {m: t["duplicates" if why == "duplicate" else why] for m, t in totals.items()}
        per_metric = {m: n for m, n in per_metric.items() if n}
        if not per_metric:
            continue
        columns = {m: _column(why, prepared, cols, m) for m in per_metric}
        exclusions.extend(
            {"source": source, "metric": m, "column": columns[m], "reason": why, "rows": n}
            for m, n in sorted(per_metric.items())
        )
        if why != BLANK:  # an empty cell in a wide table is a metric not observed on that row
            shown = sorted(set(columns.values()))
            column = f"column {shown[0]!r}" if len(shown) == 1 else f"columns {', '.join(map(repr, shown))}"
            findings.append(_excluded(source, where, why, column, per_metric, totals))
    return outcomes, exclusions, findings


def finish(
    service: Service,
    outcomes: list[Outcome],
    specs: list[Spec],
    min_observations: int,
    confidence: float,
    scale_check: bool,
    places: dict[str, Location],
    unread: set[str],
) -> list[Finding]:
    """Judge every outcome in place and return the gap 3 and gap 4 findings."""
    by_spec: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_spec[outcome.id].append(outcome)
    findings: list[Finding] = []
    for spec in specs:
        mine = by_spec.get(spec.id, [])
        for o in mine:
            if o.observations:
                o.share = o.met / o.observations
                o.ci_low, o.ci_high = wilson(o.met, o.observations, confidence)
            meets = spec.meets(o.raw) if o.raw is not None and spec.required is None else None
            o.status = judge(
                met=o.met, n=o.observations, required=spec.required,
                min_observations=min_observations, aggregate_meets=meets,
            )  # fmt: skip
        unit = _implausible(spec, mine) if scale_check else None
        if unit is not None:
            for o in mine:
                if o.observations:
                    o.status = IMPLAUSIBLE
            findings.append(_unit_finding(spec, mine, unit, places.get(spec.source or "")))
            continue
        failing = [o for o in mine if o.status == FAIL]
        if failing:
            code = "BP333" if spec.kind == "promise" else "BP330"
            findings.append(_failing(code, spec, mine, failing, _locate(service, spec)))
        few = [o for o in mine if o.status == TOO_FEW]
        if few:
            findings.append(_too_few(spec, mine, few, min_observations, _locate(service, spec)))
        if spec.source is None or spec.source in unread:
            continue
        if mine and all(o.status == NO_DATA for o in mine):
            findings.append(
                finding(
                    "BP332",
                    f"no valid observation of metric {spec.metric!r} in source {spec.source!r}",
                    "check that the source holds this metric under this name",
                    subject=spec.id,
                    location=_locate(service, spec),
                )
            )
    return findings


def _outcome(spec: Spec, keys: tuple[str, ...], row: dict[str, Any] | None) -> Outcome:
    o = Outcome(
        spec.kind, spec.id, spec.standard, spec.metric, spec.source, {}, spec.comparator.value,
        spec.shown_target, spec.unit, spec.statistic.value, spec.required, spec.q,
    )  # fmt: skip
    if row is None:
        o.excluded = {}
        return o
    o.keys = {k: _label(k, v) for k, v in zip(keys, row["keys"], strict=True)}
    o.rows, o.duplicates, o.excluded = row["rows"], row["duplicates"], row["excluded"]
    o.observations, o.met = row["n"], row["met"]
    o.raw = row["mean"] if spec.statistic is Statistic.MEAN else row["p"] if spec.q is not None else None
    o.raw_mean = row["mean"]
    o.observed, o.mean = _digits(spec.to_shown(o.raw)), _digits(spec.to_shown(row["mean"]))
    return o


@lru_cache(maxsize=65536)
def _label(key: str, value: Any) -> Any:
    return label(key, value)


def _digits(value: float | None) -> float | None:
    """Twelve significant digits: backends interpolate percentiles in different orders of
    operations, which moves the last bit; rounded, every backend reports the same number."""
    return None if value is None or value != value else float(f"{value:.12g}")


def _implausible(spec: Spec, outcomes: list[Outcome]) -> str | None:
    if spec.quantity not in (Quantity.DURATION, Quantity.PROPORTION) or not isinstance(spec.target, float):
        return None
    value = weighted_median([(_seen(o), o.observations) for o in outcomes if _seen(o) is not None])
    return implausible(observed=value, target=spec.target, data_unit=spec.data_unit)


def _seen(o: Outcome) -> float | None:
    """What the unit heuristic compares with the target: the percentile, else the mean."""
    return o.raw if o.raw is not None else o.raw_mean


def _unit_finding(spec: Spec, outcomes: list[Outcome], unit: str, where: Location | None) -> Finding:
    value = weighted_median([(_seen(o), o.observations) for o in outcomes if _seen(o) is not None])
    by_mean = spec.statistic is Statistic.MEAN or all(o.raw is None for o in outcomes)
    what = "the mean" if by_mean else f"the value at {_pct(spec.q or 0.5)}"
    return finding(
        "BP345",
        f"values of metric {spec.metric!r} in source {spec.source!r} look recorded in {unit}, not "
        f"{spec.data_unit}: {what} is {value:.3g} against a target of {spec.target:g} {spec.data_unit}; "
        f"{spec.kind} {spec.id!r} is not judged",
        f"export the data in {spec.data_unit}, or set the metric's unit: {unit} "
        "(or --no-scale-check if the target really is that far from delivery)",
        subject=spec.id,
        location=where,
    )


def _failing(code: str, spec: Spec, outcomes: list[Outcome], failing: list[Outcome], at: Any) -> Finding:
    shown = "; ".join(_describe(spec, o) for o in failing[:3])
    more = f"; and {len(failing) - 3} more" if len(failing) > 3 else ""
    judged = sum(1 for o in outcomes if o.status in ("pass", FAIL))
    scope = f" in {len(failing)} of {judged} groups: " if judged > 1 else ": "
    what = "promise" if spec.kind == "promise" else "standard"
    hint = (
        "deliver what is promised, or promise what the standard delivers"
        if spec.kind == "promise"
        else "find what slows delivery in these groups, or revisit the standard with staff"
    )
    return finding(
        code, f"{what} {spec.id!r} not met{scope}{shown}{more}", hint, subject=spec.id, location=at
    )


def _too_few(spec: Spec, outcomes: list[Outcome], few: list[Outcome], least: int, at: Any) -> Finding:
    groups = ", ".join(f"{o.group} ({o.observations})" for o in few[:5])
    more = f" and {len(few) - 5} more" if len(few) > 5 else ""
    return finding(
        "BP331",
        f"too few observations to judge {spec.id!r} in {len(few)} of {len(outcomes)} groups "
        f"(fewer than {least}): {groups}{more}",
        "collect more observations, group more coarsely, or lower min_observations knowingly",
        subject=spec.id,
        location=at,
    )


def _describe(spec: Spec, o: Outcome) -> str:
    where = "" if o.group == "all" else f"{o.group}: "
    if spec.required is None:
        value = f"{o.observed:.3g} {spec.unit}"
        return f"{where}{spec.statistic.value} {value} against {spec.comparator.value} {_target(spec)}"
    word = _WORDS.get(spec.comparator, "" if spec.quantity is Quantity.BINARY else "equal to")
    return (
        f"{where}{_pct(o.share or 0.0)} of {o.observations:,} {word + ' ' if word else ''}{_target(spec)} "
        f"({_pct(spec.required)} required)"
    )


def _target(spec: Spec) -> str:
    value = spec.shown_target
    if isinstance(value, bool):
        return str(value).lower()
    if spec.unit in ("share", "percent"):
        return f"{value * 100 if spec.unit == 'share' else value:g}%"
    return f"{value:g}" if spec.unit in ("count", "score") else f"{value:g} {spec.unit}"


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%".replace(".0%", "%")


def _locate(service: Service, spec: Spec) -> Location | None:
    if service.locator is not None:
        return service.locator(spec.id, None)
    return Location(service.source) if service.source else None


def _column(why: str, prepared: Prepared, cols: Columns, metric: str) -> str:
    """The column a reason is about: the timestamp, every column, or where the value is."""
    if why == NO_TIMESTAMP:
        return cols.timestamp
    if why == "duplicate":
        return "(all columns)"
    return prepared.value_column or metric  # the wide layout has a column per metric


def _excluded(
    source: str, where: Location, why: str, column: str, per_metric: dict[str, int], totals: Any
) -> Finding:
    left = sum(per_metric.values())
    total = sum(totals[m]["rows"] for m in per_metric)
    metrics = ", ".join(f"{m} {n:,}" for m, n in sorted(per_metric.items()))
    code = "BP346" if why == "duplicate" else _CODE[why]
    text = "duplicate copies (identical rows) counted once" if why == "duplicate" else f"left out: {why}"
    hint = {
        "BP343": "fill or remove the empty values at the source",
        "BP342": "write plain numbers (no units or text) in the value column",
        "BP344": "fix the impossible values at the source (a negative duration, a share above 1)",
        "BP349": "write timestamps as 2025-07-01 14:05:00",
        "BP346": "export each observation once, or add an id column (--columns id=NAME)",
    }[code]
    message = f"source {source!r} {column}: {left:,} of {total:,} rows {text} ({metrics})"
    return finding(code, message, hint, subject=source, location=where)


def _unknown(
    service: Service, source: str, where: Location, unknown: dict[str, int], cols: Columns
) -> Finding:
    parts = []
    for name, n in sorted(unknown.items(), key=lambda item: -item[1])[:5]:
        close = difflib.get_close_matches(name, list(service.metrics), n=1)
        parts.append(f"{name!r} ({n:,} rows" + (f", did you mean {close[0]!r}?)" if close else ")"))
    more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
    return finding(
        "BP348",
        f"source {source!r} column {cols.metric!r}: {sum(unknown.values()):,} rows name metrics the "
        f"service does not define, not used: {', '.join(parts)}{more}",
        "correct the metric names, or add the metrics to the service file",
        subject=source,
        location=where,
    )


_REEXPORT = "export the observations again; a header alone is not data"

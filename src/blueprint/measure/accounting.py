"""From one source's aggregate rows to outcomes, the exclusions table and the data findings.

Every row the engine read is accounted for: measured, left out for a reason
(counted per metric and reason), a duplicate copy, or a row naming a metric
the service does not know. The findings say how many of how many rows, per
metric, in which column, so a data owner can go straight to the problem.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..model.findings import Finding, Location
from ..model.vocabulary import Statistic
from .codes import finding
from .outcome import Outcome, label
from .prepare import BLANK, MISSING, NEGATIVE, NO_TIMESTAMP, NOT_A_NUMBER, OUT_OF_RANGE

if TYPE_CHECKING:
    from ..model.service import Service
    from .columns import Columns
    from .prepare import Prepared
    from .specs import Spec

__all__ = ["data_findings"]

_CODE = {
    MISSING: "BP343", NOT_A_NUMBER: "BP342", NEGATIVE: "BP344", OUT_OF_RANGE: "BP344", NO_TIMESTAMP: "BP349",
}  # fmt: skip


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

"""From one source's aggregate rows to outcomes, the exclusions table and the data findings.

Every row the engine read is accounted for: measured, left out for a reason
(counted per metric and reason), a duplicate copy, or a row naming a metric
the service does not know. The findings say how many of how many rows, per
metric, in which column, so a data owner can go straight to the problem.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..model.findings import Finding, Location
from ..model.units import converter
from ..model.vocabulary import Quantity, Statistic
from .codes import finding
from .outcome import NO_DATA, NOTHING_EXCLUDED, FrozenDict, Outcome, label
from .prepare import BLANK, MISSING, NEGATIVE, NO_TIMESTAMP, NOT_A_NUMBER, OUT_OF_RANGE

if TYPE_CHECKING:
    from ..model.service import Service
    from .columns import Columns
    from .ibis_queries import Measured
    from .prepare import Prepared
    from .specs import Spec

__all__ = ["data_findings", "unmeasured"]

_CODE = {
    MISSING: "BP343", NOT_A_NUMBER: "BP342", NEGATIVE: "BP344", OUT_OF_RANGE: "BP344", NO_TIMESTAMP: "BP349",
}  # fmt: skip


def data_findings(
    service: Service,
    source: str,
    where: Location,
    specs: list[Spec],
    prepared: Prepared,
    measured: Measured,
    cols: Columns,
) -> tuple[list[Outcome], list[dict[str, Any]], list[Finding]]:
    """Outcomes, the exclusions table and the data findings of one measured source."""
    spans = _spans(measured.spec)
    outcomes: list[Outcome] = []
    groups = _Groups(prepared.keys)
    for spec in specs:
        span = spans.get(spec.id)
        outcomes.extend(_outcomes(spec, measured, span, groups) if span else [unmeasured(spec)])
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for spec in specs:  # a metric's rows are counted once, in the groups of its first spec
        span = spans.get(spec.id)
        if span is None or spec.metric in totals:
            continue
        total = totals[spec.metric]
        total["rows"] += sum(measured.rows[span])
        total["duplicates"] += sum(measured.duplicates[span])
        for i in range(span.start, span.stop):
            for why, n in measured.excluded.get(i, {}).items():
                total[why] += n
    unknown: dict[str, int] = defaultdict(int)
    for metric, sid, n in zip(measured.metric, measured.spec, measured.rows, strict=True):
        if sid is None and metric not in service.metrics:
            unknown[metric if metric is not None else "(empty)"] += n
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
            finding_ = _excluded(source, where, why, column, per_metric, totals)
            if why == NOT_A_NUMBER:  # say how to write the values these metrics take, where they are
                quantities = {service.metrics[m].quantity for m in per_metric if m in service.metrics}
                finding_ = replace(finding_, hint=_number_hint(quantities, prepared.layout))
            findings.append(finding_)
    return outcomes, exclusions, findings


def unmeasured(spec: Spec) -> Outcome:
    """``spec``'s outcome where nothing was measured: ``no data``."""
    return Outcome(*_shared(spec))


def _spans(specs: list[str | None]) -> dict[str, slice]:
    """Where each spec's groups are among the measured ones (the engine keeps them adjacent)."""
    spans: dict[str, slice] = {}
    start = 0
    for i in range(1, len(specs) + 1):
        if i == len(specs) or specs[i] != specs[start]:
            sid = specs[start]
            if sid is not None:
                spans[sid] = slice(start, i)
            start = i
    return spans


def _outcomes(spec: Spec, measured: Measured, span: slice, groups: _Groups) -> Iterator[Outcome]:
    """``spec``'s outcome in each group it has rows in.

    A big measurement has hundreds of thousands of groups, so what is the
    same for all of a spec's groups is worked out once, outside the loop,
    and passed by position (keywords cost twice as much at that count).
    """
    shared, shown = _shared(spec), _shown(spec)
    by_mean, has_q = spec.statistic is Statistic.MEAN, spec.q is not None
    excluded = measured.excluded
    for i, key, rows, copies, n, met, mean, p in zip(
        range(span.start, span.stop), measured.keys[span], measured.rows[span], measured.duplicates[span],
        measured.n[span], measured.met[span], measured.mean[span], measured.p[span], strict=True,
    ):  # fmt: skip
        raw = mean if by_mean else p if has_q else None
        yield Outcome(
            *shared, groups.labels(key), rows, copies, excluded.get(i, NOTHING_EXCLUDED), n, met,
            None, None, None, shown(raw), shown(mean), NO_DATA, raw, mean,
        )  # fmt: skip


#: what :func:`_shared` gives: kind, id, standard, metric, source, comparator, target, unit,
#: statistic, required share and quantile
_Shared = tuple[str, str, str, str, str | None, str, float | bool, str, str, float | None, float | None]


def _shared(spec: Spec) -> _Shared:
    """The fields of an outcome that are the same in every group, in :class:`.Outcome`'s order."""
    return (
        spec.kind, spec.id, spec.standard, spec.metric, spec.source, spec.comparator.value,
        spec.shown_target, spec.unit, spec.statistic.value, spec.required, spec.q,
    )  # fmt: skip


def _shown(spec: Spec) -> Callable[[float | None], float | None]:
    """A value in the data unit as the outcome shows it: :meth:`.Spec.to_shown`, to twelve digits."""
    if spec.quantity is Quantity.BINARY or spec.unit == spec.data_unit:
        return _digits
    convert = converter(spec.data_unit, spec.unit)
    return lambda value: None if value is None else _digits(convert(value))


class _Groups:
    """Each group's keys as people read them, made once per group and shared by its outcomes."""

    def __init__(self, keys: tuple[str, ...]) -> None:
        self.keys = keys
        self._seen: dict[tuple[Any, ...], FrozenDict] = {}

    def labels(self, values: tuple[Any, ...]) -> FrozenDict:
        known = self._seen.get(values)
        if known is None:
            labels = {k: label(k, v) for k, v in zip(self.keys, values, strict=True)}
            known = self._seen[values] = FrozenDict(labels)
        return known


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
    return prepared.value_column or cols.dimensions.get(metric, metric)  # wide: a column per metric


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


def _number_hint(quantities: set[Quantity], layout: str) -> str:
    """How to write values of ``quantities`` that can be read, in the value column or the metric's own."""
    ways = ["plain numbers in the metric's unit (no unit words)"]
    if Quantity.DURATION in quantities:
        ways.append("for durations, stopwatch readings (1:52 is m:ss, 1:02:05 h:mm:ss) or ISO 8601 (PT1M52S)")
    if Quantity.BINARY in quantities:
        ways.append("for yes/no, 1/0, yes/no or true/false")
    where = "the value column" if layout == "long" else "each metric's column"
    return f"write {'; '.join(ways)} in {where}"


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

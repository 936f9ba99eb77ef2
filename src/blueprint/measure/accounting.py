"""From one source's aggregate rows to outcomes, the exclusions table and the data findings.

Every row the engine read is accounted for: measured, left out for a reason
(counted per metric and reason), a duplicate copy, or a row naming a metric
the service does not know. The findings say how many of how many rows, per
metric, in which column, so a data owner can go straight to the problem.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..model.findings import Finding, Location
from ..model.vocabulary import Quantity, Severity, Statistic
from .codes import finding
from .outcome import FrozenDict, Outcome, label
from .outcome_table import OutcomeTable, shared
from .prepare import BLANK, MISSING, NEGATIVE, NO_TIMESTAMP, NOT_A_NUMBER, OUT_OF_RANGE, SUMMARY
from .summary_rows import FIX

if TYPE_CHECKING:
    from ..model.service import Service
    from .columns import Columns
    from .fold import Measured
    from .prepare import Prepared
    from .specs import Spec

__all__ = ["data_findings", "unmeasured"]

#: how rows with an empty metric cell are named
_EMPTY = "(empty)"

_CODE = {
    MISSING: "BP343", NOT_A_NUMBER: "BP342", NEGATIVE: "BP344", OUT_OF_RANGE: "BP344", NO_TIMESTAMP: "BP349",
    SUMMARY: "BP352",
}  # fmt: skip


def data_findings(
    service: Service,
    source: str,
    where: Location,
    specs: list[Spec],
    prepared: Prepared,
    measured: Measured,
    cols: Columns,
) -> tuple[OutcomeTable, list[dict[str, Any]], list[Finding]]:
    """Outcomes (as columns), the exclusions table and the data findings of one measured source."""
    import numpy as np

    own = measured.spec >= 0
    every = bool(own.all())  # the usual case: no row names a metric the specs lack
    spec_of = measured.spec if every else measured.spec[own]

    def kept(values: np.ndarray) -> np.ndarray:
        return values if every else values[own]

    seen = np.zeros(len(specs), bool)
    seen[spec_of] = True
    lacking = [s for s, has in zip(specs, seen.tolist(), strict=True) if not has]
    labels = [
        FrozenDict({k: label(k, v) for k, v in zip(prepared.keys, key, strict=True)}) for key in measured.keys
    ]
    if every:
        excluded = dict(measured.excluded)
    else:
        moved = np.full(len(own), -1)
        moved[np.flatnonzero(own)] = np.arange(int(own.sum()))
        excluded = {int(moved[g]): left for g, left in measured.excluded.items() if moved[g] >= 0}
    counts = (kept(measured.rows), kept(measured.duplicates), kept(measured.n), kept(measured.met))
    statistic = np.array([0 if s.statistic is Statistic.MEAN else 1 if s.q is not None else 2 for s in specs]
                         or [2])[spec_of]  # fmt: skip
    mean, p = kept(measured.mean), kept(measured.p)
    raw = np.where(statistic == 0, mean, np.where(statistic == 1, p, np.nan))
    found = OutcomeTable(specs, spec_of, kept(measured.group), labels, counts, excluded, raw, mean)  # type: ignore[arg-type]
    outcomes = OutcomeTable.joined(specs, [found, OutcomeTable.empty(lacking)]) if lacking else found
    # A metric's rows are counted once, in the groups of its first spec.
    size = len(specs)
    first: dict[str, int] = {}
    for i in np.flatnonzero(seen).tolist():
        first.setdefault(specs[i].metric, i)
    at = np.fromiter(first.values(), np.int64, len(first))
    rows_of = dict(
        zip(first, np.bincount(spec_of, counts[0], size).astype(np.int64)[at].tolist(), strict=True)
    )
    lost: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))  # reason -> metric -> rows
    copies = np.bincount(spec_of, counts[1], size).astype(np.int64)
    if copies.any():
        lost["duplicate"].update(zip(first, copies[at].tolist(), strict=True))
    for g, left in measured.excluded.items():
        spec = int(measured.spec[g])
        if spec >= 0 and first[specs[spec].metric] == spec:
            for reason, n in left.items():
                lost[reason][specs[spec].metric] += n
    unknown: dict[str, int] = defaultdict(int)
    for metric, n, summaries in measured.strays:
        name = metric if metric is not None else _EMPTY
        if summaries:  # a totals row naming no metric of a standard's: left out as what it is
            rows_of[name] = rows_of.get(name, 0) + summaries
            lost[SUMMARY][name] += summaries
        if metric not in service.metrics and n > summaries:
            unknown[name] += n - summaries
    findings: list[Finding] = []
    everything = sum(rows_of.values()) + sum(unknown.values())
    if everything == 0:
        findings.append(
            finding("BP347", f"source {source!r} holds no observations", _REEXPORT, location=where)
        )
    if unknown:
        findings.append(_unknown(service, source, where, unknown, cols))
    exclusions: list[dict[str, Any]] = []
    for why in (*_CODE, "duplicate", BLANK):
        per_metric = {m: n for m, n in lost.get(why, {}).items() if n}
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
            column = "" if why == SUMMARY else column  # whole rows: the lines are named after
            finding_ = _excluded(source, where, why, column, per_metric, rows_of, everything)
            if why == NOT_A_NUMBER:  # say how to write the values these metrics take, where they are
                quantities = {service.metrics[m].quantity for m in per_metric if m in service.metrics}
                finding_ = replace(finding_, hint=_number_hint(quantities, prepared.layout))
                if Quantity.BINARY in quantities:
                    finding_ = _unread_checks(finding_, service, per_metric)
            findings.append(finding_)
    return outcomes, exclusions, findings


def unmeasured(spec: Spec) -> Outcome:
    """``spec``'s outcome where nothing was measured: ``no data``."""
    return Outcome(*shared(spec))


def _column(why: str, prepared: Prepared, cols: Columns, metric: str) -> str:
    """The column a reason is about: the timestamp, every column, or where the value is."""
    if why == NO_TIMESTAMP:
        return cols.timestamp
    if why == "duplicate":
        return "(all columns)"
    if why == SUMMARY:
        return "(whole rows)"
    return prepared.value_column or cols.dimensions.get(metric, metric)  # wide: a column per metric


def _excluded(
    source: str,
    where: Location,
    why: str,
    column: str,
    per_metric: dict[str, int],
    rows_of: dict[str, int],
    everything: int,
) -> Finding:
    left = sum(per_metric.values())
    # rows with an empty metric (a totals row's) are among all the source's rows, not a metric's
    total = everything if _EMPTY in per_metric else sum(rows_of[m] for m in per_metric)
    metrics = ", ".join(f"{'no metric' if m == _EMPTY else m} {n:,}" for m, n in sorted(per_metric.items()))
    code = "BP346" if why == "duplicate" else _CODE[why]
    text = "duplicate copies (identical rows) counted once" if why == "duplicate" else f"left out: {why}"
    hint = {
        "BP343": "fill or remove the empty values at the source",
        "BP342": "write plain numbers (no units or text) in the value column",
        "BP344": "fix the impossible values at the source (a negative duration, a share above 1)",
        "BP349": "write timestamps as 2025-07-01 14:05:00",
        "BP346": "export each observation once, or add an id column (--columns id=NAME)",
        "BP352": FIX,
    }[code]
    message = f"source {source!r}{' ' * bool(column)}{column}: {left:,} of {total:,} rows {text} ({metrics})"
    return finding(code, message, hint, subject=source, location=where)


def _number_hint(quantities: set[Quantity], layout: str) -> str:
    """How to write values of ``quantities`` that can be read, in the value column or the metric's own."""
    ways = ["plain numbers in the metric's unit"]
    if Quantity.DURATION in quantities:
        ways.append(
            "for durations, stopwatch readings (1:52 is m:ss, 1:02:05 h:mm:ss), 1m 52s or ISO 8601 (PT1M52S)"
        )
    if Quantity.BINARY in quantities:
        ways.append("for yes/no, 1/0, yes/no or true/false")
    if Quantity.PROPORTION in quantities:
        ways.append("for shares, 0.925 in a share metric, 92.5 in a percent one, or 92.5% in either")
    where = "the value column" if layout == "long" else "each metric's column"
    return f"in {where}, write {'; '.join(ways)}"


def _unread_checks(found: Finding, service: Service, per_metric: dict[str, int]) -> Finding:
    """A yes/no check that reads neither way may be one that failed: leaving it out could pass the
    standard on the checks that did read, so the finding is an error, not a warning."""
    checks = sorted(m for m in per_metric if m in service.metrics
                    and service.metrics[m].quantity is Quantity.BINARY)  # fmt: skip
    said = (f"a yes/no value that is neither yes nor no may be a check that failed, so the standards on "
            f"{', '.join(map(repr, checks))} cannot pass on the others: {found.hint}")  # fmt: skip
    return replace(found, severity=Severity.ERROR, hint=said)


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

"""Measure a service's standards and promises against operational data: :func:`measure`.

For each source named in ``measurement.source``: find it (a file next to the
service file or under ``data``, a DataFrame in ``tables``, or a backend
table), prepare its observations, run one aggregate per quantile batch, then
turn the numbers into outcomes and findings. A source that cannot be read or
lacks a column gives findings and ``no data`` outcomes; it never stops the
other sources.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from enum import Enum
from typing import TYPE_CHECKING, Any

from .._collector import collector_paused
from ..model.findings import Finding, Location
from ..model.vocabulary import Severity
from ..progress import watching
from . import clock_advice, duck, query_cache, summary_rows, time_advice, value_advice, workbook
from .accounting import data_findings
from .codes import finding
from .columns import Columns, grouping_keys, spelt
from .copies import counted_view
from .coverage import elsewhere, not_measured
from .ibis_queries import run
from .interval_report import interval_issue
from .outcome_table import OutcomeTable
from .prepare import NEGATIVE, NO_TIMESTAMP, NOT_A_NUMBER, OUT_OF_RANGE, Issue, prepare
from .result import MeasureResult
from .source_lines import TEXT_FILES
from .source_lookup import Place, open_source, shown_path
from .specs import Spec, compile_specs
from .verdicts import finish

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["DEFAULT_MIN_OBSERVATIONS", "measure", "whole_period_compliance"]

#: fewer valid observations than this in a group gives the status "too few"
DEFAULT_MIN_OBSERVATIONS = 30


class Read(Enum):
    """How reading one source went: measured (its percentiles exact or approximate), unreadable, missing."""

    OK = "ok"
    APPROXIMATE = "ok, approximate percentiles"
    UNREAD = "unread"
    MISSING = "missing"


def measure(
    service: Service,
    *,
    data: str | os.PathLike[str] | None = None,
    tables: Mapping[str, Any] | None = None,
    by: Iterable[str] | str = (),
    columns: Columns | Mapping[str, str] | str | None = None,
    backend: Any = None,
    min_observations: int = DEFAULT_MIN_OBSERVATIONS,
    confidence: float = 0.95,
    duplicates: bool = True,
    scale_check: bool = True,
    percentile: bool | str = True,
    promises: bool = True,
    allow_outside: bool = False,
    root: str | os.PathLike[str] | None = None,
    memory_limit: str | None = None,
    allow_unmeasured: bool = False,
    progress: bool | None = None,
) -> MeasureResult:
    """Hold every standard (and promise) of ``service`` against its observations.

    Parameters
    ----------
    service
        The loaded service; each standard's ``measurement.source`` names its data.
    data
        Folder holding the source files. A source ``data/checkin.csv`` is looked
        up as ``DATA/data/checkin.csv`` and then ``DATA/checkin.csv``. Default:
        sources are read relative to the service file's folder.
    tables
        Data supplied directly, by source name: DataFrames, Arrow or Ibis tables,
        or file paths. Takes precedence over files.
    by
        Grouping keys: dimension columns (``site``, ``channel``, ...) and time
        keys derived from the timestamp (``year``, ``quarter``, ``month``,
        ``date``, ``weekday``, ``hour``). ``"site,month"`` works too.
    columns
        Which column holds what (:class:`~blueprint.measure.columns.Columns`,
        or a mapping / ``"value=duration_s,site=hotel"`` text); a ``Columns``
        also carries the ``timestamp_format`` of sources that declare none.
    backend
        ``"duckdb"`` (default, in memory), another Ibis backend name such as
        ``"polars"``, or a connected Ibis backend (Spark, Trino, BigQuery, ...).
    min_observations
        Groups with fewer valid observations are ``too few``, not judged.
    confidence
        Level of the Wilson interval on each share.
    duplicates
        Count rows repeated in every column once (needs a timestamp or id column;
        see :mod:`.copies` for how a file's copies are found).
    scale_check
        Mark standards whose data look recorded in another unit as ``implausible``.
    percentile
        Report the observed percentile per group (``"approximate"``: the
        engine's approximate quantiles, used anyway on engines without exact
        ones). The verdict counts cases and does not need it; leaving it out
        makes big groupings several times faster.
    promises
        Also measure each promise's claim on its standard's data (gap 4).
    allow_outside, root
        File sources may not lead outside ``root`` (default: ``data``, or the
        service's project folder) unless ``allow_outside`` is true.
    memory_limit
        The most memory DuckDB may use, e.g. ``"2GB"`` (default: DuckDB's own,
        80% of the machine's). Big groupings spill to disk beyond it; a
        measurement that cannot fit says so in a finding. The duplicate
        check hashes rows outside DuckDB only while they fit in half the limit.
    allow_unmeasured
        A standard or promise with no valid observation is an error (BP334) unless
        this is true, when it is a warning. Standards marked ``measurement:
        {elsewhere: ...}`` are not measured and never count as unmeasured.
    progress
        Show a progress bar on standard error when the measurement runs longer than two
        seconds (DuckDB only). Default: on a terminal or in a notebook, unless ``CI`` is set.
    """
    keys = grouping_keys(by)
    if len(set(keys)) != len(keys):
        raise ValueError(f"a grouping key is repeated in {', '.join(keys)}")
    if isinstance(confidence, bool) or not 0 < confidence < 1:  # also refuses NaN
        raise ValueError(f"confidence {confidence!r} must be a number between 0 and 1, e.g. 0.95")
    if isinstance(min_observations, bool) or min_observations < 1:
        raise ValueError(f"min_observations {min_observations!r} must be 1 or more")
    cols = columns if isinstance(columns, Columns) else _columns(columns)
    specs, findings = compile_specs(service, promises=promises)
    engine = duck.Engine(backend, memory_limit)
    parts: list[OutcomeTable] = []
    exclusions: list[dict[str, Any]] = []
    by_source: dict[str | None, list[Spec]] = defaultdict(list)
    for spec in specs:
        by_source[spec.source].append(spec)
    place = Place(service, data, root, allow_outside)
    places: dict[str, Location] = {}
    unread: set[str] = set()
    broken: set[str] = set()  # sources that gave an error of their own
    refused: dict[str, str] = {}  # standards whose column was refused, and why
    missing: list[tuple[str, list[Spec]]] = []
    approximated: set[str] = set()
    opened: dict[str, tuple[Any, Columns, str]] = {}  # each source measured: its table, columns, layout
    with collector_paused(), watching(engine.duck, f"measuring {service.info.id}", progress):
        for source, group in by_source.items():
            if source is None:
                parts.append(OutcomeTable.empty(group))
                continue
            found, places[source], state = _measure_source(
                engine,
                service,
                source,
                group,
                keys,
                cols,
                place,
                tables or {},
                (duplicates, percentile),
                refused,
                opened,
            )
            if state is Read.APPROXIMATE:
                approximated.add(source)
            elif state is not Read.OK:
                unread.add(source)
            if state is Read.MISSING:  # reported once for all missing files, below
                missing.append((source, group))
            else:
                findings.extend(found[2])
                if any(f.severity is Severity.ERROR for f in found[2]):
                    broken.add(source)
            parts.append(found[0])
            exclusions.extend(found[1])
        if missing:
            findings.append(_missing_files(service, missing, place))
        outcomes = OutcomeTable.joined(specs, parts)
        judged = finish(service, outcomes, specs, min_observations, confidence, scale_check, places,
                        allow_unmeasured=allow_unmeasured)  # fmt: skip
        findings.extend(clock_advice.advise(judged, engine, opened, specs))
        absent = unread - broken
        findings.extend(
            not_measured(
                service,
                outcomes,
                specs,
                broken=broken,
                absent=absent,
                allow=allow_unmeasured,
                refused=refused,
                spoilt=_spoilt(exclusions),
            )
        )
    options = {
        "backend": engine.name,
        "min_observations": min_observations,
        "confidence": confidence,
        "duplicates": duplicates,
        "scale_check": scale_check,
        "percentile": "approximate" if approximated and percentile else percentile,
        "allow_unmeasured": allow_unmeasured,
    }
    return MeasureResult(outcomes, keys, findings, exclusions, service.info.id, options, elsewhere(service))


def whole_period_compliance(
    service: Service, data: str | os.PathLike[str]
) -> dict[str, tuple[str, float | None]]:
    """Each standard's status and share met over the whole period of the data in the folder ``data``.

    The elements view draws these on its cells (``blueprint render --view
    elements --data DIR``); promises are left out. A standard without data
    has the status ``no data`` and no share.
    """
    result = measure(service, data=data, promises=False)
    return {o.id: (o.status, o.share) for o in result.outcomes if o.kind == "standard"}


def _measure_source(
    engine: duck.Engine,
    service: Service,
    source: str,
    specs: list[Spec],
    keys: tuple[str, ...],
    cols: Columns,
    place: Place,
    tables: Mapping[str, Any],
    options: tuple[bool, bool | str],
    refused: dict[str, str],
    opened: dict[str, tuple[Any, Columns, str]],
) -> tuple[tuple[OutcomeTable, list[dict[str, Any]], list[Finding]], Location, Read]:
    """What one source gives, where it is, and whether it was measured, unread or missing.

    Standards left unmeasured by the source's columns are added to ``refused``, with why.
    """
    table, issue, where = open_source(engine, source, place, tables)
    at = Location(where)
    empty = OutcomeTable.empty(specs)
    if issue is not None:
        state = Read.MISSING if issue.missing else Read.UNREAD
        return (empty, [], [_issue_finding(issue, source, at, specs)]), at, state
    cols, clash = time_advice.declared(cols, specs)  # the source's own timestamp format
    if clash is not None:
        _refuse(refused, source, specs, [clash])
        return (empty, [], [_issue_finding(clash, source, at, specs)]), at, Read.UNREAD
    metrics = {s.metric: s.quantity for s in specs}
    units: dict[str, str] = {}
    for spec in specs:  # a metric's data unit: its own, else its first standard's (BP350 says so)
        units.setdefault(spec.metric, spec.data_unit)
    duplicates, percentile = options
    stopped: list[Issue] = []  # columns that stop some metrics, not the source
    notes: list[Issue] = []  # how the duplicate check went, where it went a shorter way
    ticks: dict[str, str] = {}  # Arrow durations a Parquet file keeps as integers
    summaries = summary_rows.looked_for(where, table.files if isinstance(table, duck.View) else ())
    try:
        fingerprint, hit, counted, constant = None, None, None, {}
        if isinstance(table, duck.View):  # a file on DuckDB: the query may be known already
            ticks, constant = dict(table.durations), dict(table.constant)
            counted = counted_view(engine.duck, table, cols, notes) if duplicates else None
            table = counted or table
            # the summary-row check is part of the query, so it is part of its key
            fingerprint = query_cache.key(engine.duck, table, specs, cols, keys, (*options, summaries))
            hit = query_cache.lookup(engine.duck, fingerprint, specs)
            if (
                hit is not None
                and (now := clock_advice.still_read(engine, table, cols, specs, hit[0])) is not None
            ):
                hit = (now, *hit[1:])
            elif hit is not None:  # the file's readings of two fields now say otherwise: compile anew
                hit = None
            table = engine.con.table(table.name) if hit is None else table
        if hit is not None:
            prepared, measured, approximate, stopped = hit
        else:
            ready, stopped = prepare(
                table, cols, keys, metrics, duplicates=duplicates, counted=counted is not None, units=units,
                backend=engine.name, ticks=ticks, summaries=summaries, text=summary_rows.text_export(where),
                constant=constant,
            )  # fmt: skip
            if ready is None:
                _refuse(refused, source, specs, stopped)
                refusals = workbook.on_first_sheet(
                    [_issue_finding(i, source, at, specs) for i in stopped], where
                )
                return (empty, [], refusals), at, Read.UNREAD
            prepared = ready
            keep_on = engine.duck if fingerprint is not None else None  # a file: its SQL can be kept
            ran = run(engine.con, prepared, specs, percentile=percentile, duck=keep_on)
            measured, approximate = ran.measured, ran.approximate
            if fingerprint is not None and ran.sql is not None:
                query_cache.remember(
                    fingerprint, ran.sql, prepared, ran.qs, approximate, len(measured.spec), stopped
                )
    except Exception as exc:  # a file may break only when fully read; the backend decides the type
        text = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        hint = "check the file and the column types"
        if summaries != frozenset() and "conversion error" in text.lower():  # a totals row broke a type
            hint = summary_rows.BREAKS
        if "out of memory" in text.lower():
            hint = duck.MEMORY_HINT
        issue = Issue("BP340", f"cannot be measured: {text}", hint)
        return (empty, [], [_issue_finding(issue, source, at, specs)]), at, Read.UNREAD
    state = Read.APPROXIMATE if approximate and percentile is True else Read.OK
    names = _names(engine, table)
    written = _as_written(names, cols, specs, prepared.layout)  # the columns as the file spells them
    if (periods := interval_issue(names)) is not None:
        notes.append(periods)
    outcomes, exclusions, found = data_findings(service, source, at, specs, prepared, measured, written)
    _refuse(refused, source, specs, stopped)
    found = [*found, *(_issue_finding(i, source, at, specs) for i in notes)]
    found = time_advice.advise(found, engine, table, cols, source)
    found = value_advice.advise(found, engine, table, cols, specs, prepared.layout, where)
    known = prepared.clocks  # what the preparation, or the check of a kept query, found
    found += clock_advice.evidenced(engine, table, cols, specs, prepared.layout, source, at, where, known)
    opened[source] = (table, cols, prepared.layout)  # for the unit check's advice, after every source
    found = summary_rows.advise(found, where)
    stops = workbook.on_first_sheet([_issue_finding(i, source, at, specs) for i in stopped], where)
    return (outcomes, exclusions, stops + found), at, state


def _names(engine: duck.Engine, table: Any) -> list[str]:
    """The source's columns as it spells them."""
    if isinstance(table, duck.View):
        return [row[0] for row in engine.duck.execute(f'DESCRIBE "{table.name}"').fetchall()]
    return list(table.columns)


def _as_written(names: list[str], cols: Columns, specs: list[Spec], layout: str) -> Columns:
    """``cols`` naming each column as the source spells it (``Time Stamp``, not ``timestamp``), and in
    the wide layout each metric's own column."""
    matched = cols.matched(names)
    if layout != "wide":
        return matched
    own = {m: spelt(cols.dimensions.get(m, m), names) for m in {s.metric for s in specs}}
    return replace(matched, dimensions={**matched.dimensions, **own})


def _refuse(refused: dict[str, str], source: str, specs: list[Spec], issues: list[Issue]) -> None:
    """Note why each standard an issue about the source's columns leaves unmeasured is not measured."""
    for issue in issues:
        for spec in specs:
            if not issue.metrics or spec.metric in issue.metrics:
                refused.setdefault(spec.id, f"its source {source!r}: {issue.message}")


def _missing_files(service: Service, missing: list[tuple[str, list[Spec]]], place: Place) -> Finding:
    """One finding for all the source files that are not there, at the service file."""
    names = [source for source, _ in missing]
    shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
    count = len({s.standard for _, group in missing for s in group})
    return finding(
        "BP332",
        f"{len(names)} source file(s) not found under {shown_path(place.base)}, so {count} standard(s) "
        f"are not measured: {shown}",
        "point --data at the folder holding the operational data, or generate the example data "
        "(blueprint example-data --out DIR)",
        subject=service.info.id,
        location=Location(service.source) if service.source else None,
    )


#: the findings about a column's name in the header (a unit, an interval report's column): placed at line 1
_HEADER_CODES = ("BP345", "BP353")


def _issue_finding(issue: Issue, source: str, where: Location, specs: list[Spec]) -> Finding:
    """The finding of a problem with a source, naming the standards it leaves unmeasured; one about a
    text file's header (a column missing, a unit in a column's name) points at its first line."""
    names = ", ".join(sorted({s.standard for s in specs if not issue.metrics or s.metric in issue.metrics}))
    header = issue.column is not None and (
        issue.message.startswith("no column") or issue.code in _HEADER_CODES
    )
    if header and (where.file or "").lower().endswith(TEXT_FILES):
        where = Location(where.file, 1, 1)
    return finding(
        issue.code,
        f"source {source!r}: {issue.message} (standards: {names})",
        issue.hint,
        subject=source,
        location=where,
    )


def _spoilt(exclusions: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """Per source and metric, the rows that were there but could not be read, and why (``40 not a number``).

    Empty cells, missing values, copies and summary rows are no data; these are data that is broken.
    """
    said: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in exclusions:
        if e["reason"] in (NOT_A_NUMBER, NEGATIVE, OUT_OF_RANGE, NO_TIMESTAMP):
            said[(e["source"], e["metric"])].append(f"{e['rows']:,} {e['reason']}")
    return {key: ", ".join(parts) for key, parts in said.items()}


def _columns(value: Mapping[str, str] | str | None) -> Columns:
    if value is None or isinstance(value, str):
        return Columns.parse(value)
    return Columns().with_mapping(dict(value))

"""Turn an operational table into clean long observations, keeping count of every bad row.

The result has one row per observation: the metric (``_bp_m``), the
value as a number in the metric's data unit (``_bp_x``), why the value cannot
be used (``_bp_bad``, a :data:`CODE`, 0 when it can), whether the timestamp is unreadable
(``_bp_tbad``) and the grouping keys (``_bp_k0``, ``_bp_k1``, ...). A further
copy of a row identical in every column is a row left out as a
:data:`DUPLICATE`; where the backend can only group the rows, there is one
row per distinct row and ``_bp_n`` counts its copies (the result is
*weighted*). Nothing is dropped here: the engine counts the bad rows per
reason and measures the rest, so no number is ever computed from rows that
vanished without a word.

Two layouts are read. *Long*: a metric column names the metric of each row
and a value column holds the value. *Wide*: no metric column, but columns
named after metric ids (``checkin-duration``), one value per metric per row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from ..model.units import UNITS
from ..model.vocabulary import Quantity
from .cell_values import metric_names, read_number, trimmed
from .clock_evidence import in_hours
from .columns import TIME_KEYS, Columns, closest, spelt
from .header_units import header_clock, unit_issue
from .reasons import (
    BLANK,
    CODE,
    DUPLICATE,
    MISSING,
    NEGATIVE,
    NO_TIMESTAMP,
    NOT_A_NUMBER,
    OUT_OF_RANGE,
    REASONS,
    SUMMARY,
)
from .summary_rows import flag
from .time_text import EXCEL, java_pattern, serial_hint, time_key, timestamp_of

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = [  # the reasons and read_number are at home in .reasons and .cell_values
    "BLANK", "CODE", "DUPLICATE", "MISSING", "NEGATIVE", "NOT_A_NUMBER", "NO_TIMESTAMP", "OUT_OF_RANGE",
    "REASONS", "RESERVED", "SUMMARY", "Issue", "Prepared", "checks_duplicates", "prepare", "read_number",
    "reserved",
]  # fmt: skip

#: the prefix of the working columns (``_bp_m``, ``_bp_x``, ...): a source may not use it
RESERVED = "_bp_"


def reserved(name: str) -> bool:
    """Whether column ``name`` uses the working columns' prefix, in any letter case.

    DuckDB's names ignore case: a source's ``_BP_copy`` would clash with the
    working ``_bp_copy``, which DuckDB would then rename to ``_bp_copy_1``.
    """
    return name[: len(RESERVED)].lower() == RESERVED


class Issue(NamedTuple):
    """A problem with the source as a whole: a finding code, message, hint and column."""

    code: str
    message: str
    hint: str | None = None
    column: str | None = None
    #: the source file is not there at all (reported once for all such files)
    missing: bool = False
    #: the metrics whose standards it leaves unmeasured (empty: every metric of the source)
    metrics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prepared:
    """Clean long observations of one source, with what was checked on the way."""

    table: Any  # ibis Table
    keys: tuple[str, ...]
    layout: str
    duplicates_checked: bool
    value_column: str | None
    #: one row per distinct row, its copies counted in ``_bp_n`` (else copies are rows, flagged)
    weighted: bool = False
    clocks: tuple[Any, ...] | None = None  # BP354's evidence (:mod:`.clock_evidence`); None: not looked at


def prepare(
    table: ir.Table,
    columns: Columns,
    keys: tuple[str, ...],
    metrics: dict[str, Quantity],
    *,
    duplicates: bool = True,
    counted: bool = False,
    units: Mapping[str, str] | None = None,
    backend: str = "duckdb",
    ticks: Mapping[str, str] | None = None,
    summaries: frozenset[str] | None = frozenset(),
    text: bool = False,
    constant: Mapping[str, str] | None = None,
) -> tuple[Prepared | None, list[Issue]]:
    """The clean observations of ``table`` for ``metrics``, or None, and the issues found.

    ``keys`` are the grouping keys (dimension names or time keys such as
    ``month``); ``metrics`` maps the metric ids the standards on this source
    measure to their quantity (yes/no metrics also read ``yes``/``no`` text,
    duration metrics also stopwatch readings and ISO 8601 durations, see
    :mod:`.durations`). ``units`` gives each metric's data unit (a duration
    written as ``1:52`` is converted to it; default seconds); ``backend`` is
    the Ibis backend's name (intervals are read differently on DuckDB).
    ``ticks`` names integer columns that hold durations, with the unit of
    their ticks (``ns``): a Parquet file's Arrow durations, read on DuckDB.
    ``counted``: ``table`` flags each further copy of a row in ``_bp_copy``
    already (:mod:`.copies`), so the duplicate check needs no grouping.
    ``summaries``: the columns in which a cell saying ``Total``, ``Average``
    ... makes a row a summary row, left out (none by default; None: every
    text column; see :mod:`.summary_rows`). ``text``: the source is a text
    export (CSV, TSV, Excel), whose blank rows are no rows. ``constant``: columns of one value
    throughout (:func:`.duck.open_view`); a metric column among them is not read.

    An issue that stops every metric gives None. In the wide layout, a column
    of the wrong type stops only its own metric: its issue names the metric
    (:attr:`Issue.metrics`) and the others are prepared.
    """
    import ibis

    names = set(table.columns)
    columns = columns.matched(names)  # a column named in another letter case is still found
    unmapped = {k: spelt(k, names) for k in keys if k not in TIME_KEYS and k not in columns.dimensions}
    columns = columns.with_mapping({k: name for k, name in unmapped.items() if name != k})  # --by site: Site
    issues: list[Issue] = [
        Issue("BP341", f"column {name!r} starts with {name[:len(RESERVED)]!r}, which Blueprint keeps (in "
              "any letter case) for its working columns", "rename the column at the source", name)
        for name in sorted(names - {"_bp_copy"} if counted else names) if reserved(name)
    ]  # fmt: skip
    where = {m: spelt(columns.dimensions.get(m, m), names) for m in metrics}  # its column if wide
    wide = [m for m in metrics if where[m] in names] if columns.metric not in names else []
    if columns.metric not in names and not wide:
        either = f"or a column named after a metric: {_few(metrics)}"
        hint = (
            "name the metric column (--columns metric=NAME) for one row per observation, or map each "
            f"metric to its own column (--columns {sorted(metrics)[0]}=NAME) for one row per event"
        )
        issues.append(_missing(columns.metric, "metric", "metric", either)._replace(hint=hint))
    if columns.metric in names and columns.value not in names:
        issues.append(_missing(columns.value, "value", "value"))
    has_time = columns.timestamp in names
    timed = [k for k in keys if k in TIME_KEYS]
    if timed and not has_time:
        needs = f"grouping by {timed[0]} needs it"
        issues.append(_missing(columns.timestamp, "timestamp", "timestamp", needs, by=keys, without=timed))
    for key in keys:
        if key not in TIME_KEYS and columns.column_for(key) not in names:
            role = f"the grouping key {key!r}"
            issue = _missing(columns.column_for(key), role, key, by=keys, without=[key])
            if key == "site" and (like := [n for n in sorted(names) if _case(n) in _SITE_WORDS]):
                issue = issue._replace(hint=f"the file's {like[0]!r} names the site: --columns "
                                       f"site={like[0]}; or {issue.hint}")  # fmt: skip
            issues.append(issue)
    if columns.id is not None and columns.id not in names:
        issues.append(_missing(columns.id, "the observation id", "id"))
    ticks = ticks or {}
    if columns.value in names and columns.metric in names:
        issues.extend(_wrong_type(columns.value, table[columns.value].type(), metrics, ticks))
    wrong = {
        m: _wrong_type(where[m], table[where[m]].type(), {m: metrics[m]}, ticks, wide=True)
        + _unit_said(where[m], {m: metrics[m]}, units or {})
        for m in wide
    }
    if columns.value in names and columns.metric in names:  # one value column: its unit is every metric's
        issues.extend(_unit_said(columns.value, metrics, units or {}))
    stopped = [issue for found in wrong.values() for issue in found]  # these stop their metric only
    stopped += [  # the wide layout: a metric without its column is not measured, and this says why
        _missing(where[m], f"metric {m!r}", m, closest(where[m], names))._replace(metrics=(m,))
        for m in (metrics if wide else ())
        if where[m] not in names
    ]
    wide = [m for m in wide if not wrong[m]]
    fmt = columns.timestamp_format
    if has_time and not _time_type(table[columns.timestamp], fmt):
        issues.append(
            Issue("BP341", f"column {columns.timestamp!r} holds {table[columns.timestamp].type()}, "
                  "not dates and times", serial_hint(table[columns.timestamp])
                  or "map the column that holds when each observation was made", columns.timestamp)
        )  # fmt: skip
    kind = table[columns.timestamp].type() if has_time else None
    text_time = kind is not None and (kind.is_string() or (fmt == EXCEL and kind.is_numeric()))
    spark = backend == "pyspark" and fmt is not None and (fmt == EXCEL or java_pattern(fmt) is not None)
    if text_time and ((fmt and backend != "duckdb" and not spark) or backend == "polars"):
        what = (
            f"the timestamp format {fmt!r} is not read on {backend}"
            if fmt
            else f"read as text, not dates and times, on {backend} (dates written day or month first, "
            "or a cell that is no time, such as a totals row)"
        )
        issues.append(
            Issue("BP341", f"column {columns.timestamp!r}: {what}",
                  "measure on DuckDB (--backend duckdb) with the format declared (timestamp_format), or "
                  "write the timestamps as ISO 8601 (2026-12-07 09:30:00)", columns.timestamp)
        )  # fmt: skip
    if issues or (stopped and not wide):
        own = sorted(names - {"_bp_copy"} if counted else names)  # not the duplicate check's column
        shown = f"the file's columns: {', '.join(repr(n) for n in own)}"
        return None, [i._replace(hint=f"{i.hint}; {shown}") if i.message.startswith("no column") else i
                      for i in issues] + stopped  # fmt: skip

    clocks, found = in_hours(table, metrics, {m: where[m] for m in wide}, columns.value, columns.metric)
    checked = counted or checks_duplicates(names, columns, duplicates)
    weighted = checked and not counted
    if weighted:
        # A duplicate is a row identical in every column of the source, used or not: two calls in
        # the same second at two hotels are two calls, even when the measurement ignores the hotel.
        table = table.group_by(list(table.columns)).aggregate(_bp_n=table.count())
    # A row empty in every column (';;;' where a spreadsheet saved a blank row) is no observation, as
    # a workbook's empty rows are not: neither a copy of another blank row nor a group of its own. Only
    # a text export has them: on Parquet the test would read every column, used or not.
    own = [name for name in table.columns if name not in ("_bp_n", "_bp_copy")]
    if text and own:
        table = table.filter(~ibis.and_(*(table[name].isnull() for name in own)))
    # Keep only the columns we use, under names that cannot clash with the user's.
    picked: dict[str, Any] = {"_bp_n": table["_bp_n"]} if weighted else {}
    if counted:
        picked["_bp_copy"] = table["_bp_copy"]
    if (summary := flag(table, summaries) if summaries != frozenset() else None) is not None:
        picked["_bp_sum"] = summary  # a text export's totals row (:mod:`.summary_rows`)
    if has_time:
        picked["_bp_traw"] = table[columns.timestamp]
    if columns.id is not None:
        picked["_bp_id"] = table[columns.id]
    dims = [k for k in keys if k not in TIME_KEYS]
    for key in dims:  # 'Leeds ' padded by a fixed-width export is the branch 'Leeds', not one beside it
        column = table[columns.column_for(key)]
        picked[f"_bp_d_{key}"] = trimmed(column, backend) if column.type().is_string() else column
    if wide:
        picked.update({f"_bp_w{i}": table[where[m]] for i, m in enumerate(wide)})
    else:
        picked["_bp_m"] = metric_names(table[columns.metric], (constant or {}).get(columns.metric))
        picked["_bp_v"] = table[columns.value]
    base = table.select(**picked)

    rest = [c for c in base.columns if not c.startswith(("_bp_w", "_bp_v", "_bp_m"))]
    # Seconds per data unit of each duration metric: durations written as 1:52 are converted with it.
    per = {
        m: UNITS.get((units or {}).get(m, ""), (q, 1.0))[1]
        for m, q in metrics.items()
        if q is Quantity.DURATION
    }
    # What one percent is in each share or percent metric's data unit: '92.5%' is read with it.
    pct = {
        m: 0.01 / UNITS[(units or {}).get(m, "share")][1]
        for m, q in metrics.items()
        if q is Quantity.PROPORTION and (units or {}).get(m, "share") in UNITS
    }
    if wide:
        parts = [
            base.select(
                *rest,
                _bp_m=ibis.literal(m),
                **read_number(
                    base[f"_bp_w{i}"],
                    metrics[m] is Quantity.BINARY,
                    BLANK,
                    ibis.literal(per[m]) if m in per else None,
                    backend,
                    ticks.get(where[m]),
                    pct=ibis.literal(pct[m]) if m in pct else None,
                    hours=header_clock(where[m]) or m in clocks,
                    labelled=metrics[m] is Quantity.SCORE,
                ),
            )
            for i, m in enumerate(wide)
        ]
        long = parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=False)
    else:
        binary = [m for m, q in metrics.items() if q is Quantity.BINARY]
        words = base["_bp_m"].isin(binary) if binary else None
        # One branch per factor, not per metric: ten thousand metrics in seconds are one test. Plain
        # numbers are never read as durations: their column needs no factor at all.
        kind, tick = base["_bp_v"].type(), ticks.get(columns.value)
        read_as_time = not (kind.is_boolean() or kind.is_numeric()) or (
            tick is not None and kind.is_integer()
        )
        factors: dict[float, list[str]] = {}
        for m, f in per.items():
            factors.setdefault(f, []).append(m)
        seconds = (
            ibis.cases(
                *((base["_bp_m"].isin(ms), ibis.literal(f)) for f, ms in factors.items()),
                else_=ibis.null("float64"),
            )
            if per and read_as_time
            else None
        )
        shares: dict[float, list[str]] = {}
        for m, f in pct.items():
            shares.setdefault(f, []).append(m)
        percent = (  # only text holds a percent sign
            ibis.cases(*((base["_bp_m"].isin(ms), f) for f, ms in shares.items()), else_=ibis.null("float64"))
            if shares and kind.is_string()
            else None
        )
        scores = [m for m, q in metrics.items() if q is Quantity.SCORE]  # '5 - Very satisfied' is 5
        long = base.select(
            *rest,
            _bp_m=base["_bp_m"],
            **read_number(
                base["_bp_v"],
                words,
                MISSING,
                seconds,
                backend,
                ticks.get(columns.value),
                pct=percent,
                hours=header_clock(columns.value)
                or (base["_bp_m"].isin(sorted(clocks)) if clocks else False),
                labelled=base["_bp_m"].isin(scores) if scores and kind.is_string() else None,
            ),
        )

    derived: dict[str, Any] = {}
    if has_time:
        stamp = timestamp_of(long["_bp_traw"], backend, fmt)
        derived["_bp_tbad"] = stamp.isnull()
        derived.update({f"_bp_k{keys.index(k)}": time_key(stamp, k) for k in timed})
    else:
        derived["_bp_tbad"] = ibis.literal(False)
    derived.update({f"_bp_k{keys.index(k)}": long[f"_bp_d_{k}"] for k in dims})
    if summary is not None or counted:  # a totals row measures no metric; a further copy is a copy first
        b = long["_bp_bad"] if summary is None else ibis.ifelse(long["_bp_sum"], CODE[SUMMARY], long._bp_bad)
        derived["_bp_bad"] = (ibis.ifelse(long._bp_copy, CODE[DUPLICATE], b) if counted else b).cast("int8")
    out = long.mutate(**derived)
    keep = ["_bp_m", "_bp_x", "_bp_bad", "_bp_tbad", *(["_bp_n"] if weighted else []),
            *(f"_bp_k{i}" for i in range(len(keys)))]  # fmt: skip
    value_column = None if wide else columns.value
    layout = "wide" if wide else "long"
    return Prepared(out.select(*keep), keys, layout, checked, value_column, weighted, found), stopped


def checks_duplicates(names: Any, columns: Columns, duplicates: bool = True) -> bool:
    """Whether rows identical in every column count once: only when each row says when, or which, it is.

    Without a timestamp or an id, two identical rows may be two calls that took as long.
    """
    return duplicates and (columns.timestamp in names or columns.id is not None)


def _unit_said(column: str, metrics: Mapping[str, Quantity], units: Mapping[str, str]) -> list[Issue]:
    """The issue of a header naming another duration unit than its metrics' (:mod:`.header_units`)."""
    said = unit_issue(column, metrics, units)
    return [] if said is None else [Issue("BP345", said[0], said[1], column, metrics=said[2])]


def _wrong_type(
    name: str, kind: Any, metrics: Mapping[str, Quantity], ticks: Mapping[str, str], wide: bool = False
) -> list[Issue]:
    """Why column ``name`` of type ``kind`` cannot hold the values of ``metrics`` (none when it can).

    Numbers, booleans and text can (text is read cell by cell); interval and
    time types, and the integers of ``ticks``, hold durations. In the wide
    layout the issue names its metric, so that only that metric's standards
    go unmeasured.
    """
    durations = Quantity.DURATION in metrics.values()
    held = "durations" if name in ticks and kind.is_integer() else str(kind)
    if held == "durations" or kind.is_interval() or kind.is_time():
        if durations:
            return []
    elif kind.is_numeric() or kind.is_boolean() or kind.is_string():
        return []
    if not wide:
        hint = "map the column that holds the measured values: --columns value=NAME"
        return [Issue("BP342", f"column {name!r} holds {held}, not numbers", hint, name)]
    what, hint = _WRITE.get(next(iter(metrics.values())), _WRITE[None])
    return [Issue("BP342", f"column {name!r} holds {held}, not {what}", hint, name, metrics=tuple(metrics))]


#: what a wide column of each quantity should hold, and how to write it
_WRITE = {
    Quantity.DURATION: ("durations", "write each duration as a number in the metric's unit, a stopwatch "
                        "reading (1:52 is m:ss, 1:02:05 h:mm:ss) or ISO 8601 (PT1M52S)"),
    Quantity.BINARY: ("yes/no values", "write yes/no values as 1/0, yes/no or true/false"),
    None: ("numbers", "write the values as plain numbers"),
}  # fmt: skip


def _time_type(column: Any, fmt: str | None = None) -> bool:
    kind = column.type()
    serial = fmt == EXCEL and kind.is_numeric() and not kind.is_boolean()
    return bool(kind.is_timestamp() or kind.is_date() or kind.is_string() or serial)


#: what exports call the place a service is delivered at, the default grouping key 'site' (lower case)
_SITE_WORDS = frozenset(
    ("branch", "store", "shop", "location", "outlet", "hotel", "clinic", "practice", "depot", "dealer",
     "dealership", "garage", "workshop", "restaurant", "station", "agence", "filiale", "standort")
)  # fmt: skip


def _case(name: str) -> str:
    return name.strip().casefold()


def _missing(
    column: str,
    role: str,
    key: str,
    extra: str | None = None,
    *,
    by: Sequence[str] = (),
    without: Sequence[str] = (),
) -> Issue:
    """BP341 for a missing column; for one a grouping needs (``without`` among the keys ``by``), the fix
    also says how to group without it, as an export may have no such column at all."""
    what = f"no column {column!r} for {role}" + (f" ({extra})" if extra else "")
    hint = f"rename the column, or map yours: --columns {key}=NAME"
    if "|" in column or key == "timestamp":  # one mapping serves every source of the run
        hint += f" (exports that name it differently: {key}=NAME|OTHER)"
    if without:
        rest = [k for k in by if k not in without]
        hint += "; or group without it: " + (f"--by {','.join(rest)}" if rest else "leave out --by")
    return Issue("BP341", what, hint, column)


def _few(names: Any) -> str:
    shown = sorted(names)[:3]
    return ", ".join(shown) + (", ..." if len(names) > 3 else "")

"""Compile specs into one aggregate Ibis expression per source and run it on any Ibis backend.

The specs of one source become a small table (spec id, metric, comparator,
target, bounds) joined to the observations on the metric, so ten thousand
standards cost one scan rather than ten thousand. One aggregate, grouped by
metric, spec, the grouping keys and the reason a row is left out, returns:
rows read, duplicate copies, how many meet the target, and the observed
percentiles. A quantile must be a constant in SQL, so each distinct quantile
the specs report is one aggregate (on DuckDB, one aggregate for all of them);
most standards share a few (0.95, 0.9).

Percentiles are the costly part on big data: sorting every group's values.
``percentile=False`` leaves them out (the verdict counts cases and needs no
percentile) and keeps the mean, which the unit heuristic then uses.

Nothing here is DuckDB-specific: the same expression runs on Polars, Spark,
Trino or BigQuery through their Ibis backends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from ..model.vocabulary import Comparator, Quantity, Statistic
from .fold import Measured, fold
from .prepare import CODE, NEGATIVE, NO_TIMESTAMP, OUT_OF_RANGE, REASONS, Prepared
from .spec_table import SPEC_SCHEMA, SPEC_TABLE, fetch, make_spec_table, spec_columns
from .specs import COMPARATOR_CODES, Spec

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = [
    "REASONS", "SPEC_SCHEMA", "Measured", "Ran", "aggregate", "collect", "connect", "quantiles", "run",
    "spec_columns", "usable_values",
]  # fmt: skip


def connect(backend: Any = None) -> Any:
    """An Ibis backend: DuckDB in memory by default, a backend name, or a connection as is.

    ``"spark"`` is a local SparkSession (or the Spark Connect server ``$SPARK_REMOTE``),
    ``"sc://HOST:15002"`` a Spark Connect server, and a SparkSession is used as it is
    (:mod:`.spark`).

    >>> connect("duckdb").name
    'duckdb'
    """
    import ibis

    if backend is None or backend == "duckdb":
        con = ibis.duckdb.connect()
        con.raw_sql("SET TimeZone = 'UTC'")  # times grouped on UTC, as on every engine
        return con
    if backend in ("spark", "pyspark") or type(backend).__name__ == "SparkSession":
        from .spark import connect as spark

        return spark(None if isinstance(backend, str) else backend)
    if isinstance(backend, str) and backend.startswith("sc://"):  # a Spark Connect server
        from .spark import connect as spark

        return spark(remote=backend)
    if isinstance(backend, str):
        module = getattr(ibis, backend, None)
        if module is None or not hasattr(module, "connect"):
            raise ValueError(f"{backend!r} is not an Ibis backend; try duckdb, polars or spark")
        return module.connect()
    return backend


def quantiles(specs: Iterable[Spec]) -> list[float]:
    """The distinct quantiles the specs report, in order.

    >>> from types import SimpleNamespace as S
    >>> quantiles([S(q=0.95), S(q=None), S(q=0.9), S(q=0.95)])
    [0.9, 0.95]
    """
    return sorted({s.q for s in specs if s.q is not None})


def aggregate(
    prepared: Prepared,
    specs: list[Spec],
    qs: list[float],
    *,
    multi: bool = False,
    approx: bool = False,
    spec_table: Callable[[], ir.Table] | None = None,
) -> ir.Table:
    """The aggregate expression measuring ``specs`` on ``prepared`` observations.

    ``qs`` are the quantiles to report (``p0``, ``p1``, ...); with ``multi``
    (DuckDB) they come as one list column ``p``, from a single sort per group;
    with ``approx`` they are the engine's approximate quantiles.
    ``spec_table`` gives the table of specs to join where there are too many
    to write into the query (default: uploaded from Python with the query).
    """
    import ibis

    j = _with_reasons(prepared, specs, spec_table)
    if "_bp_si" in j.columns:
        # Joined specs: grouped by the spec's number, not by its metric's and id's text (a fifth
        # faster at 50 million rows); a row naming no spec's metric keeps the name, to report it.
        unknown = ibis.cases((j["_bp_si"].isnull(), j["_bp_m"]), else_=ibis.null("string"))
        j, spec_key = j.mutate(_bp_um=unknown), ["_bp_si", "_bp_um"]
    else:
        spec_key = ["_bp_m"]
    x = j["_bp_x"]
    keys = [f"_bp_k{i}" for i in range(len(prepared.keys))]
    aggs: dict[str, Any] = {
        "rows": j["_bp_n"].sum() if prepared.weighted else j.count(),
        "met": _meets(j, {s.comparator for s in specs}).cast("int64").sum(),
    }
    if not qs or any(s.statistic is Statistic.MEAN for s in specs):
        aggs["mean"] = x.mean()
    if prepared.weighted:
        aggs["duplicates"] = (j["_bp_n"] - 1).sum()
    if approx:
        aggs.update({f"p{i}": x.approx_quantile(q) for i, q in enumerate(qs)})
    elif multi and len(qs) > 1:
        aggs["p"] = x.quantile(qs)
    else:
        aggs.update({f"p{i}": x.quantile(q) for i, q in enumerate(qs)})
    # In no order: :func:`.fold` sorts the groups, faster than the engine's sort of every result row.
    return j.group_by([*spec_key, *keys, "_bp_why"]).aggregate(**aggs)


def usable_values(prepared: Prepared, spec: Spec) -> ir.Table:
    """The usable values of ``spec``'s metric (``_bp_x``) and how many observations hold each (``n``).

    The observations :func:`aggregate` counts as measured, so a new target's
    cases can be counted from them without measuring again.
    """
    j = _with_reasons(prepared, [spec])
    usable = j.filter((j["_bp_why"] == 0) & (j["_bp_m"] == spec.metric))
    return usable.group_by("_bp_x").aggregate(n=usable.count()).order_by("_bp_x")


def _with_reasons(
    prepared: Prepared, specs: list[Spec], spec_table: Callable[[], ir.Table] | None = None
) -> ir.Table:
    """The observations with their spec and why each is left out (``_bp_why``, 0 when usable)."""
    import ibis

    j = _with_specs(prepared.table, specs, spec_table)
    x = j["_bp_x"]
    binary = [s for s in specs if s.quantity is Quantity.BINARY]
    odd = (x != 0.0) & (x != 1.0)
    # Rows keep their reason rather than being filtered out: the aggregate groups by it, so
    # usable rows (0) form their own groups and no aggregate needs a filter, which keeps the
    # quantile as fast as a plain GROUP BY.
    reason = ibis.cases(
        (j["_bp_bad"] != 0, j["_bp_bad"]),
        (j["_bp_tbad"], CODE[NO_TIMESTAMP]),
        ((j["_bp_lo"] == 0.0) & (x < 0.0), CODE[NEGATIVE]),
        (
            (x < j["_bp_lo"]) | (x > j["_bp_hi"]) | ((j["_bp_bin"] & odd) if binary else False),
            CODE[OUT_OF_RANGE],
        ),
        else_=0,
    ).cast("int8")
    return j.mutate(_bp_why=reason)


#: the layout of the query (what it reads, the columns it gives); raised when it changes, so that
#: no older kept query is run
QUERY_LAYOUT = 6


#: up to this many specs, one per metric, are written into the query instead of joined
INLINE_SPECS = 8


def _with_specs(obs: Any, specs: list[Spec], spec_table: Callable[[], ir.Table] | None) -> Any:
    """The observations with each row's spec: target, comparator, bounds.

    A few specs on distinct metrics are written into the query as CASE
    expressions on the metric (no table to upload, which a warehouse may not
    allow, and no join); many are joined from a small table.
    """
    import ibis

    metrics = [s.metric for s in specs]
    if len(specs) <= INLINE_SPECS and len(set(metrics)) == len(metrics):

        def per_metric(values: list[Any], kind: str) -> Any:
            if len(set(values)) == 1:
                return ibis.literal(values[0], kind)
            pairs = [(obs["_bp_m"] == m, ibis.literal(v, kind)) for m, v in zip(metrics, values, strict=True)]
            return ibis.cases(*pairs, else_=ibis.null(kind))

        return obs.mutate(
            _bp_cmp=per_metric([COMPARATOR_CODES[s.comparator] for s in specs], "int8"),
            _bp_tgt=per_metric([float(s.target) for s in specs], "float64"),
            _bp_lo=per_metric([float(s.low) for s in specs], "float64"),
            _bp_hi=per_metric([float(s.high) for s in specs], "float64"),
            _bp_bin=per_metric([s.quantity is Quantity.BINARY for s in specs], "boolean"),
        )
    table = ibis.memtable(spec_columns(specs), schema=SPEC_SCHEMA) if spec_table is None else spec_table()
    return obs.left_join(table, obs["_bp_m"] == table["_bp_sm"])


class Ran(NamedTuple):
    """What :func:`run` gives: the measured groups, whether percentiles are approximate, the query."""

    measured: Measured
    approximate: bool
    qs: list[float]
    sql: str | None


def run(
    con: Any, prepared: Prepared, specs: list[Spec], *, percentile: bool | str = True, duck: Any = None
) -> Ran:
    """Measure ``specs`` on one source: per metric, spec and group, the counts and rows left out per reason.

    Each group's ``p`` is the observed percentile at its spec's quantile (None
    without ``percentile``). ``percentile="approximate"`` asks for the engine's
    approximate quantiles; an engine without exact ones (Trino, BigQuery) gets
    them anyway. With ``duck``, the DuckDB connection under ``con``, the query
    is compiled to SQL and run on it as a kept query runs (:mod:`.query_cache`), and
    the SQL is returned to keep.
    """
    # Without percentiles, a standard on the median still needs its median.
    qs = quantiles(s for s in specs if percentile or s.statistic is Statistic.MEDIAN)
    approx = percentile == "approximate"
    multi = getattr(con, "name", "") == "duckdb" and not approx
    try:
        columns, n, sql = _execute(con, duck, prepared, specs, qs, multi, approx)
    except Exception as exc:
        if approx or not qs or not _no_exact_quantile(exc):
            raise
        approx = True
        columns, n, sql = _execute(con, duck, prepared, specs, qs, False, True)
    return Ran(collect(columns, n, specs, qs, len(prepared.keys)), approx, qs, sql)


def _execute(
    con: Any, duck: Any, prepared: Prepared, specs: list[Spec], qs: list[float], multi: bool, approx: bool
) -> tuple[dict[str, Any], int, str | None]:
    """The aggregate's result as columns, its number of rows, and its SQL when run on ``duck``."""
    if duck is None:
        table = con.to_pyarrow(aggregate(prepared, specs, qs, multi=multi, approx=approx))
        # Kept as Arrow columns: turning them into Python values costs more than the query on big results.
        return {name: table.column(name) for name in table.column_names}, table.num_rows, None

    # Ibis only compiles: its own run would upload the specs and convert the result through pandas,
    # whose import alone costs a quarter of a second.
    def spec_table() -> ir.Table:
        make_spec_table(duck, specs)
        return con.table(SPEC_TABLE)

    sql = str(con.compile(aggregate(prepared, specs, qs, multi=multi, approx=approx, spec_table=spec_table)))
    columns, n = fetch(duck, sql, many=True)  # Ibis has imported Arrow already
    return columns, n, sql


def collect(column: dict[str, Any], n: int, specs: list[Spec], qs: list[float], width: int) -> Measured:
    """The query's result columns (Arrow arrays or lists) folded to one entry per metric, spec and group."""
    return fold(column, n, specs, qs, width)


def _no_exact_quantile(exc: Exception) -> bool:
    """The engine cannot compute an exact quantile (Ibis has only an approximate one for it)."""
    import ibis.common.exceptions as com

    return isinstance(exc, (com.OperationNotDefinedError, com.UnsupportedOperationError)) and (
        "Quantile" in str(exc)
    )


def _meets(j: Any, comparators: set[Comparator]) -> Any:
    """Whether each row meets its spec's target; a plain comparison when all specs share one."""
    import ibis

    x, target = j["_bp_x"], j["_bp_tgt"]
    compare = {
        Comparator.LE: x <= target,
        Comparator.LT: x < target,
        Comparator.GE: x >= target,
        Comparator.GT: x > target,
        Comparator.EQ: x == target,
    }
    if len(comparators) == 1:
        return compare[next(iter(comparators))]
    code = j["_bp_cmp"]
    return ibis.cases(
        *(
            (code == COMPARATOR_CODES[c], compare[c])
            for c in sorted(comparators, key=COMPARATOR_CODES.__getitem__)
        ),
        else_=False,
    )

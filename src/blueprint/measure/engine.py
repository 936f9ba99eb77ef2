"""Compile specs into one aggregate Ibis expression per source and run it on any Ibis backend.

The specs of one source become a small table (spec id, metric, comparator,
target, bounds) joined to the observations on the metric, so ten thousand
standards cost one scan rather than ten thousand. One aggregate, grouped by
metric, spec and the grouping keys, returns for each group: rows read,
duplicate copies, rows excluded per reason, valid observations, how many meet
the target, the mean, and the observed percentile. A quantile must be a
constant in SQL, so specs are batched by the quantile they report (most share
0.95 or 0.9).

Nothing here is DuckDB-specific: the same expression runs on Polars, Spark,
Trino or BigQuery through their Ibis backends.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..model.vocabulary import Comparator, Quantity
from .prepare import BLANK, MISSING, NOT_A_NUMBER, Prepared
from .specs import COMPARATOR_CODES, Spec

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["REASONS", "aggregate", "batches", "connect", "run_batch"]

NEGATIVE, OUT_OF_RANGE, NO_TIMESTAMP = "negative", "out of range", "missing timestamp"
#: why a row is left out, in the order they are tested; each is counted per group
REASONS = (BLANK, MISSING, NOT_A_NUMBER, NO_TIMESTAMP, NEGATIVE, OUT_OF_RANGE)


def connect(backend: Any = None) -> Any:
    """An Ibis backend: DuckDB in memory by default, a backend name, or a connection as is.

    >>> connect("duckdb").name
    'duckdb'
    """
    import ibis

    if backend is None or backend == "duckdb":
        return ibis.duckdb.connect()
    if isinstance(backend, str):
        module = getattr(ibis, backend, None)
        if module is None or not hasattr(module, "connect"):
            raise ValueError(f"{backend!r} is not an Ibis backend; try duckdb or polars")
        return module.connect()
    return backend


def batches(specs: Iterable[Spec]) -> list[tuple[float | None, list[Spec]]]:
    """Specs grouped by the quantile they report; specs reporting none join the first batch."""
    by_q: dict[float | None, list[Spec]] = defaultdict(list)
    for spec in specs:
        by_q[spec.q].append(spec)
    loose = by_q.pop(None, [])
    groups = sorted(by_q.items(), key=lambda item: item[0])  # type: ignore[arg-type,return-value]
    if not groups:
        return [(None, loose)]
    groups[0] = (groups[0][0], groups[0][1] + loose)
    return groups


def aggregate(prepared: Prepared, specs: list[Spec], q: float | None) -> ir.Table:
    """The aggregate expression measuring ``specs`` on ``prepared`` observations."""
    import ibis

    obs = prepared.table
    table = ibis.memtable(
        {
            "_bp_sid": [s.id for s in specs],
            "_bp_sm": [s.metric for s in specs],
            "_bp_cmp": [COMPARATOR_CODES[s.comparator] for s in specs],
            "_bp_tgt": [float(s.target) for s in specs],
            "_bp_lo": [float(s.low) for s in specs],
            "_bp_hi": [float(s.high) for s in specs],
            "_bp_bin": [s.quantity is Quantity.BINARY for s in specs],
        },
        schema={
            "_bp_sid": "string", "_bp_sm": "string", "_bp_cmp": "int8", "_bp_tgt": "float64",
            "_bp_lo": "float64", "_bp_hi": "float64", "_bp_bin": "boolean",
        },
    )  # fmt: skip
    j = obs.left_join(table, obs["_bp_m"] == table["_bp_sm"])
    x = j["_bp_x"]
    binary = [s for s in specs if s.quantity is Quantity.BINARY]
    odd = (x != 0.0) & (x != 1.0)
    reason = ibis.cases(
        (j["_bp_bad"].notnull(), j["_bp_bad"]),
        (j["_bp_tbad"], NO_TIMESTAMP),
        ((j["_bp_lo"] == 0.0) & (x < 0.0), NEGATIVE),
        ((x < j["_bp_lo"]) | (x > j["_bp_hi"]) | ((j["_bp_bin"] & odd) if binary else False), OUT_OF_RANGE),
        else_=ibis.null("string"),
    )
    j = j.mutate(_bp_why=reason)
    ok = j["_bp_why"].isnull()
    meets = _meets(j, {s.comparator for s in specs})
    keys = [f"_bp_k{i}" for i in range(len(prepared.keys))]
    aggs: dict[str, Any] = {
        "rows": j["_bp_n"].sum(),
        "duplicates": (j["_bp_n"] - 1).sum(),
        "n": ok.cast("int64").sum(),
        "met": ibis.ifelse(meets & ok, 1, 0).sum(),
        "mean": j["_bp_x"].mean(where=ok),
    }
    if q is not None:
        aggs["p"] = j["_bp_x"].quantile(q, where=ok)
    for i, why in enumerate(REASONS):
        aggs[f"x{i}"] = (j["_bp_why"] == why).cast("int64").sum()
    return j.group_by(["_bp_m", "_bp_sid", *keys]).aggregate(**aggs)


def run_batch(con: Any, prepared: Prepared, specs: list[Spec], q: float | None) -> list[dict[str, Any]]:
    """Run one batch and return its rows as plain dictionaries (no pandas needed)."""
    expr = aggregate(prepared, specs, q)
    rows: list[dict[str, Any]] = con.to_pyarrow(expr).to_pylist()
    for row in rows:
        row.setdefault("p", None)
        row["excluded"] = {why: row.pop(f"x{i}") or 0 for i, why in enumerate(REASONS)}
        row["keys"] = tuple(row.pop(f"_bp_k{i}") for i in range(len(prepared.keys)))
        for name in ("rows", "duplicates", "n", "met"):
            row[name] = int(row[name] or 0)
    return rows


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
        return compare[next(iter(comparators))].fill_null(False)
    code = j["_bp_cmp"]
    return ibis.cases(
        *((code == COMPARATOR_CODES[c], compare[c]) for c in sorted(comparators, key=COMPARATOR_CODES.get)),
        else_=False,
    ).fill_null(False)

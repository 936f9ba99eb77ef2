"""The spec table both ways of measuring share, and reading a query's result from DuckDB.

When the specs of a source are not written inline, they are joined to the
observations from a small table: :mod:`.ibis_queries` uploads it through Ibis while
compiling, and :mod:`.query_cache` makes it on DuckDB before running a kept query.
Both read the result with :func:`fetch`.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from ..model.vocabulary import Quantity
from .memo import specs_digest
from .specs import COMPARATOR_CODES

if TYPE_CHECKING:
    from .specs import Spec

__all__ = ["SPEC_SCHEMA", "SPEC_TABLE", "fetch", "make_spec_table", "spec_columns"]

#: the name of the spec table on DuckDB
SPEC_TABLE = "_bp_specs"
#: DuckDB's types for the spec table's columns (:data:`SPEC_SCHEMA`)
_DUCK_TYPES = {
    "string": "VARCHAR", "int8": "TINYINT", "int32": "INTEGER", "float64": "DOUBLE", "boolean": "BOOLEAN",
}  # fmt: skip


def make_spec_table(duck: Any, specs: list[Spec]) -> None:
    """Make the spec table (:data:`SPEC_TABLE`) of ``specs``, with the columns Ibis would upload.

    The table is made once per set of specs on the process's database, named
    after their digest, and :data:`SPEC_TABLE` is a view of it on this connection:
    measuring the same specs again only points the view at it.
    """
    import duckdb

    kept = f"{SPEC_TABLE}_{specs_digest(specs)[:32]}"
    try:
        _point(duck, kept)
        return
    except duckdb.CatalogException:  # not made yet on this database
        pass
    columns = spec_columns(specs)
    # One statement, column by column: inserting row by row took 12 s for 10,000 specs.
    lists = ", ".join(f'unnest(?::{_DUCK_TYPES[kind]}[]) AS "{name}"' for name, kind in SPEC_SCHEMA.items())
    with _LOCK:  # the database is the process's: measurements in threads make their tables one at a time
        duck.execute(f'CREATE TABLE IF NOT EXISTS "{kept}" AS SELECT {lists}', list(columns.values()))
        _point(duck, kept)
        _MADE.append(kept)
        while len(_MADE) > _KEEP:
            duck.execute(f'DROP TABLE IF EXISTS "{_MADE.pop(0)}"')


def _point(duck: Any, kept: str) -> None:
    duck.execute(f'CREATE OR REPLACE TEMP VIEW "{SPEC_TABLE}" AS SELECT * FROM "{kept}"')


#: how many spec tables stay on the database, and which were made, oldest first
_KEEP = 32
_MADE: list[str] = []
_LOCK = threading.Lock()


#: the columns of the joined spec table and their types (Ibis names; DuckDB's below)
SPEC_SCHEMA = {
    "_bp_si": "int32", "_bp_sm": "string", "_bp_cmp": "int8", "_bp_tgt": "float64",
    "_bp_lo": "float64", "_bp_hi": "float64", "_bp_bin": "boolean",
}  # fmt: skip


def spec_columns(specs: list[Spec]) -> dict[str, list[Any]]:
    """The spec table joined to the observations when the specs are not written inline."""
    return {
        "_bp_si": list(range(len(specs))),
        "_bp_sm": [s.metric for s in specs],
        "_bp_cmp": [COMPARATOR_CODES[s.comparator] for s in specs],
        "_bp_tgt": [float(s.target) for s in specs],
        "_bp_lo": [float(s.low) for s in specs],
        "_bp_hi": [float(s.high) for s in specs],
        "_bp_bin": [s.quantity is Quantity.BINARY for s in specs],
    }


def fetch(duck: Any, sql: str, many: bool) -> tuple[dict[str, Any], int]:
    """The result of ``sql`` as columns, and its number of rows.

    With ``many``, the columns are Arrow arrays, read column-wise from there on
    (:mod:`.fold`); a few rows come as lists of Python values, faster without
    importing Arrow, which matters to a fresh process.
    """
    if many:
        import pyarrow as pa

        table = duck.sql(sql).to_arrow_table()
        columns = {}
        for field, column in zip(table.schema, table.columns, strict=True):
            if pa.types.is_decimal(field.type) and field.type.scale == 0:  # a sum of counts (HUGEINT)
                column = column.cast(pa.int64())
            columns[field.name] = column
        return columns, table.num_rows
    result = duck.execute(sql)
    names = [d[0] for d in result.description]
    rows = result.fetchall()
    transposed = list(zip(*rows, strict=True)) or [() for _ in names]
    return {name: list(values) for name, values in zip(names, transposed, strict=True)}, len(rows)

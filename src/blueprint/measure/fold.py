"""The query's result folded to one entry per metric, spec and group, as NumPy columns.

The aggregate gives a row per group and reason a row was left out, sorted so
that a group's rows are adjacent, its usable rows first. :func:`fold` finds
where each group starts and adds its rows up with array operations: a
measurement of 10,000 standards per site and month has half a million
groups, and a Python loop over them cost more than the query itself. The
result's columns come as Arrow arrays (a big result) or Python lists (a
kept query with few groups, read without importing Arrow); both give the
same numbers.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

from .reasons import CODE, DUPLICATE, REASONS, SUMMARY

if TYPE_CHECKING:
    import numpy as np

    from .specs import Spec

__all__ = ["Measured", "fold"]


class Measured(NamedTuple):
    """One source's groups: parallel NumPy columns, a spec's groups adjacent and sorted by their keys.

    ``spec`` is each group's index among the source's specs (-1 for a metric
    no spec measures; ``strays`` holds those groups' metric names, rows, and how many of the rows are
    summary rows of a text export, :mod:`.summary_rows`: a totals row often leaves the metric empty).
    ``group`` indexes ``keys``, the distinct groups' values of the grouping keys;
    ``mean`` and ``p`` are NaN where there is no value; ``excluded`` holds,
    by entry, the rows left out per reason where any were.
    """

    spec: np.ndarray
    group: np.ndarray
    keys: list[tuple[Any, ...]]
    rows: np.ndarray
    duplicates: np.ndarray
    n: np.ndarray
    met: np.ndarray
    mean: np.ndarray
    p: np.ndarray
    excluded: dict[int, dict[str, int]]
    strays: list[tuple[Any, int, int]]


def fold(column: dict[str, Any], n: int, specs: list[Spec], qs: list[float], width: int) -> Measured:
    """The query's result columns folded to one entry per metric, spec and group."""
    import numpy as np

    if "_bp_si" in column:  # joined specs, by number; a row of no spec's metric has its name
        number, numbers = _codes(column["_bp_si"], n)
        names, values = _codes(column["_bp_um"], n)
        spec = np.array([-1 if v is None else int(v) for v in numbers] or [-1], dtype=np.int64)[number]
        identity = [number, names]
    else:  # the specs were written inline, one per metric
        names, values = _codes(column["_bp_m"], n)
        index = {s.metric: i for i, s in enumerate(specs)}
        spec = np.array([index.get(v, -1) for v in values] or [-1], dtype=np.int64)[names]
        identity = [names]
    keys = [_codes(column[f"_bp_k{i}"], n) for i in range(width)]
    start = np.ones(n, dtype=bool)
    if n:
        start[1:] = False
        for codes in [*identity, *(k[0] for k in keys)]:
            start[1:] |= codes[1:] != codes[:-1]
    starts = np.flatnonzero(start)
    why = _ints(column["_bp_why"], n)
    count = _ints(column["rows"], n)
    extra = _ints(column["duplicates"], n) if "duplicates" in column else np.zeros(n, np.int64)
    met = _ints(column["met"], n)
    usable = why == 0
    copies = extra + np.where(why == CODE[DUPLICATE], count, 0)

    def per_group(values: np.ndarray) -> np.ndarray:
        return np.add.reduceat(values, starts) if n else np.zeros(0, np.int64)

    first_usable = usable[starts]
    mean = _floats(column["mean"], n) if "mean" in column else np.full(n, np.nan)
    p = _percentiles(column, n, spec, specs, qs)
    excluded: dict[int, dict[str, int]] = {}
    group_of = np.cumsum(start) - 1
    left = np.flatnonzero(~usable & (why != CODE[DUPLICATE]))
    for g, reason, rows, more in zip(
        group_of[left].tolist(), why[left].tolist(), count[left].tolist(), extra[left].tolist(), strict=True
    ):
        excluded.setdefault(g, {})[REASONS[reason - 1]] = rows - more
    group, distinct = _groups(keys, starts)
    spec_g = spec[starts]
    rows_g = per_group(count)
    stray = spec_g < 0
    sums_g = per_group(np.where(why == CODE[SUMMARY], count, 0))
    strays = [
        (values[code], rows, sums)
        for code, rows, sums in zip(
            names[starts[stray]].tolist(), rows_g[stray].tolist(), sums_g[stray].tolist(), strict=True
        )
    ]
    return Measured(
        spec_g, group, distinct, rows_g, per_group(copies), per_group(np.where(usable, count - extra, 0)),
        per_group(np.where(usable, met, 0)), np.where(first_usable, mean[starts], np.nan),
        np.where(first_usable, p[starts], np.nan), excluded, strays,
    )  # fmt: skip


def _codes(values: Any, n: int) -> tuple[np.ndarray, list[Any]]:
    """Each value as a small integer, and the values the integers stand for (None for a missing one)."""
    import numpy as np

    if isinstance(values, list):
        seen: dict[Any, int] = {}
        codes = np.fromiter((seen.setdefault(v, len(seen)) for v in values), np.int64, count=n)
        return codes, list(seen)
    import pyarrow.compute as pc

    array = values.combine_chunks() if hasattr(values, "combine_chunks") else values
    encoded = pc.dictionary_encode(array, null_encoding="encode")
    return _plain(encoded.indices).astype(np.int64), encoded.dictionary.to_pylist()


def _ints(values: Any, n: int) -> np.ndarray:
    """A column of counts as int64, a missing count 0."""
    import numpy as np

    if isinstance(values, list):
        return np.fromiter((v or 0 for v in values), np.int64, count=n)
    import pyarrow as pa

    return _plain(values.cast(pa.int64()))  # a sum of counts may come as a decimal (HUGEINT)


def _floats(values: Any, n: int) -> np.ndarray:
    """A column of numbers as float64, a missing one NaN."""
    import numpy as np

    if isinstance(values, list):
        return np.fromiter((np.nan if v is None else v for v in values), np.float64, count=n)
    import pyarrow as pa

    return _plain(values.cast(pa.float64()), math.nan)


def _plain(array: Any, missing: float = 0) -> np.ndarray:
    """A numeric Arrow array as NumPy, read from its buffers; a missing value becomes ``missing``.

    Arrow's own ``to_numpy`` and ``fill_null`` import pandas the first time
    they run, which cost a fresh process 0.15 s; the buffers need neither.
    """
    import numpy as np
    import pyarrow as pa

    array = array.combine_chunks() if hasattr(array, "combine_chunks") else array
    if not (pa.types.is_integer(array.type) or pa.types.is_floating(array.type)):
        raise TypeError(f"{array.type} values are not stored one number after another")  # e.g. booleans, bits
    dtype, n = np.dtype(str(array.type)), len(array)  # int32, int64, double
    if not n:
        return np.zeros(0, dtype)
    validity, data = array.buffers()[:2]
    values = np.frombuffer(data, dtype, count=n, offset=array.offset * dtype.itemsize)
    if not array.null_count:
        return values
    bits = np.unpackbits(np.frombuffer(validity, np.uint8), bitorder="little")
    return np.where(bits[array.offset : array.offset + n].astype(bool), values, missing)


def _percentiles(
    column: dict[str, Any], n: int, spec: np.ndarray, specs: list[Spec], qs: list[float]
) -> np.ndarray:
    """Each row's percentile at its spec's quantile; NaN where the spec reports none."""
    import numpy as np

    position = np.array([qs.index(s.q) if s.q in qs else -1 for s in specs] + [-1], dtype=np.int64)[spec]
    if "p" in column:  # one list per row, from DuckDB's single sort
        lists = column["p"]
        if isinstance(lists, list):
            return np.fromiter(
                (
                    np.nan if not at or k < 0 or at[k] is None else at[k]
                    for at, k in zip(lists, position.tolist(), strict=True)
                ),
                np.float64,
                count=n,
            )
        array = lists.combine_chunks() if hasattr(lists, "combine_chunks") else lists
        offsets = _plain(array.offsets)[:-1]
        lengths = _plain(array.value_lengths())
        values = _floats(array.values, len(array.values))
        ok = (position >= 0) & (position < lengths)
        at = np.where(ok, offsets + position, 0)
        return np.where(ok, values[at] if len(values) else np.nan, np.nan)
    if not qs:
        return np.full(n, np.nan)
    table = np.column_stack([_floats(column[f"p{i}"], n) for i in range(len(qs))])
    return np.where(position >= 0, table[np.arange(n), np.maximum(position, 0)], np.nan)


def _groups(
    keys: list[tuple[np.ndarray, list[Any]]], starts: np.ndarray
) -> tuple[np.ndarray, list[tuple[Any, ...]]]:
    """Each group's index among the distinct groups, and those groups' values of the grouping keys."""
    import numpy as np

    if not keys:
        return np.zeros(len(starts), np.int64), [()]
    sizes = [max(len(values), 1) for _, values in keys]
    if math.prod(sizes) < 2**62:  # one number per group: sorting numbers is far faster than rows
        combined = np.zeros(len(starts), np.int64)
        for (codes, _), size in zip(keys, sizes, strict=True):
            combined = combined * size + codes[starts]
        distinct, group = _distinct(np, combined, math.prod(sizes))
        rows = []
        for code in distinct.tolist():
            row = []
            for size in reversed(sizes):
                code, at = divmod(code, size)
                row.append(at)
            rows.append(row[::-1])
    else:
        stacked = np.stack([k[0][starts] for k in keys], axis=1)
        unique, group = np.unique(stacked, axis=0, return_inverse=True)
        rows = unique.tolist()
    values = [tuple(keys[j][1][c] for j, c in enumerate(row)) for row in rows]
    return group.reshape(-1).astype(np.int64), values


def _distinct(np: Any, codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``codes`` (all below ``size``) in order, and each code's index among them."""
    if size > 4 * len(codes) + 1024:  # sparse: sort
        return np.unique(codes, return_inverse=True)  # type: ignore[no-any-return]
    present = np.bincount(codes, minlength=size) > 0  # counted, not sorted
    return np.flatnonzero(present), (np.cumsum(present) - 1)[codes]

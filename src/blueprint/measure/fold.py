"""The query's result folded to one entry per metric, spec and group, as NumPy columns.

The aggregate gives a row per group and reason a row was left out, in no
order: sorting half a million result rows cost the query a quarter of its
time. :func:`fold` numbers each row's group by the rank of its values (the
spec, then each grouping key, as an ``ORDER BY`` would sort them, a missing
value last) and adds the rows up per group with array operations: a
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
    no spec measures, after every spec's groups; ``strays`` holds those groups' metric names, rows,
    and how many of the rows are summary rows of a text export, :mod:`.summary_rows`: a totals row
    often leaves the metric empty). ``group`` indexes ``keys``, the distinct groups' values of the
    grouping keys, in order; ``mean`` and ``p`` are NaN where there is no value; ``excluded`` holds,
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

    size = len(specs)
    if "_bp_si" in column:  # joined specs, by number; a row of no spec's metric has its name
        known = _ints(column["_bp_si"], n, -1)
        names, metrics = _codes(column["_bp_um"], n)
    else:  # the specs were written inline, one per metric
        names, metrics = _codes(column["_bp_m"], n)
        index = {s.metric: i for i, s in enumerate(specs)}
        known = np.array([index.get(v, -1) for v in metrics] or [-1], dtype=np.int64)[names]
    # A row of a metric no spec measures comes after every spec's, by its metric's name.
    named, name_rank = _ranked(metrics)
    identity = known if n and known.min() >= 0 else np.where(known >= 0, known, size + name_rank[names])
    keys = [_codes(column[f"_bp_k{i}"], n) for i in range(width)]
    ranked = [_ranked(values) for _, values in keys]
    group_of, firsts = _numbered(
        [identity, *(rank[codes] for (codes, _), (_, rank) in zip(keys, ranked, strict=True))],
        [size + len(metrics), *(len(values) for _, values in keys)],
    )
    count = len(firsts[0])
    why = _ints(column["_bp_why"], n)
    rows = _ints(column["rows"], n)
    extra = _ints(column["duplicates"], n) if "duplicates" in column else np.zeros(n, np.int64)
    # A group has at most one row of usable values (the query groups by the reason): they are placed,
    # not added up. The rows left out, for a reason or as copies, are few and added up one by one.
    use = np.flatnonzero(why == 0)
    at = group_of[use]

    def placed(values: np.ndarray, empty: float) -> np.ndarray:
        out = np.full(count, empty, dtype=values.dtype)
        out[at] = values
        return out

    def added(which: np.ndarray, values: np.ndarray) -> np.ndarray:
        out = np.zeros(count, np.int64)
        np.add.at(out, group_of[which], values[which])
        return out

    identity_g = firsts[0]
    spec_g = np.where(identity_g < size, identity_g, -1)
    mean = _floats(column["mean"], n)[use] if "mean" in column else np.full(len(use), np.nan)
    p = _percentiles(column, use, known[use], specs, qs)
    excluded: dict[int, dict[str, int]] = {}
    left = np.flatnonzero((why != 0) & (why != CODE[DUPLICATE]))
    left = left[np.argsort(group_of[left] * (len(REASONS) + 1) + why[left], kind="stable")]
    for g, reason, lost, more in zip(
        group_of[left].tolist(), why[left].tolist(), rows[left].tolist(), extra[left].tolist(), strict=True
    ):
        excluded.setdefault(g, {})[REASONS[reason - 1]] = lost - more
    if width:
        group, distinct = _numbered(firsts[1:], [len(values) for _, values in keys])
        ordered = [in_order for in_order, _ in ranked]
        listed = [
            tuple(ordered[j][r] for j, r in enumerate(row))
            for row in zip(*(d.tolist() for d in distinct), strict=True)
        ]
    else:
        group, listed = np.zeros(count, np.int64), [()]
    rows_g = np.bincount(group_of, weights=rows, minlength=count).astype(np.int64)
    sums_g = added(np.flatnonzero(why == CODE[SUMMARY]), rows)
    stray = spec_g < 0
    strays = [
        (named[number - size], lost, sums)
        for number, lost, sums in zip(
            identity_g[stray].tolist(), rows_g[stray].tolist(), sums_g[stray].tolist(), strict=True
        )
    ]
    copies = added(np.flatnonzero(why == CODE[DUPLICATE]), rows) + added(np.flatnonzero(extra), extra)
    return Measured(
        spec_g, group, listed, rows_g, copies, placed(rows[use] - extra[use], 0),
        placed(_ints(column["met"], n)[use], 0), placed(mean, np.nan), placed(p, np.nan), excluded, strays,
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


def _ints(values: Any, n: int, missing: int = 0) -> np.ndarray:
    """A column of counts (or numbers of specs) as int64, a missing one ``missing``."""
    import numpy as np

    if isinstance(values, list):
        return np.fromiter((missing if v is None else v for v in values), np.int64, count=n)
    import pyarrow as pa

    return _plain(values.cast(pa.int64()), missing)  # a sum of counts may come as a decimal (HUGEINT)


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
    column: dict[str, Any], rows: np.ndarray, spec: np.ndarray, specs: list[Spec], qs: list[float]
) -> np.ndarray:
    """The percentile of each of ``rows`` (of spec ``spec``) at its spec's quantile; NaN without one."""
    import numpy as np

    place: dict[float | None, int] = {q: i for i, q in enumerate(qs)}
    position = np.array([place.get(s.q, -1) for s in specs] + [-1], dtype=np.int64)[spec]
    if "p" in column:  # one list per row, from DuckDB's single sort
        lists = column["p"]
        if isinstance(lists, list):
            return np.fromiter(
                (
                    np.nan if not at or k < 0 or at[k] is None else at[k]
                    for at, k in zip((lists[i] for i in rows.tolist()), position.tolist(), strict=True)
                ),
                np.float64,
                count=len(rows),
            )
        array = lists.combine_chunks() if hasattr(lists, "combine_chunks") else lists
        offsets = _plain(array.offsets)[:-1][rows]
        lengths = _plain(array.value_lengths())[rows]
        values = _floats(array.values, len(array.values))
        ok = (position >= 0) & (position < lengths)
        at = np.where(ok, offsets + position, 0)
        return np.where(ok, values[at] if len(values) else np.nan, np.nan)
    if not qs:
        return np.full(len(rows), np.nan)
    picked = [column[f"p{i}"] for i in range(len(qs))]
    table = np.column_stack([_floats(values, len(values))[rows] for values in picked])
    return np.where(position >= 0, table[np.arange(len(rows)), np.maximum(position, 0)], np.nan)


def _ranked(values: list[Any]) -> tuple[list[Any], np.ndarray]:
    """``values`` in the order SQL sorts them (a missing value last, NaN after every number),
    and each value's place in that order."""
    import numpy as np

    order = sorted(range(len(values)), key=lambda i: _sort_key(values[i]))
    rank = np.empty(len(values), np.int64)
    rank[order] = np.arange(len(values))
    return [values[i] for i in order], rank


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return 2, 0
    if isinstance(value, float) and math.isnan(value):
        return 1, 0
    return 0, value


def _numbered(columns: list[np.ndarray], sizes: list[int]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Each row's index among the distinct rows of ``columns`` (the values of column ``j`` below
    ``sizes[j]``), sorted, and those distinct rows as columns."""
    import numpy as np

    sizes = [max(size, 1) for size in sizes]
    if math.prod(sizes) < 2**62:  # one number per row: sorting (or counting) numbers beats sorting rows
        combined = np.zeros(len(columns[0]), np.int64)
        for codes, size in zip(columns, sizes, strict=True):
            combined = combined * size + codes
        distinct, index = _distinct(np, combined, math.prod(sizes))
        firsts = []
        for size in reversed(sizes):
            distinct, at = np.divmod(distinct, size)
            firsts.append(at)
        return index.astype(np.int64), firsts[::-1]
    unique, index = np.unique(np.stack(columns, axis=1), axis=0, return_inverse=True)
    return index.reshape(-1).astype(np.int64), list(unique.T)


def _distinct(np: Any, codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``codes`` (all below ``size``) in order, and each code's index among them."""
    if size > 4 * len(codes) + 1024:  # sparse: sort
        return np.unique(codes, return_inverse=True)  # type: ignore[no-any-return]
    present = np.bincount(codes, minlength=size) > 0  # counted, not sorted
    return np.flatnonzero(present), (np.cumsum(present) - 1)[codes]

"""Outcomes made one object per group, as the measurement made them before it kept columns.

The reference the column-wise path is held against (tests/test_measure_columns.py):
the query's result as lists of Python values, folded group by group, each group an
:class:`~blueprint.measure.outcome.Outcome`, judged by :func:`~blueprint.measure.verdicts.finish`
on the list.
"""

from __future__ import annotations

from typing import Any

from blueprint.measure.accounting import unmeasured
from blueprint.measure.outcome import NO_DATA, NOTHING_EXCLUDED, FrozenDict, Outcome, label
from blueprint.measure.outcome_table import shared
from blueprint.measure.prepare import CODE, DUPLICATE, REASONS
from blueprint.measure.specs import Spec
from blueprint.model.units import converter
from blueprint.model.vocabulary import Quantity, Statistic


def as_lists(column: dict[str, Any]) -> dict[str, list[Any]]:
    """The result's columns as Python lists, whether they came as Arrow arrays or lists."""
    return {k: v if isinstance(v, list) else v.to_pylist() for k, v in column.items()}


def outcomes(
    folds: list[tuple[dict[str, list[Any]], int, list[Spec], list[float], int]],
    specs: list[Spec],
    keys: tuple[str, ...],
) -> list[Outcome]:
    """Every spec's outcomes from the recorded query results, in the order of ``specs``."""
    made: list[Outcome] = []
    done: set[str] = set()
    for column, n, mine, qs, width in folds:
        groups = _fold(column, n, mine, qs, width)
        spans = _spans(groups["spec"])
        for spec in mine:
            span = spans.get(spec.id)
            made.extend(_outcomes(spec, groups, span, keys) if span else [unmeasured(spec)])
            done.add(spec.id)
    made.extend(unmeasured(s) for s in specs if s.id not in done)
    order = {spec.id: i for i, spec in enumerate(specs)}
    made.sort(key=lambda o: order[o.id])
    return made


def _in_order(column: dict[str, list[Any]], n: int, width: int) -> dict[str, list[Any]]:
    """The result's rows sorted as ``ORDER BY`` the spec, the metric, the keys and the reason would
    sort them (a missing value last, NaN after every number): each group's rows adjacent, usable first."""

    def sql(value: Any) -> tuple[int, Any]:
        return (2, 0) if value is None else (1, 0) if value != value else (0, value)

    def spec_first(i: int) -> tuple[Any, ...]:
        if "_bp_si" in column:
            number = column["_bp_si"][i]
            return (0, number) if number is not None else (1, sql(column["_bp_um"][i]))
        return (sql(column["_bp_m"][i]),)

    keys = [column[f"_bp_k{j}"] for j in range(width)]
    order = sorted(range(n), key=lambda i: (spec_first(i), [sql(k[i]) for k in keys], column["_bp_why"][i]))
    return {name: [values[i] for i in order] for name, values in column.items()}


def _fold(column: dict[str, list[Any]], n: int, specs: list[Spec], qs: list[float], width: int) -> dict:
    column = _in_order(column, n, width)
    zeros, nones, duplicate = [0] * n, [None] * n, CODE[DUPLICATE]
    if "_bp_si" in column:
        number, name = column["_bp_si"], column["_bp_um"]
        metric = [specs[i].metric if i is not None else m for i, m in zip(number, name, strict=True)]
        sids = [specs[i].id if i is not None else None for i in number]
    else:
        spec_of = {s.metric: s.id for s in specs}
        metric = column["_bp_m"]
        sids = [spec_of.get(m) for m in metric]
    keys = list(zip(*(column[f"_bp_k{i}"] for i in range(width)), strict=True)) or [()] * n
    copies, met, mean = column.get("duplicates", zeros), column["met"], column.get("mean", nones)
    position = {s.id: qs.index(s.q) for s in specs if s.q in qs}
    if "p" in column:
        p = [
            at[position[sid]] if at and sid in position else None
            for sid, at in zip(sids, column["p"], strict=True)
        ]
    else:
        p = [column[f"p{position[sids[i]]}"][i] if sids[i] in position else None for i in range(n)]
    out: dict[str, Any] = {k: [] for k in ("spec", "keys", "rows", "duplicates", "n", "met", "mean", "p")}
    out["excluded"] = {}
    g, last = -1, None
    for m, sid, key, reason, count, extra, meeting, average, at in zip(
        metric, sids, keys, column["_bp_why"], column["rows"], copies, met, mean, p, strict=True
    ):
        count, extra = count or 0, extra or 0
        if (m, sid, key) != last:
            g, last = g + 1, (m, sid, key)
            out["spec"].append(sid)
            out["keys"].append(key)
            usable = reason == 0
            for name, value in (
                ("rows", count),
                ("duplicates", extra),
                ("n", count - extra),
                ("met", meeting or 0),
            ):
                out[name].append(value if usable else 0)
            out["mean"].append(average if usable else None)
            out["p"].append(at if usable else None)
            if usable:
                continue
        out["rows"][g] += count
        out["duplicates"][g] += extra
        if reason == duplicate:
            out["duplicates"][g] += count
        else:
            out["excluded"].setdefault(g, {})[REASONS[reason - 1]] = count - extra
    return out


def _spans(specs: list[str | None]) -> dict[str, slice]:
    spans: dict[str, slice] = {}
    start = 0
    for i in range(1, len(specs) + 1):
        if i == len(specs) or specs[i] != specs[start]:
            if specs[start] is not None:
                spans[specs[start]] = slice(start, i)
            start = i
    return spans


def _outcomes(spec: Spec, groups: dict, span: slice, names: tuple[str, ...]) -> list[Outcome]:
    if spec.quantity is Quantity.BINARY or spec.unit == spec.data_unit:
        shown = _digits
    else:
        convert = converter(spec.data_unit, spec.unit)
        shown = lambda value: None if value is None else _digits(convert(value))  # noqa: E731
    made = []
    for i in range(span.start, span.stop):
        mean, p = groups["mean"][i], groups["p"][i]
        raw = mean if spec.statistic is Statistic.MEAN else p if spec.q is not None else None
        keys = FrozenDict({k: label(k, v) for k, v in zip(names, groups["keys"][i], strict=True)})
        made.append(Outcome(
            *shared(spec), keys, groups["rows"][i], groups["duplicates"][i],
            groups["excluded"].get(i, NOTHING_EXCLUDED), groups["n"][i], groups["met"][i],
            None, None, None, shown(raw), shown(mean), NO_DATA, raw, mean,
        ))  # fmt: skip
    return made


def _digits(value: float | None) -> float | None:
    return None if value is None or value != value else float(f"{value:.12g}")

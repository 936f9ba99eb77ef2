"""A coarser view of a measurement without measuring again: by month from a run by site and month.

The client report needs the standards by month (the catalogue's last period,
the whole-period shares) and by site and month (the compliance table).
Counts add up: the rows read, the copies, the rows left out per reason, the
observations and the cases meeting the target of a month are the sums over
its sites, so the share, its Wilson interval and the verdict of a standard on
each case (``statistic: each`` with a required share) follow exactly, judged
by the same code as a run by month (:func:`.verdicts.finish`).

Percentiles, medians and means do not add up. :func:`roll_up` gives None
(measure again) when the finer result has percentiles, or a standard judged
on its mean or median, or a finding that a source lacked a column (a
grouping column missing from one source would leave it out of the finer run
only). The unit check (``implausible``) uses each coarser group's mean,
weighted by its observations from the finer groups' means: the same number
up to the last bits of a float.

>>> from blueprint.measure.outcome import Outcome
>>> a = Outcome("standard", "w", "w", "wait", "obs.csv", "<=", 3.0, "minutes", "each", 0.9, 0.9,
...             {"site": "a", "month": "2025-01"}, rows=20, observations=20, met=19)
>>> b = Outcome("standard", "w", "w", "wait", "obs.csv", "<=", 3.0, "minutes", "each", 0.9, 0.9,
...             {"site": "b", "month": "2025-01"}, rows=15, observations=15, met=12)
>>> [(o.group, o.observations, o.met) for o in add_up([a, b], ("month",))]
[('2025-01', 35, 31)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from .coverage import unmeasured_ids
from .outcome import NO_DATA, FrozenDict, Outcome
from .outcome_table import OutcomeTable
from .prepare import REASONS
from .result import MeasureResult

if TYPE_CHECKING:
    import numpy as np

    from ..model.service import Service
    from .specs import Spec

__all__ = ["add_up", "roll_up"]

#: a source lacked a column or had one of the wrong type: a coarser run might read it after all
_COLUMN_PROBLEMS = frozenset({"BP341"})
#: the reasons for leaving rows out in the engine's order
_REASON_ORDER = {why: i for i, why in enumerate(REASONS)}


def roll_up(
    result: MeasureResult, service: Service, keep: Sequence[str], *, promises: bool = False
) -> MeasureResult | None:
    """``result`` grouped by ``keep`` only (a part of its keys), or None when that is not exact.

    Without ``promises`` the promises' outcomes are left out, as in a run with
    ``promises=False``. The findings are those of the verdicts (gap 3 and 4,
    too few, implausible units) by the coarser groups; the data findings
    (rows left out, unknown metrics) do not depend on the grouping and stay
    with ``result``.
    """
    from .specs import compile_specs
    from .verdicts import finish

    keep = tuple(keep)
    if not set(keep) <= set(result.by) or result.options.get("percentile"):
        return None
    if any(f.rule in _COLUMN_PROBLEMS for f in result.findings):
        return None
    kinds = {"standard", "promise"} if promises else {"standard"}
    specs, _ = compile_specs(service, promises=promises)
    coarse: list[Outcome] | OutcomeTable
    if isinstance(result.outcomes, OutcomeTable) and result.outcomes.columnar:
        table = _add_up_columns(result.outcomes, keep, kinds, specs)
        if table is None:
            return None
        coarse = table
    else:
        outcomes = [o for o in result.outcomes if o.kind in kinds]
        if any(o.observations and (o.required is None or o.statistic != "each") for o in outcomes):
            return None
        coarse = add_up(outcomes, keep)
        order = {spec.id: i for i, spec in enumerate(specs)}
        coarse.sort(key=lambda o: order[o.id])
    options = result.options
    findings = finish(
        service, coarse, specs, int(options.get("min_observations", 30)),
        float(options.get("confidence", 0.95)), bool(options.get("scale_check", True)), {},
        allow_unmeasured=bool(options.get("allow_unmeasured", False)),
    )  # fmt: skip
    # Data that is not there stays missing in coarser groups; too few to judge may no longer be (the
    # verdicts above say where it still is).
    missing = {i for i, status in unmeasured_ids(coarse).items() if status == NO_DATA}
    findings += [f for f in result.findings if f.rule == "BP334" and f.subject in missing]
    return MeasureResult(
        coarse, keep, findings, list(result.exclusions), result.service, dict(options), dict(result.elsewhere)
    )


def add_up(outcomes: Sequence[Outcome], keep: tuple[str, ...]) -> list[Outcome]:
    """Per spec, its outcomes summed over the keys not in ``keep`` (verdicts left to judge).

    Groups come in the order of their labels, with the group of a missing
    value last: the engine's order for months, quarters, dates and years (a
    weekday is sorted by its name). A spec without any group keeps its one
    empty outcome.
    """
    merged: dict[tuple[str, tuple[object, ...]], Outcome] = {}
    totals: dict[tuple[str, tuple[object, ...]], float] = {}
    for o in outcomes:
        if not o.keys:
            merged.setdefault((o.id, ()), replace(o, excluded=dict(o.excluded)))
            continue
        group = tuple(o.keys[k] for k in keep)
        seen = merged.get((o.id, group))
        if seen is None:
            seen = merged[(o.id, group)] = replace(
                o, keys={k: o.keys[k] for k in keep}, rows=0, duplicates=0, excluded={},
                observations=0, met=0, share=None, ci_low=None, ci_high=None, observed=None,
                mean=None, raw=None, raw_mean=None,
            )  # fmt: skip
        seen.rows += o.rows
        seen.duplicates += o.duplicates
        seen.observations += o.observations
        seen.met += o.met
        for why, n in o.excluded.items():
            seen.excluded[why] = seen.excluded.get(why, 0) + n
        if o.raw_mean is not None and o.observations:
            totals[(o.id, group)] = totals.get((o.id, group), 0.0) + o.raw_mean * o.observations
    for (sid, group), o in merged.items():
        if (sid, group) in totals and o.observations:
            o.raw_mean = totals[(sid, group)] / o.observations
        o.excluded = dict(sorted(o.excluded.items(), key=lambda item: _REASON_ORDER.get(item[0], 99)))
    return sorted(merged.values(), key=_group_order)


def _group_order(o: Outcome) -> tuple[tuple[bool, str], ...]:
    return _group_order_of(o.keys)


def _add_up_columns(
    table: OutcomeTable, keep: tuple[str, ...], kinds: set[str], specs: list[Spec]
) -> OutcomeTable | None:
    """:func:`add_up` on outcomes kept as columns, in the order of ``specs``; None when a percentile
    or a mean or median was judged (they do not add up)."""
    import numpy as np

    chosen = np.array([s.kind in kinds for s in table.specs] or [False])[table.spec]
    by_value = np.array([s.required is None or s.statistic.value != "each" for s in table.specs] or [False])
    if np.any(chosen & by_value[table.spec] & (table.observations > 0)):
        return None
    order = {spec.id: i for i, spec in enumerate(specs)}
    new_index = np.array([order.get(s.id, -1) for s in table.specs] or [-1])
    at = np.flatnonzero(chosen & (new_index[table.spec] >= 0))
    spec = new_index[table.spec[at]]
    places: dict[tuple[object, ...], int] = {}
    coarse_of = [  # each fine group's coarse one; -1: an outcome without keys, kept as it is
        places.setdefault(tuple(keys[k] for k in keep), len(places)) if keys else -1 for keys in table.labels
    ]
    labels = [FrozenDict(zip(keep, values, strict=True)) for values in places]
    fine = table.group[at]
    group = np.where(fine >= 0, np.array(coarse_of or [-1])[np.maximum(fine, 0)], -1)
    rank = np.empty(len(labels) + 1, np.int64)  # the coarse groups in the order add_up sorts them
    rank[0] = -1
    rank[1:][sorted(range(len(labels)), key=lambda g: _group_order_of(labels[g]))] = np.arange(len(labels))
    code = spec * (len(labels) + 1) + group + 1
    distinct, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    size = len(distinct)

    def total(values: np.ndarray) -> np.ndarray:
        summed = np.bincount(inverse, weights=values, minlength=size).astype(np.int64)
        return np.where(group[first] >= 0, summed, values[first])  # an outcome without keys as it is

    counts = [total(c[at]) for c in (table.rows, table.duplicates, table.observations, table.met)]
    n = table.observations[at]
    weighted = ~np.isnan(table.raw_mean[at]) & (n > 0) & (group >= 0)
    sums = np.bincount(inverse, weights=np.where(weighted, table.raw_mean[at] * n, 0.0), minlength=size)
    has = np.bincount(inverse, weights=weighted, minlength=size) > 0
    keyed = group[first] >= 0
    raw_mean = np.where(keyed, np.nan, table.raw_mean[at][first])
    fit = keyed & has & (counts[2] > 0)
    raw_mean[fit] = sums[fit] / counts[2][fit]
    raw = np.where(keyed, np.nan, table.raw[at][first])
    shown = np.where(keyed, np.nan, _shown_mean(table, at[first]))
    excluded: dict[int, dict[str, int]] = {}
    where = np.full(len(table.spec), -1)
    where[at] = inverse
    for i, reasons in sorted(table.excluded.items()):
        into = int(where[i])
        if into < 0:
            continue
        if not keyed[into]:  # kept as it is: the first outcome's
            if i == at[first[into]]:
                excluded[into] = dict(reasons)
            continue
        mine = excluded.setdefault(into, {})
        for why, count in reasons.items():
            mine[why] = mine.get(why, 0) + count
    for i, reasons in excluded.items():
        excluded[i] = dict(sorted(reasons.items(), key=lambda item: _REASON_ORDER.get(item[0], 99)))
    outcome_spec, outcome_group = distinct // (len(labels) + 1), distinct % (len(labels) + 1) - 1
    ranked = np.lexsort((rank[outcome_group + 1], outcome_spec))
    moved = np.empty_like(ranked)
    moved[ranked] = np.arange(len(ranked))
    left = {int(moved[i]): reasons for i, reasons in excluded.items()}
    result = OutcomeTable(
        specs, outcome_spec[ranked], outcome_group[ranked], labels,
        (counts[0][ranked], counts[1][ranked], counts[2][ranked], counts[3][ranked]),
        left, raw[ranked], raw_mean[ranked], shown[ranked],
    )  # fmt: skip
    return result


def _shown_mean(table: OutcomeTable, at: np.ndarray) -> np.ndarray:
    """The mean as the outcomes at ``at`` show it."""
    from .outcome_table import shown_values

    if table.mean is not None:
        return table.mean[at]
    return shown_values(table.specs, table.spec[at], table.raw_mean[at])


def _group_order_of(keys: dict[str, object]) -> tuple[tuple[bool, str], ...]:
    return tuple((v == "(none)", str(v)) for v in keys.values())

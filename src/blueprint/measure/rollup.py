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

from .outcome import Outcome
from .prepare import REASONS
from .result import MeasureResult

if TYPE_CHECKING:
    from ..model.service import Service

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
    outcomes = [o for o in result.outcomes if o.kind in kinds]
    if any(o.observations and (o.required is None or o.statistic != "each") for o in outcomes):
        return None
    specs, _ = compile_specs(service, promises=promises)
    coarse = add_up(outcomes, keep)
    order = {spec.id: i for i, spec in enumerate(specs)}
    coarse.sort(key=lambda o: order[o.id])
    options = result.options
    findings = finish(
        service, coarse, specs, int(options.get("min_observations", 30)),
        float(options.get("confidence", 0.95)), bool(options.get("scale_check", True)), {},
    )  # fmt: skip
    ids = {o.id for o in coarse}  # what is not measured does not change with the grouping
    findings += [f for f in result.findings if f.rule == "BP334" and f.subject in ids]
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
    return tuple((v == "(none)", str(v)) for v in o.keys.values())

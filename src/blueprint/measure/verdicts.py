"""Judge every outcome and say, per standard and promise, what delivery shows.

:func:`finish` sets each group's share, Wilson interval and status, then gives
the findings: where delivery falls short of a standard (gap 3), where a
promise is not kept (gap 4), where there is too little data to tell, and
where the data look recorded in another unit. What the data themselves
lack is :mod:`.accounting`'s part.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ..model.findings import Finding, Location
from ..model.units import amount, unit_word
from ..model.vocabulary import Comparator, Quantity, Statistic
from .codes import finding
from .coverage import counts_listed, too_few_everywhere
from .judging import judge_all, judge_columns
from .outcome import FAIL, IMPLAUSIBLE, PASS, STATUSES, TOO_FEW, Outcome
from .outcome_table import OutcomeTable
from .scale import FAR, implausible, weighted_median

if TYPE_CHECKING:
    from ..model.service import Service
    from .specs import Spec

__all__ = ["failing_finding", "far_medians", "finish", "too_few", "unit_finding"]

_WORDS = {Comparator.LE: "at most", Comparator.LT: "under", Comparator.GE: "at least", Comparator.GT: "over"}


def finish(
    service: Service,
    outcomes: list[Outcome] | OutcomeTable,
    specs: list[Spec],
    min_observations: int,
    confidence: float,
    scale_check: bool,
    places: dict[str, Location],
    *,
    allow_unmeasured: bool = False,
) -> list[Finding]:
    """Judge every outcome in place and return the gap 3 and gap 4 findings.

    A spec with too few observations in some groups gets BP331; in every group with data, it is
    judged nowhere, so not measured: BP334 (a warning with ``allow_unmeasured``).
    """
    if isinstance(outcomes, OutcomeTable) and outcomes.columnar:
        return _finish_columns(
            service, outcomes, min_observations, confidence, scale_check, places, allow_unmeasured
        )
    by_spec: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_spec[outcome.id].append(outcome)
    spec_of = {spec.id: spec for spec in specs}
    judge_all(list(outcomes), min_observations, confidence, lambda o: _meets(spec_of[o.id], o))
    findings: list[Finding] = []
    for spec in specs:
        mine = by_spec.get(spec.id, [])
        unit = _implausible(spec, mine) if scale_check else None
        if unit is not None:
            for o in mine:
                if o.observations:
                    o.status = IMPLAUSIBLE
            value = weighted_median([(_seen(o), o.observations) for o in mine if _seen(o) is not None])
            by_mean = all(o.raw is None for o in mine)
            findings.append(unit_finding(spec, value, by_mean, unit, places.get(spec.source or "")))
            continue
        failing = [o for o in mine if o.status == FAIL]
        judged = sum(1 for o in mine if o.status in (PASS, FAIL))
        if failing:
            findings.append(failing_finding(spec, judged, len(failing), failing[:3], service.locate(spec.id)))
        few = [o for o in mine if o.status == TOO_FEW]
        if few:
            shown = [(o.group, o.observations) for o in few[:5]]
            counts = (len(mine), len(few), shown, min_observations, service.locate(spec.id))
            findings.append(
                too_few(spec, *counts)
                if judged
                else too_few_everywhere(spec, *counts, allow=allow_unmeasured)
            )
    return findings


def _finish_columns(
    service: Service,
    table: OutcomeTable,
    least: int,
    confidence: float,
    scale_check: bool,
    places: dict[str, Location],
    allow_unmeasured: bool,
) -> list[Finding]:
    """:func:`finish` on outcomes kept as columns: the same verdicts and findings, worked out column-wise."""
    import numpy as np

    specs, spec = table.specs, table.spec
    nan = float("nan")
    required = np.array([nan if s.required is None else s.required for s in specs] or [nan])[spec]
    _, table.share, table.ci_low, table.ci_high, status, aggregate = judge_columns(
        table.observations, table.met, required, least, confidence
    )
    if aggregate.any():  # standards on a mean or median: does the value meet the target?
        rows = np.flatnonzero(aggregate)
        raws = table.raw[rows].tolist()
        meets = [
            not math.isnan(v) and specs[s].meets(v) for s, v in zip(spec[rows].tolist(), raws, strict=True)
        ]
        status[rows] = np.where(meets, STATUSES.index(PASS), STATUSES.index(FAIL))
    table.status = status
    size = len(specs)
    units = _units(table) if scale_check else {}
    if units:
        odd = np.zeros(size, bool)
        odd[list(units)] = True
        status[odd[spec] & (table.observations > 0)] = STATUSES.index(IMPLAUSIBLE)
    groups = np.bincount(spec, minlength=size).tolist()
    fail, few = STATUSES.index(FAIL), STATUSES.index(TOO_FEW)
    judged = np.bincount(spec[status <= fail], minlength=size).tolist()
    failing, failing_at = _firsts(spec, status == fail, size, 3)
    short, short_at = _firsts(spec, status == few, size, 5)
    shown = _shown(table, short_at)
    wanted = [j for i, at in enumerate(failing_at) if i not in units for j in at]
    made = dict(zip(wanted, table.outcomes_at(wanted), strict=True))
    findings: list[Finding] = []
    for i, s in enumerate(specs):
        if i in units:
            unit, value, by_mean = units[i]
            findings.append(unit_finding(s, value, by_mean, unit, places.get(s.source or "")))
            continue
        if failing[i]:
            examples = [made[j] for j in failing_at[i]]
            findings.append(failing_finding(s, judged[i], failing[i], examples, service.locate(s.id)))
        if short[i]:
            counts = (groups[i], short[i], shown[i], least, service.locate(s.id))
            findings.append(
                too_few(s, *counts) if judged[i] else too_few_everywhere(s, *counts, allow=allow_unmeasured)
            )
    return findings


def _shown(table: OutcomeTable, at: list[list[int]]) -> list[list[tuple[str, int]]]:
    """The outcomes ``at`` each spec's indices as a finding lists them: the group's name, its observations."""
    import numpy as np

    names = [" ".join(str(v) for v in keys.values()) or "all" for keys in table.labels]
    index = np.fromiter((j for listed in at for j in listed), np.int64)
    pairs = zip(table.group[index].tolist(), table.observations[index].tolist(), strict=True)
    flat = iter([(names[g] if g >= 0 else "all", int(n)) for g, n in pairs])
    return [[next(flat) for _ in listed] for listed in at]


def _units(table: OutcomeTable) -> dict[int, tuple[str, float, bool]]:
    """The specs whose data look recorded in another unit, with that unit, the weighted median of
    their values, and whether it is of means."""
    import numpy as np

    specs, spec = table.specs, table.spec
    checked = np.array(
        [
            s.quantity in (Quantity.DURATION, Quantity.PROPORTION) and isinstance(s.target, float)
            for s in specs
        ]
        or [False]
    )
    seen = np.where(np.isnan(table.raw), table.raw_mean, table.raw)
    usable = checked[spec] & ~np.isnan(seen) & (table.observations > 0)
    targets = np.array([float(s.target) for s in specs] or [1.0])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = seen / targets[spec]
    # Only the specs whose weighted median lies beyond FAR of the target have their values sorted.
    usable &= far_medians(spec[usable], ratio[usable], table.observations[usable], len(specs) or 1)[spec]
    values, weights, owner = seen[usable], table.observations[usable], spec[usable]
    order = by_owner_then_value(owner, values, len(specs))
    values, weights, owner = values[order], weights[order], owner[order]
    running = np.cumsum(weights)
    first = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if len(owner) else np.zeros(0, np.int64)
    before = np.repeat(
        np.r_[0, running[first[1:] - 1]] if len(first) else first, np.diff(np.r_[first, len(owner)])
    )
    totals = np.repeat(
        np.add.reduceat(weights, first) if len(first) else first, np.diff(np.r_[first, len(owner)])
    )
    crossed = np.flatnonzero((running - before) * 2 >= totals)
    owners, at = np.unique(owner[crossed], return_index=True)
    has_raw = np.bincount(spec[~np.isnan(table.raw)], minlength=len(specs))
    found = {}
    for s, value in zip(owners.tolist(), values[crossed[at]].tolist(), strict=True):
        spec_ = specs[s]
        unit = implausible(observed=value, target=spec_.target, data_unit=spec_.data_unit)
        if unit is not None:
            found[s] = (unit, value, not has_raw[s])
    return found


def far_medians(owner: Any, ratio: Any, weights: Any, size: int) -> Any:
    """Per owner (0 to ``size`` - 1), whether the weighted median of its ``ratio`` is beyond FAR either way.

    No sort: the median (see :func:`~.scale.weighted_median`) is under 1/FAR when the ratios
    under it hold at least half the weight, and over FAR when those up to FAR hold less than half.
    """
    import numpy as np

    # One count of the weights per owner and band: under 1/FAR, up to FAR, beyond.
    band = np.where(ratio < 1 / FAR, 0, np.where(ratio <= FAR, 1, 2))
    under, within, over = np.bincount(owner * 3 + band, weights, minlength=size * 3).reshape(size, 3).T
    total = under + within + over
    return (total > 0) & ((under * 2 >= total) | ((under + within) * 2 < total))


def by_owner_then_value(owner: Any, values: Any, size: int) -> Any:
    """The order that sorts rows by ``owner`` (0 to ``size`` - 1), then by value.

    One sort of the values, then a stable sort of their owners, which NumPy does
    as a radix sort on 16-bit integers: faster than sorting a combined key.
    """
    import numpy as np

    by_value = np.argsort(values)
    owners = owner[by_value].astype(np.int16 if size <= np.iinfo(np.int16).max else np.int64)
    return by_value[np.argsort(owners, kind="stable")]


def _firsts(spec: Any, chosen: Any, size: int, first: int) -> tuple[list[int], list[list[int]]]:
    """Per spec, how many outcomes are ``chosen``, and the first of them (the table is in spec order)."""
    import numpy as np

    picked = np.flatnonzero(chosen)
    owner = spec[picked]
    starts = np.searchsorted(owner, np.arange(size), side="left")
    ends = np.searchsorted(owner, np.arange(size), side="right")
    # Only each spec's first few are listed: half a million outcomes may be chosen.
    early = np.arange(len(picked)) - starts[owner] < first if len(picked) else np.zeros(0, bool)
    listed, ahead = picked[early].tolist(), np.cumsum(early) - early
    begin = ahead[np.minimum(starts, len(picked) - 1)] if len(picked) else starts
    taken = np.minimum(ends - starts, first)
    return (ends - starts).tolist(), [
        listed[a : a + k] for a, k in zip(begin.tolist(), taken.tolist(), strict=True)
    ]


def _meets(spec: Spec, o: Outcome) -> bool | None:
    """Whether an outcome on a mean or median meets its target; None without a value."""
    return spec.meets(o.raw) if o.raw is not None else None


def _implausible(spec: Spec, outcomes: list[Outcome]) -> str | None:
    if spec.quantity not in (Quantity.DURATION, Quantity.PROPORTION) or not isinstance(spec.target, float):
        return None
    value = weighted_median([(seen, o.observations) for o in outcomes if (seen := _seen(o)) is not None])
    return implausible(observed=value, target=spec.target, data_unit=spec.data_unit)


def _seen(o: Outcome) -> float | None:
    """What the unit heuristic compares with the target: the percentile, else the mean."""
    return o.raw if o.raw is not None else o.raw_mean


def unit_finding(
    spec: Spec, value: float | None, by_mean: bool, unit: str, where: Location | None
) -> Finding:
    """BP345: the data of ``spec`` look recorded in ``unit``; ``value`` is their weighted median."""
    by_mean = by_mean or spec.statistic is Statistic.MEAN
    what = "the mean" if by_mean else f"the value at {_pct(spec.q or 0.5)}"
    return finding(
        "BP345",
        f"values of metric {spec.metric!r} in source {spec.source!r} look recorded in {unit}, not "
        f"{spec.data_unit}: {what} is {value:.3g} against a target of {spec.target:g} {spec.data_unit}; "
        f"{spec.kind} {spec.id!r} is not judged",
        f"export the data in {spec.data_unit}, or set the metric's unit: {unit} "
        "(or --no-scale-check if the target really is that far from delivery)",
        subject=spec.id,
        location=where,
    )


def failing_finding(spec: Spec, judged: int, failing: int, examples: list[Outcome], at: Any) -> Finding:
    """BP330 (BP333 for a promise): ``spec`` not met in ``failing`` of ``judged`` groups, the first shown."""
    code = "BP333" if spec.kind == "promise" else "BP330"
    shown = "; ".join(_describe(spec, o) for o in examples)
    more = f"; and {failing - 3} more" if failing > 3 else ""
    scope = f" in {failing} of {judged} groups: " if judged > 1 else ": "
    what = "promise" if spec.kind == "promise" else "standard"
    grouped = any(o.group != "all" for o in examples)
    where = (" in this group" if failing == 1 else " in these groups") if grouped else ""
    hint = (
        "deliver what is promised, or promise what the standard delivers"
        if spec.kind == "promise"
        else f"{_cause(spec)}{where}, or revisit the standard with staff"
    )
    return finding(
        code, f"{what} {spec.id!r} not met{scope}{shown}{more}", hint, subject=spec.id, location=at
    )


def _cause(spec: Spec) -> str:
    """What to look for when delivery misses the standard, by what the metric measures."""
    kind, ceiling = spec.quantity, spec.comparator in (Comparator.LE, Comparator.LT)
    if kind is Quantity.BINARY:
        return "find where and why the check fails (training, checklist, equipment)"
    if kind is Quantity.SCORE:
        return "ask the customers whose scores missed the target what went wrong"
    if spec.comparator is Comparator.EQ:
        return "find what keeps the cases off the exact target"
    if kind is Quantity.DURATION:
        return "find what slows delivery" if ceiling else "find what cuts the time short"
    if kind is Quantity.COUNT:
        return "find what drives the count up" if ceiling else "find what holds the count down"
    return "find what pushes the rate up" if ceiling else "find what holds the rate down"


def too_few(spec: Spec, groups: int, few: int, shown: list[tuple[str, int]], least: int, at: Any) -> Finding:
    """BP331: too few observations in ``few`` of ``groups`` groups; ``shown``: the first, with their n."""
    return finding(
        "BP331",
        f"too few observations to judge {spec.id!r} in {few} of {groups} groups "
        f"(fewer than {least}): {counts_listed(shown, few)}",
        "collect more observations, group more coarsely, or lower min_observations knowingly",
        subject=spec.id,
        location=at,
    )


def _describe(spec: Spec, o: Outcome) -> str:
    where = "" if o.group == "all" else f"{o.group}: "
    if spec.required is None:
        value = f"{o.observed:.3g} {unit_word(float(f'{o.observed:.3g}'), spec.unit)}"
        return f"{where}{spec.statistic.value} {value} against {spec.comparator.value} {_target(spec)}"
    word = _WORDS.get(spec.comparator, "" if spec.quantity is Quantity.BINARY else "equal to")
    return (
        f"{where}{_pct(o.share or 0.0)} of {o.observations:,} {word + ' ' if word else ''}{_target(spec)} "
        f"({_pct(spec.required)} required)"
    )


def _target(spec: Spec) -> str:
    value = spec.shown_target
    if isinstance(value, bool):
        return str(value).lower()
    if spec.unit in ("share", "percent"):
        return f"{value * 100 if spec.unit == 'share' else value:g}%"
    return f"{value:g}" if spec.unit in ("count", "score") else amount(value, spec.unit)


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%".replace(".0%", "%")

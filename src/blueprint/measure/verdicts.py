"""Judge every outcome and say, per standard and promise, what delivery shows.

:func:`finish` sets each group's share, Wilson interval and status, then gives
the findings: where delivery falls short of a standard (gap 3), where a
promise is not kept (gap 4), where there is too little data to tell, and
where the data look recorded in another unit. What the data themselves
lack is :mod:`.accounting`'s part.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ..model.findings import Finding, Location
from ..model.units import amount, unit_word
from ..model.vocabulary import Comparator, Quantity, Statistic
from .codes import finding
from .judging import judge_all
from .outcome import FAIL, IMPLAUSIBLE, TOO_FEW, Outcome
from .scale import implausible, weighted_median

if TYPE_CHECKING:
    from ..model.service import Service
    from .specs import Spec

__all__ = ["finish"]

_WORDS = {Comparator.LE: "at most", Comparator.LT: "under", Comparator.GE: "at least", Comparator.GT: "over"}


def finish(
    service: Service,
    outcomes: list[Outcome],
    specs: list[Spec],
    min_observations: int,
    confidence: float,
    scale_check: bool,
    places: dict[str, Location],
) -> list[Finding]:
    """Judge every outcome in place and return the gap 3 and gap 4 findings."""
    by_spec: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_spec[outcome.id].append(outcome)
    spec_of = {spec.id: spec for spec in specs}
    judge_all(outcomes, min_observations, confidence, lambda o: _meets(spec_of[o.id], o))
    findings: list[Finding] = []
    for spec in specs:
        mine = by_spec.get(spec.id, [])
        unit = _implausible(spec, mine) if scale_check else None
        if unit is not None:
            for o in mine:
                if o.observations:
                    o.status = IMPLAUSIBLE
            findings.append(_unit_finding(spec, mine, unit, places.get(spec.source or "")))
            continue
        failing = [o for o in mine if o.status == FAIL]
        if failing:
            code = "BP333" if spec.kind == "promise" else "BP330"
            findings.append(_failing(code, spec, mine, failing, service.locate(spec.id)))
        few = [o for o in mine if o.status == TOO_FEW]
        if few:
            findings.append(_too_few(spec, mine, few, min_observations, service.locate(spec.id)))
    return findings


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


def _unit_finding(spec: Spec, outcomes: list[Outcome], unit: str, where: Location | None) -> Finding:
    value = weighted_median([(_seen(o), o.observations) for o in outcomes if _seen(o) is not None])
    by_mean = spec.statistic is Statistic.MEAN or all(o.raw is None for o in outcomes)
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


def _failing(code: str, spec: Spec, outcomes: list[Outcome], failing: list[Outcome], at: Any) -> Finding:
    shown = "; ".join(_describe(spec, o) for o in failing[:3])
    more = f"; and {len(failing) - 3} more" if len(failing) > 3 else ""
    judged = sum(1 for o in outcomes if o.status in ("pass", FAIL))
    scope = f" in {len(failing)} of {judged} groups: " if judged > 1 else ": "
    what = "promise" if spec.kind == "promise" else "standard"
    hint = (
        "deliver what is promised, or promise what the standard delivers"
        if spec.kind == "promise"
        else f"{_cause(spec)} in these groups, or revisit the standard with staff"
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


def _too_few(spec: Spec, outcomes: list[Outcome], few: list[Outcome], least: int, at: Any) -> Finding:
    groups = ", ".join(f"{o.group} ({o.observations})" for o in few[:5])
    more = f" and {len(few) - 5} more" if len(few) > 5 else ""
    return finding(
        "BP331",
        f"too few observations to judge {spec.id!r} in {len(few)} of {len(outcomes)} groups "
        f"(fewer than {least}): {groups}{more}",
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

"""Whether a service hangs together: references resolve, units fit, targets are possible.

These are the errors that make a service meaningless rather than merely weak
(the lint in ``blueprint.checks`` judges weakness). Each finding names its
subject and the field path inside that subject's record, which the loader
turns into a file, line and column.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .findings import Finding
from .units import quantity_of, units_for
from .vocabulary import Quantity, Severity

if TYPE_CHECKING:
    from .objects import Standard
    from .service import Service

__all__ = ["LOADER_RULES", "integrity"]

#: rule id -> short name, for the problems a service file can have (the lint's rules are
#: :data:`blueprint.checks.RULES`)
LOADER_RULES = {
    "BP001": "yaml-syntax",
    "BP002": "unknown-key",
    "BP003": "invalid-value",
    "BP004": "missing-key",
    "BP005": "duplicate-id",
    "BP006": "dangling-reference",
    "BP007": "flow-to-non-moment",
    "BP008": "unit-mismatch",
    "BP009": "unsupported-version",
    "BP010": "not-a-service",
    "BP011": "impossible-target",
}


def _error(rule: str, subject: str, path: tuple[object, ...], message: str, hint: str) -> Finding:
    return Finding(rule, Severity.ERROR, message, hint, subject=subject, path=path)


def integrity(service: Service, *, written: set[str] = frozenset()) -> list[Finding]:  # type: ignore[assignment]
    """Every broken reference, misfitting unit and impossible target in ``service``.

    ``written`` holds ids that exist in the source but did not make it into the
    service (their own errors are reported); references to them are not
    reported again as dangling.
    """
    found = [*_flow(service), *_supports(service), *_standards(service), *_promises(service)]
    return [f for f in found if not (f.rule == "BP006" and _referenced(service, f) in written)]


def _referenced(service: Service, finding: Finding) -> object:
    """The id a dangling reference names, read from its record at the finding's path."""
    value: Any = service.get(finding.subject or "")
    for step in finding.path:
        value = value[step] if isinstance(step, int) else getattr(value, str(step))
    return value


def _flow(service: Service) -> Iterator[Finding]:
    for moment in service.moments.values():
        for i, target in enumerate(moment.next or ()):
            if target in service.moments:
                continue
            if target in service.steps or target in service.evidence:
                kind = "a step" if target in service.steps else "physical evidence"
                yield _error(
                    "BP007",
                    moment.id,
                    ("next", i),
                    f"moment {moment.id!r} flows to {target!r}, which is {kind}, not a moment",
                    "next: lists moments only; link steps to moments with the step's supports:",
                )
            else:
                yield _dangling(service, moment.id, ("next", i), target, "moment", service.moments)
        for i, channel in enumerate(moment.channels):
            if channel not in service.channels:
                yield _dangling(service, moment.id, ("channels", i), channel, "channel", service.channels)


def _supports(service: Service) -> Iterator[Finding]:
    for step in service.steps.values():
        for i, target in enumerate(step.supports):
            if target in service.moments or target in service.steps:
                continue
            yield _dangling(
                service,
                step.id,
                ("supports", i),
                target,
                "moment or step",
                {**service.moments, **service.steps},
            )


def _standards(service: Service) -> Iterator[Finding]:
    goals = {goal.id: goal for goal in service.info.goals}
    seen: set[str] = set()
    for i, goal in enumerate(service.info.goals):
        if goal.id in seen:
            message = f"goal {goal.id!r} is declared twice"
            yield _error("BP005", service.info.id, ("goals", i, "id"), message, "give each goal its own id")
        seen.add(goal.id)
    for standard in service.standards.values():
        for i, factor in enumerate(standard.factors):
            if factor not in service.factors:
                yield _dangling(service, standard.id, ("factors", i), factor, "key factor", service.factors)
        for i, step in enumerate(standard.steps):
            if step not in service.steps:
                yield _dangling(service, standard.id, ("steps", i), step, "step", service.steps)
        for i, cited in enumerate(standard.goals):
            if cited not in goals:
                yield _dangling(service, standard.id, ("goals", i), cited, "goal", goals)
        metric = service.metrics.get(standard.metric)
        if metric is None:
            yield _dangling(service, standard.id, ("metric",), standard.metric, "metric", service.metrics)
            continue
        unit_quantity = quantity_of(standard.unit)
        if unit_quantity is not metric.quantity:
            yield _error(
                "BP008",
                standard.id,
                ("unit",),
                f"unit {standard.unit!r} does not fit metric {metric.id!r}, "
                f"which measures a {metric.quantity.value}",
                f"use one of: {', '.join(units_for(metric.quantity))}",
            )
            continue
        problem = _impossible(standard, metric.quantity, metric.scale)
        if problem:
            yield _error("BP011", standard.id, ("target",), *problem)


def _impossible(
    standard: Standard, quantity: Quantity, scale: tuple[float, float] | None
) -> tuple[str, str] | None:
    target = standard.target
    if quantity is Quantity.BINARY:
        if not isinstance(target, bool):
            return (
                f"target {target!r} is not yes/no, but metric {standard.metric!r} is binary",
                "write target: true (or false) with comparator: ==",
            )
        return None
    if isinstance(target, bool):
        return (
            f"target {target} is yes/no, but metric {standard.metric!r} measures a {quantity.value}",
            "write the target as a number",
        )
    if not math.isfinite(target):
        return f"target {target} is not a finite number", "write a finite number"
    if quantity in (Quantity.DURATION, Quantity.COUNT) and target < 0:
        return (
            f"target {target:g} {standard.unit} is negative; no {quantity.value} can be",
            "targets on durations and counts are zero or more",
        )
    if quantity is Quantity.PROPORTION:
        top = 100.0 if standard.unit == "percent" else 1.0
        if not 0 <= target <= top:
            return (
                f"target {target:g} {standard.unit} is outside 0..{top:g}",
                "write a share from 0 to 1, or unit: percent with 0 to 100",
            )
    if quantity is Quantity.SCORE and scale and not scale[0] <= target <= scale[1]:
        return (
            f"target {target:g} is outside the metric's scale {scale[0]:g}..{scale[1]:g}",
            "pick a target on the scale, or correct the metric's scale",
        )
    if _unreachable(standard.comparator.value, target, quantity, scale, standard.unit):
        return (
            f"no observation can be {standard.comparator.value} {target:g} {standard.unit}",
            "check the comparator and the target",
        )
    return None


def _unreachable(
    comparator: str, target: float, quantity: Quantity, scale: tuple[float, float] | None, unit: str
) -> bool:
    low, high = scale if quantity is Quantity.SCORE and scale else (0.0, math.inf)
    if quantity is Quantity.PROPORTION:
        high = 100.0 if unit == "percent" else 1.0
    return (comparator == "<" and target <= low) or (comparator == ">" and target >= high)


def _promises(service: Service) -> Iterator[Finding]:
    for promise in service.promises.values():
        claimed = promise.claims.value if promise.claims else None
        if isinstance(claimed, float) and not math.isfinite(claimed):  # .nan, .inf, 1e400
            yield _error(
                "BP011",
                promise.id,
                ("claims", "value"),
                f"the promise claims {claimed}, which is not a finite number",
                "write the figure the promise states, e.g. value: 3",
            )
        if promise.standard is None:
            continue
        standard = service.standards.get(promise.standard)
        if standard is None:
            yield _dangling(
                service, promise.id, ("standard",), promise.standard, "standard", service.standards
            )
            continue
        metric = service.metrics.get(standard.metric)
        if metric is None or quantity_of(standard.unit) is not metric.quantity:
            continue  # the standard's own unit problem is reported on the standard
        if promise.claims and quantity_of(promise.claims.unit) is not quantity_of(standard.unit):
            yield _error(
                "BP008",
                promise.id,
                ("claims", "unit"),
                f"the promise claims {promise.claims.unit!r} "
                f"but standard {standard.id!r} is in {standard.unit!r}",
                f"state the claim in a unit of the same kind: {', '.join(units_for(metric.quantity))}",
            )


def _dangling(
    service: Service, subject: str, path: tuple[object, ...], target: str, kind: str, known: dict
) -> Finding:
    import difflib

    close = difflib.get_close_matches(target, list(known), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"add a {kind} with id {target!r}, or fix the id"
    message = f"{kind} {target!r} does not exist"
    other = _kind_of(service, target)
    if other:
        message = f"{target!r} is {other}, not a {kind}"
        hint = f"name a {kind} here"
        if other == "a moment" and kind == "key factor" and service.moments[target].factors:
            hint += f", e.g. one of its own: {', '.join(f.id for f in service.moments[target].factors)}"
        elif other == "a moment" and kind == "key factor":
            hint += " (the moment has none yet: tag what decides it under its factors:)"
    return _error("BP006", subject, path, message, hint)


def _kind_of(service: Service, ident: str) -> str | None:
    """What kind of record ``ident`` names in ``service`` ("a moment", ...), None when none."""
    tables = (
        ("a moment", service.moments),
        ("a step", service.steps),
        ("a key factor", service.factors),
        ("a standard", service.standards),
        ("a promise", service.promises),
        ("physical evidence", service.evidence),
        ("a metric", service.metrics),
        ("a channel", service.channels),
    )
    return next((kind for kind, table in tables if ident in table), None)


def __getattr__(name: str) -> Any:
    if name == "RULES":  # the old name, kept for one release
        warnings.warn(
            "blueprint.model.integrity.RULES is deprecated: use LOADER_RULES (the lint's rules are "
            "blueprint.checks.RULES)",
            DeprecationWarning,
            stacklevel=2,
        )
        return LOADER_RULES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

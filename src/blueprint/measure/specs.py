"""Standards and promises turned into measurement specs: what to count, in the data's unit.

A :class:`Spec` is everything the engine needs to hold one standard (or one
promise) against observations: the metric, the comparator, the target
converted to the unit the data is recorded in (``Metric.unit``), the share of
cases that must meet it, and which percentile to report. A promise becomes a
spec on its standard's metric with the claim's value and share; a promise
without a share is read as "every time", which is how customers read it.

>>> from blueprint.model.examples import tiny_service
>>> spec = compile_specs(tiny_service())[0][0]
>>> spec.id, spec.target, spec.unit, spec.required, spec.q
('checkin-3min', 3.0, 'minutes', 0.95, 0.95)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model.units import UNITS, convert
from ..model.vocabulary import Comparator, Quantity, Statistic
from .memo import IdentityMemo

if TYPE_CHECKING:
    from ..model.findings import Finding
    from ..model.objects import Metric, Standard
    from ..model.service import Service

__all__ = ["COMPARATOR_CODES", "Spec", "compile_specs", "spec_for_standard"]

#: comparators as small integers, for the specs table the engine joins
COMPARATOR_CODES = {Comparator.LE: 0, Comparator.LT: 1, Comparator.GE: 2, Comparator.GT: 3, Comparator.EQ: 4}


@dataclass(frozen=True)
class Spec:
    """One standard or promise, ready to be measured.

    ``target`` is in ``data_unit``; ``shown_target`` and ``unit`` are as the
    standard (or the promise's claim) writes them. ``required`` is the share
    of observations that must meet the target (None when the standard compares
    a mean or median); ``q`` is the quantile reported as the observed
    percentile (None for yes/no metrics, where a percentile means nothing).
    ``low`` and ``high`` bound the values the metric can take.
    """

    id: str
    kind: str  # "standard" or "promise"
    standard: str
    metric: str
    quantity: Quantity
    source: str | None
    comparator: Comparator
    target: float
    shown_target: float | bool
    unit: str
    data_unit: str
    required: float | None
    statistic: Statistic
    q: float | None
    low: float
    high: float
    unit_assumed: bool = False
    #: how the source writes local timestamps (``measurement.timestamp_format``), if it says
    timestamp_format: str | None = None

    def meets(self, value: float) -> bool:
        """Whether one value (in the data unit) meets the target, as the engine counts it."""
        return {
            Comparator.LE: value <= self.target,
            Comparator.LT: value < self.target,
            Comparator.GE: value >= self.target,
            Comparator.GT: value > self.target,
            Comparator.EQ: value == self.target,
        }[self.comparator]

    def to_shown(self, value: float | None) -> float | None:
        """A value in the data unit expressed in the unit the standard is written in."""
        if value is None or math.isnan(value) or self.quantity is Quantity.BINARY:
            return value
        return convert(value, self.data_unit, self.unit)


def spec_for_standard(service: Service, standard: Standard) -> Spec | None:
    """The spec of one standard; None when its metric is not in the service."""
    metric = service.metrics.get(standard.metric)
    if metric is None:
        return None
    required: float | None = standard.share if standard.share is not None else 1.0
    if standard.statistic is not Statistic.EACH:
        required = None
    return _spec(
        standard.id, "standard", standard, metric, standard.target, standard.unit, required,
    )  # fmt: skip


def compile_specs(service: Service, *, promises: bool = True) -> tuple[list[Spec], list[Finding]]:
    """A spec for every standard (and every promise with a claim) of ``service``.

    Standards whose metric is missing are skipped (the loader reports them),
    and so are standards measured elsewhere (``measurement.elsewhere``) with
    their promises. The findings say where a metric's data unit had to be assumed.
    The specs of a service whose standards, metrics, promises and locator are the
    same objects as last time are the same specs (:mod:`.memo`).
    """
    parts = (
        (promises, service.locator, service.source), service.standards.values(), service.metrics.values(),
        service.promises.values(),
    )  # fmt: skip
    specs, findings = _COMPILED.get(parts, lambda: _compile(service, promises))
    return list(specs), list(findings)


#: the specs last compiled, by the objects they were compiled from
_COMPILED: IdentityMemo[tuple[list[Spec], list[Finding]]] = IdentityMemo(4)


def _compile(service: Service, promises: bool) -> tuple[list[Spec], list[Finding]]:
    from .codes import finding

    specs: list[Spec] = []
    unmeasurable: list[Finding] = []
    for standard in service.standards.values():
        if standard.measurement is not None and standard.measurement.elsewhere:
            continue
        spec = spec_for_standard(service, standard)
        if spec is not None:
            specs.append(spec)
    by_id = {s.id: s for s in specs}
    if promises:
        for promise in service.promises.values():
            base = by_id.get(promise.standard or "")
            claim = promise.claims
            if base is None or claim is None or UNITS.get(claim.unit, (None,))[0] is not base.quantity:
                continue
            standard = service.standards[base.standard]
            required = claim.share if claim.share is not None else 1.0
            metric = service.metrics[standard.metric]
            specs.append(_spec(promise.id, "promise", standard, metric, claim.value, claim.unit, required))
    specs, unmeasurable = _finite(service, specs)
    findings = [
        *unmeasurable,
        *[
            finding(
                "BP350",
                f"metric {m.id!r} has no unit; its data is taken to be in {_units_of(service, m.id)}",
                f"state the unit the data is recorded in: unit: {_units_of(service, m.id).split(' or ')[0]}",
                subject=m.id,
                location=service.locator(m.id, None) if service.locator else None,
            )
            for m in service.metrics.values()
            if m.unit is None and any(s.metric == m.id and s.unit_assumed for s in specs)
        ],
    ]
    return specs, findings


def _finite(service: Service, specs: list[Spec]) -> tuple[list[Spec], list[Finding]]:
    """``specs`` without those whose target is not a finite number, and a finding for each.

    The loader refuses such targets and claims (BP011); a service built in code
    can still hold one, and no count or ratio may be taken against it.
    """
    from ..model.findings import Finding
    from ..model.vocabulary import Severity

    kept, findings = [], []
    for spec in specs:
        if math.isfinite(spec.target):
            kept.append(spec)
            continue
        field = "claims" if spec.kind == "promise" else "target"
        findings.append(
            Finding(
                "BP011",
                Severity.ERROR,
                f"{spec.kind} {spec.id!r} is not measured: "
                f"its target {spec.shown_target} is not a finite number",
                "write a finite number",
                subject=spec.id,
                location=service.locate(spec.id, field),
            )
        )
    return kept, findings


def _spec(
    spec_id: str,
    kind: str,
    standard: Standard,
    metric: Metric,
    target: float | bool,
    unit: str,
    required: float | None,
) -> Spec:
    data_unit = metric.unit or unit
    if isinstance(target, bool) or metric.quantity is Quantity.BINARY:
        value = 1.0 if target else 0.0
    else:
        value = convert(target, unit, data_unit)
    return Spec(
        id=spec_id,
        kind=kind,
        standard=standard.id,
        metric=metric.id,
        quantity=metric.quantity,
        source=standard.measurement.source if standard.measurement else None,
        timestamp_format=standard.measurement.timestamp_format if standard.measurement else None,
        comparator=standard.comparator,
        target=value,
        shown_target=target,
        unit=unit,
        data_unit=data_unit,
        required=required,
        statistic=standard.statistic,
        q=_quantile(standard.comparator, standard.statistic, required, metric.quantity),
        low=_bounds(metric, data_unit)[0],
        high=_bounds(metric, data_unit)[1],
        unit_assumed=metric.unit is None,
    )


def _quantile(
    comparator: Comparator, statistic: Statistic, required: float | None, quantity: Quantity
) -> float | None:
    """The quantile whose value, held against the target, says whether the share is met."""
    if quantity is Quantity.BINARY:
        return None
    if statistic is Statistic.MEDIAN:
        return 0.5
    if statistic is Statistic.MEAN or required is None:
        return None
    if comparator in (Comparator.GE, Comparator.GT):
        return round(1.0 - required, 12)  # the floor: the worst (1 - share) of cases sit below it
    if comparator is Comparator.EQ:
        return None
    return required


def _bounds(metric: Metric, data_unit: str) -> tuple[float, float]:
    if metric.quantity is Quantity.SCORE and metric.scale is not None:
        return float(metric.scale[0]), float(metric.scale[1])
    if metric.quantity is Quantity.BINARY:
        return 0.0, 1.0
    if metric.quantity is Quantity.PROPORTION:
        return 0.0, 100.0 if data_unit == "percent" else 1.0
    return 0.0, math.inf


def _units_of(service: Service, metric_id: str) -> str:
    units = sorted({s.unit for s in service.standards.values() if s.metric == metric_id})
    return " or ".join(units) or "the standard's unit"

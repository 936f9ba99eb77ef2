"""Does each standard serve customers: known to them, needed by them, no stricter than they ask?

Pitfalls 1, 2, 4 and 6 of DOMAIN.md §6 and guideline 4 (meet customer
requirements).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model.units import quantity_of, to_base
from ..model.vocabulary import BPM
from ._common import base_target, lower_bound, show, upper_bound
from .numbers import simplified
from .registry import Hit, rule

if TYPE_CHECKING:
    from ..model.objects import KeyFactor, Standard
    from ..model.service import Service
    from .lint_config import LintConfig

__all__ = [
    "customer_need",
    "differentiated",
    "no_stricter_than_customers",
    "published",
    "valued_by_customers",
]

_NORM = re.compile(
    r"industry (?:standard|norm|average|benchmark|practice)|行业(?:标准|惯例|平均|通行)|行规", re.IGNORECASE
)


@rule(
    "BP111",
    "published to customers",
    "info",
    gap=4,
    name="published",
    cites=("P4", "G12"),
    rationale="""
    Pitfall 4 is believing customers need not know the standard. Customers are the
    best supervisors: a published standard is checked every time it is delivered, and
    it tells them what to expect (guideline 12, communicated continuously). Internal
    standards are fine; mark the ones customers can see with ``visible: true``.
    """,
    example="""
    - id: checkin-3min
      visible: false     # BP111: publish it on the website or the room card
    """,
)
def published(service: Service, config: LintConfig) -> Iterator[Hit]:
    for standard in service.standards.values():
        if not standard.visible:
            yield Hit(
                standard.id,
                f"standard {standard.id!r} is not published to customers",
                "customers are the best supervisors: publish it and write visible: true",
                ("visible",) if "visible" in standard.model_fields_set else (),
            )


@rule(
    "BP112",
    "tied to a customer need",
    "warning",
    gap=1,
    name="customer-need",
    cites=("P6", "G4"),
    rationale="""
    Pitfall 6 is the standard for its own sake: Domino's dropped its 30-minute promise
    when it stopped serving customers. A standard must meet customer requirements
    (guideline 4), so the factor it serves should show customer evidence (a survey
    item, interviews, complaint logs). A standard with no factor at all is already a
    load error (BP004).
    """,
    example="""
    factors:
      - id: checkin-speed
        element: software
        sub_item: timeliness
        # BP112: customer_evidence: [{method: survey, source: guest survey 2025, item: Q4}]
    """,
)
def customer_need(service: Service, config: LintConfig) -> Iterator[Hit]:
    for factor in service.factors.values():
        standards = service.standards_of_factor.get(factor.id, [])
        if standards and not factor.customer_evidence:
            yield Hit(
                factor.id,
                f"factor {factor.id!r} carries {len(standards)} standard(s) but no customer "
                "evidence shows customers need it",
                "add customer_evidence: [{method: survey, source: ..., item: ...}], "
                "or drop standards that serve nobody",
            )


@rule(
    "BP113",
    "not stricter than customers ask",
    "info",
    name="no-stricter-than-customers",
    cites=("P1", "G5"),
    rationale="""
    Pitfall 1 is "the stricter the better". A good standard matches what customers
    expect and is workable (guideline 5). Where the factor records the customers'
    tolerance, a target more than ``strictness_ratio`` times stricter (default 2) costs
    staff time and money without making anyone happier; keep it only for a reason.
    """,
    example="""
    factors:
      - id: checkin-speed
        customer_tolerance: {value: 10, unit: minutes}
    standards:
      - id: checkin-1min
        factors: [checkin-speed]
        target: 1          # BP113: ten times stricter than guests ask
        unit: minutes
    """,
)
def no_stricter_than_customers(service: Service, config: LintConfig) -> Iterator[Hit]:
    for standard in service.standards.values():
        for factor in (service.factors[f] for f in standard.factors if f in service.factors):
            ratio = _strictness(standard, factor)
            if ratio is None or ratio <= config.strictness_ratio or factor.customer_tolerance is None:
                continue
            tolerance = factor.customer_tolerance
            times = "infinitely" if ratio == float("inf") else f"{ratio:g} times"
            source = f" ({tolerance.source})" if tolerance.source else ""
            yield Hit(
                standard.id,
                f"target {show(standard.target, standard.unit)} is {times} stricter than customers' "
                f"tolerance of {show(tolerance.value, tolerance.unit)}{source} at factor {factor.id!r}",
                "a standard stricter than customers ask costs effort without pleasing anyone more; "
                "aim nearer their tolerance unless there is a reason",
                ("target",),
            )


def _strictness(standard: Standard, factor: KeyFactor) -> float | None:
    tolerance, target = factor.customer_tolerance, base_target(standard)
    if tolerance is None or target is None or quantity_of(tolerance.unit) is not quantity_of(standard.unit):
        return None
    limit = to_base(tolerance.value, tolerance.unit)
    if upper_bound(standard.comparator) and upper_bound(tolerance.comparator):
        return limit / target if target > 0 else float("inf") if limit > 0 else None
    if lower_bound(standard.comparator) and lower_bound(tolerance.comparator) and limit > 0:
        return target / limit
    return None


@rule(
    "BP114",
    "set for these customers, not copied from the industry",
    "info",
    name="differentiated",
    cites=("P2", "G10"),
    rationale="""
    Pitfall 2 is following the industry norm: differentiation wins (Southwest
    Airlines), and a standard should reflect the organisation's own goals
    (guideline 10). A statement that justifies itself by the industry standard or
    average ("industry standard", "行业标准", "行规", in either script) is worth a
    second look: what do these customers ask for?
    """,
    example="""
    - id: checkin-3min
      statement: Check-in meets the industry standard of 5 minutes.   # BP114
    """,
)
def differentiated(service: Service, config: LintConfig) -> Iterator[Hit]:
    for standard in service.standards.values():
        texts = [standard.statement, *standard.translations.values()]
        if any(_NORM.search(simplified(text)) for text in texts):
            yield Hit(
                standard.id,
                "the statement follows the industry norm rather than these customers",
                "set the target from customer evidence and the organisation's goals",
                ("statement",),
            )


@rule(
    "BP115",
    "serves a factor customers value",
    "warning",
    gap=2,
    name="valued-by-customers",
    cites=("P6",),
    rationale="""
    Pitfall 6 is a standard for its own sake: Domino's dropped its 30-minute delivery
    promise once it stopped serving customers. A standard whose key factors customers
    class as indifferent (they do not care either way) or reverse (more of it
    displeases them), in a Kano survey (``blueprint survey kano --write``), a
    workshop vote or the file's ``bpm``, costs effort and buys nothing.
    """,
    example="""
    - id: wine-list-recital
      factors: [wine-knowledge]     # bpm: indifferent; BP115
    """,
)
def valued_by_customers(service: Service, config: LintConfig) -> Iterator[Hit]:
    unvalued = (BPM.INDIFFERENT, BPM.REVERSE)
    for standard in service.standards.values():
        factors = [service.factors[f] for f in standard.factors if f in service.factors]
        if factors and all(factor.bpm in unvalued for factor in factors):
            classes = ", ".join(f"{factor.id!r} {factor.bpm.value}" for factor in factors if factor.bpm)
            yield Hit(
                standard.id,
                f"standard {standard.id!r} serves only factors customers do not value ({classes})",
                "drop it, or check with customers that the class is right before keeping it",
                ("factors",),
            )

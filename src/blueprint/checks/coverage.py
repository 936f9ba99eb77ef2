"""Does every moment and every factor that matters have a standard, and not too many?

Gap 2 (design and standards) of DOMAIN.md §7, guideline 9 (new standards added
when needed) and pitfall 5 (the more detailed the better).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..model.journeys import forward_flow
from ..model.queries import covered_moments, moments_of_standard, supported_moments
from ..model.vocabulary import BPM, Element
from .registry import Hit, rule

if TYPE_CHECKING:
    from ..model.objects import KeyFactor, MomentOfTruth
    from ..model.service import Service
    from .lint_config import LintConfig

__all__ = [
    "all_three_elements",
    "basic_factor_covered",
    "elements_per_stage",
    "focused_factor",
    "focused_moment",
    "important_factor_covered",
    "moment_covered",
    "moment_reached",
    "steps_at_factors_moment",
]


@rule(
    "BP201",
    "every moment of truth has a standard",
    "warning",
    gap=2,
    name="moment-covered",
    cites=("G9",),
    rationale="""
    Each moment of truth is where customers form their impression, so each needs at
    least one measurable standard on one of its key factors; a moment without one is
    left to chance (gap 2, guideline 9). A moment with no key factors at all has not
    been through step 2 of the method yet.
    """,
    example="""
    moments:
      - id: check-out
        stage: post-service
        factors: []      # BP201: no factors, so no standard
    """,
)
def moment_covered(service: Service, config: LintConfig) -> Iterator[Hit]:
    covered = covered_moments(service)
    for moment in service.moments.values():
        if moment.id in covered:
            continue
        if not moment.factors:
            yield Hit(
                moment.id,
                f"moment {moment.id!r} has no key factors, so no standard",
                "find what decides the customer's experience here and tag it under factors:",
            )
        else:
            yield Hit(
                moment.id,
                f"no standard serves any of the {len(moment.factors)} key factor(s) of moment {moment.id!r}",
                "turn its most important factor into a standard "
                f"(try: blueprint suggest FILE --factor {moment.factors[0].id})",
            )


@rule(
    "BP211",
    "every moment is on the customer's way",
    "warning",
    gap=2,
    name="moment-reached",
    rationale="""
    The cycle runs from the first moment along each moment's ``next`` (the next
    moment in the file when it is left out). A moment no path from first contact
    reaches is one no customer lives: a ``next`` written elsewhere cut it off,
    most often a ``next: []`` put one moment too early or an id left out of a
    branch. Its standards, its time and its emotion then count for nothing in the
    journeys, the timing and the sequence rules. A function no channel offers
    (``channels: []``) is left to BP208.
    """,
    example="""
    moments:
      - id: hear-result
        next: []          # the customer leaves here ...
      - id: get-certificate   # BP211: ... so no customer gets here
    """,
)
def moment_reached(service: Service, config: LintConfig) -> Iterator[Hit]:
    order = list(service.moments)
    if not order:
        return
    reached = _reached(service, order[0])
    for position, moment_id in enumerate(order):
        moment = service.moments[moment_id]
        if moment_id in reached or (moment.is_function and not moment.channels):
            continue  # a function no channel offers is BP208's to tell
        before = service.moments[order[position - 1]] if position else None
        if before is not None and before.next is not None and moment_id not in before.next:
            told = f"next: [{', '.join(before.next)}]"
            hint = (
                f"the moment before it, {before.id!r}, says {told}: add {moment_id!r} there "
                "(or to the next: of the moment the customer comes from), or remove the moment"
            )
        else:
            hint = f"add {moment_id!r} to the next: of the moment customers come from, or remove the moment"
        yield Hit(
            moment_id,
            f"no path from first contact ({order[0]!r}) reaches moment {moment_id!r}: no customer lives it",
            hint,
        )


def _reached(service: Service, entry: str) -> set[str]:
    """The moments a customer can reach from ``entry``, following ``next`` (or the file order)."""
    follows = forward_flow(service)
    reached, todo = {entry}, [entry]
    while todo:
        for target in follows[todo.pop()]:
            if target not in reached:
                reached.add(target)
                todo.append(target)
    return reached


@rule(
    "BP202",
    "every basic factor has a standard",
    "warning",
    gap=2,
    name="basic-factor-covered",
    cites=("G4", "G9"),
    rationale="""
    Basic factors (Kano's must-be) are what customers take for granted: their absence
    dissatisfies and nothing else makes up for it. Each needs a standard that makes
    sure it is always there (gap 2, guideline 4).
    """,
    example="""
    factors:
      - id: room-clean
        bpm: basic        # BP202: no standard serves it
    """,
)
def basic_factor_covered(service: Service, config: LintConfig) -> Iterator[Hit]:
    for factor in service.factors.values():
        if factor.bpm is BPM.BASIC and not service.standards_of_factor.get(factor.id):
            yield Hit(
                factor.id,
                f"basic factor {factor.id!r} has no standard; customers expect it always",
                f"write one: blueprint suggest FILE --factor {factor.id}",
                ("bpm",),
            )


@rule(
    "BP203",
    "every high-importance factor has a standard",
    "warning",
    gap=2,
    name="important-factor-covered",
    cites=("G4", "G9"),
    rationale="""
    A factor customers weigh heavily (``importance`` at or above ``high_importance``,
    default 0.7) decides their judgement of the moment; leaving it without a standard
    is a gap between what customers value and what the organisation specifies (gap 2).
    Basic factors are reported by BP202 instead.
    """,
    example="""
    factors:
      - id: checkin-speed
        importance: 0.9    # BP203: no standard serves it
    """,
)
def important_factor_covered(service: Service, config: LintConfig) -> Iterator[Hit]:
    for factor in service.factors.values():
        important = factor.importance is not None and factor.importance >= config.high_importance
        if important and factor.bpm is not BPM.BASIC and not service.standards_of_factor.get(factor.id):
            yield Hit(
                factor.id,
                f"factor {factor.id!r} has importance {factor.importance:g} but no standard",
                f"write one: blueprint suggest FILE --factor {factor.id}",
                ("importance",),
            )


@rule(
    "BP204",
    "not over-detailed: standards per factor",
    "warning",
    name="focused-factor",
    cites=("P5",),
    rationale="""
    Pitfall 5 is "the more detailed the better": the seed asks for standards that
    weigh what customers actually need (侧重考虑顾客的实际需要). Staff remember a few
    standards that matter to customers, not a manual. A key factor may carry up to
    ``max_standards_per_factor`` (default 4) standards when customers weigh it fully
    (``importance: 1``), and proportionally fewer as its importance falls, but
    always one.
    """,
    example="""
    - id: checkin-speed     # BP204: five standards serve this one factor
    """,
)
def focused_factor(service: Service, config: LintConfig) -> Iterator[Hit]:
    for factor_id, standards in service.standards_of_factor.items():
        factor = service.factors.get(factor_id)
        if factor is None:
            continue
        limit = _weighed(config.max_standards_per_factor, factor.importance)
        if len(standards) > limit:
            yield Hit(
                factor_id,
                f"{len(standards)} standards serve factor {factor_id!r} "
                f"(more than {limit}{_for_weight(factor.importance)})",
                "keep the ones customers notice and merge or drop the rest",
            )


@rule(
    "BP205",
    "not over-detailed: standards per moment",
    "warning",
    name="focused-moment",
    cites=("P5",),
    rationale="""
    Pitfall 5 again, at the level of the moment: more than
    ``max_standards_per_moment`` (default 8) standards at one moment of truth is
    more than staff can hold in mind while serving the customer in front of them.
    As for a factor, the limit falls with the importance of the moment's most
    important factor.
    """,
    example="""
    - id: check-in          # BP205: nine standards serve its factors
    """,
)
def focused_moment(service: Service, config: LintConfig) -> Iterator[Hit]:
    counts: dict[str, int] = {}
    for standard in service.standards.values():
        for moment_id in moments_of_standard(service, standard.id):
            counts[moment_id] = counts.get(moment_id, 0) + 1
    for moment in service.moments.values():
        weights = [f.importance for f in moment.factors if f.importance is not None]
        importance = max(weights) if weights else None
        limit = _weighed(config.max_standards_per_moment, importance)
        count = counts.get(moment.id, 0)
        if count > limit:
            yield Hit(
                moment.id,
                f"{count} standards serve moment {moment.id!r} (more than {limit}{_for_weight(importance)})",
                "focus on what customers need here; merge or drop the rest",
            )


_ELEMENTS_RATIONALE = """
    The seed builds every standard from three elements, hardware (place, facilities,
    environment), software (the procedures and systems) and people, and calls them
    indispensable to each other (相辅相成，缺一不可). Key factors that leave one
    element out have not looked at that side of the service: the lobby nobody
    described, the procedure nobody timed, the person nobody watched.
    """


@rule(
    "BP206",
    "all three elements",
    "warning",
    gap=2,
    name="all-three-elements",
    rationale=_ELEMENTS_RATIONALE,
    example="""
    moments:                   # BP206: no factor anywhere of the people element
      - id: check-in
        factors:
          - {id: checkin-speed, element: software, sub_item: timeliness}
    """,
)
def all_three_elements(service: Service, config: LintConfig) -> Iterator[Hit]:
    missing = _missing_elements(service.factors.values())
    if service.factors and missing:
        yield Hit(
            service.info.id,
            f"no key factor of the {' or '.join(missing)} element in the whole service",
            f"the three elements go together: find what the {missing[0]} element decides, and tag it",
        )


@rule(
    "BP207",
    "all three elements in each stage",
    "info",
    gap=2,
    name="elements-per-stage",
    rationale=_ELEMENTS_RATIONALE
    + """
    Stage by stage (pre-, in- and post-service) an element may rightly be absent, so
    this is a note; a stage with no key factors at all is left to BP201.
    """,
    example="""
    - id: check-out
      stage: post-service
      factors:                 # BP207: no hardware factor after the service
        - {id: bill-accuracy, element: software, sub_item: flow}
    """,
)
def elements_per_stage(service: Service, config: LintConfig) -> Iterator[Hit]:
    moments: dict[str, list[MomentOfTruth]] = {}
    for moment in service.moments.values():
        moments.setdefault(moment.stage.value, []).append(moment)
    absent = set(_missing_elements(service.factors.values()))  # BP206 names these
    for stage, group in moments.items():
        factors = [factor for moment in group for factor in moment.factors]
        missing = [element for element in _missing_elements(factors) if element not in absent]
        if factors and missing:
            yield Hit(
                group[0].id,
                f"no key factor of the {' or '.join(missing)} element in the {stage} stage",
                f"look at the {stage} moments for what the {' and '.join(missing)} "
                + ("element decides" if len(missing) == 1 else "elements decide"),
            )


def _missing_elements(factors: Iterable[KeyFactor]) -> list[str]:
    present = {factor.element for factor in factors}
    return [element.value for element in Element if element not in present]


def _weighed(limit: int, importance: float | None) -> int:
    """How many standards detail is worth at this importance (the full limit when it is unknown).

    >>> _weighed(4, None), _weighed(4, 0.9), _weighed(4, 0.3), _weighed(4, 0.0)
    (4, 4, 1, 1)
    """
    return limit if importance is None else max(1, round(limit * importance))


def _for_weight(importance: float | None) -> str:
    return "" if importance is None else f" for a factor customers weigh at {importance:g}"


@rule(
    "BP210",
    "a standard's steps feed the moments of its factors",
    "warning",
    gap=2,
    name="steps-at-factors-moment",
    cites=("G3",),
    rationale="""
    A standard that names both key factors and steps makes one factor measurable by
    timing or checking the steps that deliver it. When a step it names feeds none
    of the moments its factors belong to, the standard is filed under the wrong
    moment: its figures are read against a factor they say nothing about, and
    the moment the step feeds, which it does not measure, is missing a standard.
    The misfiled step does not make the standard serve the moment the step feeds:
    that moment is not counted as covered (in the check, the summary, the report
    and the widgets), so BP201 names it when no other standard serves it.
    """,
    example="""
    standards:
      - id: triage-within-15
        factors: [desk-queue]        # a factor of 'register'
        steps: [measure-vitals]      # BP210: this step feeds 'triage' only
    """,
)
def steps_at_factors_moment(service: Service, config: LintConfig) -> Iterator[Hit]:
    for standard in service.standards.values():
        factor_moments = {service.moment_of[f] for f in standard.factors if f in service.moment_of}
        if not factor_moments:
            continue
        for at, step in enumerate(standard.steps):
            fed = supported_moments(service, step)
            if not fed or factor_moments.intersection(fed):
                continue
            yield Hit(
                standard.id,
                f"standard {standard.id!r} serves key factor(s) of moment(s) "
                f"{', '.join(repr(m) for m in sorted(factor_moments))}, but its step {step!r} feeds "
                f"{', '.join(repr(m) for m in fed)}",
                "name the factor of the moment the step feeds, or split it into one standard per moment",
                ("steps", at),
            )

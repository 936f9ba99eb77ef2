"""Gaps 1, 2 and 4 of the gap model, read from the service file (DOMAIN.md §7).

Gap 3 needs operational data and gap 4 partly does; those findings come from
:func:`blueprint.measure.measure`. The rest is here. Some of the gap model is
already held by other rules, and these do not repeat them:

- gap 2 "every moment has a standard": BP201; "basic and high-importance
  factors have one": BP202 and BP203;
- gap 1/2 "standards traceable to customer evidence": BP112 (a factor that
  carries standards but no customer evidence). BP301 covers the factors
  without standards that BP112 does not look at.

:func:`gaps` runs the rules below with outside knowledge, such as the
importance customers gave each factor in a survey.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from ..model.units import UNITS, to_base
from ..model.vocabulary import Comparator, MeasurementMethod, StandardKind
from ._common import show
from .registry import RULES, Hit, rule

if TYPE_CHECKING:
    from ..model.findings import Finding
    from ..model.objects import Claim, Promise, Standard
    from ..model.service import Service
    from .config import LintConfig

__all__ = [
    "GAP_RULES",
    "assumed_importance",
    "factor_evidence",
    "gaps",
    "hard_where_feasible",
    "promise_backed",
    "promise_states_share",
    "promise_within_standard",
]


@rule(
    "BP301",
    "every key factor rests on customer evidence",
    "warning",
    gap=1,
    name="factor-evidence",
    cites=("G4",),
    rationale="""
    Gap 1 (listening) is the distance between what customers expect and what
    management believes they expect. A key factor nobody asked customers about is
    management's belief; back it with research (a survey item, interviews, the
    complaint log). Factors that already carry standards are reported by BP112.
    """,
    example="""
    factors:
      - id: lobby-music
        element: hardware
        sub_item: environment
        # BP301: customer_evidence: [{method: survey, source: guest survey 2025, item: Q12}]
    """,
)
def factor_evidence(service: Service, config: LintConfig) -> Iterator[Hit]:
    for factor in service.factors.values():
        if not factor.customer_evidence and not service.standards_of_factor.get(factor.id):
            yield Hit(
                factor.id,
                f"key factor {factor.id!r} rests on no customer evidence",
                "ask customers (survey, interviews, complaint log) and record it under customer_evidence:",
            )


@rule(
    "BP302",
    "management's importance agrees with customers'",
    "warning",
    gap=1,
    name="assumed-importance",
    cites=("G4",),
    rationale="""
    Where both are known, ``assumed_importance`` (management's estimate) and the
    importance customers give a factor (``importance``, or the weight a survey
    derives) should agree. A difference above ``importance_gap`` (default 0.2 on the
    0..1 scale) is gap 1 made visible: effort goes where management thinks it
    matters, not where customers do.
    """,
    example="""
    factors:
      - id: quiet-night
        importance: 0.85
        assumed_importance: 0.5    # BP302: customers weigh it far more
    """,
)
def assumed_importance(
    service: Service, config: LintConfig, importance: Mapping[str, float] | None = None
) -> Iterator[Hit]:
    measured = importance or {}
    for factor in service.factors.values():
        customers = measured.get(factor.id, factor.importance)
        assumed = factor.assumed_importance
        if customers is None or assumed is None or abs(customers - assumed) <= config.importance_gap + 1e-9:
            continue
        more = "more" if customers > assumed else "less"
        origin = "a survey" if factor.id in measured else "importance"
        yield Hit(
            factor.id,
            f"customers weigh {factor.id!r} at {customers:.2g} ({origin}), management at {assumed:.2g}: "
            f"customers care {more} than assumed",
            "revisit where effort goes at this factor, and update assumed_importance once agreed",
            ("assumed_importance",),
        )


@rule(
    "BP311",
    "a hard standard where one is feasible",
    "info",
    gap=2,
    name="hard-where-feasible",
    cites=("G3", "G5"),
    rationale="""
    Soft standards (asking customers) tell how the service felt, weeks later and for
    the few who answer. Where the operation can count, time or check the factor itself
    (its element and sub-item have a hard draft in ``blueprint suggest``), a hard
    standard beside the soft one gives staff a target they can see every day.
    """,
    example="""
    factors:
      - id: quiet-night
        element: hardware
        sub_item: environment   # BP311: only a guest rating; a noise check is feasible
    """,
)
def hard_where_feasible(service: Service, config: LintConfig) -> Iterator[Hit]:
    from .drafts import TEMPLATES

    for factor in service.factors.values():
        standards = [service.standards[s] for s in service.standards_of_factor.get(factor.id, [])]
        # A soft standard read from a log or checklist is BP103's case: it is hard in all but name.
        if not standards or any(s.kind is StandardKind.HARD or _operational(s) for s in standards):
            continue
        hard = [t for t in TEMPLATES.get((factor.element, factor.sub_item), []) if t.kind == "hard"]
        if hard:
            yield Hit(
                factor.id,
                f"factor {factor.id!r} has only soft standards, yet {factor.element.value}/"
                f"{factor.sub_item} can be measured by the operation ({hard[0].method})",
                f"add a hard standard: blueprint suggest FILE --factor {factor.id}",
            )


@rule(
    "BP321",
    "every promise has a standard behind it",
    "warning",
    gap=4,
    name="promise-backed",
    cites=("G12",),
    rationale="""
    Gap 4 (communication) opens when what customers are told is not what the service
    is built to deliver. A promise made on the website, in advertising or as a
    guarantee with no standard behind it is delivered by luck; name the standard that
    keeps it (``standard:``) and what it claims in that standard's terms (``claims:``).
    """,
    example="""
    promises:
      - id: ad-fast-checkin
        channel: advertising
        text: Check in within minutes.    # BP321: standard: checkin-3min
    """,
)
def promise_backed(service: Service, config: LintConfig) -> Iterator[Hit]:
    for promise in service.promises.values():
        if promise.standard is None:
            yield Hit(
                promise.id,
                f"promise {promise.id!r} ({promise.channel}) has no standard behind it",
                "name the standard that delivers it (standard: ID) and what it claims (claims:)",
            )


@rule(
    "BP322",
    "a promise claims no more than its standard targets",
    "warning",
    gap=4,
    name="promise-within-standard",
    cites=("G12", "P4"),
    rationale="""
    A "2-minute check-in" advertised over a 3-minute standard is broken by design:
    staff meet their standard and customers still feel cheated. Compare the claim
    with the standard in one unit: a promise may claim the standard's target or
    less, for the standard's share of cases or fewer; anything more is gap 4.
    """,
    example="""
    promises:
      - id: ad-key-in-2-minutes
        standard: checkin-3min          # target 3 minutes
        claims: {value: 2, unit: minutes}   # BP322
    """,
)
def promise_within_standard(service: Service, config: LintConfig) -> Iterator[Hit]:
    for promise, standard, claim in _claims(service):
        problem = _overclaim(standard, claim)
        if problem:
            yield Hit(
                promise.id,
                f"promise {promise.id!r} claims more than standard {standard.id!r} targets: {problem}",
                "promise what the standard delivers, or tighten the standard and deliver it first",
            )


@rule(
    "BP323",
    "a promise says for how many customers it holds",
    "info",
    gap=4,
    name="promise-states-share",
    cites=("G12",),
    rationale="""
    Customers read "room service within 30 minutes" as every time. When the standard
    behind it plans for some cases to miss (share below 100%), either say so in the
    claim (``share: 0.95``, "for 95% of orders") or hold the standard to every case,
    as a guarantee must. Reported only when the claim itself is within the standard.
    """,
    example="""
    promises:
      - id: room-service-guarantee
        standard: room-service-30-minutes   # share: 0.95
        claims: {value: 30, unit: minutes}  # BP323: no share, read as 100%
    """,
)
def promise_states_share(service: Service, config: LintConfig) -> Iterator[Hit]:
    for promise, standard, claim in _claims(service):
        if claim.share is None and (standard.share or 1.0) < 1.0 and not _overclaim(standard, claim):
            yield Hit(
                promise.id,
                f"promise {promise.id!r} states no share, so customers expect it every time; "
                f"standard {standard.id!r} requires it for {show(standard.share or 1.0, 'share')} of cases",
                f"write claims: {{share: {standard.share:g}}} and say it in the text, "
                "or hold the standard to every case",
            )


#: the rules of this module, in id order
GAP_RULES = ("BP301", "BP302", "BP311", "BP321", "BP322", "BP323")


def gaps(
    service: Service,
    config: LintConfig | None = None,
    *,
    importance: Mapping[str, float] | None = None,
) -> list[Finding]:
    """The gap 1, 2 and 4 findings of ``service``, with customer importance from a survey if given.

    ``importance`` maps factor ids to the importance customers showed (0..1),
    e.g. derived from survey data; it replaces the file's ``importance`` for
    BP302.
    """
    found: list[Finding] = []
    for rule_id in GAP_RULES:
        if config is not None and not config.enabled(rule_id):
            continue
        context = {"importance": importance} if rule_id == "BP302" and importance else {}
        found.extend(RULES[rule_id](service, config, **context))
    return found


def _operational(standard: Standard) -> bool:
    method = standard.measurement.method if standard.measurement else None
    return method in (MeasurementMethod.SYSTEM_LOG, MeasurementMethod.CHECKLIST)


def _claims(service: Service) -> Iterator[tuple[Promise, Standard, Claim]]:
    for promise in service.promises.values():
        standard = service.standards.get(promise.standard or "")
        claim = promise.claims
        if standard is None or claim is None or claim.unit not in UNITS or standard.unit not in UNITS:
            continue
        if UNITS[claim.unit][0] is not UNITS[standard.unit][0]:
            continue  # the loader reports a claim in a unit of another quantity (BP008)
        yield promise, standard, claim


def _overclaim(standard: Standard, claim: Claim) -> str | None:
    """What the claim promises beyond the standard, in words, or None."""
    if isinstance(claim.value, bool) or isinstance(standard.target, bool):
        if bool(claim.value) != bool(standard.target):
            return (
                f"{show(claim.value, claim.unit)} where the standard asks {show(standard.target, 'boolean')}"
            )
        return _more_share(standard, claim)
    claimed, target = to_base(claim.value, claim.unit), to_base(standard.target, standard.unit)
    stricter = {
        Comparator.LE: claimed < target,
        Comparator.LT: claimed < target,
        Comparator.GE: claimed > target,
        Comparator.GT: claimed > target,
        Comparator.EQ: claimed != target,
    }[standard.comparator]
    if stricter and abs(claimed - target) > 1e-9 * max(abs(target), 1.0):
        sets = f"{standard.comparator.value} {show(standard.target, standard.unit)}"
        return f"{show(claim.value, claim.unit)} against {sets}"
    return _more_share(standard, claim)


def _more_share(standard: Standard, claim: Claim) -> str | None:
    if claim.share is not None and claim.share > (standard.share or 1.0) + 1e-9:
        required = show(standard.share or 1.0, "share")
        return f"{show(claim.share, 'share')} of cases where the standard requires {required}"
    return None

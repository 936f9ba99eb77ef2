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

from ..model.vocabulary import MeasurementMethod, StandardKind
from .registry import RULES, Hit, rule

if TYPE_CHECKING:
    from ..model.findings import Finding
    from ..model.objects import Standard
    from ..model.service import Service
    from .lint_config import LintConfig

__all__ = [
    "GAP_RULES",
    "assumed_importance",
    "factor_evidence",
    "gaps",
    "hard_where_feasible",
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
    matters, not where customers do. With ``blueprint check --survey DIR`` the
    importance the surveys show (IPA stated or derived, Kano) replaces the file's,
    and the message names the survey.
    """,
    example="""
    factors:
      - id: quiet-night
        importance: 0.85
        assumed_importance: 0.5    # BP302: customers weigh it far more
    """,
)
def assumed_importance(
    service: Service,
    config: LintConfig,
    importance: Mapping[str, float] | None = None,
    origins: Mapping[str, str] | None = None,
) -> Iterator[Hit]:
    measured = importance or {}
    said = origins or {}
    for factor in service.factors.values():
        customers = measured.get(factor.id, factor.importance)
        assumed = factor.assumed_importance
        if customers is None or assumed is None or abs(customers - assumed) <= config.importance_gap + 1e-9:
            continue
        more = "more" if customers > assumed else "less"
        origin = said.get(factor.id, "a survey") if factor.id in measured else "importance"
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


#: the gap rules, here and in :mod:`.promises`, in id order
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

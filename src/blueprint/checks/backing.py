"""What carries a standard into daily work: top management, the organisation's goals, training, customers.

Guidelines 1, 6, 10 and 12 of DOMAIN.md §6, and the training support system
that, with service-quality evaluation, implements the standards (seed 000,
ch. 3.4: 员工培训支持系统).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..escaping import contain
from ..model.vocabulary import Signer, StandardKind
from .registry import Hit, rule

if TYPE_CHECKING:
    from ..model.service import Service
    from .lint_config import LintConfig

__all__ = ["customer_agreed", "serves_goals", "sponsored", "trained"]


@rule(
    "BP125",
    "backed by top management",
    "warning",
    gap=2,
    name="sponsored",
    cites=("G6",),
    rationale="""
    Guideline 6: standards are backed by top management (上层管理者的支持). A
    standard's owner answers for delivering it (BP121); the sponsor is the
    top-management role that gives the standards their budget, staff time and
    authority. Name it once for the service in ``service.sponsor``.
    """,
    example="""
    service:
      id: hotel-stay
      title: Overnight hotel stay     # BP125: sponsor: General manager
    """,
)
def sponsored(service: Service, config: LintConfig) -> Iterator[Hit]:
    if service.standards and not (service.info.sponsor or "").strip():
        yield Hit(
            service.info.id,
            f"no top-management sponsor backs the standards of {service.info.id!r}",
            "name the top-management role that backs them: service: {sponsor: ...}, "
            "e.g. the general manager or a director",
        )


@rule(
    "BP126",
    "serves the organisation's goals",
    "warning",
    gap=2,
    name="serves-goals",
    cites=("G10",),
    rationale="""
    Guideline 10: standards reflect the organisation's goals. Where the service
    declares its goals (``service.goals``), each standard names the goals it serves
    (``goals:``); a standard that serves none, or a goal that no standard serves,
    shows where the standards and the organisation have drifted apart. Services
    that declare no goals are not checked.
    """,
    example="""
    service:
      goals:
        - {id: effortless-stay, title: The most effortless stay in town}
    standards:
      - id: checkin-3min        # BP126: goals: [effortless-stay]
    """,
)
def serves_goals(service: Service, config: LintConfig) -> Iterator[Hit]:
    goals = service.info.goals
    if not goals:
        return
    titles = ", ".join(goal.id for goal in goals)
    served: set[str] = set()
    for standard in service.standards.values():
        served.update(standard.goals)
        if not standard.goals:
            yield Hit(
                standard.id,
                f"standard {standard.id!r} serves none of the organisation's goals",
                f"name the goals it serves (goals: [...], from {titles}), or ask why it exists",
            )
    for i, goal in enumerate(goals):
        if goal.id not in served and service.standards:
            yield Hit(
                service.info.id,
                f"no standard serves the goal {goal.id!r} ({contain(goal.title)})",
                "turn the goal into standards where customers meet it, or drop the goal",
                ("goals", i),
            )


@rule(
    "BP127",
    "staff are trained on it",
    "info",
    name="trained",
    cites=("G12", "G11"),
    rationale="""
    The sources implement standards through two supporting systems: staff training
    and service-quality evaluation. Guideline 12 asks for standards communicated
    effectively and continuously, guideline 11 for standards implemented as
    seriously as they are set. Record how staff learn each standard
    (``training: [{method: briefing, date: ...}]``); a standard nobody was trained
    on, or last trained on longer ago than the review period, lives only on paper.
    """,
    example="""
    - id: checkin-3min
      training: [{method: onboarding, title: Front desk induction, date: 2026-02-01}]
    """,
)
def trained(service: Service, config: LintConfig) -> Iterator[Hit]:
    today, period = config.reference_date, config.review_period_days
    for standard in service.standards.values():
        if not standard.training:
            yield Hit(
                standard.id,
                f"no training of staff on {standard.id!r} is recorded",
                f"record how staff learn it: training: [{{method: briefing, date: {today.isoformat()}}}]",
            )
            continue
        dates = [session.date for session in standard.training if session.date is not None]
        if dates and (today - max(dates)).days > period:
            yield Hit(
                standard.id,
                f"staff were last trained on {standard.id!r} {(today - max(dates)).days} days ago, "
                f"beyond the {period}-day review period",
                "refresh it (a briefing will do) and record the date",
                ("training",),
            )


@rule(
    "BP128",
    "customers agreed to what they see",
    "info",
    gap=1,
    name="customer-agreed",
    cites=("G1",),
    rationale="""
    Guideline 1: standards are designed and agreed by the staff concerned and, where
    possible, by customers (如果有可能，还应包括客户). It is possible, and matters most,
    where customers see the standard (``visible: true``) or judge it themselves (a
    soft standard). Record a customer panel's sign-off with ``role: customer``.
    """,
    example="""
    - id: checkin-3min
      visible: true
      agreed_by: [{by: Front desk team}]   # BP128: add {by: Guest panel, role: customer}
    """,
)
def customer_agreed(service: Service, config: LintConfig) -> Iterator[Hit]:
    for standard in service.standards.values():
        if not (standard.visible or standard.kind is StandardKind.SOFT):
            continue
        if any(sign.role is Signer.CUSTOMER for sign in standard.agreed_by):
            continue
        why = "is published to customers" if standard.visible else "is judged by customers"
        yield Hit(
            standard.id,
            f"standard {standard.id!r} {why}, but no customer agreed to it",
            "show it to a customer panel before adoption and record agreed_by: "
            "[{by: customer panel, role: customer, date: ...}]",
        )

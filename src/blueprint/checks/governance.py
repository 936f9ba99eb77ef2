"""Is each standard owned, agreed by staff, kept up to date and free of contradiction?

Guidelines 1, 7, 8, 9 and 11 of DOMAIN.md §6.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from itertools import combinations
from typing import TYPE_CHECKING

from ..model.vocabulary import Comparator, Statistic
from ._common import base_target, most_common, show
from .registry import Hit, rule

if TYPE_CHECKING:
    from ..model.objects import Standard
    from ..model.service import Service
    from .lint_config import LintConfig

__all__ = ["no_contradiction", "owned", "reviewed", "staff_sign_off"]


@rule(
    "BP121",
    "has an owner",
    "warning",
    gap=2,
    name="owned",
    cites=("G11",),
    rationale="""
    A standard is set and implemented seriously (guideline 11) only when a named
    role answers for it. Closing gap 2 needs standards with an owner, not just
    standards. The owner delivers; top management backs (guideline 6, BP125).
    """,
    example="""
    - id: checkin-3min
      # BP121: owner: Front office manager
    """,
)
def owned(service: Service, config: LintConfig) -> Iterator[Hit]:
    known = most_common(standard.owner for standard in service.standards.values())
    example = "owner: the manager of the team that delivers it"
    if known:
        example = f"e.g. owner: {_as_written(known)}"
    for standard in service.standards.values():
        if not (standard.owner or "").strip():
            yield Hit(
                standard.id,
                f"standard {standard.id!r} has no owner",
                f"name the role accountable for it ({example})",
            )


def _as_written(text: str) -> str:
    """``text`` as a YAML value that reads back as this text: quoted when plain would read otherwise."""
    plain = re.fullmatch(r"[A-Za-z\u00c0-\uffff][^:#'\"\n]*", text) and text.strip() == text
    if plain and text.lower() not in ("true", "false", "null"):
        return text
    return "'" + text.replace("'", "''") + "'"


@rule(
    "BP122",
    "agreed by the staff who deliver it",
    "warning",
    name="staff-sign-off",
    cites=("G1", "G9"),
    rationale="""
    Guideline 1: standards are designed and agreed by the staff concerned (and
    customers where possible); guideline 9: new standards are agreed by staff too.
    Staff who never agreed to a standard treat it as someone else's rule. Record the
    sign-off in ``agreed_by``.
    """,
    example="""
    - id: checkin-3min
      # BP122: agreed_by: [{by: front desk team, date: 2026-01-15}]
    """,
)
def staff_sign_off(service: Service, config: LintConfig) -> Iterator[Hit]:
    example = f"[{{by: the team that delivers it, date: {config.reference_date.isoformat()}}}]"
    for standard in service.standards.values():
        if not standard.agreed_by:
            yield Hit(
                standard.id,
                f"no sign-off by the staff who deliver {standard.id!r} is recorded",
                f"agree it with them and write agreed_by: {example}",
            )


@rule(
    "BP123",
    "reviewed within the review period",
    "warning",
    name="reviewed",
    cites=("G8", "G4"),
    rationale="""
    Guideline 8: standards are revised when they become unsuitable or outdated, which
    only happens when someone looks. A standard never reviewed, or last reviewed
    longer ago than ``review_period_days`` (default 365), may no longer meet customer
    requirements (guideline 4).
    """,
    example="""
    - id: checkin-3min
      last_reviewed: 2019-05-01    # BP123: overdue
    """,
)
def reviewed(service: Service, config: LintConfig) -> Iterator[Hit]:
    today, period = config.reference_date, config.review_period_days
    for standard in service.standards.values():
        if standard.last_reviewed is None:
            yield Hit(
                standard.id,
                f"standard {standard.id!r} has never been reviewed",
                f"review it with staff and write last_reviewed: {today.isoformat()}",
            )
            continue
        age = (today - standard.last_reviewed).days
        if age > period:
            yield Hit(
                standard.id,
                f"last reviewed {age} days ago, beyond the {period}-day review period",
                "check it still serves customers, then update last_reviewed",
                ("last_reviewed",),
            )


@rule(
    "BP124",
    "does not contradict another standard",
    "error",
    gap=2,
    name="no-contradiction",
    cites=("G7",),
    rationale="""
    Guideline 7: once set, no deviation is allowed, which staff can only follow when
    there is one rule. Two standards on the same metric and the same key factor whose
    targets cannot both be met (at most 3 minutes for 95% of guests, at least 5
    minutes for all of them) leave staff to choose which one to break.
    """,
    example="""
    - id: checkin-fast
      factors: [checkin-speed]
      metric: checkin-duration
      comparator: "<="
      target: 3
      unit: minutes
    - id: checkin-thorough
      factors: [checkin-speed]
      metric: checkin-duration
      comparator: ">="          # BP124: no check-in can be both
      target: 5
      unit: minutes
    """,
)
def no_contradiction(service: Service, config: LintConfig) -> Iterator[Hit]:
    groups: dict[tuple[str, str], list[Standard]] = {}
    for standard in service.standards.values():
        served = [*(f"factor {f!r}" for f in standard.factors), *(f"step {s!r}" for s in standard.steps)]
        for subject in served:
            groups.setdefault((standard.metric, subject), []).append(standard)
    reported: set[tuple[str, str]] = set()
    for (metric, served_at), standards in groups.items():
        for first, second in combinations(standards, 2):
            if (first.id, second.id) in reported or not _contradict(first, second):
                continue
            reported.add((first.id, second.id))
            yield Hit(
                second.id,
                f"{second.comparator.value} {show(second.target, second.unit)} contradicts standard "
                f"{first.id!r} ({first.comparator.value} {show(first.target, first.unit)}) on metric "
                f"{metric!r} at {served_at}: no delivery can meet both",
                "keep one rule for staff to follow: align the targets or merge the standards",
                ("comparator",),
            )


def _contradict(a: Standard, b: Standard) -> bool:
    """Whether no set of observations can meet both standards."""
    if a.statistic is not b.statistic:
        return False
    if a.statistic is Statistic.EACH and (a.share or 1.0) + (b.share or 1.0) <= 1.0:
        return False  # a share of cases for each: different cases can meet each one
    return _disjoint(_interval(a), _interval(b))


def _interval(standard: Standard) -> tuple[float, bool, float, bool]:
    """The values an observation may take: (low, low included, high, high included)."""
    value = base_target(standard)
    if value is None:  # yes/no target
        value = float(bool(standard.target))
    return {
        Comparator.LE: (-math.inf, False, value, True),
        Comparator.LT: (-math.inf, False, value, False),
        Comparator.GE: (value, True, math.inf, False),
        Comparator.GT: (value, False, math.inf, False),
        Comparator.EQ: (value, True, value, True),
    }[standard.comparator]


def _disjoint(a: tuple[float, bool, float, bool], b: tuple[float, bool, float, bool]) -> bool:
    low, low_in = max((a[0], a[1]), (b[0], b[1]), key=lambda end: (end[0], not end[1]))
    high, high_in = min((a[2], a[3]), (b[2], b[3]), key=lambda end: (end[0], end[1]))
    return low > high or (low == high and not (low_in and high_in))

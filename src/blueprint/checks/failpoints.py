"""Fail points: is each one guarded by a fail-safe, and is a standard watching it?

Shostack (1984) marks the steps where the service goes wrong most often;
Chase & Stewart (1994) ask for a fail-safe (poka-yoke) at each, so that the
mistake cannot happen or is caught before the customer suffers it. A standard
on the step or moment is how the organisation knows the fail-safe works.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model.queries import fail_points, standards_of
from .registry import Hit, rule

if TYPE_CHECKING:
    from ..model.service import Service
    from .lint_config import LintConfig

__all__ = ["fail_point_guarded", "fail_point_watched"]


def _where(service: Service, ident: str) -> str:
    return "moment" if ident in service.moments else "step"


@rule(
    "BP271",
    "every fail point has a fail-safe",
    "info",
    gap=3,
    name="fail-point-guarded",
    cites=("G2",),
    rationale="""
    A fail point is where the service goes wrong most often (Shostack 1984). Near
    zero defects (guideline 2) are reached by fail-safing it: a poka-yoke that makes
    the mistake impossible or catches it before the customer suffers it (Chase &
    Stewart 1994). A fail point with no ``fail_safe`` written is a known weakness
    with no answer yet.
    """,
    example="""
    steps:
      - id: apply-polish
        fail_point: {cause: wrong colour of polish}   # BP271: nothing guards it
    """,
)
def fail_point_guarded(service: Service, config: LintConfig) -> Iterator[Hit]:
    for label, ident, point in fail_points(service):
        if point.fail_safe is None:
            yield Hit(
                ident,
                f"fail point {label} ({_where(service, ident)} {ident!r}) has no fail-safe",
                "say what prevents or recovers it: fail_point: {cause: ..., fail_safe: ..., "
                "poka_yoke: task | treatment | tangible | preparation | encounter | resolution}",
                ("fail_point",),
            )


@rule(
    "BP272",
    "a standard watches every fail point",
    "warning",
    gap=2,
    name="fail-point-watched",
    cites=("G2", "G9"),
    rationale="""
    Where the service fails most often is where a standard pays most: it says what
    right looks like and, measured, shows whether the fail-safe works (guidelines 2
    and 9). A fail point on a step needs a standard on that step (``steps:``); one on
    a moment, a standard on the moment's factors or on a step that feeds it (not one
    whose step feeds none of its own factors' moments: BP210).
    """,
    example="""
    steps:
      - id: apply-polish
        fail_point: true      # BP272: no standard names steps: [apply-polish]
    """,
)
def fail_point_watched(service: Service, config: LintConfig) -> Iterator[Hit]:
    for label, ident, _ in fail_points(service):
        if ident in service.moments:
            watched = bool(standards_of(service, ident))
            fix = "write a standard on one of its key factors, or on the step where it fails (steps: [...])"
        else:
            watched = bool(service.standards_of_step.get(ident))
            fix = f"write a standard that checks the step: steps: [{ident}]"
        if not watched:
            yield Hit(
                ident,
                f"no standard watches fail point {label} ({_where(service, ident)} {ident!r})",
                fix,
                ("fail_point",),
            )

"""Inline suppressions: ``suppress: [{rule, reason}]`` on a moment, factor, step or standard.

A suppression silences one rule on the record it is written on, and only
there. The reason is required by the file format (a suppression without one
is a load error), so every silenced finding has a written justification.
Suppressions that silence nothing are reported (BP100): they hide the next
real finding, or they name a rule that never fires.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model.findings import Finding
from .registry import RULES, Hit, rule

if TYPE_CHECKING:
    from ..model.objects import Suppression
    from ..model.service import Service
    from .lint_config import LintConfig

__all__ = ["apply_suppressions", "suppressions", "unused_suppression"]

UNUSED = "BP100"


def suppressions(service: Service) -> Iterator[tuple[str, int, Suppression]]:
    """Every suppression as (subject id, position in its list, suppression)."""
    for moment in service.moments.values():
        yield from ((moment.id, i, s) for i, s in enumerate(moment.suppress))
        for factor in moment.factors:
            yield from ((factor.id, i, s) for i, s in enumerate(factor.suppress))
    for step in service.steps.values():
        yield from ((step.id, i, s) for i, s in enumerate(step.suppress))
    for standard in service.standards.values():
        yield from ((standard.id, i, s) for i, s in enumerate(standard.suppress))


def apply_suppressions(
    service: Service, findings: list[Finding]
) -> tuple[list[Finding], set[tuple[str, int]]]:
    """The findings no suppression silences, and the (subject, position) of the suppressions used."""
    wanted: dict[tuple[str, str], int] = {}
    for subject, position, suppression in suppressions(service):
        wanted.setdefault((subject, suppression.rule), position)
    kept: list[Finding] = []
    used: set[tuple[str, int]] = set()
    for finding in findings:
        found = wanted.get((finding.subject or "", finding.rule))
        if found is None:
            kept.append(finding)
        else:
            used.add((finding.subject or "", found))
    return kept, used


@rule(
    UNUSED,
    "every suppression silences something",
    "warning",
    name="unused-suppression",
    rationale="""
    A suppression is a written exception to a rule (guideline 7 allows no silent
    deviation). One that silences nothing is stale: the problem was fixed, the rule
    id is mistyped, or it names a loader problem (BP0xx) that cannot be suppressed.
    Left in place it would hide the next real finding. Suppressions of rules that are
    disabled in the configuration are not reported.
    """,
    example="""
    - id: checkin-3min
      owner: Front office manager
      suppress:
        - {rule: BP121, reason: owner still being chosen}   # BP100: it has an owner now
    """,
)
def unused_suppression(
    service: Service,
    config: LintConfig,
    used: frozenset[tuple[str, int]] = frozenset(),
    ran: frozenset[str] | None = None,
) -> Iterator[Hit]:
    for subject, position, suppression in suppressions(service):
        code, path = suppression.rule, ("suppress", position)
        if (subject, position) in used or code == UNUSED:
            continue
        if code < "BP100":
            yield Hit(
                subject,
                f"{code} is a file-format problem found when loading; it cannot be suppressed",
                "fix the file instead, and remove the suppression",
                path,
            )
        elif code not in RULES:
            yield Hit(
                subject,
                f"{code} is not a lint rule, so this suppression silences nothing",
                "check the rule id (`blueprint rules` lists them) or remove the suppression",
                path,
            )
        elif config.enabled(code) and (ran is None or code in ran):
            yield Hit(
                subject,
                f"the suppression of {code} silences nothing: {code} finds no problem on {subject!r}",
                "remove the suppression",
                path,
            )

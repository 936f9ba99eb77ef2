"""The sequence principles of the cycle (Chase & Dasu 2001), as findings on the emotion curve.

People remember a service by its peaks and its end, not by its average, so
the order of the moments matters as much as each moment. These functions read
the expected emotion of each moment in cycle order and return findings:

==========  =============================================================
BP261       end strong: the last moment should be a good one
BP262       get the pain out of the way early
BP263       combine pain: one unpleasant episode, not several
BP264       segment pleasure: split a long run of good moments
BP265       build commitment through choice
BP266       give people rituals and stick to them
==========  =============================================================

They are free functions, not (yet) registered in the lint, so the cycle
designer can run them on every change without touching the lint's output.

>>> from blueprint.model.examples import tiny_service
>>> [f.rule for f in sequence_findings(tiny_service())]
['BP265', 'BP266']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..model.findings import Finding
from ..model.queries import cycle_order
from ..model.vocabulary import Severity

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["SEQUENCE_RULES", "sequence_findings"]

#: rule id -> the principle it checks
SEQUENCE_RULES = {
    "BP261": "end strong",
    "BP262": "pain early",
    "BP263": "combine pain",
    "BP264": "segment pleasure",
    "BP265": "choice",
    "BP266": "rituals",
}
#: a run of this many good moments in a row is felt as one experience
LONG_PLEASURE = 3


def sequence_findings(service: Service, emotions: Mapping[str, int | None] | None = None) -> list[Finding]:
    """Findings on the order of the moments; ``emotions`` overrides moments' expected emotions."""
    order = cycle_order(service)
    told = {m: service.moments[m].emotion for m in order}
    told.update(emotions or {})
    curve = [(m, value) for m in order if (value := told.get(m)) is not None]
    found: list[Finding] = []
    if curve:
        found += _end_strong(service, curve)
        found += _pain_early(service, curve)
        found += _combine_pain(service, curve)
        found += _segment_pleasure(service, curve)
    if order and not any(service.moments[m].choice for m in order):
        hint = "mark a moment where customers choose (room, time, payment) with choice: true"
        found.append(_finding("BP265", Severity.INFO, None, "no moment lets the customer choose", hint))
    if order and not any(service.moments[m].ritual for m in order):
        hint = "give a recognisable, repeated gesture (a welcome, a farewell) and mark it ritual: true"
        found.append(_finding("BP266", Severity.INFO, None, "the cycle has no ritual", hint))
    return found


def _title(service: Service, moment_id: str) -> str:
    return service.moments[moment_id].title


def _end_strong(service: Service, curve: list[tuple[str, int]]) -> list[Finding]:
    last, value = curve[-1]
    peak = max(v for _, v in curve)
    if value <= 0:
        return [
            _finding(
                "BP261",
                Severity.WARNING,
                last,
                f"the cycle ends on {_title(service, last)!r} at {value:+d}: people remember the end",
                "end strong: make the last moment a good one (+1 or more)",
            )
        ]
    if value < peak - 1:
        return [
            _finding(
                "BP261",
                Severity.INFO,
                last,
                f"the ending ({value:+d}) is well below the peak ({peak:+d})",
                "raise the last moment closer to the best one",
            )
        ]
    return []


def _pain_early(service: Service, curve: list[tuple[str, int]]) -> list[Finding]:
    late = len(curve) * 2 / 3
    return [
        _finding(
            "BP262",
            Severity.WARNING,
            moment,
            f"{_title(service, moment)!r} ({value:+d}) is a painful moment late in the cycle",
            "get bad experiences out of the way early, or make this moment quick and discreet",
        )
        for position, (moment, value) in enumerate(curve)
        if value < 0 and position >= late
    ]


def _runs(curve: list[tuple[str, int]], good: bool) -> list[list[str]]:
    runs: list[list[str]] = []
    current: list[str] = []
    for moment, value in curve:
        if (value > 0) if good else (value < 0):
            current.append(moment)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _combine_pain(service: Service, curve: list[tuple[str, int]]) -> list[Finding]:
    episodes = _runs(curve, good=False)
    if len(episodes) < 2:
        return []
    names = "; ".join(", ".join(_title(service, m) for m in run) for run in episodes)
    return [
        _finding(
            "BP263",
            Severity.INFO,
            episodes[-1][0],
            f"the pain comes in {len(episodes)} separate episodes ({names})",
            "combine pain: bundle the unpleasant steps into one moment where you can",
        )
    ]


def _segment_pleasure(service: Service, curve: list[tuple[str, int]]) -> list[Finding]:
    return [
        _finding(
            "BP264",
            Severity.INFO,
            run[0],
            f"{len(run)} good moments in a row ({', '.join(_title(service, m) for m in run)}) "
            "are felt as one",
            "segment pleasure: spread the good moments out, between the others",
        )
        for run in _runs(curve, good=True)
        if len(run) >= LONG_PLEASURE
    ]


def _finding(rule: str, severity: Severity, subject: str | None, message: str, hint: str) -> Finding:
    return Finding(rule, severity, message, hint, subject=subject, gap=2)

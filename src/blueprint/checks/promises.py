"""Gap 4 from the service file: is every promise backed by a standard at least as strict?

A promise is an external claim (website, advertising, a guarantee). It must
have a standard behind it and claim no more than that standard targets: the
same unit-aware comparison the sources ask of service guarantees. Whether
delivery keeps the promise needs data: BP333 in :mod:`blueprint.measure`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model.units import UNITS, to_base
from ..model.vocabulary import Comparator
from ._common import show
from .registry import Hit, rule

if TYPE_CHECKING:
    from ..model.objects import Claim, Promise, Standard
    from ..model.service import Service
    from .lint_config import LintConfig

__all__ = ["promise_backed", "promise_states_share", "promise_within_standard"]


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

"""The channel × function advisor: every function has a channel, every offer a standard.

A *function* is a moment that lists ``channels:`` (the channels offering it),
so a file's moments spell out a channels × functions matrix, as in the card
issuer's channel comparison of the sources. ``channels: []`` written out
records a function that no channel offers yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..escaping import contain
from ..model.queries import covered_moments
from .registry import Hit, rule

if TYPE_CHECKING:
    from ..model.service import Service
    from .lint_config import LintConfig

__all__ = ["function_offered", "offer_backed"]


@rule(
    "BP208",
    "every function is offered by a channel",
    "warning",
    gap=2,
    name="function-offered",
    rationale="""
    A function customers need (a moment written with ``channels: []``) that no channel
    offers cannot be delivered at all, however good the standards elsewhere: customers
    try one channel after another and give up (gap 2). The sources' card issuer lists
    authorisation enquiries among the functions every one of its eight channels lacks.
    """,
    example="""
    moments:
      - id: authorisation-enquiry
        stage: in-service
        channels: []     # BP208: no channel offers it
    """,
)
def function_offered(service: Service, config: LintConfig) -> Iterator[Hit]:
    for moment in service.moments.values():
        if moment.is_function and not moment.channels:
            yield Hit(
                moment.id,
                f"no channel offers the function {moment.id!r} ({contain(moment.title)})",
                "name the channels that should offer it in its channels: [...], "
                "or drop the moment if customers do not need it",
                ("channels",),
            )


@rule(
    "BP209",
    "every channel's function has a standard behind it",
    "warning",
    gap=2,
    name="offer-backed",
    cites=("G9",),
    rationale="""
    A channel that offers a function promises customers that it works there; with no
    standard on any of the function's key factors, nobody has said what working means,
    so each channel delivers it its own way (gap 2, guideline 9). One finding per channel
    offering it, so the matrix shows which offers are left to chance.
    """,
    example="""
    moments:
      - id: promotions
        stage: in-service
        channels: [paper-statement, branch]   # BP209 twice: no standard serves its factors
    """,
)
def offer_backed(service: Service, config: LintConfig) -> Iterator[Hit]:
    covered = covered_moments(service)
    for moment in service.moments.values():
        if moment.id in covered or not moment.channels:
            continue
        if moment.factors:
            fix = f"write a standard for it: blueprint suggest FILE --factor {moment.factors[0].id}"
        else:
            fix = "find its key factors (factors:) and turn the most important into a standard"
        for i, channel in enumerate(moment.channels):
            yield Hit(
                moment.id,
                f"channel {channel!r} offers the function {moment.id!r} ({contain(moment.title)}), "
                "but no standard is behind it",
                f"{fix}; or take {channel!r} off its channels if it should not offer it",
                ("channels", i),
            )

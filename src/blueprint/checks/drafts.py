"""Draft templates: how a key factor of each element and sub-item becomes a standard.

One or more templates per (element, sub-item) of DOMAIN.md §5. A template
names the metric to measure, the comparator, the measurement method and
whether the standard is hard (counted or timed by the operation) or soft
(asked of customers), and says why. Targets are left to people unless the
factor records what customers tolerate.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.vocabulary import Element

__all__ = ["TEMPLATES", "Template"]


@dataclass(frozen=True)
class Template:
    """One way to turn a key factor into a standard.

    ``statement`` and ``metric_title`` hold the placeholders ``{title}`` (the
    factor's title), ``{share}`` ("95%"), ``{target}`` ("3 minutes") and
    ``{top}`` (the top of a score scale).
    """

    key: str
    metric_title: str
    quantity: str
    unit: str
    comparator: str
    method: str
    statement: str
    reason: str
    kind: str = "hard"
    share: float = 0.95
    target: float | bool | None = None
    scale: tuple[float, float] | None = None
    visible: bool = True


def _time(key: str, what: str, unit: str, method: str, reason: str, share: float = 0.95) -> Template:
    return Template(
        key,
        "{title} (time)",
        "duration",
        unit,
        "<=",
        method,
        "{title}: {share} of cases " + what + " within {target}.",
        reason,
        share=share,
    )


def _check(
    key: str, what: str, method: str, reason: str, share: float = 0.95, visible: bool = True
) -> Template:
    return Template(
        key,
        "{title} (check)",
        "binary",
        "boolean",
        "==",
        method,
        "{title}: {share} of " + what + ".",
        reason,
        share=share,
        target=True,
        visible=visible,
    )


def _rating(key: str, method: str, reason: str) -> Template:
    return Template(
        key,
        "{title} (rating)",
        "score",
        "score",
        ">=",
        method,
        "{title}: {share} of customers rate it at least {target} out of {top}.",
        reason,
        kind="soft",
        share=0.9,
        scale=(1, 5),
    )


_SOFT = "a soft standard: how the service feels can only be measured by asking customers"

TEMPLATES: dict[tuple[Element, str], list[Template]] = {
    (Element.HARDWARE, "location"): [
        _check(
            "findable",
            "daily checks find the way in signposted, lit and unobstructed",
            "checklist",
            "hardware/location: customers judge the place before anyone serves them; a route check "
            "each day keeps it findable",
        ),
    ],
    (Element.HARDWARE, "facilities"): [
        _check(
            "working",
            "inspections find it in working order",
            "checklist",
            "hardware/facilities: a facility either works or it does not; an inspection checklist "
            "counts the share of checks that find it working",
            share=0.98,
        ),
        _time(
            "repair",
            "fixed after a fault",
            "hours",
            "system-log",
            "hardware/facilities: when it fails, how long customers go without it is what they notice",
        ),
    ],
    (Element.HARDWARE, "environment"): [
        _check(
            "checklist",
            "rounds find it meets the environment checklist",
            "checklist",
            "hardware/environment: cleanliness, noise, light and temperature are observed on rounds "
            "against a written checklist",
        ),
    ],
    (Element.SOFTWARE, "timeliness"): [
        _time(
            "limit",
            "done",
            "minutes",
            "system-log",
            "software/timeliness: customers feel the wait case by case, so each case has a time limit "
            "and a share that must meet it, never an average (pitfall 3)",
        ),
    ],
    (Element.SOFTWARE, "flow"): [
        _check(
            "one-go",
            "cases completed in one go, without hand-offs or rework",
            "observation",
            "software/flow: a smooth procedure is one the customer goes through once; count the cases "
            "that needed a second contact",
        ),
    ],
    (Element.SOFTWARE, "flexibility"): [
        _check(
            "accommodated",
            "reasonable customer requests met",
            "system-log",
            "software/flexibility: the share of customer requests the procedure accommodates",
            share=0.9,
        ),
    ],
    (Element.SOFTWARE, "anticipation"): [
        _check(
            "anticipated",
            "checks find it prepared before the customer asks",
            "checklist",
            "software/anticipation: what is anticipated can be listed and checked before the customer "
            "arrives",
            visible=False,
        ),
    ],
    (Element.SOFTWARE, "channels"): [
        _check(
            "reachable",
            "checks find the channel reachable and working",
            "checklist",
            "software/channels: a channel that is down turns every contact into a complaint; check it "
            "on a schedule",
            share=0.99,
        ),
    ],
    (Element.SOFTWARE, "feedback"): [
        _time(
            "reply",
            "acknowledged",
            "hours",
            "system-log",
            "software/feedback: customers who speak up expect to hear back; time the reply",
        ),
    ],
    (Element.SOFTWARE, "supervision"): [
        _check(
            "supervised",
            "scheduled supervisor checks done and passed",
            "checklist",
            "software/supervision: organisation and supervision show as checks done on schedule",
            visible=False,
        ),
    ],
    (Element.PEOPLE, "appearance"): [
        _check(
            "groomed",
            "shifts start with staff meeting the grooming and uniform standard",
            "observation",
            "people/appearance: appearance is observed at the start of each shift against a written standard",
            share=0.98,
        ),
    ],
    (Element.PEOPLE, "attitude"): [
        _rating("rating", "mystery-shopper", f"people/attitude: {_SOFT}, on a stated scale"),
    ],
    (Element.PEOPLE, "attentiveness"): [
        _time(
            "noticed",
            "noticed and greeted",
            "seconds",
            "mystery-shopper",
            "people/attentiveness: being noticed is timed from the moment the customer arrives",
            share=0.9,
        ),
        _rating("rating", "survey", f"people/attentiveness: {_SOFT}"),
    ],
    (Element.PEOPLE, "tact"): [
        _rating("rating", "survey", f"people/tact: {_SOFT}"),
    ],
    (Element.PEOPLE, "guidance"): [
        _rating(
            "rating",
            "survey",
            "people/guidance: whether an explanation helped is known only by asking the customer",
        ),
    ],
    (Element.PEOPLE, "selling"): [
        _check(
            "recommended",
            "mystery-shopper visits get a recommendation that fits the need",
            "mystery-shopper",
            "people/selling: a mystery shopper observes whether the need was asked about and met",
            share=0.9,
        ),
    ],
    (Element.PEOPLE, "problem-solving"): [
        _time(
            "resolved",
            "resolved",
            "hours",
            "system-log",
            "people/problem-solving: the time to a solution is what the customer waits through",
        ),
        _rating("rating", "survey", f"people/problem-solving: {_SOFT}"),
    ],
}

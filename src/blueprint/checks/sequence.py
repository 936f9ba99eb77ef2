"""The sequence principles of the cycle (Chase & Dasu 2001), read on each journey customers take.

People remember a service by its peaks and its end, not by its average, so
the order of the moments matters as much as each moment. A customer lives
one path through the cycle (walk in or book ahead, pay at the desk or
online), so the principles are read on each journey from first contact to
leaving (:func:`blueprint.model.journeys.journeys`), leaving out optional
moments, which some customers skip:

==========  =============================================================
BP260       every journey was checked (reported when the work was bounded)
BP261       end strong: the last moment should be a good one
BP262       get the pain out of the way early
BP263       combine pain: one unpleasant episode, not several
BP264       segment pleasure: split a long run of good moments
BP265       build commitment through choice
BP266       give people rituals and stick to them
==========  =============================================================

A problem seen on several journeys is reported once, at the moment it is
about, and names the journeys it is on when it is not on all of them.

>>> from blueprint.model.examples import tiny_service
>>> [f.rule for f in sequence_findings(tiny_service())]
['BP265', 'BP266']
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..model.journeys import MOMENT_BUDGET, Journeys, journeys
from ..model.vocabulary import Severity
from .registry import RULES, Hit, rule

if TYPE_CHECKING:
    from ..model.findings import Finding
    from ..model.service import Service
    from .lint_config import LintConfig

__all__ = ["SEQUENCE_RULES", "sequence_findings"]

#: rule id -> the principle it checks
SEQUENCE_RULES = {
    "BP260": "every journey",
    "BP261": "end strong",
    "BP262": "pain early",
    "BP263": "combine pain",
    "BP264": "segment pleasure",
    "BP265": "choice",
    "BP266": "rituals",
}
#: a run of this many good moments in a row is felt as one experience
LONG_PLEASURE = 3

Emotions = Mapping[str, "int | None"]
Curve = list[tuple[str, int]]
#: what a principle finds on one journey: (what makes it the same problem, the moment, details)
Problem = tuple[Hashable, "str | None", Any]
#: a distinct problem as said once: the moment, details, the journeys it is on, the moment naming them
Said = tuple["str | None", Any, str, "str | None"]


def sequence_findings(service: Service, emotions: Emotions | None = None) -> list[Finding]:
    """The sequence findings of ``service``; ``emotions`` overrides moments' expected emotions."""
    found: list[Finding] = []
    for rule_id in SEQUENCE_RULES:
        found += RULES[rule_id](service, None, emotions=emotions)
    return found


class _Journeys:
    """The journeys of a service with their emotion curves, and how to name them."""

    def __init__(self, service: Service, found: Journeys, told: Mapping[str, int | None]) -> None:
        self.service, self.found, self.paths = service, found, found.paths
        self.curves: list[Curve] = [
            [(m, value) for m in path if (value := told.get(m)) is not None] for path in self.paths
        ]
        self.on_all = set.intersection(*(set(p) for p in self.paths)) if self.paths else set()

    @classmethod
    def of(cls, service: Service, config: LintConfig, emotions: Emotions | None) -> _Journeys:
        """The journeys and curves, shared by the rules of one lint while nothing they read changes."""
        found = journeys(service, limit=max(1, config.max_journeys))
        told = {m: service.moments[m].emotion for m in service.moments}
        told.update(emotions or {})
        key = (found, tuple(told.items()))
        cached = _SEEN.get(service)
        if cached is None or cached[0] != key:
            cached = (key, cls(service, found, told))
            _SEEN[service] = cached
        return cached[1]

    def title(self, moment_id: str) -> str:
        return self.service.moments[moment_id].title

    def titles(self, run: Iterable[str]) -> str:
        """The moments' titles, quoted so that no control character of a title reaches a terminal."""
        return ", ".join(repr(self.title(m)) for m in run)

    def collect(self, each: Callable[[int], Iterable[Problem]]) -> Iterator[Said]:
        """Each distinct problem once: its moment, details, where it is said, and the naming moment."""
        problems: dict[Hashable, tuple[str | None, Any, list[int]]] = {}
        for index in range(len(self.paths)):
            for key, subject, details in each(index):
                problems.setdefault(key, (subject, details, []))[2].append(index)
        for subject, details, on in problems.values():
            where, via = self._where(on)
            yield subject, details, where, via

    def _where(self, on: list[int]) -> tuple[str, str | None]:
        """``on the journey via 'x', `` for a problem on some journeys only, and the moment named."""
        if len(on) == len(self.paths):
            return "", None
        shared = set.intersection(*(set(self.paths[i]) for i in on)) - self.on_all
        via = next((m for m in self.paths[on[0]] if m in shared), None)
        if via is not None:
            these = "the journey" if len(on) == 1 else f"the {len(on)} journeys"
            return f"on {these} via {via!r}, ", via
        if len(on) == 1:
            return f"on the journey {self._name(on[0])}, ", None
        names = [self._name(i) for i in on[:3]]
        more = ", ..." if len(on) > 3 else ""
        return f"on {len(on)} of {len(self.paths)} journeys ({'; '.join(names)}{more}), ", None

    def _name(self, index: int) -> str:
        path = self.paths[index]
        own = next((m for m in path if m not in self.on_all), None)
        if own is not None:
            return f"via {own!r}"
        others = [m for p in self.paths for m in p if m not in path]
        return f"skipping {others[0]!r}" if others else "the whole cycle"


#: the journeys and curves last read per service
_SEEN: weakref.WeakKeyDictionary[Any, tuple[Any, _Journeys]] = weakref.WeakKeyDictionary()


def _emotions(context: dict[str, Any]) -> Emotions | None:
    emotions: Emotions | None = context.get("emotions")
    return emotions


@rule(
    "BP260",
    "the sequence principles read every journey",
    "info",
    gap=2,
    name="every-journey",
    rationale="""
    The sequence principles (BP261-BP266) are read on every path a customer can take
    through the cycle, from the first moment to one the customer leaves from, with
    ``optional`` moments left out (some customers skip them); a problem is reported
    once, at its moment, naming the journeys it is on when it is not on all of them.
    Loops back to an earlier moment are not followed. A cycle with very many branches
    can have more paths than can be walked in a moment; then the principles read the
    first ``max_journeys`` (default 2000, in file order; fewer when the paths are so
    long that they would pass 100,000 moments in all) and this rule says so, so that
    a clean result is not taken for a full one. Splitting the service into smaller
    files (one per channel or product) lets every journey be checked.
    """,
    example="""
    # 12 moments in a row, each with two ways through: 4096 paths, more than max_journeys
    - id: pick-branch
      next: [branch-a, branch-b]    # BP260 when the paths multiply past the limit
    """,
)
def every_journey(service: Service, config: LintConfig, **context: Any) -> Iterator[Hit]:
    limit = max(1, config.max_journeys)
    found = journeys(service, limit=limit)
    if found.bounded:
        why = "" if found.walked >= limit else f" (the paths are long: {MOMENT_BUDGET:,} moments at most)"
        yield Hit(
            next(iter(service.moments)),
            f"the cycle has {found.total:,} paths from first contact to leaving; the sequence "
            f"principles (BP261-BP266) read only the first {found.walked:,}{why}",
            "split the service into smaller files (one per channel or product), or raise "
            "thresholds.max_journeys, to check every journey",
        )


@rule(
    "BP261",
    "end strong",
    "warning",
    gap=2,
    name="end-strong",
    rationale="""
    People remember the end of a service more than its middle (Chase & Dasu 2001).
    A journey that ends on a neutral or painful moment leaves that as the memory:
    end on a good moment (+1 or more). A good ending well below the journey's peak
    (two points or more) is reported as info.
    """,
    example="""
    - id: pay-bill
      emotion: -1
      next: []        # BP261: the customer leaves on paying; end with a farewell
    """,
)
def end_strong(service: Service, config: LintConfig, **context: Any) -> Iterator[Hit]:
    seen = _Journeys.of(service, config, _emotions(context))

    def each(index: int) -> Iterator[Problem]:
        curve = seen.curves[index]
        if not curve:
            return
        last, value = curve[-1]
        peak = max(v for _, v in curve)
        if value <= 0:
            yield ("low", last), last, value
        elif value < peak - 1:
            yield ("below", last), last, (value, peak)

    for moment, details, where, _ in seen.collect(each):
        assert moment is not None
        if isinstance(details, int):
            yield Hit(
                moment,
                f"{where}the cycle ends on {seen.title(moment)!r} at {details:+d}: people remember the end",
                "end strong: make the last moment a good one (+1 or more)",
            )
        else:
            value, peak = details
            yield Hit(
                moment,
                f"{where}the ending ({value:+d}) is well below the peak ({peak:+d})",
                "raise the last moment closer to the best one",
                severity=Severity.INFO,
            )


@rule(
    "BP262",
    "get the pain out of the way early",
    "warning",
    gap=2,
    name="pain-early",
    rationale="""
    A painful moment (negative expected emotion) in the last third of a journey
    colours the memory of the whole service. Move it earlier, where the rest can
    make up for it, or make it quick and discreet (collect payment fast).
    """,
    example="""
    - id: queue-to-pay
      emotion: -2     # BP262: the last third of the visit; take payment at the table
    """,
)
def pain_early(service: Service, config: LintConfig, **context: Any) -> Iterator[Hit]:
    seen = _Journeys.of(service, config, _emotions(context))

    def each(index: int) -> Iterator[Problem]:
        curve = seen.curves[index]
        late = len(curve) * 2 / 3
        for position, (moment, value) in enumerate(curve):
            if value < 0 and position >= late:
                yield moment, moment, value

    for moment, value, where, _ in seen.collect(each):
        assert moment is not None
        yield Hit(
            moment,
            f"{where}{seen.title(moment)!r} ({value:+d}) is a painful moment late in the cycle",
            "get bad experiences out of the way early, or make this moment quick and discreet",
        )


def _runs(curve: Curve, good: bool) -> list[tuple[str, ...]]:
    runs: list[tuple[str, ...]] = []
    current: list[str] = []
    for moment, value in curve:
        if (value > 0) if good else (value < 0):
            current.append(moment)
        elif current:
            runs.append(tuple(current))
            current = []
    if current:
        runs.append(tuple(current))
    return runs


@rule(
    "BP263",
    "combine pain",
    "info",
    gap=2,
    name="combine-pain",
    rationale="""
    Several separate unpleasant episodes on one journey feel worse than the same
    pain in one go: bundle the unpleasant steps (forms, payment, waiting) into one
    moment where you can. Pain on two different branches is not combined: no customer
    lives both.
    """,
    example="""
    - id: fill-in-form
      emotion: -1
    - id: see-doctor
      emotion: 2
    - id: pay-at-desk
      emotion: -1      # BP263: a second episode of pain; take the form and payment together
    """,
)
def combine_pain(service: Service, config: LintConfig, **context: Any) -> Iterator[Hit]:
    seen = _Journeys.of(service, config, _emotions(context))

    def each(index: int) -> Iterator[Problem]:
        episodes = _runs(seen.curves[index], good=False)
        if len(episodes) >= 2:
            yield tuple(episodes), episodes[-1][0], episodes

    for moment, episodes, where, _ in seen.collect(each):
        names = "; ".join(seen.titles(run) for run in episodes)
        yield Hit(
            moment,
            f"{where}the pain comes in {len(episodes)} separate episodes ({names})",
            "combine pain: bundle the unpleasant steps into one moment where you can",
        )


@rule(
    "BP264",
    "segment pleasure",
    "info",
    gap=2,
    name="segment-pleasure",
    rationale=f"""
    A run of {LONG_PLEASURE} or more good moments in a row on one journey is felt as one
    experience; the same moments spread out, between the others, are remembered as
    several.
    """,
    example="""
    - id: welcome-drink
      emotion: 2
    - id: room-upgrade
      emotion: 2
    - id: spa-voucher
      emotion: 2      # BP264: three treats in a row; keep one for check-out
    """,
)
def segment_pleasure(service: Service, config: LintConfig, **context: Any) -> Iterator[Hit]:
    seen = _Journeys.of(service, config, _emotions(context))

    def each(index: int) -> Iterator[Problem]:
        for run in _runs(seen.curves[index], good=True):
            if len(run) >= LONG_PLEASURE:
                yield run, run[0], run

    for moment, run, where, _ in seen.collect(each):
        yield Hit(
            moment,
            f"{where}{len(run)} good moments in a row ({seen.titles(run)}) are felt as one",
            "segment pleasure: spread the good moments out, between the others",
        )


def _flag_missing(
    service: Service, config: LintConfig, context: dict[str, Any], flag: str
) -> Iterator[tuple[str | None, str]]:
    seen = _Journeys.of(service, config, _emotions(context))

    def each(index: int) -> Iterator[Problem]:
        if not any(getattr(service.moments[m], flag) for m in seen.paths[index]):
            yield flag, None, None

    for _, _, where, via in seen.collect(each):
        # On every journey: said at the first moment, where a suppression can go.
        yield via or next(iter(service.moments), None), where


@rule(
    "BP265",
    "build commitment through choice",
    "info",
    gap=2,
    name="choice",
    rationale="""
    Customers who choose (a room, a time, a way to pay) commit to the service and
    feel more in control of it. Every journey should offer a choice somewhere; mark
    the moment with ``choice: true``. A choice at an optional moment does not count
    for the customers who skip it.
    """,
    example="""
    - id: walk-in
      next: [see-nurse]   # BP265 on the journey via 'walk-in': nothing to choose
    - id: book-online
      choice: true        # the booked journey offers a time slot
    """,
)
def choice(service: Service, config: LintConfig, **context: Any) -> Iterator[Hit]:
    for via, where in _flag_missing(service, config, context, "choice"):
        yield Hit(
            via,
            f"{where}no moment lets the customer choose",
            "mark a moment where customers choose (room, time, payment) with choice: true",
        )


@rule(
    "BP266",
    "give people rituals and stick to them",
    "info",
    gap=2,
    name="rituals",
    rationale="""
    A recognisable, repeated gesture (the same welcome, the same farewell) tells
    customers what to expect and makes the service theirs. Every journey should meet
    one; mark the moment with ``ritual: true``.
    """,
    example="""
    - id: farewell
      title: The doorman's farewell at the car
      ritual: true      # without one on a journey: BP266
    """,
)
def rituals(service: Service, config: LintConfig, **context: Any) -> Iterator[Hit]:
    for via, where in _flag_missing(service, config, context, "ritual"):
        yield Hit(
            via,
            f"{where}no moment is a ritual" if where else "the cycle has no ritual",
            "give a recognisable, repeated gesture (a welcome, a farewell) and mark it ritual: true",
        )

"""The journeys customers take through the cycle: each path from first contact to leaving.

A customer does not live the whole cycle: at a branch (book online or by
phone, walk in or book ahead) they take one way. The sequence principles
(what comes first, what comes last, how the pain is bundled) are about what
one customer lives, so they are read on each journey, not on the cycle laid
out flat.

The flow is read straight from the moments' ``next`` lists, without building
the networkx graph, so that ``blueprint check`` stays quick to start. Loops
(a step back to an earlier moment, such as ordering room service again) are
found the same way the service graph finds them: by a depth-first walk from
the first moment. A loop is not followed, so every journey is finite; a path
that stops only because the way on loops back (an x-ray that leads back to
the examination) is not a journey, since the customer does not leave there.

>>> from blueprint.model.examples import tiny_service
>>> found = journeys(tiny_service())
>>> [list(j) for j in found.paths], found.total, found.bounded
([['arrive', 'check-in', 'check-out']], 2, False)
>>> [list(j) for j in journeys(tiny_service(), skip_optional=False).paths]
[['arrive', 'check-in', 'room-service', 'check-out'], ['arrive', 'check-in', 'check-out']]
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .service import Service

__all__ = ["JOURNEY_LIMIT", "MOMENT_BUDGET", "Journeys", "flow_order", "forward_flow", "journeys"]

#: at most this many paths are walked; a cycle with more is checked on the first ones
JOURNEY_LIMIT = 2000
#: and at most this many moments along them all, so that long paths stay quick too
MOMENT_BUDGET = 100_000
#: the last journeys found per service, while its moments keep their shape
_CACHE: weakref.WeakKeyDictionary[Any, tuple[Any, Journeys]] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Journeys:
    """The distinct journeys of a service, and how many paths the cycle has in all.

    ``paths`` holds each distinct journey once, as moment ids in the order the
    customer meets them (without optional moments unless asked). ``total`` is
    the number of paths from the first moment to an exit; ``bounded`` is true
    when there were more than the limit and only the first ones were walked.
    """

    paths: tuple[tuple[str, ...], ...]
    total: int
    walked: int
    bounded: bool


def forward_flow(service: Service) -> dict[str, list[str]]:
    """Each moment's following moments, without the steps that loop back.

    A moment with no ``next`` is followed by the next moment in the file; an
    empty ``next`` means the customer leaves there.
    """
    order = list(service.moments)
    follows: dict[str, list[str]] = {}
    for position, (moment_id, moment) in enumerate(service.moments.items()):
        targets = order[position + 1 : position + 2] if moment.next is None else moment.next
        follows[moment_id] = list(dict.fromkeys(t for t in targets if t in service.moments))
    if not order:
        return follows
    loops = _back_edges(follows, order[0])
    return {u: [v for v in vs if (u, v) not in loops] for u, vs in follows.items()}


def flow_order(service: Service) -> list[str]:
    """The moments in cycle order (as ``queries.cycle_order``), from the ``next`` lists alone.

    For the lint and the timing, which must not pay for importing networkx.

    >>> from blueprint.model.examples import tiny_service
    >>> flow_order(tiny_service())
    ['arrive', 'check-in', 'room-service', 'check-out']
    """
    import heapq

    follows = forward_flow(service)
    position = {m: i for i, m in enumerate(service.moments)}
    waiting = dict.fromkeys(follows, 0)
    for targets in follows.values():
        for target in targets:
            waiting[target] += 1
    ready = [(position[m], m) for m, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, moment = heapq.heappop(ready)
        order.append(moment)
        for target in follows[moment]:
            waiting[target] -= 1
            if waiting[target] == 0:
                heapq.heappush(ready, (position[target], target))
    placed = set(order)
    return order + [m for m in service.moments if m not in placed]


def _back_edges(follows: dict[str, list[str]], entry: str) -> set[tuple[str, str]]:
    """Edges of a depth-first walk from ``entry`` that go back to a moment still being walked."""
    walking, done = {entry}, set()
    stack = [(entry, iter(follows[entry]))]
    back: set[tuple[str, str]] = set()
    while stack:
        node, rest = stack[-1]
        for target in rest:
            if target in walking:
                back.add((node, target))
            elif target not in done:
                walking.add(target)
                stack.append((target, iter(follows[target])))
                break
        else:
            stack.pop()
            walking.discard(node)
            done.add(node)
    return back


def journeys(service: Service, *, limit: int = JOURNEY_LIMIT, skip_optional: bool = True) -> Journeys:
    """The distinct journeys from the first moment to a moment the customer leaves from.

    Optional moments (some customers skip them) are left out unless
    ``skip_optional`` is false, so two paths that differ only by an optional
    moment are one journey. At most ``limit`` paths are walked, and no more
    than :data:`MOMENT_BUDGET` moments along them.
    """
    if not service.moments:
        return Journeys((), 0, 0, False)
    key = (limit, skip_optional, _shape(service))
    cached = _CACHE.get(service)
    if cached is not None and cached[0] == key:
        return cached[1]
    follows = forward_flow(service)
    entry = next(iter(service.moments))
    exits = _exits(service, follows, entry)
    seen: dict[tuple[str, ...], None] = {}
    walked, steps = 0, 0
    skipped = {m for m, moment in service.moments.items() if skip_optional and moment.optional}
    # One path grows and shrinks as the walk goes deeper and comes back: no copying per step.
    path, rests = [entry], [iter(follows[entry])]
    if not follows[entry]:
        path, rests, walked = [], [], 1
        seen[(entry,)] = None
    while rests and walked < limit and steps < MOMENT_BUDGET:
        target = next(rests[-1], None)
        if target is None:
            rests.pop()
            path.pop()
            continue
        path.append(target)
        if follows[target]:
            rests.append(iter(follows[target]))
            continue
        steps += len(path)
        if target in exits:
            walked += 1
            seen.setdefault(tuple(m for m in path if m not in skipped), None)
        path.pop()
    total = _count(follows, entry, exits)
    found = Journeys(tuple(seen), total, walked, total > walked)
    _CACHE[service] = (key, found)
    return found


def _shape(service: Service) -> tuple[tuple[str, tuple[str, ...] | None, bool], ...]:
    """What the journeys depend on: each moment's id, next moments and whether it is optional."""
    return tuple(
        (m.id, None if m.next is None else tuple(m.next), m.optional) for m in service.moments.values()
    )


def _exits(service: Service, follows: dict[str, list[str]], entry: str) -> set[str]:
    """The moments the customer leaves from, as the service graph closes the cycle.

    An empty ``next``, the last moment without one, or a ``next`` back to the
    first moment (the next visit, written out). A moment whose every way on
    loops back to another moment is no exit. When no exit can be
    reached at all (a cycle drawn without a way out), every end of the forward
    flow counts as one, so the journeys are still read.
    """
    order = list(service.moments)
    ends = {m for m, targets in follows.items() if not targets}
    leaving = set()
    for position, (moment_id, moment) in enumerate(service.moments.items()):
        targets = order[position + 1 : position + 2] if moment.next is None else moment.next
        targets = [t for t in targets if t in service.moments]
        if moment_id in ends and (not targets or entry in targets):
            leaving.add(moment_id)
    return leaving if leaving and _count(follows, entry, leaving) else ends


def _count(follows: dict[str, list[str]], entry: str, exits: set[str]) -> int:
    """Paths from ``entry`` to an exit, counted without listing them (the flow has no loops here)."""
    ways: dict[str, int] = {}
    stack = [(entry, False)]
    while stack:
        node, ready = stack.pop()
        if node in ways:
            continue
        if ready:
            ways[node] = sum(ways[t] for t in follows[node]) if follows[node] else int(node in exits)
            continue
        stack.append((node, True))
        stack.extend((t, False) for t in follows[node] if t not in ways)
    return ways[entry]

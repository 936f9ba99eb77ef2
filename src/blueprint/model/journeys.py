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
the first moment. A loop is not followed, so every journey is finite.

>>> from blueprint.model.examples import tiny_service
>>> found = journeys(tiny_service())
>>> [list(j) for j in found.paths], found.total, found.bounded
([['arrive', 'check-in', 'check-out']], 2, False)
>>> [list(j) for j in journeys(tiny_service(), skip_optional=False).paths]
[['arrive', 'check-in', 'room-service', 'check-out'], ['arrive', 'check-in', 'check-out']]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .service import Service

__all__ = ["JOURNEY_LIMIT", "Journeys", "forward_flow", "journeys"]

#: at most this many paths are walked; a cycle with more is checked on the first ones
JOURNEY_LIMIT = 2000


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
    moment are one journey. At most ``limit`` paths are walked.
    """
    if not service.moments:
        return Journeys((), 0, 0, False)
    follows = forward_flow(service)
    entry = next(iter(service.moments))
    total = _count(follows, entry)
    seen: dict[tuple[str, ...], None] = {}
    walked = 0
    stack: list[tuple[str, tuple[str, ...]]] = [(entry, (entry,))]
    while stack and walked < limit:
        node, path = stack.pop()
        if not follows[node]:
            walked += 1
            kept = tuple(m for m in path if not (skip_optional and service.moments[m].optional))
            seen.setdefault(kept, None)
            continue
        stack.extend((target, (*path, target)) for target in reversed(follows[node]))
    return Journeys(tuple(seen), total, walked, total > walked)


def _count(follows: dict[str, list[str]], entry: str) -> int:
    """Paths from ``entry`` to an exit, counted without listing them (the flow has no loops here)."""
    ways: dict[str, int] = {}
    stack = [(entry, False)]
    while stack:
        node, ready = stack.pop()
        if node in ways:
            continue
        if ready:
            ways[node] = sum(ways[t] for t in follows[node]) if follows[node] else 1
            continue
        stack.append((node, True))
        stack.extend((t, False) for t in follows[node] if t not in ways)
    return ways[entry]

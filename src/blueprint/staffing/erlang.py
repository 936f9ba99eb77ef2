"""Erlang C (M/M/c): the chance to wait, the service level, and the staff a time standard needs.

Customers arrive at random (a Poisson stream of ``rate`` an hour), each is
served for an exponential time with mean ``handle`` seconds, and ``servers``
people serve them in turn from one queue, nobody leaving it. The offered
load is ``a = rate x handle / 3600`` erlangs.

The chance that a customer waits at all is Erlang C. It is computed from
Erlang B by its recursion ``B(k) = a B(k-1) / (k + a B(k-1))``, which never
forms a factorial or a power, so hundreds of erlangs are as exact as ten:

>>> round(erlang_c(14, 10.0), 4)
0.1741
>>> round(service_level(14, 10.0, 180.0, 20.0), 3)
0.888
>>> staff_for(10.0 * 3600 / 180, 180.0, 20.0, 0.8)
14

Pure Python, standard library only: the module is the maths, nothing else.
"""

from __future__ import annotations

import math

__all__ = [
    "asa",
    "erlang_b",
    "erlang_c",
    "occupancy",
    "offered_load",
    "service_level",
    "staff_for",
]


def offered_load(rate: float, handle: float) -> float:
    """The load in erlangs: ``rate`` arrivals an hour, each served for ``handle`` seconds."""
    return rate * handle / 3600.0


def erlang_b(servers: int, load: float) -> float:
    """The chance that all ``servers`` are busy in a loss system offered ``load`` erlangs (Erlang B)."""
    _check(servers, load)
    blocked = 1.0
    for k in range(1, servers + 1):
        blocked = load * blocked / (k + load * blocked)
    return blocked


def erlang_c(servers: int, load: float) -> float:
    """The chance that an arriving customer waits (Erlang C); 1.0 when ``load`` reaches ``servers``."""
    _check(servers, load)
    if load >= servers:
        return 1.0
    if load == 0:
        return 0.0
    blocked = erlang_b(servers, load)
    return servers * blocked / (servers - load * (1.0 - blocked))


def service_level(servers: int, load: float, handle: float, within: float) -> float:
    """The share of customers who wait at most ``within`` seconds (0 when the queue grows for ever)."""
    if load >= servers:
        return 0.0
    waits = erlang_c(servers, load)
    return max(0.0, 1.0 - waits * math.exp(-(servers - load) * within / handle))


def asa(servers: int, load: float, handle: float) -> float:
    """The average wait in seconds over all customers, those served at once included (inf: overloaded)."""
    if load >= servers:
        return math.inf
    return erlang_c(servers, load) * handle / (servers - load)


def occupancy(servers: int, load: float) -> float:
    """The share of the servers' time spent serving (at most 1)."""
    _check(servers, load)
    return min(1.0, load / servers) if servers else 0.0


def staff_for(rate: float, handle: float, within: float, share: float, *, at_least: int = 1) -> int:
    """The fewest servers (at least ``at_least``) for ``share`` of customers to wait at most ``within`` s.

    ``rate`` is arrivals an hour, ``handle`` the mean service time in seconds.
    A ``share`` of 1 cannot be met by a queue with random arrivals, so it is refused.
    """
    if not 0 < share < 1:
        raise ValueError(f"share {share!r}: a queue meets a time standard for a share below 1, e.g. 0.8")
    if within < 0 or handle <= 0 or rate < 0 or not all(map(math.isfinite, (rate, handle, within))):
        raise ValueError(f"rate {rate!r}, handle {handle!r} and within {within!r} must be finite, handle > 0")
    load = offered_load(rate, handle)
    servers = max(at_least, math.floor(load) + 1)
    # The service level rises with every server added; it reaches any share below 1 in a few
    # steps past the load (about sqrt(load) of them), so a walk up is quick and exact.
    while service_level(servers, load, handle, within) < share:
        servers += 1
    return servers


def _check(servers: int, load: float) -> None:
    if servers < 0 or load < 0 or not math.isfinite(load):
        raise ValueError(f"servers {servers!r} and load {load!r} must be 0 or more and finite")

"""Erlang A (M/M/c+M): Erlang C with customers who leave the queue when they lose patience.

Each waiting customer gives up after an exponential time with mean
``patience`` seconds (Palm's model, the one Garnett, Mandelbaum and Reiman
studied as Erlang A). The number of customers present is then a
birth-and-death chain that is always stable, even when the load exceeds the
servers. Its stationary distribution is built in logarithms (no factorial,
no overflow for hundreds of erlangs) and cut where the rest weighs less than
1e-15.

The service level is the share of *all* arrivals who reach a server within
the time: a customer who gives up has not been served, so he counts against
the standard. An arriving customer sees the stationary queue (Poisson
arrivals see time averages); one who finds ``j`` people waiting moves up as
they are served or give up, and may give up himself. The chance that he is
served within the time is read from that small chain by uniformization,
once for every ``j`` together.

>>> result = erlang_a(14, 10.0, 180.0, 1e9, 20.0)   # patience for ever: Erlang C
>>> round(result.service_level, 3), round(result.abandoned, 6)
(0.888, 0.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Queue", "erlang_a", "staff_for_a"]

#: the stationary distribution is cut where its tail weighs less than this
_TAIL = math.log(1e-15)


@dataclass(frozen=True)
class Queue:
    """What a queue with ``servers`` gives: service level, abandonment, average wait and occupancy."""

    servers: int
    service_level: float
    #: the share of arrivals who give up before they are served
    abandoned: float
    #: the average time in the queue, in seconds, over every arrival (those who give up included)
    asa: float
    occupancy: float


def erlang_a(servers: int, load: float, handle: float, patience: float, within: float) -> Queue:
    """The queue of ``load`` erlangs on ``servers`` (``handle``, ``patience``, ``within`` in seconds)."""
    import numpy as np

    if servers < 1 or load < 0 or handle <= 0 or patience <= 0 or within < 0:
        raise ValueError(
            f"servers {servers!r} must be 1 or more; load {load!r}, handle {handle!r}, "
            f"patience {patience!r} and within {within!r} positive"
        )
    if load == 0:
        return Queue(servers, 1.0, 0.0, 0.0, 0.0)
    mu, theta = 1.0 / handle, 1.0 / patience
    lam = load * mu
    weights = _stationary(servers, lam, mu, theta)
    waiting = weights[servers:]  # n = servers + j: j customers waiting
    ahead = np.arange(len(waiting), dtype=float)
    queued = float(ahead @ waiting)  # the mean queue length
    abandoned = theta * queued / lam
    busy = float(np.minimum(np.arange(len(weights)), servers) @ weights)
    served_in_time = float(weights[:servers].sum()) + _reached(servers, mu, theta, within, waiting)
    return Queue(
        servers=servers,
        service_level=min(1.0, max(0.0, served_in_time)),
        abandoned=min(1.0, abandoned),
        asa=queued / lam,
        occupancy=min(1.0, busy / servers),
    )


def staff_for_a(
    rate: float, handle: float, patience: float, within: float, share: float, *, at_least: int = 1
) -> Queue:
    """The smallest queue (fewest servers, at least ``at_least``) whose service level reaches ``share``."""
    if not 0 < share < 1:
        raise ValueError(f"share {share!r}: a queue meets a time standard for a share below 1, e.g. 0.8")
    from .erlang import staff_for

    load = rate * handle / 3600.0
    # Start from Erlang C's answer, which is seldom more than a few servers off, and walk.
    servers = max(1, at_least, staff_for(rate, handle, within, share, at_least=at_least) if load else 1)
    best = erlang_a(servers, load, handle, patience, within)
    if best.service_level >= share:
        while servers > max(1, at_least):
            fewer = erlang_a(servers - 1, load, handle, patience, within)
            if fewer.service_level < share:
                break
            servers, best = servers - 1, fewer
        return best
    while best.service_level < share:
        servers += 1
        best = erlang_a(servers, load, handle, patience, within)
    return best


def _stationary(servers: int, lam: float, mu: float, theta: float):  # type: ignore[no-untyped-def]
    """The chances of 0, 1, 2, ... customers present, cut where the tail no longer counts."""
    import numpy as np

    logs = [0.0]
    n = 0
    peak = 0.0
    while True:
        n += 1
        out = min(n, servers) * mu + max(n - servers, 0) * theta
        logs.append(logs[-1] + math.log(lam) - math.log(out))
        peak = max(peak, logs[-1])
        # Past the servers and where the chain drifts down, the terms fall geometrically or faster.
        if n > servers and out > lam and logs[-1] - peak < _TAIL:
            break
    values = np.asarray(logs)
    weights = np.exp(values - values.max())
    return weights / weights.sum()


def _reached(servers: int, mu: float, theta: float, within: float, waiting) -> float:  # type: ignore[no-untyped-def]
    """The share of arrivals who find people waiting and still reach a server within ``within`` seconds.

    ``waiting[j]`` is the chance of arriving to find ``j`` waiting. A customer with ``k``
    ahead moves to ``k - 1`` at rate ``c mu + k theta`` and gives up at rate ``theta``; from
    none ahead he is served at rate ``c mu``. The chance of being served by ``within`` is
    read by uniformization: the chain stepped at a Poisson rate ``L`` at least every exit
    rate, each step's served mass weighted by the Poisson chance of that many steps (in
    logarithms, so a long wait at a busy desk does not underflow).
    """
    import numpy as np
    from scipy.special import gammaln

    size = len(waiting)
    if size == 0 or within == 0 or float(waiting.sum()) == 0.0:
        return 0.0
    forward = servers * mu + np.arange(size, dtype=float) * theta  # k -> k - 1 (from 0: served)
    leave = forward + theta
    rate = float(leave.max())
    stay, move = 1.0 - leave / rate, forward / rate
    mean = rate * within
    last = int(mean + 12.0 * math.sqrt(mean) + 30)
    steps = np.arange(last + 1, dtype=float)
    weights = np.exp(-mean + steps * math.log(mean) - gammaln(steps + 1))
    p = np.asarray(waiting, dtype=float).copy()
    served, total = 0.0, 0.0
    for n in range(last + 1):
        total += weights[n] * served
        served += p[0] * move[0]
        shifted = p * stay
        shifted[:-1] += p[1:] * move[1:]
        p = shifted
        if n % 16 == 15 and p.sum() < 1e-15:  # nothing left to serve: later steps add the same mass
            total += served * float(weights[n + 1 :].sum())
            break
    return float(total)

"""Check the formula by simulation: the same queue, with the handling times the data holds.

Erlang C assumes exponential handling times; real ones rarely are (most
check-ins take a minute, a few take ten). :func:`service_level` runs the
group's queue as a discrete-event simulation with SimPy: Poisson arrivals at
the group's rate, the group's staff serving in turn from one queue, each
customer's handling time drawn from the observed ones (and, with a
patience, an exponential patience after which he leaves the queue). The
share who wait at most the target is counted after a warm-up, in ten
batches of customers; the spread of the batches gives the margin (95%) of
the simulated level. The random draws come from one seeded NumPy generator,
so a seed gives the same numbers.

Where the simulated service level is more than :data:`~.output.DRIFT` away
from the formula's, and further than its margin, the plan says that the
formula is off for this service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from ..measure.outcome import label

if TYPE_CHECKING:
    from .demand import Demand
    from .output import StaffPlan

__all__ = ["CUSTOMERS", "WARM_UP", "Simulated", "check", "service_level"]

#: customers measured per group, after :data:`WARM_UP` customers that fill the queue first
CUSTOMERS = 20_000
WARM_UP = 2_000
_BATCHES = 10


class Simulated(NamedTuple):
    """A simulated service level and its margin: the 95% half-width from the batch means."""

    level: float
    margin: float


def service_level(
    rate: float,
    servers: int,
    handle: Sequence[float],
    within: float,
    *,
    patience: float | None = None,
    customers: int = CUSTOMERS,
    warm_up: int = WARM_UP,
    seed: int = 0,
) -> Simulated:
    """The simulated share of arrivals served within ``within`` seconds, with its margin.

    ``rate`` is arrivals an hour, ``handle`` the observed handling times in
    seconds (drawn with replacement), ``patience`` the mean seconds a customer
    waits before giving up (None: nobody does). A customer who gives up counts
    against the standard.
    """
    import numpy as np
    import simpy

    if rate <= 0 or not len(handle):
        return Simulated(1.0, 0.0)
    rng = np.random.default_rng(seed)
    total = warm_up + customers
    gaps = rng.exponential(3600.0 / rate, size=total)
    times = rng.choice(np.asarray(handle, dtype=float), size=total)
    gives_up = rng.exponential(patience, size=total) if patience else None
    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=servers)
    met = np.zeros(total, dtype=bool)

    def customer(i: int) -> Any:
        arrived = env.now
        with desk.request() as turn:
            if gives_up is not None:
                reached = yield turn | env.timeout(gives_up[i])
                if turn not in reached:
                    return  # gave up: not served within the time
            else:
                yield turn
            met[i] = env.now - arrived <= within
            yield env.timeout(times[i])

    def arrivals() -> Any:
        for i in range(total):
            yield env.timeout(gaps[i])
            env.process(customer(i))

    env.process(arrivals())
    env.run()
    batches = np.array_split(met[warm_up:], _BATCHES)
    means = np.array([batch.mean() for batch in batches])
    margin = 1.96 * float(means.std(ddof=1)) / _BATCHES**0.5 if customers >= _BATCHES else 0.0
    return Simulated(float(met[warm_up:].mean()), margin)


def check(plan: StaffPlan, found: Demand, *, seed: int = 0, customers: int = CUSTOMERS) -> StaffPlan:
    """``plan`` with each group's simulated service level at its staff, with the observed handling times."""
    pooled = [t for values in found.handle_samples.values() for t in values]
    samples = {_labels(found.by, group): values for group, values in found.handle_samples.items()}
    patience = {_labels(found.by, g): mean for g, (n, mean) in (found.patience or {}).items() if n}
    overall = found.overall_patience[1] if found.overall_patience else None
    groups = []
    for i, need in enumerate(plan.groups):
        key = tuple(need.keys[k] for k in plan.by)
        handle = samples.get(key) or pooled
        waits = patience.get(key, overall) if plan.model == "erlang-a" else None
        found_level = service_level(
            need.arrivals_per_hour, need.staff, handle, plan.within, patience=waits, customers=customers,
            seed=seed + i,
        )  # fmt: skip
        groups.append(
            replace(need, simulated_service_level=found_level.level, simulated_margin=found_level.margin)
        )
    return replace(plan, groups=groups)


def _labels(by: tuple[str, ...], group: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(label(k, v) for k, v in zip(by, group, strict=True))

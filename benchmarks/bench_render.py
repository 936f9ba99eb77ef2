"""How long the blueprint and cycle views take for a large, generated service.

Prints figures, asserts nothing. The time is split into our part (layout,
routing and writing the DOT) and Graphviz's part (drawing the SVG from fixed
positions with ``neato -n2``)::

    python benchmarks/bench_render.py            # 300 moments
    python benchmarks/bench_render.py 1000       # any size

Targets from the issue: our part under 0.5 s, total under 10 s, at 300 moments.
"""

from __future__ import annotations

import random
import sys
import time

from blueprint.model.examples import tiny_service
from blueprint.model.objects import KeyFactor, Metric, MomentOfTruth, PhysicalEvidence, Standard, Step
from blueprint.model.service import Service, ServiceInfo
from blueprint.render.blueprint_view import blueprint_dot
from blueprint.render.cycle_view import cycle_dot
from blueprint.render.output import Rendered

WORDS = ("guest", "desk", "order", "check", "wait", "room", "bill", "card", "call", "visit", "review", "bag")


def generated_service(moments: int, seed: int = 1) -> Service:
    """A service of ``moments`` moments: branches, loops, two to four steps each, evidence, standards."""
    rng = random.Random(seed)
    stages = ("pre-service", "in-service", "post-service")
    records, steps, standards = [], [], []
    for i in range(moments):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 7))).capitalize()
        nxt: list[str] | None = None
        if i + 2 < moments and i % 9 == 4:  # a branch that skips the next moment
            nxt = [f"m{i + 1}", f"m{i + 2}"]
        elif i % 23 == 22:  # a loop back a few moments
            nxt = [f"m{i - 3}", f"m{i + 1}"] if i + 1 < moments else []
        factor = KeyFactor(id=f"f{i}", title=f"{title} quickly", element="software", sub_item="timeliness")
        records.append(MomentOfTruth(
            id=f"m{i}", title=title, stage=stages[min(2, 3 * i // moments)], next=nxt,
            fail_point=i % 7 == 0, wait_point=i % 5 == 0, factors=[factor],
            physical_evidence=[PhysicalEvidence(id=f"e{i}", title=f"{title} sign")] if i % 3 == 0 else [],
        ))  # fmt: skip
        if i % 2 == 0:
            standards.append(Standard(id=f"st{i}", factors=[f"f{i}"], statement="Within 5 minutes.",
                                      metric="duration", comparator="<=", target=5,
                                      unit="minutes"))  # fmt: skip
        for j, lane in enumerate(
            rng.sample(["frontstage", "backstage", "support", "support"], rng.randint(2, 4))
        ):
            target = f"m{i}" if lane != "support" or j == 0 else f"s{i}-0"
            steps.append(Step(id=f"s{i}-{j}", title=f"{lane} work for {title.lower()}", lane=lane,
                              supports=[target], wait_point=j == 1 and i % 4 == 0))  # fmt: skip
    shared = Step(id="shared-system", title="Property management system", lane="support",
                  supports=[f"m{i}" for i in range(0, moments, max(1, moments // 12))])  # fmt: skip
    return Service(
        ServiceInfo(id="generated", title=f"Generated service ({moments} moments)"),
        metrics=[Metric(id="duration", title="Duration", quantity="duration")],
        moments=records, steps=[*steps, shared], standards=standards,
    )  # fmt: skip


def measure(name: str, make_dot, service: Service) -> None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    dot = make_dot(service)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    svg = Rendered.from_dot(dot).svg()
    drawing = time.perf_counter() - start
    print(
        f"{name:10s} ours {ours:6.3f} s   graphviz {drawing:6.3f} s   total {ours + drawing:6.3f} s   "
        f"(ours {ours / (ours + drawing):4.0%}; DOT {len(dot) / 1e6:.2f} MB, SVG {len(svg) / 1e6:.2f} MB)"
    )


def main() -> None:
    moments = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    service = generated_service(moments)
    print(f"{len(service.moments)} moments, {len(service.steps)} steps, {len(service.evidence)} evidence, "
          f"{service.graph.number_of_edges()} edges")  # fmt: skip
    blueprint_dot(tiny_service())  # load the modules first; a different service, so no cache is warm
    measure("blueprint", blueprint_dot, service)
    measure("cycle", cycle_dot, service)


if __name__ == "__main__":
    main()

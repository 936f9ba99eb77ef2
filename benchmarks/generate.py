"""Generate large synthetic services for benchmarks (seeded, deterministic)."""

from __future__ import annotations

import random

from blueprint.model.vocabulary import SUB_ITEMS, Element

STAGES = ("pre-service", "in-service", "post-service")
LANES = ("frontstage", "backstage", "support")


def service_yaml(moments: int, factors: int, standards: int, *, seed: int = 1, branch_every: int = 0) -> str:
    """YAML text of a service with the given sizes; every standard references a factor."""
    rng = random.Random(seed)
    out = [
        "# generated for benchmarks",
        "version: 1",
        "service:",
        f"  id: generated-{moments}",
        f"  title: Generated service with {moments} moments",
        "metrics:",
        "  - id: duration",
        "    title: Duration",
        "    quantity: duration",
        "    unit: seconds",
        "moments:",
    ]
    per_moment = max(1, factors // moments)
    factor_ids: list[str] = []
    for m in range(moments):
        stage = STAGES[min(2, m * 3 // moments)]
        out += [
            f"  - id: m{m}",
            f"    title: Moment number {m} of the cycle",
            f"    stage: {stage}",
            f"    emotion: {rng.randint(-3, 3)}",
        ]
        if branch_every and m % branch_every == 0 and m + 2 < moments:
            out.append(f"    next: [m{m + 1}, m{m + 2}]")
        if m == moments - 1:
            out.append("    next: []")
        out.append("    factors:")
        for f in range(per_moment):
            element = rng.choice(list(Element))
            fid = f"f{m}-{f}"
            factor_ids.append(fid)
            out += [
                f"      - id: {fid}",
                f"        title: Factor {f} at moment {m}",
                f"        element: {element.value}",
                f"        sub_item: {rng.choice(SUB_ITEMS[element])}",
                "        bpm: basic",
                "        importance: 0.8",
                "        customer_evidence:",
                "          - method: survey",
                f"            source: Survey item {f}",
            ]
    out.append("steps:")
    for m in range(moments):
        out += [
            f"  - id: s{m}",
            f"    title: Step for moment {m}",
            f"    lane: {LANES[m % 3]}",
            f"    supports: [m{m}]",
        ]
    out.append("standards:")
    for s in range(standards):
        minutes = rng.randint(1, 30)
        out += [
            f"  - id: std{s}",
            f"    factors: [{factor_ids[s % len(factor_ids)]}]",
            f"    statement: 95% of customers are served within {minutes} minutes.",
            "    metric: duration",
            '    comparator: "<="',
            f"    target: {minutes}",
            "    unit: minutes",
            "    share: 0.95",
            "    owner: Operations manager",
            "    visible: true",
            "    agreed_by:",
            "      - {by: Front line team, date: 2026-01-15}",
            "    last_reviewed: 2026-02-01",
        ]
    return "\n".join(out) + "\n"

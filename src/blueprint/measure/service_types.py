"""The four service types of the sources, diagnosed from measured compliance.

Seed 000 sorts customer service by two sides: the procedural side (程序特性:
flow, systems, timeliness) and the personal side (个人特性: behaviour, attitude,
language). Weak or strong on each gives four types: indifferent (漠不关心),
by the book (按部就班), friendly but disorganised (热情友好) and quality service
(优质服务).

Blueprint places each measured group on both sides. The procedural axis is the
share of the group's judged standards on software-element factors that pass;
the personal axis the same for people-element factors (hardware standards count
on neither). A side is *high* at ``high`` (0.8) or above. A side with no judged
standard in the group (each was too few or had no data) has no value, and the
group's type is ``unknown``.

>>> from blueprint.measure.outcome import Outcome
>>> def outcome(standard, status):
...     return Outcome("standard", standard, standard, "m", None, "<=", 3, "minutes", "each", 0.95, 0.95,
...                    keys={"site": "north"}, status=status)
>>> elements = {"fast": {"software"}, "kind": {"people"}}
>>> d = diagnose_outcomes([outcome("fast", "pass"), outcome("kind", "fail")], elements, by=("site",))
>>> d.groups[0]["type"], d.groups[0]["procedural"], d.groups[0]["personal"]
('procedural', 1.0, 0.0)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..escaping import terminal
from .outcome import FAIL, PASS
from .summary_rows import SUMMARY

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..model.service import Service
    from .outcome import Outcome
    from .result import MeasureResult

__all__ = [
    "JSON_VERSION", "TYPES", "Diagnosis", "diagnose", "diagnose_outcomes", "service_type_rows",
    "unknown_reason",
]  # fmt: skip

JSON_VERSION = 1

#: type -> (what people call it, the seed's name)
TYPES = {
    "quality": ("quality service", "优质服务"),
    "procedural": ("by the book", "按部就班"),
    "friendly": ("friendly but disorganised", "热情友好"),
    "indifferent": ("indifferent", "漠不关心"),
    "unknown": ("too few measured standards to tell", ""),
}
_AXES = {"procedural": "software", "personal": "people"}


@dataclass
class Diagnosis:
    """Each group's place on the procedural and personal axes, and its service type."""

    by: tuple[str, ...]
    high: float
    groups: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"version": JSON_VERSION, "by": list(self.by), "high": self.high, "groups": self.groups}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        """A table: the group's keys, both axes with their standard counts, and the type."""
        head = [*self.by, "procedural", "personal", "type"]
        rows = [
            [
                *(terminal(group[key]) for key in self.by),  # from the data: shown, not obeyed
                _axis_text(group["procedural"], group["procedural_standards"]),
                _axis_text(group["personal"], group["personal_standards"]),
                f"{TYPES[group['type']][0]} {TYPES[group['type']][1]}".strip(),
            ]
            for group in self.groups
        ]
        widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
        table = [head, *rows]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in table]
        counts = {kind: sum(1 for g in self.groups if g["type"] == kind) for kind in TYPES}
        summary = ", ".join(f"{n} {TYPES[kind][0]}" for kind, n in counts.items() if n)
        lines.append(f"{len(self.groups)} group(s): {summary or 'none measured'}; high at {self.high:.0%}")
        return "\n".join(line.rstrip() for line in lines)

    def chart(self, path: str | Path | None = None, *, title: str | None = None) -> Figure:
        """The groups on the two axes, cut into the four types at ``high``."""
        from ..render.service_type_chart import service_type_chart

        return service_type_chart(self, path, title=title)


def diagnose(service: Service, result: MeasureResult, *, high: float = 0.8) -> Diagnosis:
    """Each group of ``result`` (a measurement of ``service``) placed on the two axes and typed."""
    elements = {
        standard.id: {service.factors[f].element.value for f in standard.factors if f in service.factors}
        for standard in service.standards.values()
    }
    return diagnose_outcomes(result.outcomes, elements, by=result.by, high=high)


def diagnose_outcomes(
    outcomes: Iterable[Outcome],
    elements: Mapping[str, set[str]],
    *,
    by: Iterable[str] = (),
    high: float = 0.8,
) -> Diagnosis:
    """The same from outcomes and each standard's elements (``{"fast": {"software"}}``)."""
    if not 0 < high <= 1:
        raise ValueError(f"high must be a share above 0 and at most 1, not {high!r}")
    by = tuple(by)
    tallies: dict[tuple[Any, ...], dict[str, Any]] = {}
    for outcome in outcomes:
        if outcome.kind != "standard" or any(key not in outcome.keys for key in by):
            continue  # a promise, or a standard with no data at all and so no groups
        keys = tuple(outcome.keys[key] for key in by)
        if not outcome.observations and set(outcome.excluded) == {SUMMARY} and keys not in tallies:
            continue  # only a totals row (with no site or time of its own): no group to type
        tally = tallies.setdefault(keys, {axis: [0, 0] for axis in _AXES})
        if outcome.status not in (PASS, FAIL):
            continue  # too few, no data, implausible: not judged, so on no axis
        for axis, element in _AXES.items():
            if element in elements.get(outcome.standard, ()):
                tally[axis][0] += outcome.status == PASS
                tally[axis][1] += 1
    groups = []
    for keys, tally in tallies.items():
        shares = {axis: (met / n if n else None) for axis, (met, n) in tally.items()}
        groups.append(
            {
                **dict(zip(by, keys, strict=True)),
                "procedural": _round(shares["procedural"]),
                "personal": _round(shares["personal"]),
                "procedural_standards": tally["procedural"][1],
                "personal_standards": tally["personal"][1],
                "type": _type(shares["procedural"], shares["personal"], high),
            }
        )
    return Diagnosis(by, high, groups)


def _type(procedural: float | None, personal: float | None, high: float) -> str:
    if procedural is None or personal is None:
        return "unknown"
    return {
        (True, True): "quality",
        (True, False): "procedural",
        (False, True): "friendly",
        (False, False): "indifferent",
    }[(procedural >= high, personal >= high)]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _axis_text(value: float | None, standards: int) -> str:
    return "-" if value is None else f"{value:.0%} of {standards}"


_SIDES = {"procedural": "software-element (procedural)", "personal": "people-element (personal)"}


def unknown_reason(group: dict[str, Any]) -> str:
    """Why a group has no type: which side had no standard that passed or failed there."""
    missing = [_SIDES[side] for side in _SIDES if group.get(side) is None]
    if not missing:
        return ""
    return (
        f"no {' and no '.join(missing)} standard was judged here: each had too few cases or no "
        "data, or the service has none"
    )


def service_type_rows(diagnosis: Any) -> list[list[str]]:
    """One row per group: its keys, both shares with their counts of standards, its type (and why unknown)."""
    rows = []
    for group in diagnosis.groups:
        name, seed = TYPES.get(group["type"], (str(group["type"]), ""))
        kind = f"{name} {seed}".strip()
        if group["type"] == "unknown":
            kind += f" — {unknown_reason(group)}"
        rows.append(
            [
                *(str(group[key]) for key in diagnosis.by),
                _share(group["procedural"], group["procedural_standards"]),
                _share(group["personal"], group["personal_standards"]),
                kind,
            ]
        )
    return rows


def _share(value: float | None, standards: int) -> str:
    return "–" if value is None else f"{value:.0%} of {standards}"

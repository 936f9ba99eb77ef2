"""Writing a tolerance survey's adequate level back as the factors' ``customer_tolerance``.

When the zone of tolerance is asked in the standard's own terms ("how long a
wait at the desk is acceptable, in minutes?"), the adequate level is the
bound of the customers' patience, which is what ``customer_tolerance`` holds
and what BP113 (no stricter than customers ask) compares targets with. Like
the Kano write-back (:mod:`.writeback`), nothing changes until accepted:
:func:`tolerance_proposals` lists old -> new per factor, :func:`describe`
shows it, :func:`apply_tolerance` makes the edits through ``Service.replace``.

Levels on a rating scale (1-9) say nothing in minutes; the unit the levels
were asked in must be given. Where the desired level is below the adequate
one (less is better, as for waiting), the tolerance is an upper bound
(``<=``); otherwise a lower bound (``>=``).

>>> import pandas as pd
>>> from blueprint.model.examples import tiny_service
>>> from blueprint.survey import tolerance
>>> zone = tolerance(pd.DataFrame({"item": ["checkin-speed"], "desired": [2.0], "adequate": [6.5],
...                                "perceived": [4.0]}), scale="0-30")
>>> service = tiny_service()
>>> changes = tolerance_proposals(zone, service, unit="minutes", source="guest survey 2026")
>>> print(describe(changes, service))
check-in / checkin-speed: customer_tolerance (none) -> <= 6.5 minutes  (adequate level of item checkin-speed)
>>> apply_tolerance(service, changes)
1
>>> service.factors["checkin-speed"].customer_tolerance.value
6.5
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import SurveyDataError
from .linking import item_map_from_service
from .precision import MIN_ANSWERS
from .writeback import finish_review

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = [
    "ToleranceChange",
    "apply_tolerance",
    "describe",
    "review",
    "tolerance_proposals",
    "unmatched_items",
]


@dataclass(frozen=True)
class ToleranceChange:
    """One proposed edit: the factor's ``customer_tolerance`` from ``old`` to ``new``."""

    factor: str
    old: dict[str, Any] | None
    new: dict[str, Any]
    item: str
    respondents: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"factor": self.factor, "old": self.old, "new": self.new, "item": self.item,
                "n": self.respondents}  # fmt: skip


def _links(result: Any, service: Service, mapping: Mapping[str, str] | None) -> dict[str, str]:
    links = {**item_map_from_service(service), **dict(mapping or {})}
    unknown = sorted(set((mapping or {}).values()) - set(service.factors))
    if unknown:
        raise SurveyDataError(
            f"the item mapping names factors the service does not have: {', '.join(unknown)}"
        )
    return {item: links.get(item, item) for item in map(str, result.items["item"])}


def tolerance_proposals(
    result: Any,
    service: Service,
    *,
    unit: str,
    mapping: Mapping[str, str] | None = None,
    source: str | None = None,
) -> list[ToleranceChange]:
    """The ``customer_tolerance`` each item's adequate level would set, where it differs from the file.

    Items name factors by id, by the survey item of the factor's
    ``customer_evidence``, or through ``mapping`` (item -> factor id).
    ``unit`` is the unit the levels were asked in (``minutes``).
    """
    from ..model.units import UNITS

    if unit not in UNITS:
        raise SurveyDataError(
            f"unknown unit {unit!r}: give the unit the levels were asked in, one of: {', '.join(UNITS)}"
        )
    links = _links(result, service, mapping)
    changes = []
    for row in result.items.to_dict("records"):
        item = str(row["item"])
        factor_id = links[item]
        adequate, desired = float(row["adequate"]), float(row["desired"])
        if factor_id not in service.factors or math.isnan(adequate) or math.isnan(desired):
            continue
        new: dict[str, Any] = {
            "comparator": "<=" if desired < adequate else ">=",
            "value": round(adequate, 2),
            "unit": unit,
        }
        if source:
            new["source"] = source
        old = service.factors[factor_id].customer_tolerance
        old_dict = old.model_dump(mode="json", exclude_none=True) if old is not None else None
        if old_dict is None or {k: old_dict.get(k) for k in ("comparator", "value", "unit")} != {
            k: new[k] for k in ("comparator", "value", "unit")
        }:
            n = row.get("n")
            respondents = None if n is None or (isinstance(n, float) and math.isnan(n)) else int(n)
            changes.append(ToleranceChange(factor_id, old_dict, new, item, respondents))
    return changes


def unmatched_items(result: Any, service: Service, mapping: Mapping[str, str] | None = None) -> list[str]:
    """Items of ``result`` that name no factor of ``service``."""
    links = _links(result, service, mapping)
    return [item for item, factor in links.items() if factor not in service.factors]


def describe(changes: list[ToleranceChange], service: Service | None = None) -> str:
    """The proposal as lines a person can accept or reject."""
    if not changes:
        return "no customer_tolerance would change"
    lines = []
    for c in changes:
        where = f"{service.moment_of.get(c.factor, '?')} / " if service is not None else ""
        old = f"{c.old['comparator']} {c.old['value']:g} {c.old['unit']}" if c.old else "(none)"
        n = f", {c.respondents} respondent{'s' if c.respondents != 1 else ''}" if c.respondents else ""
        if c.respondents and c.respondents < MIN_ANSWERS:
            n += f"; too few answers (fewer than {MIN_ANSWERS}): ask more customers before accepting"
        lines.append(
            f"{where}{c.factor}: customer_tolerance {old} -> "
            f"{c.new['comparator']} {c.new['value']:g} {c.new['unit']}  (adequate level of item {c.item}{n})"
        )
    return "\n".join(lines)


def apply_tolerance(service: Service, changes: list[ToleranceChange]) -> int:
    """Make the accepted ``changes`` on ``service`` (through ``Service.replace``); return how many."""
    for change in changes:
        service.replace(change.factor, customer_tolerance=change.new)
    return len(changes)


def review(
    result: Any,
    service_path: str,
    *,
    unit: str,
    mapping: str | None = None,
    survey: str = "the survey",
    write: bool = False,
) -> dict[str, Any]:
    """``blueprint survey tolerance --service --unit [--write-back]``: the proposal as text and JSON.

    Loads the service file, proposes its customer tolerances (``mapping`` as
    ``ITEM=FACTOR,...``) and, with ``write``, makes them and saves the file
    with the round-trip save.
    """
    from pathlib import Path

    from ..io.load import load
    from .readers import parse_mapping

    service = load(service_path)
    links = parse_mapping(mapping, what="--map")
    source = f"tolerance survey {Path(survey).name}, adequate level"
    changes = tolerance_proposals(result, service, unit=unit, mapping=links, source=source)
    lines = ["proposed customer tolerances", describe(changes, service)]
    unmatched = unmatched_items(result, service, links)
    if unmatched:
        lines.append(f"not factors of {service_path} (map them with --map): {', '.join(unmatched)}")
    proposals = [c.to_dict() for c in changes]
    return finish_review(service, service_path, lines, proposals, lambda: apply_tolerance(service, changes),
                         what="customer tolerance(s)", write=write)  # fmt: skip

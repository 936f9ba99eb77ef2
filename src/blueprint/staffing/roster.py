"""Hold a roster against a staffing plan: every group with fewer people than the standard needs.

A roster is a CSV file (its fields separated by commas, semicolons or tabs,
as the header line shows) with a ``staff`` column and one column per grouping
key it is planned by, usually ``site``, ``weekday`` and ``hour``:

.. code-block:: text

    site,weekday,hour,staff
    harbour,Mon,9,3
    harbour,Mon,10,2

Weekdays may be written ``Mon`` or ``Monday`` (any letter case), hours ``9``,
``09`` or ``09:00``. Every key column of the roster must be among the plan's
``by`` keys; a plan key the roster lacks (``month``) is not planned by, so one
roster row serves every month. A group with no row has nobody rostered.
Bad rows are refused with the file, line and column.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..measure.codes import finding
from ..measure.columns import TIME_KEYS as _TIME_KEYS
from ..model.findings import Finding, Location
from . import erlang
from .output import Need, StaffPlan, duration_text

if TYPE_CHECKING:
    from ..model.service import Service
    from .demand import Demand

__all__ = ["Roster", "RosterError", "compare", "read_roster"]

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class RosterError(ValueError):
    """The roster file cannot be read as a roster; the message names the file, line and column."""


class Roster:
    """The staff on duty per group of the roster's keys, and the line each row is on."""

    def __init__(self, path: str, keys: tuple[str, ...]) -> None:
        self.path = path
        self.keys = keys
        self.staff: dict[tuple[Any, ...], int] = {}
        self.lines: dict[tuple[Any, ...], int] = {}
        #: where the staff column is among the file's columns (from 0)
        self.staff_column = len(keys)


def read_roster(path: str | os.PathLike[str]) -> Roster:
    """The roster in CSV file ``path``, or :class:`RosterError` saying where it is wrong."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(f"{name}: cannot be read as UTF-8 text ({exc})") from None
    lines = text.splitlines()
    first = lines[0] if lines else ""
    # a spreadsheet set to a language with the decimal comma saves with ';'
    separator = next((c for c in ",;\t" if c in first), ",")
    rows = list(csv.reader(lines, delimiter=separator))
    if not rows:
        raise RosterError(f"{name}:1:1: the roster is empty; write a header: site,weekday,hour,staff")
    header = [h.strip().lower() for h in rows[0]]
    if "staff" not in header:
        raise RosterError(
            f"{name}:1:1: no column 'staff' in the header; call the column of people on duty 'staff'"
        )
    seen: set[str] = set()
    for i, column in enumerate(header):
        if not column or column in seen:
            raise RosterError(f"{name}:1:{i + 1}: column {i + 1} is {'empty' if not column else 'repeated'}")
        seen.add(column)
    at = header.index("staff")
    keys = tuple(h for h in header if h != "staff")
    roster = Roster(name, keys)
    roster.staff_column = at
    for line, row in enumerate(rows[1:], start=2):
        if not any(field.strip() for field in row):
            continue
        if len(row) != len(header):
            raise RosterError(f"{name}:{line}:1: {len(row)} fields where the header has {len(header)}")
        values = []
        for place, text in enumerate(row):
            if place == at:
                continue
            values.append(_key(header[place], text.strip(), f"{name}:{line}:{place + 1}"))
        group = tuple(values)
        cell = row[at].strip()
        try:
            number = float(cell)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or number < 0 or number != int(number):
            raise RosterError(
                f"{name}:{line}:{at + 1}: staff {cell!r} is not a whole number of people (0 or more)"
            )
        if group in roster.staff:
            raise RosterError(f"{name}:{line}:1: the same {', '.join(keys)} as line {roster.lines[group]}")
        roster.staff[group] = int(number)
        roster.lines[group] = line
    return roster


def compare(plan: StaffPlan, path: Any, found: Demand, service: Service | None = None) -> StaffPlan:
    """``plan`` with each group's rostered staff, its service level, and a finding where it is short."""
    roster = path if isinstance(path, Roster) else read_roster(path)
    missing = [k for k in roster.keys if k not in plan.by]
    if missing:
        raise RosterError(
            f"{roster.path}:1:1: the roster is planned by {', '.join(missing)}, which the plan is not "
            f"grouped by; add it: --by {','.join([*plan.by, *missing])}"
        )
    groups: list[Need] = []
    findings: list[Finding] = list(plan.findings)
    planned: set[tuple[Any, ...]] = set()
    for need in plan.groups:
        group = tuple(_key(k, str(need.keys[k]), roster.path) for k in roster.keys)
        planned.add(group)
        on = roster.staff.get(group, 0)
        serving = math.floor(on * (1 - plan.shrinkage) + 1e-9)
        level = _level(need, serving, plan, found)
        moved = replace(need, on_roster=on, roster_service_level=level)
        groups.append(moved)
        if on < need.rostered:
            findings.append(_short(moved, roster, group, plan))
    findings += _strangers(roster, planned, plan)
    return replace(plan, groups=groups, findings=findings, roster=roster.path)


def _strangers(roster: Roster, planned: set[tuple[Any, ...]], plan: StaffPlan) -> list[Finding]:
    """A warning (BP362) at each roster row naming a site (or another key read from the data) that no
    group of the plan has: its people count for no group, and the group it was meant for has none."""
    known = {i: {group[i] for group in planned} for i, k in enumerate(roster.keys) if k not in _TIME_KEYS}
    found = []
    for group, line in sorted(roster.lines.items(), key=lambda item: item[1]):
        unknown = [i for i, values in known.items() if group not in planned and group[i] not in values]
        if not unknown:
            continue
        i = unknown[0]
        key, value = roster.keys[i], str(group[i])
        said = f"{key} {value!r} is in no group of the plan: its {roster.staff[group]} on duty count nowhere"
        column = i + 1 + (i >= roster.staff_column)  # the key's column in the file, around the staff column
        where = Location(roster.path, line, column)
        hint = _spelling(key, value, sorted(str(v) for v in known[i]))
        found.append(finding("BP362", said, hint, subject=plan.standard, location=where))
    return found


def _spelling(key: str, value: str, names: list[str]) -> str:
    """How to write ``value`` of ``key`` as the data does: the name alike, or the names there are."""
    import difflib

    alike = [n for n in names if n.casefold().strip() == value.casefold().strip()]
    alike = alike or difflib.get_close_matches(value, names, n=1, cutoff=0.6)
    if alike:
        return f"write the {key} as the data does: {alike[0]!r}"
    listed = ", ".join(map(repr, names[:5])) + (" ..." if len(names) > 5 else "")
    return f"the data's {key}s are {listed}; a {key} with no arrivals in the data needs no plan"


def _level(need: Need, serving: int, plan: StaffPlan, found: Demand) -> float:
    """The service level ``serving`` people give in ``need``'s group (0 with nobody)."""
    if serving < 1:
        return 0.0
    load = erlang.offered_load(need.arrivals_per_hour, need.mean_handle_seconds)
    if plan.model == "erlang-a" and found.patience is not None:
        from .erlang_a import erlang_a

        patience = _patience(need, found)
        return erlang_a(serving, load, need.mean_handle_seconds, patience, plan.within).service_level
    return erlang.service_level(serving, load, need.mean_handle_seconds, plan.within)


def _patience(need: Need, found: Demand) -> float:
    assert found.patience is not None
    for group, (n, mean) in found.patience.items():
        if n and tuple(need.keys.values()) == tuple(_shown(found.by, group)):
            return mean
    return (found.overall_patience or (0, 1.0))[1]


def _shown(by: tuple[str, ...], group: tuple[Any, ...]) -> list[Any]:
    from ..measure.outcome import label

    return [label(k, v) for k, v in zip(by, group, strict=True)]


def _short(need: Need, roster: Roster, group: tuple[Any, ...], plan: StaffPlan) -> Finding:
    where = ", ".join(f"{k} {need.keys[k]}" for k in plan.by)
    line = roster.lines.get(group)
    level = need.roster_service_level or 0.0
    on = need.on_roster or 0
    serving = math.floor(on * (1 - plan.shrinkage) + 1e-9)
    who = f"{on} ({serving} serving after shrinkage)" if plan.shrinkage else str(on)
    message = (
        f"{where}: {on} on the roster, {need.rostered} needed for {plan.share:.0%} within "
        f"{duration_text(plan.within)} ({plan.standard}); {who} give {level:.1%}"
    )
    if line is None:
        message += " (no row in the roster)"
    return finding(
        "BP360",
        message,
        f"roster {need.rostered} or more, or move people from hours with more than they need",
        subject=plan.standard,
        location=Location(roster.path, line or 1, 1),
    )


def _key(key: str, value: str, where: str) -> Any:
    """A roster cell as the plan's group label: weekday ``Mon``, hour ``9``, anything else as written."""
    if key == "weekday":
        lower = value.lower()
        if lower in _DAYS:
            return _DAYS.index(lower)
        if lower in _DAY_NAMES:
            return _DAY_NAMES.index(lower)
        raise RosterError(f"{where}: weekday {value!r} is not Mon..Sun (or Monday..Sunday)")
    if key == "hour":
        text, *rest = value.split(":")
        if not text.isdigit() or not 0 <= int(text) <= 23:
            raise RosterError(f"{where}: hour {value!r} is not 0..23 (or 09:00)")
        if any(not part.isdigit() or int(part) for part in rest):
            raise RosterError(
                f"{where}: hour {value!r} is not on the hour: the plan is by whole hours; write the "
                f"people on duty in the hour from {int(text):02d}:00"
            )
        return int(text)
    if key in ("year",) and value.isdigit():
        return int(value)
    return value

"""A staffing plan as people and programs read it: a terminal table, JSON (version 1) and CSV."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..escaping import clean, contain, inert, terminal
from ..measure.result import finding_dict

if TYPE_CHECKING:
    from pathlib import Path

    from matplotlib.figure import Figure

    from ..model.findings import Finding

__all__ = ["JSON_VERSION", "Need", "StaffPlan", "duration_text"]

#: raised on any incompatible change of the JSON layout
JSON_VERSION = 1

#: a simulated service level further than this from the formula's says the formula is off
DRIFT = 0.03
#: at most this many groups are named in a note
_NAMED = 3


@dataclass(frozen=True)
class Need:
    """One group's demand and the staff it needs."""

    keys: dict[str, Any]
    arrivals: int
    arrivals_per_hour: float
    mean_handle_seconds: float
    handle_observations: int
    staff: int
    service_level: float
    asa_seconds: float
    occupancy: float
    rostered: int
    #: Erlang A only: the share of arrivals who give up
    abandoned: float | None = None
    simulated_service_level: float | None = None
    #: the simulated level's 95% margin (half-width from the batch means)
    simulated_margin: float | None = None
    #: the staff on the roster, and the service level that many give
    on_roster: int | None = None
    roster_service_level: float | None = None
    #: what the reader should know about this group's numbers
    notes: tuple[str, ...] = ()


@dataclass
class StaffPlan:
    """The staff each group needs for a wait standard, with the numbers behind it."""

    standard: str
    by: tuple[str, ...]
    within: float  # seconds
    share: float
    shrinkage: float
    model: str  # "erlang-c" or "erlang-a"
    groups: list[Need]
    findings: list[Finding] = field(default_factory=list)
    #: whether a roster was compared (``on_roster`` is then set on every group)
    roster: str | None = None

    def rows(self) -> list[dict[str, Any]]:
        """One dict per group: its keys, then the numbers (as in the JSON)."""
        return [_row(need, self) for need in self.groups]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": JSON_VERSION,
            "standard": self.standard,
            "by": list(self.by),
            "model": self.model,
            "within_seconds": self.within,
            "share": self.share,
            "shrinkage": self.shrinkage,
            "groups": self.rows(),
            "erlang_off": len(self.off()),
            "findings": [finding_dict(f) for f in self.findings],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1, allow_nan=False) + "\n"

    def to_csv(self) -> str:
        rows = self.rows()
        names = [*self.by, *_numbers(self)]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
        return out.getvalue()

    def to_text(self) -> str:
        """A table for a terminal, then a line that says what was asked and how it was answered."""
        head = [*self.by, "arrivals/h", "handle", "staff", "level", "ASA", "busy", "rostered"]
        extra = []
        if self.model == "erlang-a":
            extra.append(("abandon", lambda n: _pct(n.abandoned)))
        if any(n.simulated_service_level is not None for n in self.groups):
            extra.append(("simulated", lambda n: _pct(n.simulated_service_level)))
        if self.roster is not None:
            extra += [
                ("on roster", lambda n: str(n.on_roster)),
                ("its level", lambda n: _pct(n.roster_service_level)),
            ]
        head += [name for name, _ in extra]
        body = [
            [
                *(terminal(need.keys[k]) for k in self.by),
                f"{need.arrivals_per_hour:.2f}",
                f"{need.mean_handle_seconds:.0f} s",
                str(need.staff),
                _pct(need.service_level),
                f"{need.asa_seconds:.1f} s" if math.isfinite(need.asa_seconds) else "inf",
                _pct(need.occupancy),
                str(need.rostered),
                *(show(need) for _, show in extra),
            ]
            for need in self.groups
        ]
        widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
        lines = [
            "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [head, *body]
        ]
        lines.append(self.summary())
        off = self.off()
        if off:
            model = "Erlang A" if self.model == "erlang-a" else "Erlang C"
            worst = max(off, key=lambda n: abs((n.simulated_service_level or 0) - n.service_level))
            where = ", ".join(f"{k} {terminal(worst.keys[k])}" for k in self.by) or "the service"
            lines.append(
                f"{model} is off for this service in {len(off)} of {len(self.groups)} group(s): simulated "
                f"with the observed handling times, the service level differs by more than {DRIFT:.0%} "
                f"(worst: {where}, {_pct(worst.service_level)} by the formula, "
                f"{_pct(worst.simulated_service_level)} simulated): "
                + (
                    "the staff planned there may not keep the standard"
                    if (worst.simulated_service_level or 0) < worst.service_level
                    else "fewer staff may keep the standard there"
                )
            )
        for note in sorted({note for need in self.groups for note in need.notes}):
            lines.append(f"note: {note}: {self._where(note)}")
        return "\n".join(lines)

    def _where(self, note: str) -> str:
        """The groups a note is about, by their keys (the first few, and how many in all)."""
        named = [n for n in self.groups if note in n.notes]
        shown = [", ".join(f"{k} {terminal(n.keys[k])}" for k in self.by) or "all" for n in named[:_NAMED]]
        more = f" and {len(named) - _NAMED} more" if len(named) > _NAMED else ""
        return f"{len(named)} of {len(self.groups)} group(s): {'; '.join(shown)}{more}"

    def chart(self, path: str | Path | None = None, *, title: str | None = None) -> Figure:
        """The people to roster per group as steps, and with a roster those on it as bars."""
        from ..render.staffing_chart import staffing_chart

        # a direction override in a key's value ends with it, not reversing the keys after it
        labels = [" ".join(contain(str(n.keys[k])) for k in self.by) or "all" for n in self.groups]
        on = [n.on_roster or 0 for n in self.groups] if self.roster is not None else None
        heading = (
            title or f"Staff to keep {self.share:.0%} within {duration_text(self.within)} ({self.standard})"
        )
        return staffing_chart(labels, [n.rostered for n in self.groups], on, path, title=heading)

    def summary(self) -> str:
        model = "Erlang A (customers give up)" if self.model == "erlang-a" else "Erlang C"
        peak = max((n.rostered for n in self.groups), default=0)
        text = (
            f"{len(self.groups)} group(s): {self.share:.0%} within {duration_text(self.within)} "
            f"({self.standard}) under {model}; at most {peak} rostered"
        )
        if self.shrinkage:
            text += f" with {self.shrinkage:.0%} shrinkage"
        return text

    def off(self) -> list[Need]:
        """The groups whose simulation differs from the formula by more than :data:`DRIFT` and chance."""
        return [n for n in self.groups if _off(n)]


def _numbers(plan: StaffPlan) -> list[str]:
    names = ["arrivals_per_hour", "mean_handle_seconds", "staff", "service_level", "asa_seconds", "occupancy",
             "rostered", "arrivals", "handle_observations"]  # fmt: skip
    if plan.model == "erlang-a":
        names.append("abandoned")
    if any(n.simulated_service_level is not None for n in plan.groups):
        names += ["simulated_service_level", "simulated_margin", "erlang_off"]
    if plan.roster is not None:
        names += ["on_roster", "roster_service_level", "under_staffed"]
    return names


def _row(need: Need, plan: StaffPlan) -> dict[str, Any]:
    row: dict[str, Any] = dict(need.keys)
    row.update(
        arrivals_per_hour=need.arrivals_per_hour,
        mean_handle_seconds=need.mean_handle_seconds,
        staff=need.staff,
        service_level=need.service_level,
        asa_seconds=need.asa_seconds if math.isfinite(need.asa_seconds) else None,
        occupancy=need.occupancy,
        rostered=need.rostered,
        arrivals=need.arrivals,
        handle_observations=need.handle_observations,
    )
    if plan.model == "erlang-a":
        row["abandoned"] = need.abandoned
    if need.simulated_service_level is not None:
        row["simulated_service_level"] = need.simulated_service_level
        row["simulated_margin"] = need.simulated_margin
        row["erlang_off"] = _off(need)
    if plan.roster is not None:
        row["on_roster"] = need.on_roster
        row["roster_service_level"] = need.roster_service_level
        row["under_staffed"] = need.on_roster is not None and need.on_roster < need.rostered
    if need.notes:
        row["notes"] = list(need.notes)
    return row


def _off(need: Need) -> bool:
    """Whether the simulation puts the service level further from the formula than chance explains."""
    simulated = need.simulated_service_level
    if simulated is None:
        return False
    gap = abs(simulated - need.service_level)
    return gap > DRIFT and gap > (need.simulated_margin or 0.0)


def _cell(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, str):
        return inert(clean(value))
    return value


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


def duration_text(seconds: float) -> str:
    """A target in seconds as people write it: ``5 min``, ``20 s``."""
    if seconds >= 60 and seconds % 60 == 0:
        return f"{seconds / 60:g} min"
    return f"{seconds:g} s"

"""The report's own charts: SERVQUAL gaps by dimension and the zone of tolerance.

Like :mod:`.survey_charts`, these read result objects and draw them; the
numbers come from :mod:`blueprint.survey`. Each returns a matplotlib
``Figure`` made without ``pyplot``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..render.figure import new_figure
from ..style import colour

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["servqual_chart", "tolerance_chart"]

_BAD, _GOOD, _INK, _MUTED = colour("fail"), colour("ok"), colour("chart-navy"), colour("chart-grey")


def servqual_chart(result: Any) -> Figure:
    """Expectation and perception per dimension, with the gap P − E written beside each pair."""
    frame = result.dimensions
    names = [str(d) for d in frame["dimension"]]
    figure = new_figure(7.0, 0.55 * len(names) + 1.2)
    ax = figure.add_subplot()
    rows = range(len(names))
    ax.barh([r + 0.2 for r in rows], frame["expectation"], height=0.38, color=_MUTED, label="expectation")
    ax.barh([r - 0.2 for r in rows], frame["perception"], height=0.38, color=_INK, label="perception")
    low, high = result.instrument.scale.low, result.instrument.scale.high
    for r, gap in enumerate(frame["gap"]):
        ax.text(high + 0.05, r, f"{gap:+.2f}", va="center", fontsize=9, color=_BAD if gap < 0 else _GOOD)
    ax.set_yticks(list(rows), names)
    ax.invert_yaxis()
    ax.set_xlim(low, high + 0.6)
    ax.set_xlabel(f"mean answer ({low:g}–{high:g}); gap P − E at the right")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    ax.grid(True, axis="x", color=colour("chart-grid"))
    ax.set_axisbelow(True)
    return figure


def tolerance_chart(result: Any) -> Figure:
    """Per dimension (or item): the zone from adequate to desired as a band, perceived as a dot."""
    frame = result.dimensions if result.dimensions is not None else result.items
    label = "dimension" if result.dimensions is not None else "item"
    names = [str(v) for v in frame[label]]
    figure = new_figure(7.0, 0.45 * len(names) + 1.3)
    ax = figure.add_subplot()
    rows = list(range(len(names)))
    ax.barh(rows, frame["desired"] - frame["adequate"], left=frame["adequate"], height=0.5,
            color=colour("ok-bg"), edgecolor=_GOOD, label="zone: adequate to desired")  # fmt: skip
    colours = [{"below": _BAD, "above": _GOOD}.get(str(p), _INK) for p in frame["position"]]
    # hollow: a position the answers do not show (too few, or an interval across an edge of the zone)
    doubts = (
        frame["evidence"].isin(["not shown", "too few answers"])
        if "evidence" in frame
        else [False] * len(rows)
    )
    faces = ["white" if d else c for c, d in zip(colours, doubts, strict=True)]
    ax.scatter(frame["perceived"], rows, facecolors=faces, edgecolors=colours, linewidths=1.5, zorder=3, s=40,
               label="perceived (hollow: position not shown)" if any(doubts) else "perceived")  # fmt: skip
    ax.set_yticks(rows, names)
    ax.invert_yaxis()
    ax.set_xlim(result.scale.low, result.scale.high)
    ax.set_xlabel(f"mean answer ({result.scale.low:g}–{result.scale.high:g})")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    ax.grid(True, axis="x", color=colour("chart-grid"))
    ax.set_axisbelow(True)
    return figure

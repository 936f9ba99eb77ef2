"""Staff needed against staff rostered, per group (a site's hour): a step chart.

It draws numbers it is given (labels, the people needed, those on the
roster) and computes nothing, so it knows nothing of how the need was found
(:mod:`blueprint.staffing`). Group labels are user text: a ``$`` would start
matplotlib's math mode, so it is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .figure import figure_bytes, new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["staffing_chart"]

_NEEDED, _ROSTER, _SHORT = "#264653", "#2a9d8f", "#e76f51"


def staffing_chart(
    labels: Sequence[str],
    needed: Sequence[int],
    rostered: Sequence[int] | None = None,
    path: str | Path | None = None,
    *,
    title: str | None = None,
) -> Figure:
    """People needed per group as steps; with ``rostered``, those on the roster as bars, short ones red."""
    count = len(labels)
    figure = new_figure(max(7.0, min(16.0, 0.28 * count + 4)), 3.8)
    ax = figure.add_subplot()
    ax.grid(True, axis="y", color="#eeeeee", zorder=0)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    places = list(range(count))
    handles: list[object] = [Line2D([], [], color=_NEEDED, lw=2, label="needed for the standard")]
    if rostered is not None:
        colours = [_SHORT if r < n else _ROSTER for r, n in zip(rostered, needed, strict=True)]
        ax.bar(places, rostered, color=colours, width=0.8, zorder=2)
        empty = [p for p, r, n in zip(places, rostered, needed, strict=True) if r == 0 < n]
        if empty:  # a bar of nobody has no height: a red cross on the axis shows the hour left short
            ax.scatter(empty, [0] * len(empty), marker="x", s=60, linewidths=2, color=_SHORT, zorder=4,
                       clip_on=False)  # fmt: skip
        handles.append(Patch(color=_ROSTER, label="on the roster"))
        if _SHORT in colours:
            handles.append(Patch(color=_SHORT, label="on the roster, short of the standard"))
    edges = [p - 0.5 for p in places] + [count - 0.5]
    ax.stairs(needed, edges, color=_NEEDED, lw=2, zorder=3, baseline=None)
    every = max(1, count // 24)
    ax.set_xticks(places[::every], [_text(t) for t in labels[::every]], rotation=90, fontsize=8)
    ax.set_xlim(-0.6, count - 0.4)
    top = max([*needed, *(rostered or []), 1])
    ax.set_ylim(0, top * 1.1 + 0.5)
    ax.set_ylabel("people")
    ax.set_title(_text(title or "Staff needed against staff rostered"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    if path is not None:
        target = Path(path)
        target.write_bytes(figure_bytes(figure, target.suffix.lstrip(".").lower()))
    return figure


def _text(value: object) -> str:
    return str(value).replace("$", r"\$")

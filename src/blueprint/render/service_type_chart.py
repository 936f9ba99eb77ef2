"""The four service types as a quadrant chart: each group by its procedural and personal side.

Reads a :class:`~blueprint.measure.service_types.Diagnosis` and draws it; it
computes nothing. Group names are user text: a ``$`` would start matplotlib's
math mode, so it is escaped.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..escaping import contain
from .figure import figure_bytes, new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["service_type_chart"]

_COLOURS = {"quality": "#2a9d8f", "procedural": "#457b9d", "friendly": "#e9c46a", "indifferent": "#e76f51"}
_NAMES = {
    "quality": "quality service",
    "procedural": "by the book",
    "friendly": "friendly but disorganised",
    "indifferent": "indifferent",
}


def service_type_chart(diagnosis: Any, path: str | Path | None = None, *, title: str | None = None) -> Figure:
    """Groups placed by the share of procedural (x) and personal (y) standards met.

    Saved as PNG, SVG or PDF by ``path``'s suffix when given. Groups of type
    ``unknown`` have no place on an axis and are left out (the table lists them).
    """
    figure = new_figure(7.0, 6.0)
    ax = figure.add_subplot()
    ax.grid(True, color="#eeeeee", zorder=0)
    high = diagnosis.high
    centres = {  # the middle of each type's quadrant, in data coordinates
        "friendly": (high / 2, (1 + high) / 2),
        "quality": ((1 + high) / 2, (1 + high) / 2),
        "procedural": ((1 + high) / 2, high / 2),
        "indifferent": (high / 2, high / 2),
    }
    for kind, (x, y) in centres.items():
        ax.text(x, y, _NAMES[kind], ha="center", va="center", fontsize=11, color="#bbbbbb", style="italic",
                zorder=1)  # fmt: skip
    places: dict[tuple[float, float], list[dict[str, Any]]] = {}
    for group in diagnosis.groups:
        if group["type"] in _COLOURS:  # "unknown" has no place on an axis; the table lists it
            places.setdefault((group["procedural"], group["personal"]), []).append(group)
    for kind, colour in _COLOURS.items():
        here = [(xy, groups) for xy, groups in places.items() if groups[0]["type"] == kind]
        if here:
            xs, ys = [xy[0] for xy, _ in here], [xy[1] for xy, _ in here]
            sizes = [40 + 12 * len(g) for _, g in here]
            ax.scatter(xs, ys, s=sizes, color=colour, label=_NAMES[kind], zorder=3, edgecolor="white")
    placed: list[tuple[float, float]] = []
    for (x, y), groups in sorted(places.items(), key=lambda item: (-item[0][1], item[0][0])):
        # a direction override in a group's name ends with it, not reversing the words after it
        names = [" ".join(contain(str(g[key])) for key in diagnosis.by) or "all" for g in groups]
        label = names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"
        near = sum(1 for px, py in placed if abs(px - x) < 0.35 and abs(py - y) < 0.08)
        placed.append((x, y))
        right = x > 0.6  # labels of points on the right run leftwards, inside the plot
        offset = (-8 if right else 8, -6 - 11 * near)
        ax.annotate(_text(label), (x, y), xytext=offset, textcoords="offset points",
                    ha="right" if right else "left", va="top", fontsize=8, zorder=4)  # fmt: skip
    ax.axvline(high, color="#999999", lw=0.8)
    ax.axhline(high, color="#999999", lw=0.8)
    ax.set_xlim(-0.05, 1.1)
    ax.set_ylim(-0.05, 1.1)
    ax.set_xlabel("procedural side: share of software-element standards met")
    ax.set_ylabel("personal side: share of people-element standards met")
    ax.set_title(_text(title or "Service types (procedural x personal)"))
    if places:
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    if path is not None:
        target = Path(path)
        target.write_bytes(figure_bytes(figure, target.suffix.lstrip(".").lower()))
    return figure


def _text(value: object) -> str:
    return str(value).replace("$", r"\$")

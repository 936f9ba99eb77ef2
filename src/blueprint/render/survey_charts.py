"""Charts of survey results: the Kano better-worse diagram and the IPA quadrant chart.

Both read a result object and draw it; neither computes anything. They return
a matplotlib ``Figure`` (which Jupyter displays) and save it when given a path
(PNG, SVG or PDF by the suffix). matplotlib is imported only here, only when a
chart is drawn. Attribute names are user text: a ``$`` would start matplotlib's
math mode, so it is escaped.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..style import IPA_TOKENS, KANO_TOKENS
from ..style import colour as token_colour

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["better_worse_chart", "ipa_chart"]

_Chart = TypeVar("_Chart", bound=Callable[..., "Figure"])


def _styled(draw: _Chart) -> _Chart:
    """Build and save the chart with fonts that have every glyph of its names, Chinese ones too.

    A text takes its fonts when it is made, so the style holds while the chart is built.
    """

    @functools.wraps(draw)
    def styled(result: Any, *args: Any, **kwargs: Any) -> Figure:
        from .chart_text import has_wide
        from .figure import chart_style

        names = " ".join(str(a) for a in result.attributes["attribute"]) + str(kwargs.get("title") or "")
        with chart_style(need_cjk=has_wide(names)):
            return draw(result, *args, **kwargs)

    return styled  # type: ignore[return-value]


#: the classes in the legend's order, each in its token's colour (the same as the widgets' charts)
_KANO_COLOURS = {letter: token_colour(KANO_TOKENS[letter]) for letter in "AOMIRQ"}
_QUADRANT_COLOURS = {quadrant: token_colour(token) for quadrant, token in IPA_TOKENS.items()}


@_styled
def better_worse_chart(
    result: Any,
    path: str | Path | None = None,
    *,
    split: float | str = 0.5,
    title: str | None = None,
    size: tuple[float, float] = (7.0, 6.0),
) -> Figure:
    """Attributes placed by |worse| (x: dissatisfaction if absent) and better (y: satisfaction if present).

    ``split`` draws the quadrant lines at that value on both axes, or at the
    means of the coefficients with ``"mean"``. The quadrants read, clockwise
    from the top left: attractive, one-dimensional, must-be, indifferent.
    """
    frame = result.attributes.dropna(subset=["better", "worse"])
    x, y = (-frame["worse"]).to_numpy(dtype=float), frame["better"].to_numpy(dtype=float)
    sx, sy = (
        (float(x.mean()), float(y.mean())) if split == "mean" and len(x) else (float(split), float(split))
    )
    fig, ax = _figure(size)
    for cat, colour in _KANO_COLOURS.items():
        mask = (frame["category"] == cat).to_numpy()
        if mask.any():
            ax.scatter(x[mask], y[mask], s=60, color=colour, label=cat, zorder=3, edgecolor="white")
    for xi, yi, name in zip(x, y, frame["attribute"], strict=True):
        ax.annotate(_text(name), (xi, yi), xytext=(5, 4), textcoords="offset points", fontsize=8)
    ax.axvline(sx, color=token_colour("chart-axis"), lw=0.8)
    ax.axhline(sy, color=token_colour("chart-axis"), lw=0.8)
    for (qx, qy, ha, va), label in zip(
        (
            # centred on each quadrant's outer edge: the corners are where attributes often sit
            (0.25, 0.99, "center", "top"),
            (0.75, 0.99, "center", "top"),
            (0.75, 0.01, "center", "bottom"),
            (0.25, 0.01, "center", "bottom"),
        ),
        ("attractive", "one-dimensional", "must-be", "indifferent"),
        strict=True,
    ):
        ax.text(
            qx, qy, label, transform=ax.transAxes, ha=ha, va=va, fontsize=9, color="#666666", style="italic"
        )
    # A little room past 0 and 1: an attribute on the edge (every answer must-be) is drawn whole.
    ax.set_xlim(-0.04, 1.04)
    ax.set_ylim(-0.04, 1.04)
    ax.set_xlabel("worse: dissatisfaction when absent (|worse|)")
    ax.set_ylabel("better: satisfaction when present")
    ax.set_title(_text(title or f"Kano better-worse diagram ({result.rule} rule)"))
    ax.legend(title="category", loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return _finish(fig, path)


@_styled
def ipa_chart(
    result: Any,
    path: str | Path | None = None,
    *,
    title: str | None = None,
    size: tuple[float, float] = (7.0, 6.0),
) -> Figure:
    """Attributes placed by performance (x) and importance (y), cut at the result's crosshair."""
    frame = result.attributes.dropna(subset=["importance", "performance"])
    ci, cp = result.crosshair["importance"], result.crosshair["performance"]
    fig, ax = _figure(size)
    for quadrant, colour in _QUADRANT_COLOURS.items():
        block = frame[frame["quadrant"] == quadrant]
        if len(block):
            ax.scatter(
                block["performance"],
                block["importance"],
                s=60,
                color=colour,
                label=quadrant,
                zorder=3,
                edgecolor="white",
            )
    for p, i, name in zip(frame["performance"], frame["importance"], frame["attribute"], strict=True):
        ax.annotate(_text(name), (p, i), xytext=(5, 4), textcoords="offset points", fontsize=8)
    ax.axvline(cp, color=token_colour("chart-axis"), lw=0.8)
    ax.axhline(ci, color=token_colour("chart-axis"), lw=0.8)
    _pad(ax, frame["performance"], cp, "x")
    _pad(ax, frame["importance"], ci, "y")
    ax.set_xlabel("performance")
    ax.set_ylabel(f"importance ({result.method})")
    ax.set_title(_text(title or f"Importance-performance analysis (crosshair: {result.crosshair_rule})"))
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return _finish(fig, path)


def _figure(size: tuple[float, float]) -> tuple[Figure, Any]:
    # A bare Figure needs no GUI backend: safe in CI, on servers and in notebooks.
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    ax.grid(True, color=token_colour("chart-grid"), zorder=0)
    return fig, ax


def _finish(fig: Figure, path: str | Path | None) -> Figure:
    if path is not None:
        from .figure import clean_texts

        clean_texts(fig)
        fig.savefig(Path(path), dpi=150)
    return fig


def _pad(ax: Any, values: Any, centre: float, axis: str) -> None:
    low, high = min(float(values.min()), centre), max(float(values.max()), centre)
    margin = max((high - low) * 0.1, 0.1)
    (ax.set_xlim if axis == "x" else ax.set_ylim)(low - margin, high + margin)


def _text(value: object) -> str:
    """User text for matplotlib: ``$`` would open math mode."""
    return str(value).replace("$", r"\$")

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
    doubtful = (
        frame["evidence"].isin(["not shown", "too few answers"]).to_numpy() if "evidence" in frame else None
    )
    for cat, colour in _KANO_COLOURS.items():
        mask = (frame["category"] == cat).to_numpy()
        if mask.any():
            _points(ax, x[mask], y[mask], colour, cat, None if doubtful is None else doubtful[mask])
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
    _legend(
        ax,
        "category",
        "hollow: not clearly ahead of\nthe next category (Fong's test),\nor fewer than 5 answers",
        doubtful,
    )
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
    judged = "evidence" in frame
    doubtful = frame["evidence"].isin(["not shown", "too few answers"]).to_numpy() if judged else None
    if judged and "performance_low" in frame:
        _error_bars(ax, frame[frame["evidence"] != "too few answers"])  # a bar from 2 answers spans the chart
    for quadrant, colour in _QUADRANT_COLOURS.items():
        mask = (frame["quadrant"] == quadrant).to_numpy()
        if mask.any():
            block = frame[mask]
            _points(ax, block["performance"], block["importance"], colour, quadrant,
                    None if doubtful is None else doubtful[mask])  # fmt: skip
    for r in frame.to_dict("records"):
        label = _text(r["attribute"])
        if r.get("evidence") == "too few answers":
            fewest = min(int(r["n"]), int(r.get("n_importance", r["n"])))
            label += f" ({fewest} answer{'s' if fewest != 1 else ''})"
        ax.annotate(label, (r["performance"], r["importance"]), xytext=(5, 4), textcoords="offset points",
                    fontsize=8)  # fmt: skip
    ax.axvline(cp, color=token_colour("chart-axis"), lw=0.8)
    ax.axhline(ci, color=token_colour("chart-axis"), lw=0.8)
    _pad(ax, _extent(frame, "performance"), cp, "x")
    _pad(ax, _extent(frame, "importance"), ci, "y")
    ax.set_xlabel("performance")
    ax.set_ylabel(f"importance ({result.method})")
    ax.set_title(_text(title or f"Importance-performance analysis (crosshair: {result.crosshair_rule})"))
    note = "hollow: quadrant not shown\n(an interval crosses a line,\nor fewer than 5 answers)"
    _legend(ax, None, note, doubtful)
    return _finish(fig, path)


def _points(ax: Any, x: Any, y: Any, colour: str, label: str, doubtful: Any) -> None:
    """Filled markers for results the answers show, hollow ones for the rest (one legend entry)."""
    import numpy as np

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    weak = np.zeros(len(x), bool) if doubtful is None else np.asarray(doubtful, bool)
    # the filled marker names the class in the legend even when every point of it is hollow
    ax.scatter(x[~weak], y[~weak], s=60, color=colour, label=label, zorder=3, edgecolor="white")
    if weak.any():
        ax.scatter(x[weak], y[weak], s=60, facecolor="white", edgecolor=colour, linewidths=1.8, zorder=3)


def _error_bars(ax: Any, frame: Any) -> None:
    """Thin bars of the intervals of importance and performance behind the markers."""
    import numpy as np

    def spread(axis: str) -> Any:
        low, high = frame[f"{axis}_low"].to_numpy(float), frame[f"{axis}_high"].to_numpy(float)
        mid = frame[axis].to_numpy(float)
        return np.nan_to_num(np.vstack([mid - low, high - mid]), nan=0.0).clip(min=0)

    ax.errorbar(frame["performance"], frame["importance"], xerr=spread("performance"),
                yerr=spread("importance"), fmt="none", ecolor=token_colour("chart-axis"), elinewidth=0.6,
                alpha=0.6, zorder=2)  # fmt: skip


def _legend(ax: Any, title: str | None, note: str, doubtful: Any) -> None:
    """The legend, with an entry explaining hollow markers when some are drawn."""
    from matplotlib.lines import Line2D

    handles, labels = ax.get_legend_handles_labels()
    if doubtful is not None and bool(doubtful.any()):
        handles.append(Line2D([], [], ls="none", marker="o", markersize=8, markerfacecolor="white",
                              markeredgecolor="#666666", markeredgewidth=1.8))  # fmt: skip
        labels.append(note)
    ax.legend(handles, labels, title=title, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)


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


def _extent(frame: Any, axis: str) -> Any:
    """The values along ``axis`` with the ends of the bars drawn (none from too few answers)."""
    import pandas as pd

    if f"{axis}_low" not in frame or "evidence" not in frame:
        return frame[axis]
    barred = frame[frame["evidence"] != "too few answers"]
    return pd.concat([frame[axis], barred[f"{axis}_low"], barred[f"{axis}_high"]]).dropna()


def _pad(ax: Any, values: Any, centre: float, axis: str) -> None:
    low, high = min(float(values.min()), centre), max(float(values.max()), centre)
    margin = max((high - low) * 0.1, 0.1)
    (ax.set_xlim if axis == "x" else ax.set_ylim)(low - margin, high + margin)


def _text(value: object) -> str:
    """User text for matplotlib: ``$`` would open math mode."""
    return str(value).replace("$", r"\$")

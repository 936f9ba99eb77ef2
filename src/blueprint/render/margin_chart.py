"""Shostack's profitability what-if as a chart: the margin falls as the execution time grows.

Reads a :class:`~blueprint.model.timing.WhatIf` and draws it; it computes
nothing. The margin per customer (left axis) and per hour of the server's
time (right axis) against the execution time in minutes, with the standard
and the customers' tolerable time marked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .figure import figure_bytes, new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["margin_chart"]

_CUSTOMER, _HOUR, _MARK = "#2f6f8f", "#c0392b", "#7c858c"


def margin_chart(what_if: Any, path: str | Path | None = None, *, title: str | None = None) -> Figure:
    """The margin per customer and per hour against the execution time; saved by ``path``'s suffix."""
    figure = new_figure(7.0, 4.2)
    ax = figure.add_subplot()
    minutes = [m.seconds / 60 for m in what_if.curve]
    unit = f" ({what_if.currency})" if what_if.currency else ""
    ax.plot(minutes, [m.per_customer for m in what_if.curve], color=_CUSTOMER, marker="o", ms=3,
            label="margin per customer")  # fmt: skip
    ax.set_xlabel("the server's time per customer (minutes)")
    ax.set_ylabel(f"per customer{unit}", color=_CUSTOMER)
    ax.axhline(0, color="#444444", lw=0.8)
    hourly = ax.twinx()
    hourly.plot(minutes, [m.per_hour for m in what_if.curve], color=_HOUR, ls="--", marker="s", ms=3,
                label="margin per hour")  # fmt: skip
    hourly.set_ylabel(f"per hour{unit}", color=_HOUR)
    _align_zero(ax, hourly)
    marks = [(what_if.standard_seconds / 60, "standard")]
    if what_if.tolerable_seconds is not None:
        marks.append((what_if.tolerable_seconds / 60, "tolerable"))
    for n, (x, label) in enumerate(marks):
        ax.axvline(x, color=_MARK, lw=0.9, ls=":")
        ax.annotate(label, (x, 1.0), xycoords=("data", "axes fraction"), xytext=(-3 if n else 3, -12),
                    ha="right" if n else "left", textcoords="offset points", fontsize=8,
                    color=_MARK)  # fmt: skip
    ax.grid(True, color="#eeeeee")
    lines = ax.get_lines()[:1] + hourly.get_lines()[:1]
    ax.legend(lines, [str(line.get_label()) for line in lines], loc="lower left", frameon=False, fontsize=8)
    shown = (
        title
        or f"Margin as the time grows (price {what_if.price:g}, labour {what_if.labour_per_hour:g} an hour)"
    )
    ax.set_title(str(shown).replace("$", r"\$"), fontsize=10)
    if path is not None:
        target = Path(path)
        target.write_bytes(figure_bytes(figure, target.suffix.lstrip(".").lower()))
    return figure


def _align_zero(left: Any, right: Any) -> None:
    """Put zero at the same height on both axes, so a loss reads the same on either.

    Each axis keeps all its data in view, also when every margin is a loss
    (the axis then lies wholly below zero).
    """
    spans = []
    for axis in (left, right):
        lo, hi = axis.get_ylim()
        spans.append((max(-lo, 0.0), max(hi, 0.0)))
    below = max(b / (b + a) if a + b > 0 else 0.5 for b, a in spans)
    below = min(max(below, 0.05), 0.95)  # zero this far up the axis, a little room either side
    for axis, (b, a) in zip((left, right), spans, strict=True):
        span = max(b / below, a / (1 - below), 1e-9)
        axis.set_ylim(-below * span, (1 - below) * span)

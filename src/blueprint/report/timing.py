"""The report's execution time and cost: each path's times and cost, and the margin what-if.

Reads a :class:`~blueprint.model.timing.Timing` (and, when a price was
given, a :class:`~blueprint.model.timing.WhatIf`) and lays them out; it
computes nothing. Moment titles are user text and go through :mod:`blueprint.escaping`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..escaping import contain, escape_text
from ..render.nodes import short_time
from .parts import table

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["timing_part"]


def timing_part(
    service: Service, what_if: Any = None, *, pictures: bool = True, lang: str | None = None
) -> str:
    """The part, or nothing when no moment or step of ``service`` carries a ``duration``."""
    from ..model.timing import timing

    timed = [m.duration for m in service.moments.values()] + [s.duration for s in service.steps.values()]
    if not any(timed):
        return ""
    found = timing(service)
    money = f" ({found.currency})" if found.currency else ""
    rows = []
    for path in found.paths:
        titles = " → ".join(contain(service.moments[m].title_in(lang)) for m in path.moments)
        rows.append([
            titles,
            short_time(path.standard_seconds, lang),
            "–" if path.tolerable_seconds is None else short_time(path.tolerable_seconds, lang),
            "–" if path.cost is None else f"{path.cost:.2f}",
            "longer than customers tolerate" if path.too_long else "",
        ])  # fmt: skip
    head = ["Path", "Standard time", "Tolerable time", f"Cost{money}", ""]
    lead = (
        "<p>Shostack's execution times: each path from first contact to leaving, with the standard time "
        "of its moments and the steps that feed them (each counted once), what customers tolerate, and "
        "what one customer costs.</p>"
    )
    notes = "".join(f'<p class="note">{escape_text(note)}</p>' for note in found.notes)
    body = f'<h4 id="timing">Execution time and cost</h4>{lead}{table(head, rows)}{notes}'
    if what_if is not None:
        body += _what_if(what_if, pictures)
    return body


def _what_if(what_if: Any, pictures: bool) -> str:
    unit = f" {what_if.currency}" if what_if.currency else ""
    caption = (
        f"Margin as the execution time grows: price {what_if.price:.2f}{unit}, labour "
        f"{what_if.labour_per_hour:.2f}{unit} an hour, other costs {what_if.cost:.2f}{unit} a customer."
    ) + (f" The time: {what_if.basis}." if what_if.basis else "")
    rows = [
        [short_time(point.seconds), f"{point.per_customer:.2f}", f"{point.per_hour:.2f}"]
        for point in what_if.curve
    ]
    html = table(["Execution time", f"Margin per customer{unit}", f"Margin per hour{unit}"], rows)
    if pictures:
        from ..render.figure import chart_style
        from ..render.inline_svg import figure_svg
        from ..render.margin_chart import margin_chart

        with chart_style():
            svg = figure_svg(margin_chart(what_if), "mg", label=caption)
        html = (
            f'<figure class="chart keep">{svg}<figcaption>{escape_text(caption)}</figcaption></figure>' + html
        )
    else:
        html = f"<p>{escape_text(caption)}</p>" + html
    return html

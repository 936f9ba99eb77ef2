"""The report's service-type part: each group on the procedural and personal axes, chart and table.

Reads a :class:`~blueprint.measure.service_types.Diagnosis` (duck-typed:
``by``, ``high``, ``groups``) and lays it out; it computes nothing. Group keys
are user text and go through :mod:`blueprint.escaping`; the chart is inline SVG.
"""

from __future__ import annotations

from typing import Any

from ..escaping import escape_attr, escape_text
from ..measure.service_types import service_type_rows, unknown_reason

__all__ = ["service_type_part", "service_type_rows", "unknown_reason"]

_TONE = {"quality": "ok", "procedural": "few", "friendly": "few", "indifferent": "bad", "unknown": "none"}


def service_type_part(diagnosis: Any, *, measured: bool = True, pictures: bool = True) -> str:
    """The report's subsection: how the type is decided, the quadrant chart, the table.

    ``measured`` says whether operational data was given; with it but no
    ``diagnosis``, the part says the type was not diagnosed.
    """
    head = '<h3 id="service-types">3.4 Service type</h3>'
    if not measured:
        return head + '<p class="note">No operational data given, so the service type is not diagnosed.</p>'
    if diagnosis is None:
        return head + '<p class="note">The service type was not diagnosed.</p>'
    keys = ", ".join(diagnosis.by) or "the whole service"
    intro = (
        f'<p class="note">By {escape_text(keys)} over the whole period. The procedural side (程序特性) is '
        "the share of judged standards on software-element factors (flow, systems, timeliness) that are "
        "met; the personal side (个人特性) the same for people-element factors (behaviour, attitude, "
        f"language). A side is high at {diagnosis.high:.0%} or above: high on both is quality service, "
        "procedure only by the book, personal only friendly but disorganised, neither indifferent. A "
        "side with no standard judged (too few cases or no data) leaves the type unknown.</p>"
    )
    if not diagnosis.groups:
        return head + intro + '<p class="note">No group has data on a standard.</p>'
    placed = any(group["type"] != "unknown" for group in diagnosis.groups)
    chart = _chart(diagnosis) if pictures and placed else ""
    return head + intro + chart + _table(diagnosis)


def _table(diagnosis: Any) -> str:
    th = "".join(f"<th>{escape_text(h)}</th>" for h in (*diagnosis.by, "Procedural", "Personal", "Type"))
    body = []
    for group, row in zip(diagnosis.groups, service_type_rows(diagnosis), strict=True):
        cells = [f"<td>{escape_text(c)}</td>" for c in row[:-3]]
        cells += [f'<td class="num">{escape_text(c)}</td>' for c in row[-3:-1]]
        tone = _TONE.get(group["type"], "none")
        cells.append(
            f'<td class="{tone}" data-type="{escape_attr(group["type"])}">{escape_text(row[-1])}</td>'
        )
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="service-types"><thead><tr>{th}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _chart(diagnosis: Any) -> str:
    from ..render.figure import chart_style
    from ..render.inline_svg import figure_svg
    from ..render.service_type_chart import service_type_chart

    caption = "Service types: each group by the share of procedural (x) and personal (y) standards met"
    with chart_style():
        svg = figure_svg(service_type_chart(diagnosis), "st", label=caption)
    return f'<figure class="chart keep">{svg}<figcaption>{escape_text(caption)}.</figcaption></figure>'

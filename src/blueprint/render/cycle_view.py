"""The service-cycle view (Albrecht's cycle of service): moments on a ring, coloured by status.

The moments run clockwise from the top in cycle order; the last one closes
back to the first (the next visit). Branches and loops cross the ring as
curves, stages are arcs around it. Each moment is filled by a status: by
default how many of its key factors have a standard; pass ``status=`` to
show anything else (a score, a measured compliance, a workshop vote).

>>> from blueprint.model.examples import tiny_service
>>> dot = cycle_dot(tiny_service())
>>> "next visit" in dot and '"m:arrive"' in dot
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..escaping import left_to_right
from .dot_quote import HTML, attr_list, edge, html_lines, html_text, node, number, quote_id
from .geometry import Box, Page
from .nodes import Label, badge_attrs, badge_boxes, badges_of, node_label
from .ring import Ring, fit_radius
from .status import Legend, status_legend
from .theme import FONT, INK, MUTED, STAGES, word
from .wrap import one_line, text_width, wrap

if TYPE_CHECKING:
    from ..model.service import Service
    from .output import Rendered

__all__ = ["cycle_dot", "cycle_view"]

NODE_W, MARGIN, TITLE_H = 128.0, 16.0, 46.0
_ARC_WIDTH = 7.0


def cycle_view(service: Service, lang: str | None = None, **options: Any) -> Rendered:
    """The cycle of service as a picture (``.svg()``, ``.png()``, ``.save(path)``).

    Options: ``status`` ({moment id: value}), ``colors`` ({value: colour}),
    ``legend`` (title of the colour legend), ``title``, ``notes`` ({moment id:
    text} written in bold under the moment's title, e.g. ``fail · 98.6%``).
    """
    from .output import Rendered

    return Rendered.from_dot(cycle_dot(service, lang, **options))


def cycle_dot(
    service: Service,
    lang: str | None = None,
    *,
    status: Mapping[str, object] | None = None,
    colors: Mapping[object, str] | None = None,
    legend: str | None = None,
    title: str | None = None,
    notes: Mapping[str, str] | None = None,
) -> str:
    """The cycle as DOT with every position fixed (draw it with ``neato -n2``)."""
    from ..model.queries import cycle_order, fail_points

    order = cycle_order(service)
    key = status_legend(service, order, status, colors, legend, lang)
    notes = notes or {}
    numbers = {ident: label for label, ident, _ in fail_points(service)}  # as the blueprint numbers them
    labels = {m: node_label(service.moments[m].title_in(lang), NODE_W, note=notes.get(m),
                            badges=badges_of(service, m, lang, numbers=numbers))
              for m in order}  # fmt: skip
    radius = fit_radius([(NODE_W, labels[m].height) for m in order])
    reach = radius + NODE_W / 2 + 18  # the stage arcs run just outside the widest box
    outer = reach + _ARC_WIDTH + 70  # room for the stage names
    ring = Ring(MARGIN + outer, TITLE_H + outer, radius)
    # The legend goes under the ring: inside it, branch and loop curves would cross it.
    legend_top = ring.cy + reach + _ARC_WIDTH + 40
    page = Page(2 * (MARGIN + outer), legend_top + key.height + MARGIN)
    boxes = {m: Box(*ring.at(_angle(i, len(order))), NODE_W, labels[m].height) for i, m in enumerate(order)}

    lines = [f"digraph {quote_id(service.info.id)} {{"]
    lines.append(f"  graph {attr_list({'bgcolor': 'white', 'pad': '0.15', 'outputorder': 'edgesfirst'})};")
    defaults = {"shape": "box", "style": "rounded,filled", "fixedsize": "true", "fontname": FONT,
                "margin": "0", "penwidth": 1.6}  # fmt: skip
    lines.append(f"  node {attr_list(defaults)};")
    lines.append(f"  edge {attr_list({'arrowsize': 0.8, 'color': '#2b3a4a', 'penwidth': 1.3})};")
    lines.extend(_stages(page, ring, service, order, reach, lang))
    lines.append(_title(page, title if title is not None else service.info.title_in(lang), lang))
    for i, moment_id in enumerate(order):
        lines.extend(_moment(page, service, moment_id, i, boxes[moment_id], labels[moment_id], key))
    lines.extend(_edges(page, ring, service, order, boxes, reach, lang))
    legend_box = Box(ring.cx, legend_top + key.height / 2, key.width, key.height)
    lines.append(node("_legend", _plain(page, legend_box, key.html)))
    for n, corner in enumerate(((0.0, 0.0), (page.width, page.height))):
        attrs = {"shape": "point", "style": "invis", "width": 0.01, "pos": page.pos(Box(*corner, 0, 0))}
        lines.append(node(f"_corner:{n}", attrs))
    lines.insert(2, f'  graph [_background="{page.xdot()}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _angle(i: int, n: int) -> float:
    return 2 * math.pi * i / n if n else 0.0


def _plain(page: Page, box: Box, html: str) -> dict[str, object]:
    return {"shape": "plain", "style": "", "fixedsize": "false", "label": HTML(html), "pos": page.pos(box)}


def _title(page: Page, title: str, lang: str | None) -> str:
    kind = word("cycle", lang)
    heading = one_line(title, page.width - 2 * MARGIN - text_width("   " + kind, 11), 15, bold=True)
    html = (f'<FONT POINT-SIZE="15" COLOR="{INK}"><B>{html_text(left_to_right(heading))}</B></FONT>'
            f'<FONT POINT-SIZE="11" COLOR="{MUTED}">   {html_text(kind)}</FONT>')  # fmt: skip
    width = text_width(heading, 15, bold=True) + text_width("   " + kind, 11)
    hover = {"tooltip": title} if heading != " ".join(title.split()) else {}  # cut: the whole title on hover
    return node("_title", {**_plain(page, Box(MARGIN + width / 2, TITLE_H / 2, width, 18), html), **hover})


def _moment(
    page: Page, service: Service, moment_id: str, i: int, box: Box, label: Label, key: Legend
) -> list[str]:
    """A moment's box, filled by its status and outlined in its stage's colour, and its badges."""
    stage = service.moments[moment_id].stage.value
    attrs = {
        "label": label.html, "width": number(NODE_W / 72), "height": number(box.h / 72),
        "pos": page.pos(box), "fillcolor": key.colour_of(moment_id),
        "color": STAGES.get(stage, (MUTED, ""))[0], "tooltip": left_to_right(f"{i + 1}. {label.full}"),
    }  # fmt: skip
    out = [node(f"m:{moment_id}", attrs)]
    for n, (badge, spot) in enumerate(badge_boxes(box, label.badges)):
        size = {"width": number(spot.w / 72), "height": number(spot.h / 72), "fixedsize": "true"}
        out.append(node(f"m:{moment_id}#badge{n}", {**badge_attrs(badge), **size, "pos": page.pos(spot)}))
    return out


def _stages(
    page: Page, ring: Ring, service: Service, order: list[str], reach: float, lang: str | None
) -> list[str]:
    """Coloured arcs around the ring, one per run of moments in the same stage, named outside."""
    n = len(order)
    runs: list[tuple[str, int, int]] = []
    for i, moment_id in enumerate(order):
        stage = service.moments[moment_id].stage.value
        if runs and runs[-1][0] == stage:
            runs[-1] = (stage, runs[-1][1], i)
        else:
            runs.append((stage, i, i))
    half = math.pi / n if n > 1 else math.pi * 0.98
    out = []
    for run, (stage, first, last) in enumerate(runs):
        colour = STAGES.get(stage, (MUTED, ""))[0]
        start, end = _angle(first, n) - half + 0.02, _angle(last, n) + half - 0.02
        steps = max(2, int((end - start) / 0.03))
        page.polyline([ring.at(start + (end - start) * s / steps, reach) for s in range(steps + 1)],
                      colour, width=_ARC_WIDTH)  # fmt: skip
        middle = (start + end) / 2
        name = word(stage, lang)
        width, height = text_width(name, 11, bold=True), 14.0
        # Far enough out that the name's nearest corner clears the arc, whatever the angle.
        offset = abs(math.sin(middle)) * width / 2 + abs(math.cos(middle)) * height / 2
        spot = Box(*ring.at(middle, reach + _ARC_WIDTH + 8 + offset), width, height)
        html = f'<FONT POINT-SIZE="11" COLOR="{colour}"><B>{html_text(name)}</B></FONT>'
        out.append(node(f"_stage:{run}", _plain(page, spot, html)))
    return out


def _edges(
    page: Page,
    ring: Ring,
    service: Service,
    order: list[str],
    boxes: dict[str, Box],
    reach: float,
    lang: str | None,
) -> list[str]:
    """Flow between neighbours along the ring; branches, loops and early exits across it."""
    n = len(order)
    index = {m: i for i, m in enumerate(order)}
    out = []
    for u, v, data in service.graph.edges(data=True):
        if data.get("kind") != "flow" or u not in index or v not in index:
            continue
        closing, loop = bool(data.get("closing")), bool(data.get("loop"))
        attrs: dict[str, object] = {}
        adjacent = index[v] == index[u] + 1 or (closing and index[u] == n - 1 and index[v] == 0 and n > 1)
        if adjacent and not loop:
            a, b = _angle(index[u], n), _angle(index[v], n) + (2 * math.pi if index[v] == 0 else 0)
            start, end = ring.exit_angle(boxes[u], a, +1), ring.exit_angle(boxes[v], b, -1)
            controls, tip = ring.arrow_arc(start, end)
        else:
            # A loop back along a branch that crosses the ring too (examination -> filling -> examination)
            # bows less, so the two curves stay apart instead of one hiding the other.
            twin = loop and service.graph.has_edge(v, u) and index[u] != index[v] + 1
            controls, tip = ring.chord(boxes[u], boxes[v], bend=0.15 if twin else 0.45)
            attrs.update(color="#6b7785", penwidth=1.0)
        if closing or loop:
            attrs.update(style="dashed", color=MUTED)
        attrs["pos"] = page.edge_pos(controls, tip)
        out.append(edge(f"m:{u}", f"m:{v}", attrs))
        if closing and adjacent:
            out.append(_next_visit(page, ring, (start + end) / 2, reach, lang))
    return out


def _next_visit(page: Page, ring: Ring, angle: float, reach: float, lang: str | None) -> str:
    """The closing edge's name, between the boxes and the stage arcs (where the cycle starts again)."""
    name = word("next visit", lang)
    html = f'<FONT POINT-SIZE="9" COLOR="{MUTED}"><I>↻ {html_lines(wrap(name, 80, 9))}</I></FONT>'
    spot = Box(*ring.at(angle, (ring.r + reach) / 2 + 6), 60, 12)
    return node("_next_visit", _plain(page, spot, html))

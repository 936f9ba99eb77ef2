"""The blueprint view: five lanes, three lines, moments in cycle order (Shostack; Bitner et al.).

>>> from blueprint.model.examples import tiny_service
>>> dot = blueprint_dot(tiny_service())
>>> "line of visibility" in dot and '"m:check-in"' in dot
True
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..escaping import contain, left_to_right
from .blueprint_footer import bottom, draw, footer
from .blueprint_layout import GUTTER, LABEL_W, LANE_ORDER, MARGIN, NODE_W, TITLE_H, Grid, grid, stage_moments
from .blueprint_routes import Route, route_edges
from .dot_quote import HTML, attr_list, edge, html_lines, html_text, node, number, quote_id
from .geometry import Box, Page, arrow_path, rounded_path
from .nodes import badge_attrs, badge_boxes
from .theme import BADGE, FONT, INK, LANES, LINES, MUTED, STAGES, word
from .wrap import one_line, text_width, wrap

if TYPE_CHECKING:
    from ..model.service import Service
    from .output import Rendered

__all__ = ["PAD", "blueprint_dot", "blueprint_layout", "blueprint_view"]

#: the white border Graphviz adds round the drawing on every side, in points
PAD = 10.8

_EDGE_STYLE: dict[str, dict[str, object]] = {
    "flow": {"color": "#2b3a4a", "penwidth": 1.4},
    "loop": {"color": "#2b3a4a", "penwidth": 1.3, "style": "dashed"},
    "supports": {"color": "#7c858c", "penwidth": 1.0},
    "evidence": {"color": "#9a9a92", "penwidth": 1.0, "style": "dotted", "dir": "none"},
}


def blueprint_view(service: Service, lang: str | None = None, **options: Any) -> Rendered:
    """The service blueprint as a picture (``.svg()``, ``.png()``, ``.save(path)``).

    Options: ``title`` (text above the picture; default the service title; cut with
    "…" to the drawing's width, the whole of it the title's tooltip), ``title_end``
    (text after the title, never cut: a panel's `` · 2/3``),
    ``branches``, ``columns`` ((first, last): only those columns, as
    :func:`~blueprint.render.blueprint_panels.fit_panels` cuts the blueprint into panels),
    ``fold`` (steps stacked under a moment side by side, that many to a row),
    ``stage`` (``"in-service"``: only that stage's moments, their evidence and
    the steps that serve them), ``fail_list`` (``False``: no list of fail points under it).
    """
    from .output import Rendered

    return Rendered.from_dot(blueprint_dot(service, lang, **options))


def blueprint_dot(
    service: Service,
    lang: str | None = None,
    *,
    title: str | None = None,
    title_end: str = "",
    branches: str = "spread",
    columns: tuple[int, int] | None = None,
    fold: int = 1,
    stage: str | None = None,
    fail_list: bool = True,
) -> str:
    """The blueprint as DOT with every position fixed (draw it with ``neato -n2``).

    ``fail_list=False`` leaves the list of fail points out from under the picture (the
    numbered badges stay), for a page that lists them as text beside it.
    """
    layout, routes = blueprint_layout(
        service, lang, branches=branches, columns=columns, fold=fold, stage=stage
    )
    extra = footer(service, layout, lang)  # the fail points and times of what this picture shows
    if not fail_list:
        extra = replace(extra, fail_points=[], height=extra.height - extra.height_of_list)
    layout.height += extra.height
    page = Page(layout.width, layout.height)
    lines = [f"digraph {quote_id(service.info.id)} {{"]
    graph = {"bgcolor": "white", "pad": f"{PAD / 72:g}", "outputorder": "edgesfirst", "fontname": FONT}
    lines.append(f"  graph {attr_list(graph)};")
    node_defaults = {"shape": "box", "style": "rounded,filled", "fixedsize": "true", "fontname": FONT,
                     "margin": "0", "penwidth": 1.1}  # fmt: skip
    lines.append(f"  node {attr_list(node_defaults)};")
    lines.append(f"  edge {attr_list({'arrowsize': 0.8, 'fontname': FONT})};")
    _background(page, layout)
    lines.extend(_decorations(page, layout, service, lang, title, title_end))
    lines.extend(_boxes(page, layout))
    lines.extend(_edges(page, layout, routes))
    lines.extend(draw(page, layout, extra, bottom(layout), lang))
    lines.insert(2, f"  graph [_background={_quote_ops(page.xdot())}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def blueprint_layout(
    service: Service,
    lang: str | None = None,
    *,
    branches: str = "spread",
    columns: tuple[int, int] | None = None,
    fold: int = 1,
    stage: str | None = None,
) -> tuple[Grid, list[Route]]:
    """The placed boxes and routed edges of the blueprint; ``layout.width`` and ``.height`` are its size."""
    if branches not in ("spread", "stack"):
        raise ValueError(f"branches must be 'spread' or 'stack', not {branches!r}")
    if columns is not None and not (len(columns) == 2 and 0 <= columns[0] <= columns[1]):
        raise ValueError(f"columns must be (first, last) with 0 <= first <= last, not {columns!r}")
    if fold < 1:
        raise ValueError(f"fold must be 1 or more, not {fold!r}")
    if stage is not None and not stage_moments(service, stage):
        raise ValueError(f"the service has no {stage} moment to draw")
    options = {"branches": branches, "span": columns, "fold": fold, "stage": stage}
    layout = grid(service, lang, **options)  # type: ignore[arg-type]
    routes, needed = route_edges(service, layout)
    crowded = {
        key: size for key, size in needed.items() if size > layout.bands[key][1] - layout.bands[key][0]
    }
    if crowded:  # make room for the tracks, then route again on the roomier grid
        layout = grid(service, lang, band_min=crowded, **options)  # type: ignore[arg-type]
        routes, _ = route_edges(service, layout)
    return layout, routes


def _quote_ops(ops: str) -> str:
    # Drawing operations are ours (numbers, colours, style names): nothing to escape.
    assert '"' not in ops and "\\" not in ops
    return f'"{ops}"'


def _background(page: Page, layout: Grid) -> None:
    right = layout.width - MARGIN
    for lane in LANE_ORDER:
        top, bottom = layout.lanes[lane]
        page.rect(MARGIN, top, right, bottom, LANES[lane][0])
    first_top = layout.lanes[LANE_ORDER[0]][0]
    last_bottom = layout.lanes[LANE_ORDER[-1]][1]
    page.polyline([(MARGIN + LABEL_W, first_top), (MARGIN + LABEL_W, last_bottom)], "#c9cdd1", width=1.0)
    for run, (stage, first, last) in enumerate(layout.stage_runs):
        strong, _ = STAGES.get(stage, (MUTED, "#eeeeee"))
        x0 = layout.gutter(first)[0] + GUTTER / 2 + 2
        x1 = layout.gutter(last + 1)[0] + GUTTER / 2 - 2
        page.rect(x0, TITLE_H + 2, x1, TITLE_H + 24, strong)
        if run:  # a faint boundary between stages, through every lane
            page.polyline([(x0 - 2, first_top), (x0 - 2, last_bottom)], "#c3c8cd", style="dashed")
    for _line, (lane_above, colour, style) in LINES.items():
        y = layout.lanes[lane_above][1]
        page.polyline([(MARGIN, y), (right, y)], colour, style=style, width=1.6)


def _text_node(page: Page, key: str, box: Box, html: str, **extra: object) -> str:
    attrs = {"shape": "plain", "style": "", "fixedsize": "false", "label": HTML(html), "pos": page.pos(box)}
    return node(key, {**attrs, **extra})


def _decorations(
    page: Page, layout: Grid, service: Service, lang: str | None, title: str | None, title_end: str
) -> list[str]:
    out = []
    title = title if title is not None else service.info.title_in(lang)
    kind = word("blueprint", lang)
    room = layout.width - 2 * MARGIN - text_width("   " + kind, 11) - text_width(title_end, 15, bold=True)
    heading = contain(one_line(title, room, 15, bold=True)) + title_end
    text = f'<FONT POINT-SIZE="15" COLOR="{INK}"><B>{html_text(left_to_right(heading))}</B></FONT>'
    text += f'<FONT POINT-SIZE="11" COLOR="{MUTED}">   {html_text(kind)}</FONT>'
    width = text_width(heading, 15, bold=True) + text_width("   " + kind, 11)
    cut = heading != " ".join(title.split()) + title_end
    hover = {"tooltip": title + title_end} if cut else {}  # the whole title, on hovering it
    out.append(_text_node(page, "_title", Box(MARGIN + width / 2, TITLE_H / 2, width, 18), text, **hover))
    for lane in LANE_ORDER:
        top, bottom = layout.lanes[lane]
        label = html_lines(wrap(word(lane, lang), LABEL_W - 20, 11, bold=True), bold=True)
        html = f'<FONT POINT-SIZE="11" COLOR="{INK}">{label}</FONT>'
        out.append(
            _text_node(page, f"_lane:{lane}", Box(MARGIN + LABEL_W / 2, (top + bottom) / 2, 0, 0), html)
        )
    for line, (lane_above, colour, _) in LINES.items():
        y = layout.lanes[lane_above][1]
        words = word(line, lang)
        size = 8.5
        label_lines = wrap(words, LABEL_W - 12, size)
        html = (f'<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="2" BGCOLOR="white" STYLE="rounded">'
                f'<TR><TD><FONT POINT-SIZE="{size}" COLOR="{colour}"><I>{html_lines(label_lines)}</I></FONT>'
                "</TD></TR></TABLE>")  # fmt: skip
        out.append(_text_node(page, f"_line:{line}", Box(MARGIN + LABEL_W / 2, y, 0, 0), html))
    for stage, first, last in layout.stage_runs:
        x = (layout.col_x(first) + layout.col_x(last)) / 2
        html = f'<FONT POINT-SIZE="10" COLOR="white"><B>{html_text(word(stage, lang))}</B></FONT>'
        out.append(_text_node(page, f"_stage:{first}", Box(x, TITLE_H + 13, 0, 0), html))
    out.append(_legend(page, layout, lang, steps=any(service.standards_of_step.values())))
    for n, corner in enumerate(((0.0, 0.0), (layout.width, layout.height))):
        # Invisible corners make Graphviz's drawing area cover the whole background.
        corner_attrs = {
            "shape": "point",
            "style": "invis",
            "width": 0.01,
            "pos": page.pos(Box(*corner, 0, 0)),
        }
        out.append(node(f"_corner:{n}", corner_attrs))
    return out


def _legend(page: Page, layout: Grid, lang: str | None, *, steps: bool = False) -> str:
    cells = []
    for letter in ("F", "W", "S") if steps else ("F", "W"):
        fill, ink = BADGE[letter]
        badge = f'<FONT POINT-SIZE="8" COLOR="{ink}"><B>{letter}</B></FONT>'
        meaning = f'<FONT POINT-SIZE="10" COLOR="{MUTED}"> {html_text(word(letter, lang))}</FONT>'
        cells.append(f'<TD BGCOLOR="{fill}" CELLPADDING="2">{badge}</TD><TD ALIGN="LEFT">{meaning}</TD>')
    html = ('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
            + '<TD WIDTH="18"></TD>'.join(cells) + "</TR></TABLE>")  # fmt: skip
    width = 420.0 if steps else 260.0
    y = layout.lanes[LANE_ORDER[-1]][1] + 20
    return _text_node(page, "_legend", Box(MARGIN + LABEL_W + GUTTER + width / 2, y, width, 14), html)


def _boxes(page: Page, layout: Grid) -> list[str]:
    out = []
    for key, item in layout.nodes.items():
        _, fill, border = LANES[item.lane]
        if item.kind == "moment":
            border, fill = STAGES.get(item.stage, (border, fill))
        attrs: dict[str, object] = {
            "label": item.label.html,
            "width": number(NODE_W / 72),
            "height": number(item.box.h / 72),
            "pos": page.pos(item.box),
            "fillcolor": fill,
            "color": border,
            "tooltip": item.label.full,
        }
        if item.kind == "evidence":
            attrs.update(shape="note", style="filled")
        if item.kind == "moment":
            attrs["penwidth"] = 1.4
        out.append(node(key, attrs))
        for n, (badge, box) in enumerate(badge_boxes(item.box, item.label.badges)):
            badge_node = {**badge_attrs(badge), "width": number(box.w / 72), "height": number(box.h / 72),
                          "fixedsize": "true", "pos": page.pos(box)}  # fmt: skip
            out.append(node(f"{key}#badge{n}", badge_node))
    return out


def _edges(page: Page, layout: Grid, routes: list[Route]) -> list[str]:
    out = []
    for route in routes:
        points = route.points  # resolved to numbers by route_edges
        attrs: dict[str, object] = dict(_EDGE_STYLE[route.kind])
        if route.kind == "supports":  # the colour of the lane it comes from, to follow it across lanes
            attrs["color"] = LANES[layout.nodes[route.tail].lane][2]
        if route.arrow:
            controls, tip = arrow_path(points)  # type: ignore[arg-type]
            attrs["pos"] = page.edge_pos(controls, tip)
        else:
            attrs["pos"] = page.edge_pos(rounded_path(points))  # type: ignore[arg-type]
        out.append(edge(route.tail, route.head, attrs))
    return out

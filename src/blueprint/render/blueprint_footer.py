"""What the blueprint draws under its lanes: the line of execution time and the list of fail points.

Shostack (1984) closes her blueprints with the execution time of each stage,
the standard beside what customers tolerate, and marks fail points with
what guards them. Here each column gets its moment's standard and tolerable
time (with the steps that feed it), the label column the longest path's
total, and under that every fail point on the page, numbered as its badge,
with its cause and fail-safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..escaping import contain, left_to_right
from ..model.objects import FailPoint
from .blueprint_layout import LABEL_W, LANE_ORDER, LEGEND_H, MARGIN, NODE_W, Grid
from .dot_quote import HTML, html_lines, html_text, node
from .geometry import Box, Page
from .nodes import short_time
from .theme import BADGE, INK, MUTED, word
from .wrap import text_width, wrap

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["Footer", "bottom", "draw", "footer"]

TIME_H = 46.0
_LIST_TOP, _LIST_LINE, _LIST_SIZE = 24.0, 13.0, 9.0
_LINE_COLOUR = "#5b6770"


@dataclass(frozen=True)
class Footer:
    """The parts under the lanes and the height they need (zero when there is nothing to show)."""

    times: dict[str, tuple[float, float | None]]
    longest: tuple[float, float | None] | None
    fail_points: list[tuple[str, str, list[str]]]
    height: float
    height_of_list: float = 0.0


def footer(service: Service, layout: Grid, lang: str | None = None) -> Footer:
    """Measure what goes under the lanes of ``layout`` (only what its columns show)."""
    from ..model.queries import fail_points
    from ..model.timing import timing

    shown = {item.subject for item in layout.nodes.values() if item.kind in ("moment", "step")}
    times: dict[str, tuple[float, float | None]] = {}
    longest = None
    timed = [m.duration for m in service.moments.values()] + [s.duration for s in service.steps.values()]
    if any(timed):
        found = timing(service)
        times = {
            m: (t.standard, t.tolerable)
            for m, t in found.moments.items()
            if t.timed and f"m:{m}" in layout.nodes
        }
        if found.paths:
            path = max(found.paths, key=lambda p: p.standard_seconds)
            longest = (path.standard_seconds, path.tolerable_seconds)
    width = max(layout.width - 2 * MARGIN - 60, 240.0)
    listed = []
    for label, ident, point in fail_points(service):
        if ident not in shown:
            continue
        record = service.moments.get(ident) or service.steps[ident]
        text = contain(record.title_in(lang))  # a direction override stays in the text it is in
        if point.cause:
            text += f": {contain(point.cause)}"
        if point.effect:
            text += f" ({contain(point.effect)})"
        if point.fail_safe:
            text += f" → {word('fail-safe', lang)}: {contain(point.fail_safe)}"
        elif point != FailPoint():  # written out, and nothing guards it yet
            text += f" → {word('no fail-safe', lang)}"
        else:  # fail_point: true, nothing more said
            text += f" — {word('no fail-safe', lang)}"
        listed.append((label, ident, wrap(text, width, _LIST_SIZE, max_lines=3)))
    listing = _LIST_TOP + _LIST_LINE * sum(len(lines) for *_, lines in listed) if listed else 0.0
    height = (TIME_H if times else 0.0) + listing
    return Footer(times, longest if times else None, listed, height, listing)


def draw(page: Page, layout: Grid, parts: Footer, top: float, lang: str | None) -> list[str]:
    """DOT nodes (and background lines on ``page``) for the footer, starting at ``top``."""
    out: list[str] = []
    if parts.times:
        out.extend(_time_line(page, layout, parts, top, lang))
        top += TIME_H
    if parts.fail_points:
        out.extend(_fail_list(page, parts, top, lang))
    return out


def _text(page: Page, key: str, x: float, y: float, html: str, width: float = 0.0) -> str:
    """A text node centred at ``x`` (or, given its ``width``, starting at ``x``)."""
    attrs = {"shape": "plain", "style": "", "fixedsize": "false", "label": HTML(html)}
    return node(key, {**attrs, "pos": page.pos(Box(x + width / 2, y, width, 0))})


def _time_line(page: Page, layout: Grid, parts: Footer, top: float, lang: str | None) -> list[str]:
    y = top + 8
    right = layout.width - MARGIN
    page.polyline([(MARGIN + LABEL_W, y), (right, y)], _LINE_COLOUR, width=1.2)
    out = []
    title = html_text(word("execution", lang))
    html = f'<FONT POINT-SIZE="10" COLOR="{INK}"><B>{title}</B></FONT>'
    if parts.longest is not None:
        standard, tolerable = parts.longest
        total = short_time(standard, lang)
        if tolerable is not None:
            total += f" · {word('tolerable time', lang)} {short_time(tolerable, lang)}"
        html += f'<BR/><FONT POINT-SIZE="8.5" COLOR="{MUTED}">{html_text(total)}</FONT>'
    out.append(_text(page, "_time:label", MARGIN + LABEL_W / 2, y + 16, html))
    for moment_id, (standard, tolerable) in parts.times.items():
        x = Grid.col_x(layout.nodes[f"m:{moment_id}"].column)
        page.polyline([(x - NODE_W / 2, y - 4), (x - NODE_W / 2, y + 4)], _LINE_COLOUR, width=1.2)
        page.polyline([(x + NODE_W / 2, y - 4), (x + NODE_W / 2, y + 4)], _LINE_COLOUR, width=1.2)
        over = tolerable is not None and standard > tolerable
        colour = BADGE["F"][0] if over else INK
        lines = [f"{word('standard time', lang)} {short_time(standard, lang)}"]
        if tolerable is not None:
            lines.append(f"{word('tolerable time', lang)} {short_time(tolerable, lang)}")
        body = html_lines(lines[:1], bold=True) + (f"<BR/>{html_lines(lines[1:])}" if lines[1:] else "")
        html = f'<FONT POINT-SIZE="9" COLOR="{colour}">{body}</FONT>'
        out.append(_text(page, f"_time:{moment_id}", x, y + 16, html))
    return out


def _fail_list(page: Page, parts: Footer, top: float, lang: str | None) -> list[str]:
    fill, _ = BADGE["F"]
    title = html_text(word("fail points", lang))
    rows = [f'<TR><TD ALIGN="LEFT" COLSPAN="2"><FONT POINT-SIZE="10" COLOR="{fill}"><B>{title}</B></FONT>'
            "</TD></TR>"]  # fmt: skip
    widest = text_width(word("fail points", lang), 10, bold=True)
    for label, _, lines in parts.fail_points:
        widest = max(widest, 30 + max(text_width(line, _LIST_SIZE) for line in lines))
        rows.append(
            f'<TR><TD ALIGN="LEFT" VALIGN="TOP" WIDTH="26"><FONT POINT-SIZE="{_LIST_SIZE}" COLOR="{fill}">'
            f"<B>{html_text(label)}</B></FONT></TD>"
            f'<TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{_LIST_SIZE}" COLOR="{INK}">'
            f"{html_lines([left_to_right(line) for line in lines])}</FONT></TD></TR>"
        )
    html = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">' + "".join(rows) + "</TABLE>"
    height = parts.height_of_list
    return [_text(page, "_fails", MARGIN + 6, top + height / 2, html, widest)]


def bottom(layout: Grid) -> float:
    """Where the footer starts: under the legend."""
    return layout.lanes[LANE_ORDER[-1]][1] + LEGEND_H

"""The report's blueprint: the slide panels of ``blueprint render --fit``, cut to print readably.

A whole blueprint of ten moments is some 2,000 points wide: fitted to a page
or a window its labels shrink to a few pixels. The report shows it as the
panels :func:`~blueprint.render.blueprint_panels.fit_panels` cuts (the lanes
repeated on each, its fail points listed under it), asking of each panel
that it prints its smallest text (the 8-point badges) at :data:`MIN_PRINT_PT`
or more on an A4 or Letter page, landscape or portrait. On screen one point
of a panel is :data:`SCREEN_PX` CSS pixels, a little more than a point of
the page (4/3), so that its smallest text (the badges and the lines' names,
8 pt) stands 13 px high; a panel that prints on a page is at most 852 points
wide, so it fits a 1280-pixel window (a wider one would scroll); in print
each panel gets a page of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..escaping import escape_attr, escape_text

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["MIN_PRINT_PT", "PAGES", "SCREEN_PX", "Part", "blueprint_parts", "parts_html", "print_fit"]

#: smallest text printed, in points
MIN_PRINT_PT = 7.0
#: CSS pixels per point of the drawing on screen
SCREEN_PX = 1.4
#: smallest text the blueprint draws (badges), in points of the drawing
_SMALLEST = 8.0
#: room on the page, in points, for A4 and Letter both (the smaller of each), 8 mm margins;
#: the caption takes ``_RESERVE`` points of the height
PAGES = {"landscape": (746.0, 549.0), "portrait": (549.0, 746.0)}
_RESERVE = 20.0
_VIEWBOX = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"')


@dataclass(frozen=True)
class Part:
    """One panel of the blueprint in the report: its columns, stages, the drawing and how it prints."""

    first: int
    last: int
    stages: tuple[str, ...]
    svg: str
    width: float
    height: float
    orientation: str
    scale: float
    #: the fail points of a panel too tall to list them under its drawing, as text for the page
    fail_points: tuple[tuple[str, str], ...] = ()


def print_fit(width: float, height: float) -> tuple[str, float]:
    """The page for a drawing of ``width`` × ``height`` points, and the scale it prints at.

    Landscape when the text stays readable there (the blueprint reads across),
    else the orientation that shrinks it least.

    >>> print_fit(800, 500)
    ('landscape', 0.9325)
    >>> print_fit(430, 900)
    ('portrait', 0.8067)
    """
    fits = {
        orientation: round(min(1.0, room_w / width, (room_h - _RESERVE) / height), 4)
        for orientation, (room_w, room_h) in PAGES.items()
    }
    if fits["landscape"] * _SMALLEST >= MIN_PRINT_PT:
        return "landscape", fits["landscape"]
    return max(fits.items(), key=lambda item: item[1])


def blueprint_parts(service: Service, lang: str | None = None) -> list[Part]:
    """The blueprint as the panels that print readably, each drawn by Graphviz (side by side).

    A single moment too tall to print readably with its fail points listed
    under it (check-in with nine support steps) is drawn without the list,
    which the report then gives as text under the figure, in the same words.
    """
    import math
    from concurrent.futures import ThreadPoolExecutor

    from ..model.queries import cycle_order
    from ..render import render
    from ..render.blueprint_layout import SMALLEST_LABEL_PT, moment_columns
    from ..render.blueprint_panels import fit_panels, panel_pictures

    def printed(width: float, height: float) -> float:
        return print_fit(width, height)[1]

    smallest = MIN_PRINT_PT * SMALLEST_LABEL_PT / _SMALLEST
    panels = fit_panels(
        service, lang, ratio=math.inf, min_px=smallest, scale=lambda p: printed(p.width, p.height)
    )
    pictures = panel_pictures(service, panels, lang)
    listed: dict[int, tuple[tuple[str, str], ...]] = {}
    for n, panel in enumerate(panels):
        if printed(panel.width, panel.height) * _SMALLEST < MIN_PRINT_PT:
            heading = f"{service.info.title_in(lang)} · {n + 1}/{len(panels)}"
            bare = [render(service, view="blueprint", lang=lang, columns=(panel.first, panel.last), fold=fold,
                           title=heading, fail_list=False) for fold in (1, 2, 3)]  # fmt: skip
            pictures[n] = max(bare, key=lambda picture: printed(*_size(picture.svg())))
            listed[n] = _fail_points_of(service, lang, panel.first, panel.last)
    with ThreadPoolExecutor(max_workers=4) as pool:
        drawn = list(pool.map(lambda picture: str(picture.svg()), pictures))
    columns = moment_columns(service, cycle_order(service), "spread")
    parts = []
    for n, (panel, svg) in enumerate(zip(panels, drawn, strict=True)):
        width, height = _size(svg)
        stages = tuple(dict.fromkeys(
            service.moments[m].stage.value
            for m, column in sorted(columns.items(), key=lambda item: item[1])
            if panel.first <= column <= panel.last
        ))  # fmt: skip
        part = Part(panel.first, panel.last, stages, svg, width, height, *print_fit(width, height))
        parts.append(replace(part, fail_points=listed.get(n, ())))
    return parts


def _size(svg: str) -> tuple[float, float]:
    size = _VIEWBOX.search(svg)
    return (float(size.group(1)), float(size.group(2))) if size else (1.0, 1.0)


def _fail_points_of(service: Service, lang: str | None, first: int, last: int) -> tuple[tuple[str, str], ...]:
    """The numbered fail points the columns ``first`` to ``last`` show, in the words of the picture."""
    from ..render.blueprint_footer import footer
    from ..render.blueprint_view import blueprint_layout

    layout, _ = blueprint_layout(service, lang, columns=(first, last))
    return tuple((label, " ".join(lines)) for label, _, lines in footer(service, layout, lang).fail_points)


def parts_html(parts: list[Part], title: str, moments: int) -> str:
    """The parts as figures, each on a page of its own in print."""
    from ..render.inline_svg import inline_svg
    from ..render.theme import word

    out = []
    for n, part in enumerate(parts):
        span = (
            f"moment {part.first + 1}"
            if part.first == part.last
            else f"moments {part.first + 1}–{part.last + 1}"
        )
        stages = " and ".join(word(stage) for stage in part.stages)
        stages = stages[:1] + stages[1:].lower()
        label = f"Service blueprint of {title}, {stages}, {span}"
        svg = inline_svg(part.svg, f"bp{n}", label=label)
        sizes = f"--screen-w: {part.width * SCREEN_PX:.0f}px; --print-w: {part.width * part.scale:.1f}pt"
        out.append(
            f'<div class="bp-part {part.orientation}">'
            f'<figure><div class="bp-scroll" style="{escape_attr(sizes)}">{svg}</div>'
            f"<figcaption>Service blueprint, part {n + 1} of {len(parts)}: "
            f"{escape_text(stages)}, {span} of {moments}.</figcaption></figure>"
            + _fail_list_html(part.fail_points)
            + "</div>"
        )
    return '<div class="bp-parts">' + "".join(out) + "</div>"


def _fail_list_html(points: tuple[tuple[str, str], ...]) -> str:
    if not points:
        return ""
    items = "".join(f"<li><b>{escape_text(label)}</b> {escape_text(text)}</li>" for label, text in points)
    return f'<ul class="bp-fail-points">{items}</ul>'

"""The report's blueprint, cut by stage into parts that stay readable on screen and on paper.

A whole blueprint of ten moments is some 2,000 points wide: fitted to a page
or a window its labels shrink to a few pixels. The report draws it instead in
parts of at most three columns, one stage (or a piece of a long stage) each,
every part at its own size: on screen one point of the drawing is one point
of the page (4/3 of a CSS pixel; a part wider than the window scrolls), and
in print each part gets a page of its own, landscape or portrait, whichever
shrinks it less. A part that would still print its smallest text (the 8-point
badges) under :data:`MIN_PRINT_PT` is cut again, down to one column; a single
moment still too tall has its stacked steps laid side by side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..escaping import escape_attr, escape_text

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["MIN_PRINT_PT", "PAGES", "Part", "blueprint_parts", "parts_html", "print_fit"]

#: smallest text printed, in points
MIN_PRINT_PT = 7.0
#: smallest text the blueprint draws (badges), in points of the drawing
_SMALLEST = 8.0
#: room on the page, in points, for A4 and Letter both (the smaller of each), 8 mm margins;
#: the caption takes ``_RESERVE`` points of the height
PAGES = {"landscape": (746.0, 549.0), "portrait": (549.0, 746.0)}
_RESERVE = 20.0
_VIEWBOX = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"')


@dataclass(frozen=True)
class Part:
    """One part of the blueprint: its stage, its columns, the drawing and how it prints."""

    stage: str
    first: int
    last: int
    svg: str
    width: float
    height: float
    orientation: str
    scale: float
    #: the fail points this part shows, when they are listed beside the drawing rather than in it
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
    """The blueprint drawn in parts by stage, each cut until it prints readably (or is one column).

    The parts are drawn side by side (each is a Graphviz run of its own), in
    rounds: a part cut in two is drawn again as two in the next round.
    """
    from concurrent.futures import ThreadPoolExecutor

    from ..render import render
    from ..render.blueprint_layout import pages

    def draw(span: tuple[str, int, int], fold: int = 1, fail_list: bool = True) -> str:
        picture = render(
            service, view="blueprint", lang=lang, columns=span[1:], fold=fold, fail_list=fail_list
        )
        return str(picture.svg())

    def part(span: tuple[str, int, int], svg: str) -> Part:
        size = _VIEWBOX.search(svg)
        width, height = (float(size.group(1)), float(size.group(2))) if size else (1.0, 1.0)
        return Part(*span, svg, width, height, *print_fit(width, height))

    def _fail_points(span: tuple[str, int, int]) -> tuple[tuple[str, str], ...]:
        return _fail_points_of(service, lang, span[1], span[2])

    todo = pages(service, most=3)
    done: dict[tuple[str, int, int], Part] = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        while todo:
            cut = []
            for span, svg in zip(todo, pool.map(draw, todo), strict=True):
                stage, first, last = span
                drawn = part(span, svg)
                if drawn.scale * _SMALLEST >= MIN_PRINT_PT:
                    done[span] = drawn
                elif last > first:
                    middle = (first + last) // 2
                    cut += [(stage, first, middle), (stage, middle + 1, last)]
                else:  # one moment, too tall: its steps side by side, its fail points as text
                    folded = part(span, draw(span, fold=2))
                    best = folded if folded.scale > drawn.scale else drawn
                    if best.scale * _SMALLEST < MIN_PRINT_PT:
                        bare = [part(span, draw(span, fold=n, fail_list=False)) for n in (1, 2)]
                        best = replace(max(bare, key=lambda p: p.scale), fail_points=_fail_points(span))
                    done[span] = best
            todo = cut
    return [done[span] for span in sorted(done, key=lambda span: span[1])]


def _fail_points_of(service: Service, lang: str | None, first: int, last: int) -> tuple[tuple[str, str], ...]:
    """The numbered fail points the columns ``first`` to ``last`` show, with their text."""
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
        label = f"Service blueprint of {title}, {word(part.stage)}, {span}"
        svg = inline_svg(part.svg, f"bp{n}", label=label)
        sizes = f"--screen-w: {part.width * 4 / 3:.0f}px; --print-w: {part.width * part.scale:.1f}pt"
        out.append(
            f'<div class="bp-part {part.orientation}">'
            f'<figure><div class="bp-scroll" style="{escape_attr(sizes)}">{svg}</div>'
            f"<figcaption>Service blueprint, part {n + 1} of {len(parts)}: "
            f"{escape_text(word(part.stage))}, {span} of {moments}.</figcaption></figure>"
            + _fail_list_html(part.fail_points)
            + "</div>"
        )
    return '<div class="bp-parts">' + "".join(out) + "</div>"


def _fail_list_html(points: tuple[tuple[str, str], ...]) -> str:
    if not points:
        return ""
    items = "".join(f"<li><b>{escape_text(label)}</b> {escape_text(text)}</li>" for label, text in points)
    return f'<ul class="bp-fail-points">{items}</ul>'

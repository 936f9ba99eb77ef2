"""A wide blueprint cut into slide-sized panels, the lanes repeated on each.

The moments are taken in cycle order (of one stage, with ``stage``) and cut
into the fewest runs of neighbouring columns such that every panel

- is no wider than the screen's shape (``ratio``, 16:9 by default), and
- shows its smallest box label at :data:`MIN_LABEL_PX` pixels or more when
  the panel fills a :data:`SCREEN_WIDTH`-pixel-wide screen.

Each panel is a whole blueprint drawing of its columns: title, lane names,
the three lines and stage headers, so a room can read any panel alone.
Panels are saved as ``NAME-1.svg``, ``NAME-2.svg``, ... or as the pages of one
PDF.

>>> from blueprint.model.examples import tiny_service
>>> [(p.first, p.last) for p in fit_panels(tiny_service())]  # four moments are wider than 16:9
[(0, 1), (2, 3)]
>>> [(p.first, p.last) for p in fit_panels(tiny_service(), ratio=21 / 9)]
[(0, 3)]
>>> parse_ratio("16:9") == 16 / 9
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .blueprint_layout import MARGIN, NODE_W, SMALLEST_LABEL_PT, Grid, moment_columns, stage_moments

if TYPE_CHECKING:
    from ..model.service import Service
    from .output import Rendered

__all__ = [
    "MIN_LABEL_PX",
    "SCREEN_WIDTH",
    "Panel",
    "fit_panels",
    "panel_pictures",
    "parse_ratio",
    "save_panels",
]

#: the width of the screen the panels are sized for, in pixels
SCREEN_WIDTH = 1920
#: the smallest box label a panel may show at SCREEN_WIDTH: about what a back row reads on a projector
MIN_LABEL_PX = 14.0


@dataclass(frozen=True)
class Panel:
    """Columns ``first``..``last`` of the blueprint (of its stage), drawn ``width`` x ``height`` points."""

    first: int
    last: int
    width: float
    height: float
    fold: int = 1  #: steps stacked under a moment laid side by side, that many to a row

    @property
    def ratio(self) -> float:
        """Width over height."""
        return self.width / self.height

    def label_px(self, screen: tuple[float, float] = (SCREEN_WIDTH, SCREEN_WIDTH * 9 / 16)) -> float:
        """The smallest box label in pixels when the panel is fitted into ``screen`` (width, height)."""
        return SMALLEST_LABEL_PT * min(screen[0] / self.width, screen[1] / self.height)


def parse_ratio(text: str) -> float:
    """``"16:9"`` (or ``"16/9"``, ``"1.78"``) as a number; ValueError for anything else."""
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(?:[:/x]\s*([0-9]+(?:\.[0-9]+)?))?\s*", text)
    if match is None:
        raise ValueError(f"--fit {text!r}: write the screen's shape as WIDTH:HEIGHT, e.g. 16:9 or 4:3")
    width, height = float(match.group(1)), float(match.group(2) or 1)
    if width <= 0 or height <= 0:
        raise ValueError(f"--fit {text!r}: both sides of the ratio must be above 0")
    return width / height


def fit_panels(
    service: Service,
    lang: str | None = None,
    *,
    ratio: float = 16 / 9,
    stage: str | None = None,
    branches: str = "spread",
    min_px: float = MIN_LABEL_PX,
) -> list[Panel]:
    """The fewest panels, in cycle order and of nearly equal columns, that each fit ``ratio`` readably.

    A panel of one column that is still too wide (it never is with the
    standard box size) is kept as it is: it cannot be cut further. A panel
    whose labels are still small on the screen because a long stack of steps
    makes it tall lays those steps two to a row (``fold=2``) when that
    makes its labels larger and it still fits ``ratio``.
    """
    from .blueprint_view import blueprint_layout

    order = stage_moments(service, stage)
    if not order:
        raise ValueError(f"the service has no {stage} moment to draw")
    count = max(moment_columns(service, order, branches).values()) + 1
    sizes: dict[tuple[int, int, int], Panel] = {}
    screen = (SCREEN_WIDTH, SCREEN_WIDTH / ratio)

    def measure(first: int, last: int, fold: int = 1) -> Panel:
        if (first, last, fold) not in sizes:
            layout, _ = blueprint_layout(service, lang, branches=branches, columns=(first, last), stage=stage,
                                         fold=fold)  # fmt: skip
            sizes[first, last, fold] = Panel(first, last, layout.width, layout.height, fold)
        return sizes[first, last, fold]

    def fits(panel: Panel) -> bool:
        return panel.ratio <= ratio + 1e-9 and SMALLEST_LABEL_PT * SCREEN_WIDTH / panel.width >= min_px

    # A panel's width follows from its columns alone: no panel is wider than ``widest`` columns.
    widest = max((c for c in range(1, count + 1) if SMALLEST_LABEL_PT * SCREEN_WIDTH / _width(c) >= min_px),
                 default=1)  # fmt: skip
    panels: list[Panel] = []
    for parts in range(-(-count // widest), count + 1):
        panels = [measure(first, last) for first, last in _split(count, parts)]
        if all(fits(panel) for panel in panels):
            break
    # A panel made tall by a long stack of steps shows them side by side if its labels get larger so.
    folded = [measure(p.first, p.last, fold=2) if p.label_px(screen) < min_px else p for p in panels]
    return [
        f if f.ratio <= ratio + 1e-9 and f.label_px(screen) > p.label_px(screen) else p
        for p, f in zip(panels, folded, strict=True)
    ]


def _width(columns: int) -> float:
    """The width of a blueprint drawing of ``columns`` columns (steps not folded), as the grid makes it."""
    return Grid.col_x(columns) - NODE_W / 2 + MARGIN


def _split(count: int, parts: int) -> list[tuple[int, int]]:
    """``count`` columns in ``parts`` runs whose sizes differ by one at most, the larger first."""
    size, extra = divmod(count, parts)
    spans, start = [], 0
    for part in range(parts):
        width = size + (1 if part < extra else 0)
        spans.append((start, start + width - 1))
        start += width
    return spans


def panel_pictures(
    service: Service,
    panels: list[Panel],
    lang: str | None = None,
    *,
    stage: str | None = None,
    branches: str = "spread",
    title: str | None = None,
) -> list[Rendered]:
    """One blueprint picture per panel, titled with the service (and stage) and ``n/N``."""
    from . import render
    from .theme import word

    heading = title if title is not None else service.info.title_in(lang)
    if stage is not None:
        heading += f" · {word(stage, lang)}"
    count = len(panels)
    return [
        render(service, view="blueprint", lang=lang, columns=(panel.first, panel.last), stage=stage,
               branches=branches, fold=panel.fold, title=f"{heading} · {n}/{count}" if count > 1 else heading)
        for n, panel in enumerate(panels, 1)
    ]  # fmt: skip


def save_panels(pictures: list[Rendered], target: str | Path) -> list[Path]:
    """Write the panels: the pages of one PDF for ``x.pdf``, else ``x-1.svg``, ``x-2.svg``, ...

    Returns the files written. The PDF is joined with pypdf; every file is
    written atomically.
    """
    target = Path(target)
    if target.suffix.lower() == ".pdf":
        import io

        from pypdf import PdfWriter

        from ..io.atomic import write_atomic

        writer = PdfWriter()
        for picture in pictures:
            writer.append(io.BytesIO(picture.pdf()))
        buffer = io.BytesIO()
        writer.write(buffer)
        write_atomic(target, buffer.getvalue())
        return [target]
    return [
        picture.save(target.with_name(f"{target.stem}-{n}{target.suffix}"))
        for n, picture in enumerate(pictures, 1)
    ]

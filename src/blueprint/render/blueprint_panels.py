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

from .blueprint_layout import SMALLEST_LABEL_PT, moment_columns, stage_moments

if TYPE_CHECKING:
    from collections.abc import Callable

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
    scale: Callable[[Panel], float] | None = None,
) -> list[Panel]:
    """The fewest panels, in cycle order and as even as they can be, that each fit.

    A panel fits when it is no wider than ``ratio`` and its smallest box label
    shows at ``min_px`` or more: ``scale(panel)`` is how large one point of the
    panel (the whole picture, the fail points listed under it included) is
    where it is shown; by default in pixels on a :data:`SCREEN_WIDTH`-pixel-wide
    screen of shape ``ratio`` (the report passes the scale it prints at, in points).

    A panel made tall by a long stack of steps lays them two or three to a
    row (``fold``) when that fits. A single column that fits in no way is a
    panel of its own, drawn the way that shows its labels largest.
    """
    from .blueprint_footer import footer
    from .blueprint_view import PAD, blueprint_layout

    order = stage_moments(service, stage)
    if not order:
        raise ValueError(f"the service has no {stage} moment to draw")
    count = max(moment_columns(service, order, branches).values()) + 1
    screen = (SCREEN_WIDTH, SCREEN_WIDTH / ratio)
    shown = scale or (lambda panel: min(screen[0] / panel.width, screen[1] / panel.height))
    sizes: dict[tuple[int, int, int], Panel] = {}

    def measure(first: int, last: int, fold: int) -> Panel:
        if (first, last, fold) not in sizes:
            layout, _ = blueprint_layout(service, lang, branches=branches, columns=(first, last), stage=stage,
                                         fold=fold)  # fmt: skip
            height = layout.height + footer(service, layout, lang).height
            sizes[first, last, fold] = Panel(first, last, layout.width + 2 * PAD, height + 2 * PAD, fold)
        return sizes[first, last, fold]

    def good(panel: Panel) -> bool:
        return panel.ratio <= ratio + 1e-9 and SMALLEST_LABEL_PT * shown(panel) >= min_px

    def best(first: int, last: int) -> Panel:
        """These columns' panel that fits with the fewest folds, else the one with the largest labels."""
        drawn = [measure(first, last, fold) for fold in _FOLDS]
        return next((p for p in drawn if good(p)), max(drawn, key=lambda p: (shown(p), -p.fold)))

    # The runs that fit, from each column: a run that does not fit is not made to fit by widening it.
    runs: dict[int, list[int]] = {}
    for first in range(count):
        runs[first] = [first]
        while runs[first][-1] + 1 < count and good(best(first, runs[first][-1] + 1)):
            runs[first].append(runs[first][-1] + 1)
        if not good(best(first, first)):  # a column alone that fits in no way is still a panel
            runs[first] = [first]
    # Fewest panels, then the most even: the smallest sum of squared run lengths, from the right.
    plan: dict[int, tuple[int, int, list[tuple[int, int]]]] = {count: (0, 0, [])}
    for first in range(count - 1, -1, -1):
        plan[first] = min(
            (
                plan[last + 1][0] + 1,
                plan[last + 1][1] + (last - first + 1) ** 2,
                [(first, last), *plan[last + 1][2]],
            )
            for last in runs[first]
        )
    return [best(a, b) for a, b in plan[0][2]]


#: steps stacked under a moment laid side by side, that many to a row, in the order tried
_FOLDS = (1, 2, 3)


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
    end = f" · {word(stage, lang)}" if stage is not None else ""  # kept whole when the title is cut
    count = len(panels)
    return [
        render(service, view="blueprint", lang=lang, columns=(panel.first, panel.last), stage=stage,
               branches=branches, fold=panel.fold, title=heading,
               title_end=f"{end} · {n}/{count}" if count > 1 else end)
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

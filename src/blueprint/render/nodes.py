"""Node labels for the Graphviz views: wrapped titles under F/W badges, with their sizes.

A label knows its own height, so the layout can stack boxes without asking
Graphviz; widths are fixed per view and titles wrap to fit them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dot_quote import HTML, html_lines, html_text, number
from .theme import BADGE, INK
from .wrap import wrap

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["Label", "badges_of", "node_label", "wait_standard"]

_LINE = 1.12  # line height as a multiple of the font size (measured with Graphviz)
_BADGE_SIZE = 8.0
_BADGE_H = 14.0
_PAD = 7.0
_SYMBOLS = {"<=": "≤", "<": "<", ">=": "≥", ">": ">", "==": "="}
_UNITS = {
    "en": {"seconds": "s", "minutes": "min", "hours": "h", "days": "d"},
    "zh": {"seconds": "秒", "minutes": "分钟", "hours": "小时", "days": "天"},
}


@dataclass(frozen=True)
class Label:
    """An HTML-like label and the box size it needs."""

    html: HTML
    width: float
    height: float
    lines: tuple[str, ...]


def node_label(
    title: str,
    width: float,
    *,
    size: float = 10.5,
    bold: bool = False,
    badges: tuple[str, ...] = (),
    colour: str = INK,
    max_lines: int = 6,
) -> Label:
    """A label of ``width`` points holding ``title`` (wrapped) under a row of badges.

    >>> label = node_label("Check in at the desk", 120, badges=("F", "W ≤ 3 min"))
    >>> label.lines, label.height
    (('Check in at the desk',), 42.76)
    """
    lines = tuple(wrap(title, width - 2 * _PAD, size, bold=bold, max_lines=max_lines))
    text = html_lines(lines, bold=bold)
    body = f'<FONT POINT-SIZE="{number(size)}" COLOR="{colour}">{text}</FONT>'
    rows = []
    if badges:
        rows.append(f"<TR><TD>{_badge_row(badges)}</TD></TR>")
        rows.append('<TR><TD HEIGHT="3"></TD></TR>')
    rows.append(f"<TR><TD>{body}</TD></TR>")
    html = HTML(
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">' + "".join(rows) + "</TABLE>"
    )
    height = 2 * _PAD + len(lines) * size * _LINE + (_BADGE_H + 3 if badges else 0)
    return Label(html, width, round(height, 2), lines)


def _badge_row(badges: tuple[str, ...]) -> str:
    cells = []
    for badge in badges:
        fill, ink = BADGE.get(badge[:1], ("#888888", "#ffffff"))
        cells.append(
            f'<TD BGCOLOR="{fill}" CELLPADDING="2"><FONT POINT-SIZE="{number(_BADGE_SIZE)}" '
            f'COLOR="{ink}"><B>{html_text(badge)}</B></FONT></TD>'
        )
    # A thin empty cell between badges keeps them apart without a border.
    inner = '<TD WIDTH="3"></TD>'.join(cells)
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>{inner}</TR></TABLE>'


def wait_standard(service: Service, moment_id: str, lang: str | None = None) -> str | None:
    """The time standard of a wait point, e.g. ``"≤ 3 min"``: the first duration standard of the moment.

    >>> from blueprint.model.examples import tiny_service
    >>> wait_standard(tiny_service(), "check-in"), wait_standard(tiny_service(), "check-in", "zh")
    ('≤ 3 min', '≤ 3 分钟')
    """
    from ..model.queries import standards_of
    from ..model.units import quantity_of
    from ..model.vocabulary import Quantity

    if moment_id not in service.moments:
        return None
    units = _UNITS["zh" if lang == "zh" else "en"]
    for standard in standards_of(service, moment_id):
        if quantity_of(standard.unit) is Quantity.DURATION and not isinstance(standard.target, bool):
            target = number(float(standard.target))
            return f"{_SYMBOLS[standard.comparator.value]} {target} {units[standard.unit]}"
    return None


def badges_of(service: Service, node_id: str, lang: str | None = None) -> tuple[str, ...]:
    """The badges of a moment or step: ``F`` (fail point), ``W`` with its time standard (wait point)."""
    record = service.moments.get(node_id) or service.steps.get(node_id)
    if record is None:
        return ()
    badges = []
    if record.fail_point:
        badges.append("F")
    if record.wait_point:
        standard = wait_standard(service, node_id, lang)
        badges.append(f"W {standard}" if standard else "W")
    return tuple(badges)

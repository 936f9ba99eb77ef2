"""Node labels for the Graphviz views: wrapped titles under F/W badges, with their sizes.

A label knows its own height, so the layout can stack boxes without asking
Graphviz; widths are fixed per view and titles wrap to fit them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .dot_quote import HTML, html_lines, html_text, number
from .geometry import Box
from .theme import BADGE, INK
from .wrap import text_width, wrap

if TYPE_CHECKING:
    from ..model.objects import Duration
    from ..model.service import Service

__all__ = [
    "Label",
    "badge_attrs",
    "badge_boxes",
    "badges_of",
    "list_label",
    "node_label",
    "short_time",
    "step_standard",
    "step_time",
    "wait_standard",
]

_LINE = 1.12  # line height as a multiple of the font size (measured with Graphviz)
BADGE_SIZE = 8.0
_BADGE_H = 14.0
_PAD = 7.0
_SYMBOLS = {"<=": "≤", "<": "<", ">=": "≥", ">": ">", "==": "="}
_UNITS = {
    "en": {"seconds": "s", "minutes": "min", "hours": "h", "days": "d"},
    "zh": {"seconds": "秒", "minutes": "分钟", "hours": "小时", "days": "天"},
}


@dataclass(frozen=True)
class Label:
    """An HTML-like label, the box size it needs, and the badges to draw over its top."""

    html: HTML
    width: float
    height: float
    lines: tuple[str, ...]
    badges: tuple[str, ...] = ()
    #: the whole text, neither wrapped nor cut: the tooltip a reader hovers for
    full: str = ""


def node_label(
    title: str,
    width: float,
    *,
    size: float = 10.5,
    bold: bool = False,
    badges: tuple[str, ...] = (),
    colour: str = INK,
    max_lines: int = 6,
    note: str | None = None,
) -> Label:
    """A label of ``width`` points holding ``title`` (wrapped), with room above it for badges.

    ``note`` adds a bold line under the title. The badges themselves are
    separate nodes (:func:`badge_boxes`): Graphviz
    stretches table cells to the widest row, which would smear a badge
    across the whole box.

    >>> label = node_label("Check in at the desk", 120, badges=("F", "W ≤ 3 min"))
    >>> label.lines, label.height
    (('Check in at the desk',), 42.76)
    """
    lines = tuple(wrap(title, width - 2 * _PAD, size, bold=bold, max_lines=max_lines))
    text = html_lines(lines, bold=bold)
    rows = [f'<TR><TD HEIGHT="{number(_BADGE_H + 3)}"></TD></TR>'] if badges else []
    rows.append(f'<TR><TD><FONT POINT-SIZE="{number(size)}" COLOR="{colour}">{text}</FONT></TD></TR>')
    if note:  # one more line, in bold: a verdict or a number the picture is about
        rows.append(f'<TR><TD><FONT POINT-SIZE="{number(size)}" COLOR="{colour}"><B>{html_text(note)}</B>'
                    "</FONT></TD></TR>")  # fmt: skip
        lines = (*lines, note)
    full = " ".join(title.split()) + (f" {note}" if note else "")
    return replace(_label(rows, width, lines, size, badges), full=full)


def list_label(
    items: list[str], width: float, *, size: float = 9.5, colour: str = INK, max_lines: int = 12
) -> Label:
    """A label listing ``items`` as bullets, left-aligned (the physical evidence of a moment)."""
    lines: list[str] = []
    for item in items:
        wrapped = wrap(item, width - 2 * _PAD - 8, size, max_lines=3)
        lines.extend(["• " + wrapped[0], *("\u00a0\u00a0\u00a0" + more for more in wrapped[1:])])
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], "…"]
    body = "<BR/>".join(html_text(line) for line in lines)
    rows = [f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{number(size)}" COLOR="{colour}">'
            f"{body}</FONT></TD></TR>"]  # fmt: skip
    full = " ".join(f"• {' '.join(item.split())}" for item in items)
    return replace(_label(rows, width, tuple(lines), size, ()), full=full)


def _label(
    rows: list[str], width: float, lines: tuple[str, ...], size: float, badges: tuple[str, ...]
) -> Label:
    html = HTML(
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">' + "".join(rows) + "</TABLE>"
    )
    height = 2 * _PAD + len(lines) * size * _LINE + (_BADGE_H + 3 if badges else 0)
    return Label(html, width, round(height, 2), lines, badges)


def badge_boxes(box: Box, badges: tuple[str, ...]) -> list[tuple[str, Box]]:
    """Where each badge of a box goes: a centred row along the top inside the box."""
    widths = [text_width(badge, BADGE_SIZE, bold=True) + 9 for badge in badges]
    x = box.x - (sum(widths) + 4 * (len(widths) - 1)) / 2
    y = box.top + _PAD + _BADGE_H / 2 - 1
    out = []
    for badge, width in zip(badges, widths, strict=True):
        out.append((badge, Box(x + width / 2, y, width, _BADGE_H)))
        x += width + 4
    return out


def badge_attrs(badge: str) -> dict[str, object]:
    """Node attributes of a badge: a small filled tag, red ``F``, amber ``W`` or blue ``S``."""
    fill, ink = BADGE.get(badge[:1], ("#888888", "#ffffff"))
    return {
        "shape": "box", "style": "rounded,filled", "fillcolor": fill, "color": fill, "penwidth": 0.5,
        "fontcolor": ink, "margin": "0",
        "label": HTML(f'<FONT POINT-SIZE="{number(BADGE_SIZE)}"><B>{html_text(badge)}</B></FONT>'),
    }  # fmt: skip


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


def step_standard(service: Service, step_id: str, lang: str | None = None) -> str | None:
    """The short target of the first standard on a step, e.g. ``"≤ 45 s"`` (``"✓"`` for a yes/no one).

    >>> from blueprint.model.examples import tiny_service
    >>> service = tiny_service()
    >>> _ = service.replace("checkin-3min", steps=["register-guest"])
    >>> step_standard(service, "register-guest"), step_standard(service, "pms-record")
    ('≤ 3 min', None)
    """
    ids = service.standards_of_step.get(step_id)
    if not ids:
        return None
    standard = service.standards[ids[0]]
    if isinstance(standard.target, bool):
        return "✓"
    units = _UNITS["zh" if lang == "zh" else "en"]
    unit = units.get(standard.unit, "" if standard.unit in ("count", "score") else standard.unit)
    value = float(standard.target)
    if standard.unit in ("share", "percent"):  # a proportion reads as a percentage: 0.98 share is 98 %
        value, unit = (value * 100 if standard.unit == "share" else value), "%"
    return f"{_SYMBOLS[standard.comparator.value]} {number(value)}{' ' + unit if unit else ''}"


def badges_of(
    service: Service, node_id: str, lang: str | None = None, *, numbers: dict[str, str] | None = None
) -> tuple[str, ...]:
    """The badges of a moment or step: ``F`` (fail point; ``F2`` with its number from ``numbers``),
    ``W`` with its time standard (wait point), ``S`` with the target of a standard on a step.
    """
    record = service.moments.get(node_id) or service.steps.get(node_id)
    if record is None:
        return ()
    badges = []
    if record.fail_point:
        badges.append((numbers or {}).get(node_id, "F"))
    if record.wait_point:
        standard = wait_standard(service, node_id, lang)
        badges.append(f"W {standard}" if standard else "W")
    if node_id in service.steps:
        target = step_standard(service, node_id, lang)
        if target is not None:
            badges.append(f"S {target}")
    return tuple(badges)


def short_time(seconds: float, lang: str | None = None) -> str:
    """An execution time as a blueprint writes it: ``45 s``, ``2 min``, ``1 min 45 s``, ``1 h 30 min``.

    >>> short_time(45), short_time(120), short_time(105), short_time(5400), short_time(0.5)
    ('45 s', '2 min', '1 min 45 s', '1 h 30 min', '0.5 s')
    >>> short_time(105, "zh")
    '1 分钟 45 秒'
    """
    units = _UNITS["zh" if lang == "zh" else "en"]
    if seconds < 60:
        return f"{number(round(seconds, 1))} {units['seconds']}"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(hours, "hours"), (minutes, "minutes"), (secs, "seconds")]
    return " ".join(f"{amount} {units[unit]}" for amount, unit in parts if amount)


def step_time(duration: Duration | None, lang: str | None = None) -> str | None:
    """The line under a timed step's title: its standard time, and what customers tolerate.

    >>> from blueprint.model.objects import Duration
    >>> step_time(Duration(standard=30, tolerable=45)), step_time(Duration(standard=2, unit="minutes"))
    ('30 s (≤ 45 s)', '2 min')
    """
    if duration is None:
        return None
    text = short_time(duration.standard_seconds, lang)
    if duration.tolerable_seconds is not None and duration.tolerable_seconds > duration.standard_seconds:
        text += f" (≤ {short_time(duration.tolerable_seconds, lang)})"
    return text

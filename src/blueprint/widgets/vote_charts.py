"""The room's votes as HTML bar charts: class distribution and importance ranking.

Customers and staff are drawn apart, each in its own section: the customers'
votes are the customers' voice, the staff's are the staff's opinion of it
(gap 1 is the distance between the two), so one is never shown as the other.
Plain HTML (no picture library), so the charts redraw instantly after every
vote; factor titles are escaped like every other panel text.

>>> from blueprint.model.examples import tiny_service
>>> from blueprint.workshop.votes import Tally
>>> tally = Tally(tiny_service())
>>> _ = tally.cast("Ana", "checkin-speed", "basic", 5)
>>> "Quick check-in" in class_chart(tally) and "5 of 5" in importance_chart(tally)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..style import KANO_TOKENS
from ..style import colour as token_colour
from ._html import Safe, esc, note

if TYPE_CHECKING:
    from ..workshop.votes import Tally

__all__ = ["CLASS_COLOURS", "ROLE_TITLES", "class_chart", "importance_chart", "ink"]

#: Kano letter -> (BPM word, colour), in the order the bars are stacked
_WORDS = (("M", "basic"), ("O", "performance"), ("A", "motivation"), ("I", "indifferent"), ("R", "reverse"))
CLASS_COLOURS = {letter: (word, token_colour(KANO_TOKENS[letter])) for letter, word in _WORDS}


#: the roles in the order the charts show them, with their section titles
ROLE_TITLES = {"customer": "Customers' votes", "staff": "Staff's votes"}


def class_chart(tally: Tally, *, lang: str | None = None) -> Safe:
    """Per role, one stacked bar per voted factor: how many voted each class, and the class the rule gives."""
    sections = []
    for role, heading in ROLE_TITLES.items():
        result = tally.kano(role).attributes
        if result.empty:
            continue
        rows = []
        for row in result.to_dict("records"):
            total = sum(int(row[k]) for k in CLASS_COLOURS)
            parts = "".join(
                f'<span style="width:{int(row[k]) / total * 100:.1f}%;'
                f'background:{colour};color:{ink(colour)}" '
                f'title="{word}: {int(row[k])}">{int(row[k])}</span>'
                for k, (word, colour) in CLASS_COLOURS.items()
                if int(row[k])
            )
            tied = f" (tied {'/'.join(row['tied'])})" if row["tied"] else ""
            verdict = f"<b>{esc(row['bpm'])}</b> ({esc(row['category'])}){esc(tied)}"
            rows.append(_row(tally, row["attribute"], f'<div class="bp-stack">{parts}</div>', verdict, lang))
        sections.append(_section(role, heading, rows))
    if not sections:
        return note("no class votes yet")
    legend = "".join(
        f'<span><i style="background:{c}"></i>{w} ({k})</span>' for k, (w, c) in CLASS_COLOURS.items()
    )
    return Safe(f'<div class="bp-chart"><div class="bp-legend">{legend}</div>{"".join(sections)}</div>')


def importance_chart(tally: Tally, *, lang: str | None = None) -> Safe:
    """Per role, factors ranked by mean importance, with the range of the votes."""
    low, high = tally.scale
    sections = []
    for role, heading in ROLE_TITLES.items():
        frame = tally.importance(role)
        if frame.empty:
            continue
        rows = []
        for row in frame.to_dict("records"):
            width = (row["mean"] - low) / (high - low) * 100 if high > low else 0
            fill = f"width:{width:.1f}%;background:{token_colour('accent')}"
            bar = f'<div class="bp-stack"><span style="{fill}"></span></div>'
            votes = f"{row['votes']} vote{'' if row['votes'] == 1 else 's'}"
            text = f"{row['mean']:.2g} of {high:g} · {votes} ({row['low']:g}–{row['high']:g})"
            rows.append(_row(tally, row["factor"], bar, esc(text), lang))
        sections.append(_section(role, heading, rows))
    if not sections:
        return note("no importance votes yet")
    return Safe(f'<div class="bp-chart">{"".join(sections)}</div>')


def _section(role: str, heading: str, rows: list[str]) -> str:
    return (
        f'<div class="bp-chart-role" data-role="{esc(role)}">'
        f'<div class="bp-chart-heading">{esc(heading)}</div>{"".join(rows)}</div>'
    )


def ink(colour: str) -> str:
    """White or the deepest ink, whichever reads better on ``colour`` (``#rrggbb``): WCAG contrast."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    shade = luminance(colour)
    light, dark = token_colour("surface"), token_colour("ink-deep")
    on_light = (luminance(light) + 0.05) / (shade + 0.05)
    on_dark = (shade + 0.05) / (luminance(dark) + 0.05)
    return light if on_light >= on_dark else dark


def _row(tally: Tally, factor_id: str, bar: str, right: str, lang: str | None) -> str:
    title = tally.service.factors[factor_id].title_in(lang)
    return (
        f'<div class="bp-chart-row"><span class="bp-chart-label" title="{esc(title)}">{esc(title)}</span>'
        f"{bar}<span>{right}</span></div>"
    )

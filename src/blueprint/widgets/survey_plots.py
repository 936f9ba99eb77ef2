"""The Kano and IPA charts for the dashboard: SVG points a designer can hover, labels that do not overlap.

Each point carries a ``<title>``, so hovering it tells the attribute, its
values and its class (in BPM words, the Kano letter beside). Labels are placed
beside their points, trying a few positions; a label with no free place is left
out and the point keeps its hover text. The picture is shown by
:class:`~blueprint.widgets.svgview.SvgView` at its own size, with zoom and pan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from ..escaping import escape_attr
from ..style import IPA_TOKENS, KANO_TOKENS, colour, tokens

__all__ = ["Point", "ipa_svg", "kano_svg", "named", "scatter_svg"]

#: Kano's letters in BPM words
KANO_WORDS = {"M": "basic (M)", "O": "performance (O)", "A": "motivation (A)", "I": "indifferent (I)",
              "R": "reverse (R)", "Q": "questionable (Q)"}  # fmt: skip
_KANO_COLOURS = {letter: colour(token) for letter, token in KANO_TOKENS.items()}
_IPA_COLOURS = {quadrant: colour(token) for quadrant, token in IPA_TOKENS.items()}
_INK, _MUTED, _AXIS = colour("ink-soft"), colour("muted"), colour("chart-axis")
_W, _H, _PAD = 620, 460, 56
_CHAR, _LINE = 6.4, 13  # an 11 px label's character width and line height
_LABEL = 30  # the longest label beside a point; the hover text has the whole name


class Point(NamedTuple):
    x: float
    y: float
    label: str
    hover: str
    colour: str
    #: drawn hollow: a class or quadrant the answers do not show
    hollow: bool = False


def scatter_svg(points: Sequence[Point], *, x_label: str, y_label: str, x_range: tuple[float, float],
                y_range: tuple[float, float], cross: tuple[float, float],
                corners: Sequence[str] = ()) -> str:  # fmt: skip
    """An SVG scatter plot: crosshair at ``cross``, ``corners`` named clockwise from the top left."""

    def at(x: float, y: float) -> tuple[float, float]:
        (x0, x1), (y0, y1) = x_range, y_range
        px = _PAD + (x - x0) / ((x1 - x0) or 1) * (_W - 2 * _PAD)
        py = _H - _PAD - (y - y0) / ((y1 - y0) or 1) * (_H - 2 * _PAD)
        return px, py

    cx, cy = at(*cross)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" viewBox="0 0 {_W} {_H}" '
        f'font-family="{escape_attr(tokens()["font"])}" font-size="11">',
        f'<rect x="{_PAD}" y="{_PAD}" width="{_W - 2 * _PAD}" height="{_H - 2 * _PAD}"'
        f' fill="{colour("canvas")}" stroke="{colour("line")}"/>',
        f'<line x1="{cx:.1f}" y1="{_PAD}" x2="{cx:.1f}" y2="{_H - _PAD}" stroke="{_AXIS}"/>',
        f'<line x1="{_PAD}" y1="{cy:.1f}" x2="{_W - _PAD}" y2="{cy:.1f}" stroke="{_AXIS}"/>',
        f'<text x="{_W / 2}" y="{_H - 16}" text-anchor="middle" fill="{_INK}">{escape_attr(x_label)}</text>',
        f'<text transform="translate(16 {_H / 2}) rotate(-90)" text-anchor="middle" fill="{_INK}">'
        f"{escape_attr(y_label)}</text>",
    ]
    spots = ((_PAD + 6, _PAD + 14, "start"), (_W - _PAD - 6, _PAD + 14, "end"),
             (_W - _PAD - 6, _H - _PAD - 6, "end"), (_PAD + 6, _H - _PAD - 6, "start"))  # fmt: skip
    taken: list[tuple[float, float, float, float]] = []
    for (x, y, anchor), name in zip(spots, corners, strict=False):
        parts.append(f'<text x="{x}" y="{y}" text-anchor="{anchor}" fill="{_MUTED}" font-style="italic">'
                     f"{escape_attr(name)}</text>")  # fmt: skip
        width = len(name) * _CHAR
        left = x if anchor == "start" else x - width
        taken.append((left, y - _LINE, left + width, y))
    placed = [at(p.x, p.y) for p in points]
    taken += [(px - 5, py - 5, px + 5, py + 5) for px, py in placed]
    for point, (px, py) in zip(points, placed, strict=True):
        paint = (f'fill="white" stroke="{point.colour}" stroke-width="2"' if point.hollow
                 else f'fill="{point.colour}" stroke="white"')  # fmt: skip
        parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5.5" {paint}>'
                     f"<title>{escape_attr(point.hover)}</title></circle>")  # fmt: skip
        label = _place(point.label, px, py, taken)
        if label is not None:
            x, y, anchor = label
            hover, text = escape_attr(point.hover), escape_attr(point.label)
            parts.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{_INK}">'
                         f"<title>{hover}</title>{text}</text>")  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


def _place(text: str, px: float, py: float, taken: list[tuple[float, float, float, float]]) -> Any:
    """Where the label of the point at ``(px, py)`` fits without covering another; None if nowhere."""
    width = len(text) * _CHAR
    for dx, dy, anchor in ((8, -6, "start"), (8, 12, "start"), (-8, -6, "end"), (-8, 12, "end"),
                           (0, -10, "middle"), (0, 20, "middle")):  # fmt: skip
        left = px + dx if anchor == "start" else px + dx - width if anchor == "end" else px - width / 2
        box = (left, py + dy - _LINE + 3, left + width, py + dy + 3)
        inside = box[0] >= _PAD and box[2] <= _W - _PAD and box[1] >= _PAD and box[3] <= _H - _PAD
        if inside and not any(_overlap(box, other) for other in taken):
            taken.append(box)
            return px + dx, py + dy, anchor
    return None


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def named(attribute: object, names: Mapping[str, str] | None) -> tuple[str, str]:
    """An attribute's label on the chart and its full name: a key factor's title where it is one.

    >>> named("checkin-speed", {"checkin-speed": "Check-in done quickly, without queueing at the desk"})
    ('Check-in done quickly…', 'Check-in done quickly, without queueing at the desk')
    >>> named("wifi", None)
    ('wifi', 'wifi')
    """
    full = (names or {}).get(str(attribute), str(attribute))
    if len(full) <= _LABEL:
        return full, full
    cut = full[: _LABEL - 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut  # at a word's end
    return cut.rstrip(" ,;:—-") + "…", full


def kano_svg(result: Any, names: Mapping[str, str] | None = None) -> str:
    """The better-worse diagram in BPM words: worse across, better up, split at 0.5.

    ``names`` maps attributes to what the chart calls them (the key factors' titles).
    """
    frame = result.attributes.dropna(subset=["better", "worse"])
    points = []
    for r in frame.itertuples():
        label, full = named(r.attribute, names)
        hover = (f"{full}: {KANO_WORDS.get(r.category, r.category)}; better {r.better:.2f}, "
                 f"worse {r.worse:.2f} ({r.n} answers)")  # fmt: skip
        evidence = getattr(r, "evidence", None)
        doubt = evidence in ("not shown", "too few answers")
        if evidence == "not shown":
            hover += "; not clearly ahead of the next category (Fong's test): ask more customers"
        elif doubt:
            hover += "; too few answers: ask more customers"
        fill = _KANO_COLOURS.get(r.category, _MUTED)
        points.append(Point(-float(r.worse), float(r.better), label, hover, fill, doubt))
    return scatter_svg(points, x_label="dissatisfaction when absent (|worse|)",
                       y_label="satisfaction when present (better)", x_range=(0, 1), y_range=(0, 1),
                       cross=(0.5, 0.5), corners=[KANO_WORDS[c] for c in "AOMI"])  # fmt: skip


def ipa_svg(result: Any, names: Mapping[str, str] | None = None) -> str:
    """Importance against performance, cut at the crosshair, quadrants named; ``names`` as in kano_svg."""
    frame = result.attributes.dropna(subset=["importance", "performance"])
    if frame.empty:
        return scatter_svg([], x_label="performance", y_label="importance", x_range=(0, 1), y_range=(0, 1),
                           cross=(0.5, 0.5))  # fmt: skip
    ci, cp = float(result.crosshair["importance"]), float(result.crosshair["performance"])
    xs, ys = [*frame["performance"], cp], [*frame["importance"], ci]
    x_range = (min(xs) - 0.3, max(xs) + 0.3)
    y_range = (min(ys) - 0.3, max(ys) + 0.3)
    points = []
    for r in frame.itertuples():
        label, full = named(r.attribute, names)
        hover = f"{full}: {r.quadrant}; importance {r.importance:.2f}, performance {r.performance:.2f}"
        evidence = getattr(r, "evidence", None)
        doubt = evidence in ("not shown", "too few answers")
        if doubt:
            fewest = min(int(r.n), int(getattr(r, "n_importance", r.n)))
            hover += f" ({fewest} answers); {evidence}: ask more customers before acting on this quadrant"
        points.append(Point(float(r.performance), float(r.importance), label, hover,
                            _IPA_COLOURS.get(r.quadrant, _MUTED), doubt))  # fmt: skip
    return scatter_svg(points, x_label="performance", y_label=f"importance ({result.method})",
                       x_range=x_range, y_range=y_range, cross=(cp, ci),
                       corners=("concentrate here", "keep up the good work", "possible overkill",
                                "low priority"))  # fmt: skip

"""Measure and wrap label text, so boxes are sized before Graphviz sees them.

Widths use Helvetica/Arial advance widths (the font the pictures ask for,
and metric-compatible with Liberation Sans, which fontconfig substitutes);
East Asian wide characters count one em. Latin text breaks at spaces
(and after hyphens and slashes),
Chinese and Japanese text between any two characters, except that closing
punctuation never starts a line.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable

__all__ = ["Metric", "helvetica", "one_line", "text_width", "wrap"]

#: Advance width of one character in ems, given whether the text is bold.
Metric = Callable[[str, bool], float]

# Advance widths in thousandths of an em (Helvetica metrics).
_WIDTHS: dict[int, str] = {
    191: "`",
    222: "ijl|'",
    278: " ftI!,.:;/\\[]",
    333: 'r()-{}"',
    389: "*",
    500: "cksvxyzJ^",
    556: "abdeghnopqu0123456789$#_?L",
    584: "+<>=~",
    611: "FTZ",
    667: "ABEKPSVXY&",
    722: "CDHNRUw",
    778: "GOQ",
    833: "mM",
    889: "%",
    944: "W",
    1015: "@",
}
_WIDTH_OF = {ch: width / 1000 for width, chars in _WIDTHS.items() for ch in chars}
_NO_LINE_START = set("，。、；：？！）》」』】〉”’,.;:?!)]}%")
_BOLD = 1.08  # bold Helvetica runs about 8 % wider


def _char_width(ch: str) -> float:
    width = _WIDTH_OF.get(ch)
    if width is not None:
        return width
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if unicodedata.combining(ch):
        return 0.0
    return 0.6


def helvetica(ch: str, bold: bool) -> float:
    """Advance width of ``ch`` in ems in Helvetica (bold about 8 % wider): the pictures Graphviz draws."""
    return _char_width(ch) * (_BOLD if bold else 1.0)


def text_width(text: str, size: float, *, bold: bool = False, metric: Metric = helvetica) -> float:
    """Width of ``text`` in points at font ``size``, measured with ``metric``.

    >>> round(text_width("Check in at the desk", 11))
    100
    """
    if metric is helvetica:  # the blueprint's layout measures thousands of labels: no call per character
        return sum(_char_width(ch) for ch in text) * size * (_BOLD if bold else 1.0)
    return sum(metric(ch, bold) for ch in text) * size


def _tokens(line: str) -> list[str]:
    """Pieces a line may break between: words (with their trailing space) and wide characters."""
    tokens: list[str] = []
    for ch in line:
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        if wide or not tokens or tokens[-1].endswith((" ", "-", "/")) or _is_wide(tokens[-1][-1]):
            if ch in _NO_LINE_START and tokens:
                tokens[-1] += ch
            else:
                tokens.append(ch)
        else:
            tokens[-1] += ch
    return tokens


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def wrap(
    text: str,
    width: float,
    size: float,
    *,
    bold: bool = False,
    max_lines: int = 6,
    metric: Metric = helvetica,
) -> list[str]:
    """``text`` broken into lines no wider than ``width`` points.

    Newlines in the text are kept as line breaks; a word longer than a line
    is cut; past ``max_lines`` the last line ends with an ellipsis. Widths
    are measured with ``metric`` (Helvetica's by default; the charts pass
    the metric of the font matplotlib draws them in).

    >>> wrap("Give bags to the bellperson at the door", 100, 11)
    ['Give bags to the', 'bellperson at the', 'door']
    >>> wrap("办理入住手续并领取房卡", 60, 11)
    ['办理入住手', '续并领取', '房卡']
    """
    return list(_wrapped(text, width, size, bold, max_lines, metric))


def one_line(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """``text`` on one line of at most ``width`` points, cut with an ellipsis when longer.

    >>> one_line("Emergency department of the Royal Infirmary", 200, 15, bold=True)
    'Emergency department of…'
    """
    lines = wrap(" ".join(text.split()), max(width, 3 * size), size, bold=bold, max_lines=1)
    return lines[0] if lines else ""


@functools.lru_cache(maxsize=8192)
def _wrapped(
    text: str, width: float, size: float, bold: bool, max_lines: int, metric: Metric
) -> tuple[str, ...]:
    # Cached: a large blueprint is laid out twice, and titles repeat across views.
    lines: list[str] = []
    for paragraph in " ".join(text.split("\t")).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.extend(_wrap_paragraph(" ".join(paragraph.split(" ")).strip(), width, size, bold, metric))
    lines = lines or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", size, bold=bold, metric=metric) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return tuple(lines)


def _wrap_paragraph(paragraph: str, width: float, size: float, bold: bool, metric: Metric) -> list[str]:
    lines: list[str] = []
    current, used = "", 0.0  # the line so far and its width, trailing space included
    space = text_width(" ", size, bold=bold, metric=metric)
    for token in _tokens(paragraph):
        token_width = text_width(token, size, bold=bold, metric=metric)
        trimmed = used + token_width - (space if token.endswith(" ") else 0.0)
        if trimmed <= width or not current:
            current, used = current + token, used + token_width
        else:
            lines.append(current.rstrip())
            current, used = token, token_width
        while used - space * (len(current) - len(current.rstrip(" "))) > width and len(current) > 1:
            cut = _cut(current, width, size, bold, metric)
            lines.append(current[:cut])
            current = current[cut:]
            used = text_width(current, size, bold=bold, metric=metric)
    if current.strip() or not lines:
        lines.append(current.rstrip())
    # A lone wide character on the last line reads badly: take one more from the line above.
    lone = len(lines) > 1 and len(lines[-1]) == 1 and _is_wide(lines[-1]) and lines[-1] not in _NO_LINE_START
    if lone and len(lines[-2]) > 2 and _is_wide(lines[-2][-1]):
        lines[-2:] = [lines[-2][:-1], lines[-2][-1] + lines[-1]]
    return lines


def _cut(token: str, width: float, size: float, bold: bool, metric: Metric) -> int:
    """Where to cut a token too long for one line: as many characters as fit, at least one."""
    used = 0.0
    for i, ch in enumerate(token):
        used += metric(ch, bold) * size
        if used > width:
            return max(i, 1)
    return len(token)

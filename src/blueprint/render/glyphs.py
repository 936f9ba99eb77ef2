"""The characters of a picture no installed font can draw.

Graphviz (through Pango and fontconfig) draws a character with the first
font of the picture's list that has it, else with any installed font that
has it, else as an empty box holding its code. Which characters no
installed font has is read from fontconfig once (``fc-list`` with each
font's character set), so a PNG or PDF with such characters can say so
instead of passing the boxes off as text. The charts find theirs from
matplotlib's own warnings (:mod:`.figure`).
"""

from __future__ import annotations

import bisect
import functools
import unicodedata

__all__ = ["undrawable"]

#: characters never drawn as a glyph of their own: marks drawn on the letter before them,
#: format characters (joiners, direction marks), separators and controls
_NOT_DRAWN = frozenset({"Mn", "Me", "Cf", "Zs", "Zl", "Zp", "Cc"})


def undrawable(text: str) -> list[str]:
    """The characters of ``text`` (each once, in order) that no installed font has.

    Empty when fontconfig cannot be asked (``fc-list`` missing): then nothing is known.
    """
    covered = _covered()
    if covered is None:
        return []
    starts, ends = covered
    missing: dict[str, None] = {}
    for ch in text:
        code = ord(ch)
        if code < 0x7F or ch in missing or unicodedata.category(ch) in _NOT_DRAWN:
            continue
        at = bisect.bisect_right(starts, code) - 1
        if at < 0 or code > ends[at]:
            missing[ch] = None
    return list(missing)


@functools.cache
def _covered() -> tuple[list[int], list[int]] | None:
    """Every installed font's characters as sorted, merged ranges (starts, ends); None without fc-list."""
    import shutil
    import subprocess

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run(
            [fc_list, "--format", "%{charset}\\n"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    ranges: list[tuple[int, int]] = []
    for token in listed.split():
        low, _, high = token.partition("-")
        try:
            ranges.append((int(low, 16), int(high or low, 16)))
        except ValueError:
            continue
    if not ranges:
        return None
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(ranges):
        if starts and start <= ends[-1] + 1:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends

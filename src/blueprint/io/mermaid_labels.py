"""The label of a node in a hand-drawn Mermaid flowchart, in each way an editor lets one write it.

``id["label"]``, ``id[label]`` and the other bracket shapes, the shape
syntax of Mermaid 11 (``id@{ shape: rect, label: "Check in" }``) and
markdown strings (``id["`**Check in** at the desk`"]``, shown bold by
Mermaid, read here as the plain words).

>>> node_label('["`**Check in** at desk`"] --> b', 0)
(['Check in at desk'], 26)
>>> node_label('@{ shape: rect, label: "Eat, drink" }', 0)
(['Eat, drink'], 37)
"""

from __future__ import annotations

import re

__all__ = ["node_label"]

_SHAPES = (
    ("([", "])"),
    ("[[", "]]"),
    ("[(", ")]"),
    ("((", "))"),
    ("{{", "}}"),
    ("[/", "/]"),
    ("[\\", "\\]"),
    ("[", "]"),
    ("(", ")"),
    ("{", "}"),
    (">", "]"),
)
_SHAPE_LABEL = re.compile(r"""\blabel\s*:\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^,}]*))""")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")


def node_label(text: str, position: int) -> tuple[list[str], int] | None:
    """The label's lines as written (``<br>`` splits them) and the position after it; ``None`` when
    ``text[position:]`` opens a label it never closes. No label there: ``([], position)``."""
    if text.startswith("@{", position):
        close = text.find("}", position)
        if close < 0:
            return None
        match = _SHAPE_LABEL.search(text, position, close)
        body = next((g for g in match.groups() if g is not None), "") if match else ""
        return _lines(body.strip().replace('\\"', '"')), close + 1
    for opening, closing in _SHAPES:
        if text.startswith(opening, position):
            close = text.find(closing, position + len(opening))
            if text.startswith('"', position + len(opening)):
                quote = text.find('"', position + len(opening) + 1)
                close = text.find(closing, quote) if quote >= 0 else -1
            if close < 0:
                return None
            body = text[position + len(opening) : close].strip()
            body = body[1:-1] if len(body) >= 2 and body[0] == body[-1] == '"' else body
            return _lines(body), close + len(closing)
    return [], position


def _lines(body: str) -> list[str]:
    if len(body) >= 2 and body[0] == body[-1] == "`":  # a markdown string: the words without the marks
        body = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3), body[1:-1])
        body = "<br>".join(line.strip() for line in body.splitlines())
    return [part.strip() for part in re.split(r"<br\s*/?>", body)]

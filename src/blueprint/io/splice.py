"""Replace one scalar in YAML text in place, keeping how it is written around it.

A value written as a block scalar (``description: >-`` and indented lines)
is written again as a block scalar of the same kind when the new text allows
it, else as one quoted line; the line break and indentation that follow the
block are left alone, so the next key stays on its own line. A value carrying
an anchor (``&t 3``) keeps its anchor; the aliases of it (``*t``) that were
not edited are written out with the value they had, so they keep reading the
same. An edit inside a mapping or list that is shared through an anchor and
its aliases is refused: it would change every copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ..errors import SaveError
from .yaml_located import Mapping, Sequence, Span

__all__ = ["Splice", "newline_of", "refuse_shared", "scalar_splices"]

Splice = tuple[int, int, str]

#: node properties before a value: anchors and tags, each followed by a space or line break
_PROPERTIES = re.compile(r"(?:[&!][^\s,\[\]{}]*\s+)+")
_BLOCK_HEADER = re.compile(r"([|>])[-+0-9]*([^\r\n]*)")
# what a block scalar cannot hold raw: control characters other than tab, odd line breaks
_NOT_IN_BLOCK = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def newline_of(text: str) -> str:
    """The line ending most lines of ``text`` use: CRLF or LF."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


def scalar_splices(
    text: str, data: Any, path: tuple[Any, ...], value: Any, written: Callable[[Any, str], str]
) -> list[Splice] | None:
    """The text replacements that set the scalar at ``path`` to ``value``; ``None`` if it is not a scalar.

    ``written(value, original)`` gives a value's text in the style of ``original``.
    """
    parent, step = _parent(data, path)
    span = _span_of(parent, step)
    if span is None or isinstance(parent[step], (Mapping, Sequence)):
        return None
    original = text[span.start : span.end].rstrip(" \t\r\n")  # a block scalar's span runs on to the next key
    start, end = span.start, span.start + len(original)
    if _alias_of(parent, step) is not None:  # the alias alone is replaced; the anchor keeps its value
        return [(start, end, written(value, ""))]
    found = _PROPERTIES.match(original)
    properties = found.group() if found else ""
    body = original[len(properties) :]
    replacement = properties + (_block(value, body, text, span, newline_of(text)) or written(value, body))
    splices = [(start, end, replacement)]
    anchor = next((p[1:].strip() for p in properties.split() if p.startswith("&")), None)
    if anchor:
        old = written(parent[step], "")
        splices.extend((site.start, site.end, old) for site in _aliases(data, anchor))
    return splices


def refuse_shared(text: str, data: Any, path: tuple[Any, ...], source: str, *, inside: bool = True) -> None:
    """Raise :class:`SaveError` when changing ``path`` would change a mapping or list shared by aliases.

    The containers on the way to ``path`` (and the node at ``path`` itself unless
    ``inside`` is false) are checked: none may be an alias, nor carry an anchor
    that an alias refers to.
    """
    node, steps = data, path if inside else path[:-1]
    for i, step in enumerate(steps):
        if not isinstance(node, (Mapping, Sequence)) or not _has(node, step):
            return
        span, alias, child = _span_of(node, step), _alias_of(node, step), node[step]
        node = child
        if not isinstance(child, (Mapping, Sequence)) or span is None:
            continue
        written = text[span.start : span.end]
        found = _PROPERTIES.match(written)
        anchor = next((p[1:] for p in (found.group().split() if found else []) if p.startswith("&")), None)
        if alias is None and (anchor is None or not any(True for _ in _aliases(data, anchor))):
            continue
        line, column = span.line + 1, span.column + 1
        where = ".".join(str(s) for s in path[: i + 1])
        what = f"an alias of the anchor &{alias}" if alias else f"the anchor &{anchor}, which aliases repeat"
        raise SaveError(
            f"{source}:{line}:{column}: the edit of {'.'.join(str(s) for s in path)} is inside {where}, "
            f"written as {what}; saving it would change every copy. The file was not changed.\n"
            "Write that part out in full where you edit it (replace the alias with the text it stands "
            "for), load the file again and repeat the edit."
        )


# -- block scalars -------------------------------------------------------------------------


def _block(value: Any, body: str, text: str, span: Span, newline: str) -> str | None:
    """``value`` as a block scalar like ``body`` (``|`` or ``>`` with its lines), or ``None``."""
    header = _BLOCK_HEADER.match(body)
    if (
        header is None
        or not isinstance(value, str)
        or not value.strip()
        or _NOT_IN_BLOCK.search(value.replace("\n", ""))
    ):
        return None
    content = value[:-1] if value.endswith("\n") else value
    lines = content.split("\n")
    if content.endswith("\n") or any(line[:1] in (" ", "\t") or line != line.rstrip() for line in lines):
        return None  # kept trailing breaks and indented lines need indicators; a quoted line is simpler
    style, comment = header.group(1), header.group(2)
    if style == ">":  # in a folded scalar one line break is a space: n breaks need n empty lines
        lines = re.sub(r"\n+", lambda run: "\n" * (len(run.group()) + 1), content).split("\n")
    indent = _indent_of(body, text, span)
    chomp = "" if value.endswith("\n") else "-"
    return style + chomp + comment + "".join(newline + (indent + line if line else "") for line in lines)


def _indent_of(body: str, text: str, span: Span) -> str:
    for line in body.splitlines()[1:]:
        if line.strip():
            return line[: len(line) - len(line.lstrip(" "))]
    line_start = text.rfind("\n", 0, span.start) + 1
    own = text[line_start : span.start]
    return " " * (len(own) - len(own.lstrip(" ")) + 2)


# -- walking the located data --------------------------------------------------------------


def _parent(data: Any, path: tuple[Any, ...]) -> tuple[Any, Any]:
    node = data
    for step in path[:-1]:
        node = node[step]
    return node, path[-1]


def _has(node: Any, step: Any) -> bool:
    if isinstance(node, Mapping):
        return step in node
    return isinstance(step, int) and 0 <= step < len(node)


def _span_of(node: Any, step: Any) -> Span | None:
    if isinstance(node, Mapping):
        return node.value_spans.get(step)
    if isinstance(node, Sequence) and isinstance(step, int) and 0 <= step < len(node.item_spans):
        return node.item_spans[step]
    return None


def _alias_of(node: Any, step: Any) -> str | None:
    return node.aliases.get(step) if isinstance(node, (Mapping, Sequence)) else None


def _aliases(data: Any, anchor: str) -> Iterator[Span]:
    """Where the aliases of ``anchor`` are written, walking each shared part once."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, Mapping):
            steps: Any = node.keys()
        elif isinstance(node, Sequence):
            steps = range(len(node))
        else:
            continue
        for step in steps:
            if node.aliases.get(step) == anchor:
                span = _span_of(node, step)
                if span is not None:
                    yield span
            elif isinstance(node[step], (Mapping, Sequence)):
                stack.append(node[step])

"""Add and remove list items and keys in YAML text, leaving every other line as it was written.

A round trip through a YAML library rewrites the whole file: it joins a flow
mapping written over several lines (and drops the comments inside it), drops
anchors nothing refers to, and takes the comment written above the next item
away with a removed one. These edits touch only the lines of what is added or
removed:

- removing an item of a block list (``- id: ...``) or a key of a block
  mapping takes its lines and the comment lines written right above it; the
  comments and blank lines that follow it belong to what comes next and stay;
- a new item is written after the last item of its list, in the indentation
  of its siblings; a new key after the last key of its mapping, or inside the
  braces of a flow mapping (``{zh: ..., fr: ...}``);
- a block list given new items takes the place of the old ones, in their
  indentation, unless a comment is written among them.

Each function returns a :data:`~blueprint.io.splice.Splice`, or ``None`` when
the text is not written in a way it can edit line by line (a flow list, an
item sharing its line with something else); the caller then falls back to the
round trip. The saver reads the result back before it writes anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from .splice import Splice
from .yaml_located import Mapping, Sequence, Span

__all__ = [
    "add_key",
    "append_item",
    "delete_item",
    "delete_key",
    "list_indents",
    "replace_inline",
    "replace_items",
]

#: a whole line holding a comment or nothing
_EMPTY_OR_COMMENT = re.compile(r"[ \t]*(?:#.*)?\r?$")
_DASHES = re.compile(r"( *)-( +)$")

#: renders a value as block YAML lines (no indentation, no final line break)
Render = Callable[[Any], str]


def delete_item(text: str, sequence: Sequence, index: int) -> Splice | None:
    """Remove item ``index`` of a block list with its lines and the comments right above it."""
    if len(sequence) < 2 or not 0 <= index < len(sequence.item_spans):
        return None  # the last item goes: the key needs rewriting, which the round trip does
    dash = _dash_of(text, sequence.item_spans[index])
    if dash is None:
        return None
    line_start, column = dash
    return _cut(text, line_start, column)


def delete_key(text: str, mapping: Mapping, key: str) -> Splice | None:
    """Remove ``key`` of a block mapping with its value's lines and the comments right above it."""
    span = mapping.key_spans.get(key)
    if span is None or len(mapping) < 2:
        return None
    if _is_flow(text, mapping.span):
        return _delete_inline_key(text, mapping, key)
    line_start = text.rfind("\n", 0, span.start) + 1
    if text[line_start : span.start].strip(" "):
        return None  # the key shares its line with the list's dash or another key
    return _cut(text, line_start, span.start - line_start)


def _delete_inline_key(text: str, mapping: Mapping, key: str) -> Splice | None:
    """Remove ``key: value`` from a mapping written in braces on one line, with the comma that parts it."""
    if "\n" in text[mapping.span.start : mapping.span.end]:
        return None
    keys = sorted(mapping.key_spans, key=lambda k: mapping.key_spans[k].start)
    at = keys.index(key)
    if at:  # from the end of the value before it: ", key: value"
        return (mapping.value_spans[keys[at - 1]].end, mapping.value_spans[key].end, "")
    return (mapping.key_spans[key].start, mapping.key_spans[keys[1]].start, "")  # "key: value, "


def append_item(text: str, sequence: Sequence, value: Any, render: Render, newline: str) -> Splice | None:
    """Write ``value`` as a new last item of a block list, indented like the items before it."""
    if not sequence.item_spans:
        return None
    last = sequence.item_spans[-1]
    dash = _dash_of(text, last)
    if dash is None:
        return None
    line_start, column = dash
    gap = text[line_start + column + 1 : last.start]
    lines = render(value).split("\n")
    first = " " * column + "-" + gap + lines[0]
    rest = [(" " * (column + 1 + len(gap)) + line) if line else "" for line in lines[1:]]
    end = _content_end(text, line_start, column)
    added = newline.join([first, *rest]) + newline
    if len(sequence.item_spans) > 1 and _blank_between(text, sequence.item_spans[-2], line_start, column):
        added = newline + added  # the items are set apart by blank lines: so is the new one
    return (end, end, added if text[end - 1 : end] == "\n" else newline + added.removesuffix(newline))


def replace_items(
    text: str, sequence: Sequence, value: list[Any], render: Render, newline: str
) -> Splice | None:
    """Write a block list anew with the items of ``value``, in the place and indentation of the old ones.

    ``None`` when a comment (or any ``#``) is written among the old items: the
    round trip then decides whether it can keep it.
    """
    if not value or not sequence.item_spans or _is_flow(text, sequence.span):
        return None
    first, last = _dash_of(text, sequence.item_spans[0]), _dash_of(text, sequence.item_spans[-1])
    if first is None or last is None or first[1] != last[1]:
        return None
    line_start, column = first
    end = _content_end(text, last[0], column)
    if "#" in text[line_start:end]:
        return None
    gap = text[line_start + column + 1 : sequence.item_spans[0].start]
    second = _dash_of(text, sequence.item_spans[1]) if len(sequence.item_spans) > 1 else None
    blank = second is not None and _blank_between(text, sequence.item_spans[0], *second)
    items = []
    for item in value:
        lines = render(item).split("\n")
        rest = [(" " * (column + 1 + len(gap)) + line) if line else "" for line in lines[1:]]
        items.append(newline.join([" " * column + "-" + gap + lines[0], *rest]) + newline)
    written = (newline if blank else "").join(items)
    return (line_start, end, written if text[end - 1 : end] == "\n" else written.removesuffix(newline))


def _blank_between(text: str, before: Span, line_start: int, column: int) -> bool:
    """Whether blank lines (and no comment) part the item at ``before`` from the line at ``line_start``."""
    dash = _dash_of(text, before)
    if dash is None:
        return False
    gap = text[_content_end(text, dash[0], column) : line_start]
    return bool(gap) and not gap.strip()


def add_key(text: str, mapping: Mapping, key: str, value: Any, render: Render, newline: str) -> Splice | None:
    """Write ``key: value`` after the last key of ``mapping`` (block or flow)."""
    if not mapping.key_spans:
        return None
    if _is_flow(text, mapping.span):
        if text[mapping.span.end - 1 : mapping.span.end] != "}":
            return None
        rendered = render({key: value})  # "key: value", or "{key: [...]}" from a renderer writing inline
        if rendered.startswith("{") and rendered.endswith("}"):
            rendered = rendered[1:-1]
        if "\n" in rendered:
            return None
        last = max(mapping.value_spans.values(), key=lambda span: span.end)
        return (last.end, last.end, ", " + rendered)
    last_key = max(mapping.key_spans.values(), key=lambda span: span.start)
    line_start = text.rfind("\n", 0, last_key.start) + 1
    column = last_key.start - line_start
    if text[line_start : last_key.start].strip(" "):
        return None  # the mapping starts on a list item's line: "- id: x" (column taken from a sibling)
    lines = render({key: value}).split("\n")
    added = newline.join((" " * column + line) if line else "" for line in lines) + newline
    end = _content_end(text, line_start, column)
    return (end, end, added if text[end - 1 : end] == "\n" else newline + added.removesuffix(newline))


def replace_inline(
    text: str, span: Span | None, value: Any, scalar: Callable[[Any], str], inline: Render | None = None
) -> Splice | None:
    """Write a list or mapping written inline on one line (``[a, b]``, ``{zh: ...}``) anew.

    Scalars are written by ``scalar``; nested lists and mappings by ``inline``, a renderer writing
    in brackets, when given and when they fit on the line.
    """
    if span is None or not _is_flow(text, span) or "\n" in text[span.start : span.end]:
        return None
    if (
        isinstance(value, list)
        and text[span.start] == "["
        and not any(isinstance(v, (dict, list)) for v in value)
    ):
        return (span.start, span.end, "[" + ", ".join(scalar(v) for v in value) + "]")
    if (
        isinstance(value, dict)
        and text[span.start] == "{"
        and not any(isinstance(v, (dict, list)) for v in value.values())
    ):
        return (
            span.start,
            span.end,
            "{" + ", ".join(f"{scalar(k)}: {scalar(v)}" for k, v in value.items()) + "}",
        )
    if inline is not None and text[span.start] == ("[" if isinstance(value, list) else "{"):
        rendered = inline(value)
        if "\n" not in rendered and rendered[:1] == text[span.start]:
            return (span.start, span.end, rendered)
    return None


def list_indents(text: str, data: Any) -> tuple[int, int] | None:
    """How the file indents a block list under a key: (item's keys, dash) columns past the key's.

    Read off the first block list of records under a top-level key, without
    parsing the file again; ``None`` when there is none.
    """
    if not isinstance(data, Mapping):
        return None
    for key, value in data.items():
        if not isinstance(value, Sequence) or not value.item_spans or not isinstance(value[0], Mapping):
            continue
        dash = _dash_of(text, value.item_spans[0])
        if dash is None:
            continue
        key_column = data.key_spans[key].column
        item_column = value.item_spans[0].start - dash[0]
        return item_column - key_column, dash[1] - key_column
    return None


# -- lines ---------------------------------------------------------------------------------


def _dash_of(text: str, item: Span) -> tuple[int, int] | None:
    """The start of the line of a block list item and the column of its dash."""
    line_start = text.rfind("\n", 0, item.start) + 1
    found = _DASHES.match(text[line_start : item.start])
    return (line_start, len(found.group(1))) if found else None


def _is_flow(text: str, span: Span) -> bool:
    return text[span.start : span.start + 1] in ("{", "[")


def _lines_from(text: str, start: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each line from ``start`` on, the end after its line break."""
    position = start
    while position < len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end + 1
        yield position, end
        position = end


def _content_end(text: str, line_start: int, column: int) -> int:
    """Where the node starting on the line at ``line_start`` ends: after its last line of content.

    A line belongs to the node while it is indented deeper than ``column``;
    comment and blank lines after its last content line belong to what follows.
    """
    lines = _lines_from(text, line_start)
    end = next(lines)[1]
    for start, stop in lines:
        line = text[start:stop].rstrip("\n")
        if _EMPTY_OR_COMMENT.fullmatch(line):
            continue
        if len(line) - len(line.lstrip(" ")) <= column:
            break
        end = stop
    return end


def _cut(text: str, line_start: int, column: int) -> Splice:
    """The splice removing the node on the line at ``line_start`` and the comment lines right above it.

    A comment less indented than the node heads the section it is in, not
    the node, and stays.
    """
    end = _content_end(text, line_start, column)
    start = line_start
    while start > 0:
        above = text.rfind("\n", 0, start - 1) + 1
        line = text[above:start].rstrip("\r\n")
        if not line.strip().startswith("#") or len(line) - len(line.lstrip(" ")) < column:
            break
        start = above
    return (start, end, "")

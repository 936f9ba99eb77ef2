"""A file's text with a service's changes made: line by line where each can be, else by a rewrite.

:func:`apply_edits` makes each change on the lines it concerns
(:mod:`.block_edits`, :mod:`.splice`); when one cannot be made so, the whole
text is written again by ruamel.yaml's round trip (:func:`rewrite`), which
is refused when it would drop a comment the user wrote.
"""

from __future__ import annotations

from typing import Any

from ..errors import SaveError
from ..model.objects import MomentOfTruth
from .block_edits import (
    add_key,
    append_item,
    delete_item,
    delete_key,
    list_indents,
    replace_inline,
    replace_items,
)
from .comments import lost
from .document import Document
from .round_trip import Op, render, round_trip, scalar_text, yaml_for
from .splice import Splice, newline_of, refuse_shared, scalar_splices
from .yaml_located import Mapping, Sequence, span_at

__all__ = ["KEEP_EMPTY", "apply_edits", "has_path", "rewrite", "value_at"]

#: keys whose empty list is written out: ``channels: []`` marks a function no channel offers
KEEP_EMPTY = frozenset(MomentOfTruth.KEEP_EMPTY)


def apply_edits(document: Document, ops: list[Op]) -> str:
    """The text with ``ops`` made: line by line where each can be, else by a round trip."""
    if not ops:
        return document.text
    spliced = _spliced(document, ops)
    return spliced if spliced is not None else rewrite(document, ops)


def rewrite(document: Document, ops: list[Op]) -> str:
    """The text with ``ops`` made by ruamel.yaml's round trip; SaveError if it would drop a comment.

    The round trip drops a comment written inside brackets over several
    lines anywhere in the file, the edited part's own included; only the
    comments of what ``ops`` remove (and those right above it) may go.
    """
    text = round_trip(document.text, ops)
    data = document.located()
    spared = []
    for kind, path, _ in ops:
        span = span_at(data, path) if kind == "delete" and has_path(data, path) else None
        if span is not None:
            spared.append((_comments_above(document.text, span.start), span.end))
    dropped = lost(document.text, text, spared)
    if dropped:
        first = dropped[0]
        raise SaveError(
            f"{document.source}:{first.line + 1}:{first.column + 1}: this edit can only be written by "
            f"rewriting the whole file, which would drop the comment {first.text!r}, so the file was not "
            "changed. A rewrite loses the comments written inside brackets over several lines: write "
            "that list or mapping on one line, or one item per line without brackets, and save again."
        )
    return text


def _comments_above(text: str, start: int) -> int:
    """Where the comment lines written right above the line holding ``start`` begin."""
    line_start = text.rfind("\n", 0, start) + 1
    while line_start > 0:
        above = text.rfind("\n", 0, line_start - 1) + 1
        if not text[above:line_start].lstrip().startswith("#"):
            break
        line_start = above
    return line_start


def _spliced(document: Document, ops: list[Op]) -> str | None:
    """The text with ``ops`` made line by line, or ``None`` when one of them cannot be."""
    data = document.located()
    for kind, path, _ in ops:  # an edit inside a part shared through aliases would change every copy
        refuse_shared(document.text, data, path, document.source, inside=kind == "append")
    ops = _whole_lists(data, ops)
    splices = [_splice_for(document, op, ops) for op in ops]
    if any(s is None for s in splices):
        return None
    chosen: dict[tuple[int, int], str] = {}
    for rank in (0, 1):  # an edit's own text wins over writing out an alias it shares
        for group in splices:
            for i, (start, end, replacement) in enumerate(group or ()):
                if start == end and rank == 0:  # insertions at one place: each in turn
                    chosen[(start, end)] = chosen.get((start, end), "") + replacement
                elif (i > 0) == rank:
                    chosen.setdefault((start, end), replacement)
    text = document.text
    for (start, end), replacement in sorted(chosen.items(), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _whole_lists(data: Any, ops: list[Op]) -> list[Op]:
    """``ops`` with the removal of every item of a list made the removal of its key.

    A list whose items all go would leave its key with no value; ``channels``
    is kept, written ``[]`` by the round trip, since an empty list there says something.
    """
    deleted: dict[tuple[Any, ...], int] = {}
    for kind, path, _ in ops:
        if kind == "delete" and isinstance(path[-1], int):
            deleted[path[:-1]] = deleted.get(path[:-1], 0) + 1
    emptied = {
        path
        for path, count in deleted.items()
        if path and path[-1] not in KEEP_EMPTY and has_path(data, path) and len(value_at(data, path)) == count
    }
    whole: list[Op] = [("delete", path, None) for path in emptied]
    return whole + [op for op in ops if not (op[0] == "delete" and op[1][:-1] in emptied)]


def _splice_for(document: Document, op: Op, ops: list[Op]) -> list[Splice] | None:
    kind, path, value = op
    data, text = document.located(), document.text
    if kind == "append":
        target = value_at(data, path) if has_path(data, path) else None
        if not isinstance(target, Sequence):
            return None
        if (
            text[target.span.start : target.span.start + 1] == "["
        ):  # inline: written anew with all its additions
            whole = [*target, *(v for k, p, v in ops if k == "append" and p == path)]
            found = replace_inline(text, target.span, whole, lambda v: scalar_text(v, ""))
            return None if found is None else [found]
        flow = bool(target.item_spans) and all(text[s.start : s.start + 1] == "{" for s in target.item_spans)
        found = append_item(text, target, value, _renderer(document, flow), newline_of(text))
    elif not has_path(data, path[:-1]):
        return None
    elif kind == "delete":
        parent = value_at(data, path[:-1])
        if isinstance(parent, Sequence):
            found = delete_item(text, parent, path[-1])
        else:
            found = delete_key(text, parent, path[-1]) if path[-1] in parent else None
    elif path[-1] not in _keys_of(data, path):
        parent = value_at(data, path[:-1])
        inline = text[parent.span.start : parent.span.start + 1] == "{"
        found = add_key(text, parent, path[-1], value, _renderer(document, inline), newline_of(text))
    elif isinstance(value, (dict, list)):
        in_brackets = lambda v: _renderer(document, True)(v)  # noqa: E731 - made only when it is needed
        found = replace_inline(text, span_at(data, path), value, lambda v: scalar_text(v, ""), in_brackets)
        old = value_at(data, path)
        if found is None and isinstance(value, list) and isinstance(old, Sequence):  # a block list: its items
            flow = bool(old.item_spans) and all(text[s.start : s.start + 1] == "{" for s in old.item_spans)
            found = replace_items(text, old, value, _renderer(document, flow), newline_of(text))
    else:
        return scalar_splices(text, data, path, value, scalar_text)
    return None if found is None else [found]


def _renderer(document: Document, flow: bool) -> Any:
    # the file's own list indentation, read off its lists (guessing it would parse the whole file again)
    yaml = yaml_for(document.text, indents=list_indents(document.text, document.located()) or (2, 2))
    return lambda value: render(yaml, value, flow=flow)


def has_path(data: Any, path: tuple[Any, ...]) -> bool:
    for step in path:
        found = (isinstance(data, Mapping) and step in data) or (
            isinstance(data, Sequence) and isinstance(step, int) and 0 <= step < len(data)
        )
        if not found:
            return False
        data = data[step]
    return True


def value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _keys_of(data: Any, path: tuple[Any, ...]) -> Any:
    parent = value_at(data, path[:-1])
    return parent if isinstance(parent, Mapping) else range(len(parent))

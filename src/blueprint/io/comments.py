"""The comments of a YAML text, and those a rewritten text no longer holds.

ruamel.yaml's round trip keeps comments, except one written inside a list
or mapping in brackets that spans several lines (``{zh: ...,  # note``):
it joins the brackets onto one line and drops the comment, wherever in the
file they are. The save writes an edit by the round trip only when it
cannot make it line by line, and refuses it when a comment it did not
remove would be lost (:func:`lost`).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

__all__ = ["Comment", "comments", "lost"]


class Comment(NamedTuple):
    """A comment: 0-based line and column of its ``#``, its character offset, and its text."""

    line: int
    column: int
    start: int
    text: str


def comments(text: str) -> list[Comment]:
    """Every comment of ``text``: a ``#`` at the start of a line or after a space, outside any scalar.

    >>> [c.text for c in comments("a: 1  # one\\nb: '# not one'\\n# two\\n")]
    ['# one', '# two']
    """
    scalars = _scalar_spans(text)
    starts = [start for start, _ in scalars]
    found = []
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True)):
        at = line.find("#")
        while at >= 0:
            index = offset + at
            inside = bisect.bisect_right(starts, index) - 1
            if (at == 0 or line[at - 1] in " \t") and not (inside >= 0 and index < scalars[inside][1]):
                found.append(Comment(number, at, index, line[at:].rstrip()))
                break
            at = line.find("#", at + 1)
        offset += len(line)
    return found


def lost(old: str, new: str, spared: Iterable[tuple[int, int]] = ()) -> list[Comment]:
    """The comments of ``old`` that ``new`` no longer holds, but for those in the ``spared`` ranges.

    Comments are compared by their text, as often as each is written.
    """
    ranges = list(spared)
    kept = Counter(c.text for c in comments(new))
    missing = []
    for comment in comments(old):
        if any(start <= comment.start < end for start, end in ranges):
            continue
        if kept[comment.text]:
            kept[comment.text] -= 1
        else:
            missing.append(comment)
    return missing


def _scalar_spans(text: str) -> list[tuple[int, int]]:
    """The character ranges of the scalars (keys and values) of ``text``, in order."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spans = []
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, yaml.ScalarToken):
                spans.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        pass  # the text was loaded before: the scalars up to here are the ones it has
    return spans

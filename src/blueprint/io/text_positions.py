"""Find where a record or one of its fields is written, by reading the text around its id.

Locating through a full located parse costs as much as loading the file with
the careful parser; for files loaded on the fast path, a finding usually
needs one line number, which a scan of block-style YAML gives at once. When
the layout is not the usual block style, the caller falls back to the
located parse.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

__all__ = ["TextLocator"]


class TextLocator:
    """Line and column (0-based) of ``id: X`` records and their keys in YAML text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._ids: dict[str, tuple[int, int, int]] | None = None

    def find(self, subject: str, path: tuple[Any, ...] = ()) -> tuple[int, int] | None:
        """Where ``subject``'s record (or the first key of ``path`` in it) starts."""
        found_id = self._id_index().get(subject)
        if found_id is None:
            return None
        key_start, value_start, line_end = found_id
        indent = key_start - self.text.rfind("\n", 0, key_start) - 1
        if not path or not isinstance(path[0], str):
            return self._position(key_start)
        if path[0] == "id":
            return self._position(value_start)
        key = re.compile(rf"^ {{{indent}}}{re.escape(path[0])}\s*:[ \t]*", re.MULTILINE)
        position = self._record_start(key_start, indent)
        end = self._record_end(line_end, indent)
        found = key.search(self.text, position, end)
        if found is None:  # a key not written here: point at the record, as the located parse does
            return self._position(key_start)
        value_start = found.end()
        if self.text.startswith(("\n", "\r", "#"), value_start):  # a block value starts on a later line
            block = _FIRST_CONTENT.search(self.text, value_start)
            value_start = block.start(1) if block else found.start() + indent
        return self._position(value_start)

    def _id_index(self) -> dict[str, tuple[int, int, int]]:
        # one scan of the text for every ``id:`` line: a lint of thousands of standards asks
        # for thousands of records, and a search per record would read the file each time
        if self._ids is None:
            self._ids = {}
            for match in _ID_LINE.finditer(self.text):
                value = match.group("value")
                if value[:1] in "'\"" and len(value) > 1 and value[-1] == value[0]:
                    value = value[1:-1]
                self._ids.setdefault(value, (match.start("key"), match.start("value"), match.end()))
        return self._ids

    def _record_start(self, key_start: int, indent: int) -> int:
        return self.text.rfind("\n", 0, key_start) + 1

    def _record_end(self, after: int, indent: int) -> int:
        # the record ends at the first non-blank, non-comment line indented less than its keys
        pattern = re.compile(rf"^(?! {{{indent}}})(?=[ ]*[^ \n#\r])", re.MULTILINE)
        found = pattern.search(self.text, after)
        return found.start() if found else len(self.text)

    def _position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._line_starts, offset) - 1
        return line, offset - self._line_starts[line]


_FIRST_CONTENT = re.compile(r"\n[ ]*([^ \n\r#])")
# an ``id:`` key with a plain or quoted one-line value, optionally as a list item
_ID_LINE = re.compile(
    r"^[ ]*(?:-[ ]+)?(?P<key>id)[ ]*:[ ]*(?P<value>\"[^\"\n]*\"|'[^'\n]*'|[^\s#'\"][^\n#]*?)[ ]*(?:#.*)?\r?$",
    re.MULTILINE,
)

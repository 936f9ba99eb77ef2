"""What the loader remembers about a file so the saver can write it back faithfully."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ..model.findings import Location
from .text_positions import TextLocator
from .yaml_located import Mapping, parse, span_at

__all__ = ["Document", "digest"]


def digest(raw: bytes) -> str:
    """A fingerprint of file content, to notice changes made on disk by others."""
    return hashlib.sha256(raw).hexdigest()


@dataclass
class Document:
    """The source text, its data, and the records as they were loaded.

    ``data`` is located (:class:`~blueprint.io.yaml_located.Mapping`) when the file
    was read by the careful parser, plain when it took the fast path; then
    :meth:`located` parses again on first need.
    """

    source: str
    text: str
    data: Any
    index: dict[str, tuple[Any, ...]]
    bom: bool = False
    fingerprint: str | None = None
    #: id -> the record as loaded; records are immutable, so ``is`` tells unchanged ones
    records: dict[str, Any] = field(default_factory=dict)
    info: Any = None

    _lines: TextLocator | None = field(default=None, repr=False)

    def located(self) -> Any:
        """The data with the position of every key and value."""
        if not isinstance(self.data, Mapping):
            self.data = parse(self.text)
        return self.data

    def locate(self, subject: str, path: tuple[Any, ...] | str | None = None) -> Location:
        """Where ``subject`` (and the field ``path`` inside it) is written; 1-based."""
        path = (path,) if isinstance(path, str) else tuple(path or ())
        base = self.index.get(subject)
        if base is None and self.info is not None and subject == self.info.id:
            base = ("service",)  # the service itself: its sponsor, goals, ...
        elif base is None:
            return Location(self.source, 1, 1)
        elif not isinstance(self.data, Mapping):
            self._lines = self._lines or TextLocator(self.text)
            found = self._lines.find(subject, path)
            if found is not None:
                return Location(self.source, found[0] + 1, found[1] + 1)
        span = span_at(self.located(), base + path)
        return Location(self.source, span.line + 1, span.column + 1) if span else Location(self.source, 1, 1)

"""What the loader remembers about a file so the saver can write it back faithfully."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Document", "digest"]


def digest(raw: bytes) -> str:
    """A fingerprint of file content, to notice changes made on disk by others."""
    return hashlib.sha256(raw).hexdigest()


@dataclass
class Document:
    """The source text, its located data, and the records as they were loaded."""

    text: str
    data: Any
    index: dict[str, tuple[Any, ...]]
    bom: bool = False
    fingerprint: str | None = None
    #: id -> the record as loaded; records are immutable, so ``is`` tells unchanged ones
    records: dict[str, Any] = field(default_factory=dict)
    info: Any = None

    def encoded(self, text: str) -> bytes:
        """``text`` as bytes the way the original file was written (BOM kept)."""
        return ("\ufeff" if self.bom else "").encode() + text.encode("utf-8")

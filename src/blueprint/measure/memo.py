"""Work kept while the very same objects come again: specs, their digest, their table.

A service's standards, metrics and promises are frozen records, and so are the
specs made from them, so what is computed from them alone stays true as long
as the same objects are passed again: a second measurement of a service
already in memory reuses its specs, the digest that keys its kept query and
the spec table on DuckDB. The objects are held while their result is kept,
so an object's ``id`` cannot be taken by another one in the meantime; a
service edited in memory holds new objects and is computed afresh.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

__all__ = ["IdentityMemo", "specs_digest"]

T = TypeVar("T")


class IdentityMemo(Generic[T]):
    """The last few values computed, each kept with the objects it was computed from."""

    def __init__(self, size: int = 8) -> None:
        self._size = size
        self._kept: OrderedDict[tuple[Any, ...], tuple[tuple[Any, ...], T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, parts: Iterable[Iterable[Any]], compute: Callable[[], T]) -> T:
        """The value for the objects in ``parts`` (groups of objects), computed once while the same."""
        held = tuple(tuple(part) for part in parts)
        key = tuple((len(part), *map(id, part)) for part in held)
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found[1]
        value = compute()
        with self._lock:
            self._kept[key] = (held, value)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


_DIGESTS: IdentityMemo[str] = IdentityMemo(16)


def specs_digest(specs: Iterable[Any]) -> str:
    """A SHA-256 of the specs' texts, kept while the same spec objects come again."""
    held = tuple(specs)

    def compute() -> str:
        digest = hashlib.sha256()
        for spec in held:
            digest.update(repr(spec).encode())
            digest.update(b"\n")
        return digest.hexdigest()

    return _DIGESTS.get((held,), compute)

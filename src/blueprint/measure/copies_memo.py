"""What the duplicate check found on a file, kept until the file changes.

Hashing every row of a file to find its copies costs as much as a kept
query's whole measurement (:mod:`.copies`). A file that has not changed
since it was checked has the same copies, so the finding is kept in the
query cache's folder (``$BLUEPRINT_CACHE``, see :mod:`.query_cache`) under
a key made of the file's identity as the file system records it: its path,
device, inode, size, and the times of its last change to content
(``mtime``) and to anything at all (``ctime``, which no program can set
back), together with the columns, the id column, the settings of the
check, the versions of Blueprint and DuckDB, and the measuring code
(:func:`~.query_cache.code_fingerprint`). Any write to the file
changes the key, so a stale finding is never used; it is recomputed.

A file changed within the last :data:`SETTLED_AFTER` seconds is not kept:
a second write in the same tick of the file system's clock would leave its
times as they were (the race version control systems guard against the
same way). What is kept is "no copy", "mostly copies" (every row grouped)
or the positions of at most :data:`MOST_POSITIONS` copies; more are found
afresh each time. The :data:`MOST_FINDINGS` most recently used findings
are kept. Like the kept query, the memo is only an accelerator: any problem
with it means checking again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any, NamedTuple

from .query_cache import cache_folder, code_fingerprint, keep_entry, used

__all__ = ["MOST_FINDINGS", "MOST_POSITIONS", "SETTLED_AFTER", "Found", "entry", "keep", "recall"]

#: a file changed less than this many seconds ago is checked every time
SETTLED_AFTER = 2.0
#: a file with more copies than this has them found afresh each time (their positions are not kept)
MOST_POSITIONS = 100_000
#: how many findings are kept; the least recently used beyond this are removed
MOST_FINDINGS = 200


class Found(NamedTuple):
    """What a file holds: ``none`` (no copy), ``every`` (mostly copies: group every row) or ``positions``."""

    copies: str
    #: the positions of each further copy (with ``positions``)
    at: tuple[int, ...] = ()
    #: no copy because the declared id column is unique (no row was hashed)
    unique: bool = False
    #: whether every position is in ``at`` (only then is the finding kept)
    complete: bool = True


def entry(duck: Any, view: Any, names: list[str], ids: list[str], settings: Any) -> Path | None:
    """Where the finding on ``view``'s files is kept; None when it cannot be (no cache, a fresh file)."""
    folder = cache_folder()
    if folder is None or not view.files:
        return None
    import duckdb

    try:
        stats = [os.stat(name) for name in view.files]
    except OSError:
        return None
    if any(time.time() - max(s.st_mtime, s.st_ctime) < SETTLED_AFTER for s in stats):
        return None  # still being written, perhaps: a later write might not move its times
    from .._version import __version__

    identity = [
        [os.path.abspath(name), s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns]
        for name, s in zip(view.files, stats, strict=True)
    ]
    parts = {
        "versions": [__version__, code_fingerprint(), duckdb.__version__],
        "read": view.read, "loaded": view.loaded,
        "names": names, "ids": ids, "settings": list(settings), "files": identity,
    }  # fmt: skip
    fingerprint = hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()
    return folder / "copies" / f"{fingerprint}.json"


def recall(memo: Path | None) -> Found | None:
    """The finding kept at ``memo``; None when there is none or it cannot be read."""
    if memo is None:
        return None
    try:
        kept = json.loads(memo.read_text(encoding="utf-8"))
        found = Found(kept["copies"], tuple(int(at) for at in kept["at"]), bool(kept["unique"]))
    except Exception:  # missing, unreadable or of another layout: check the file instead
        return None
    used(memo)
    return found if found.copies in ("none", "every", "positions") else None


def keep(memo: Path | None, found: Found) -> None:
    """Keep ``found`` at ``memo`` for later runs; quietly nothing when it cannot be written."""
    if memo is None or not found.complete:
        return
    keep_entry(
        memo, json.dumps({"copies": found.copies, "at": found.at, "unique": found.unique}), MOST_FINDINGS
    )

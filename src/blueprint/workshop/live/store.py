"""The live votes of a workshop in one SQLite file (WAL mode): every vote committed before it is acknowledged.

One row per participant and factor; a new vote by the same participant on the
same factor replaces the earlier one (a class alone keeps the earlier
importance, and the other way round, as a press of one button does in the
workshop widget). Each participant has one role: a vote with another role
moves all of that participant's votes to it. Beside the votes the file keeps
the workshop's state: the join token, whether voting is open, the moment on
the presenter's slide, and a revision number that every change raises, so a
reader (the presenter's charts, the phones' live channel) can tell cheaply
whether anything happened.

The file is opened with ``journal_mode=WAL`` and ``synchronous=NORMAL``: a
vote's transaction is written to the database's log before
:meth:`VoteStore.cast` returns, so a server process killed right after
answering still has it. (The log is forced to the disk at checkpoints, not
at every vote: a power cut or a crash of the whole machine may lose the last
votes before one; a vote costs 0.15 ms instead of an fsync, 7 ms on a busy
disk.) Readers in other threads or processes open their own
:class:`VoteStore` on the same path.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> store = VoteStore(folder / "hotel.votes.sqlite", service_id="hotel")
>>> store.cast("Ana", "staff", "checkin-speed", "M", 4).importance
4.0
>>> store.cast("Ana", "staff", "checkin-speed", "O", None).importance  # the class alone: importance kept
4.0
>>> [(v.participant, v.factor, v.category, v.importance) for v in store.votes()]
[('Ana', 'checkin-speed', 'O', 4.0)]
>>> store.close()
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..votes import Vote

__all__ = ["State", "StoreError", "VoteStore", "new_token"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS votes (
    participant TEXT NOT NULL,
    factor TEXT NOT NULL,
    role TEXT NOT NULL,
    class TEXT,
    importance REAL,
    cast_at REAL NOT NULL,
    PRIMARY KEY (participant, factor)
);
CREATE TABLE IF NOT EXISTS state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


class StoreError(Exception):
    """The votes file cannot be used (not a votes database, or another service's)."""


def new_token() -> str:
    """A join token: 192 random bits, URL-safe (32 characters)."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class State:
    """The workshop's state as the store holds it."""

    service_id: str
    token: str
    open: bool
    moment: str | None
    revision: int


class VoteStore:
    """The votes file at ``path`` for the service ``service_id`` (created if missing).

    A file made for another service is refused (:class:`StoreError`), so one
    workshop's votes never mix with another's.
    """

    def __init__(self, path: str | Path, *, service_id: str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.OperationalError as exc:
            where = "is a folder" if self.path.is_dir() else f"cannot be opened or created ({exc})"
            raise StoreError(
                f"{self.path}: {where}; give a votes file in a folder you can write to"
            ) from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a votes database ({exc}); give another file") from None
        with self._write():
            known = self._get("service")
            if known is None:
                self._set("service", service_id)
                self._set("token", new_token())
                self._set("open", "0")
                self._set("revision", "0")
            elif known != service_id:
                raise StoreError(
                    f"{self.path} holds the votes of service {known!r}, not {service_id!r}; "
                    "give another --db for this service"
                )
        self.service_id = service_id

    # -- reading -------------------------------------------------------------------

    def state(self) -> State:
        """The token, open or closed, the moment shown and the revision, read in one snapshot."""
        with self._lock:
            rows = dict(self._db.execute("SELECT key, value FROM state").fetchall())
        return State(
            rows["service"],
            rows["token"],
            rows["open"] == "1",
            rows.get("moment") or None,
            int(rows["revision"]),
        )

    def revision(self) -> int:
        """A number that grows with every vote and every change of state."""
        with self._lock:
            return int(self._get("revision") or 0)

    def votes(self) -> list[Vote]:
        """Every current vote, in the order participants first voted on each factor."""
        with self._lock:
            rows = self._db.execute(
                "SELECT participant, factor, class, importance, role FROM votes ORDER BY rowid"
            ).fetchall()
        return [Vote(p, f, c, i, r) for p, f, c, i, r in rows]

    def participants(self) -> int:
        """How many people have voted."""
        with self._lock:
            return int(self._db.execute("SELECT COUNT(DISTINCT participant) FROM votes").fetchone()[0])

    def has_participant(self, name: str) -> bool:
        with self._lock:
            return (
                self._db.execute("SELECT 1 FROM votes WHERE participant = ? LIMIT 1", (name,)).fetchone()
                is not None
            )

    # -- writing -------------------------------------------------------------------

    def cast(
        self, participant: str, role: str, factor: str, category: str | None, importance: float | None
    ) -> Vote:
        """Record ``participant``'s vote on ``factor`` (replacing theirs, if any); committed on return.

        The values are taken as checked (the app checks them against the service).
        """
        with self._write():
            self._db.execute(
                "INSERT INTO votes (participant, factor, role, class, importance, cast_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (participant, factor) DO UPDATE SET "
                "role = excluded.role, class = COALESCE(excluded.class, votes.class), "
                "importance = COALESCE(excluded.importance, votes.importance), cast_at = excluded.cast_at",
                (participant, factor, role, category, importance, time.time()),
            )
            self._db.execute(
                "UPDATE votes SET role = ? WHERE participant = ? AND role != ?", (role, participant, role)
            )
            row = self._db.execute(
                "SELECT class, importance FROM votes WHERE participant = ? AND factor = ?",
                (participant, factor),
            ).fetchone()
            self._bump()
        return Vote(participant, factor, row[0], row[1], role)

    def set_open(self, is_open: bool) -> None:
        """Open or close voting; the votes stay either way."""
        with self._write():
            self._set("open", "1" if is_open else "0")
            self._bump()

    def show_moment(self, moment: str | None) -> None:
        """Say which moment the presenter shows; the phones follow."""
        with self._write():
            self._set("moment", moment or "")
            self._bump()

    def new_token(self) -> str:
        """Replace the join token (links handed out before stop working); return the new one."""
        token = new_token()
        with self._write():
            self._set("token", token)
            self._bump()
        return token

    def delete_votes(self) -> int:
        """Forget every vote; return how many there were."""
        with self._write():
            count = self._db.execute("DELETE FROM votes").rowcount
            self._bump()
        return int(count)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- inside ----------------------------------------------------------------------

    def _write(self) -> _Transaction:
        return _Transaction(self._db, self._lock)

    def _get(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO state (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def _bump(self) -> None:
        self._db.execute("UPDATE state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'")


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` under the store's lock (rolled back on an error)."""

    def __init__(self, db: sqlite3.Connection, lock: threading.Lock) -> None:
        self.db, self.lock = db, lock

    def __enter__(self) -> None:
        self.lock.acquire()
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.lock.release()
            raise

    def __exit__(self, kind: object, *_: object) -> None:
        try:
            self.db.execute("ROLLBACK" if kind else "COMMIT")
        finally:
            self.lock.release()

"""Write a file so that a crash leaves either the old or the new content, never half.

The new content goes to a temporary file in the same folder, named
``.<name>.<host>-<pid>.<random>.tmp``, which is fsynced and renamed over the
target. A process killed mid-write leaves its temporary file behind; the next
write to the same target removes such leftovers once their writer is gone
(same host, process no longer running) or, for other hosts, after a day.

:func:`locked` makes a check of the file and its replacement one step for
other processes that use it too: it holds an advisory lock on a sibling file
``.<name>.lock``, which is removed when the lock is let go.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["LockTimeout", "leftovers", "lock_path", "locked", "through_links", "write_atomic"]

#: a temporary file whose writer cannot be checked is left alone for this long (seconds)
STALE_AFTER = 24 * 3600
#: how long :func:`locked` waits for another process to let go of the lock (seconds)
LOCK_TIMEOUT = 10.0


class LockTimeout(TimeoutError):
    """Another process held the lock on a file for longer than the timeout."""


def lock_path(path: Path) -> Path:
    """The sibling file :func:`locked` takes its lock on (beside the file a symbolic link leads to)."""
    path = through_links(Path(path))
    return path.with_name(f".{path.name}.lock")


def through_links(path: Path) -> Path:
    """The file a symbolic link ``path`` leads to (through every link on the way); else ``path`` itself.

    A write replaces that file, so the link stays a link and every path to
    the file sees the change.
    """
    return Path(os.path.realpath(path)) if path.is_symlink() else path


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold an advisory lock for ``path`` against other processes (and other threads) that ask for it.

    Waits up to ``timeout`` seconds (default :data:`LOCK_TIMEOUT`), then raises
    :class:`LockTimeout`. The lock dies with its process, so a killed writer
    never leaves the file locked.
    """
    lock = lock_path(path)
    deadline = time.monotonic() + (LOCK_TIMEOUT if timeout is None else timeout)
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666 & ~_umask())
        try:
            if _try_lock(fd) and _same_inode(fd, lock):
                break  # (a lock file removed by its last holder meanwhile is not the lock any more)
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        if time.monotonic() > deadline:
            raise LockTimeout(f"{path} is being saved by another process (it holds {lock}); try again")
        time.sleep(0.01)
    try:
        yield
    finally:
        if os.name != "nt":  # removed while still held, so whoever waits on it sees it is gone and retries
            with contextlib.suppress(OSError):
                os.unlink(lock)
        _unlock(fd)
        os.close(fd)


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _same_inode(fd: int, lock: Path) -> bool:
    if os.name == "nt":  # pragma: no cover - the lock file is never removed there
        return True
    try:
        now = os.stat(lock)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (now.st_ino, now.st_dev) == (held.st_ino, held.st_dev)


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text is encoded as UTF-8) to ``path`` through a temporary file in the same folder.

    The temporary file is flushed and fsynced before it is renamed over the
    target, and the folder is fsynced after, so the rename is durable too.
    The target keeps its permission bits, and its owner and group as far as
    this process may set them; a new file gets the usual bits for the umask.
    Temporary files left by writers that were killed are removed first. A
    symbolic link is written through: the file it leads to is replaced, and
    the link stays.
    """
    path = through_links(Path(path))
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():  # checked first: the temporary file would be made in the folder's parent
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    _remove_leftovers(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{_HOST}-{os.getpid()}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); the result should look like any file the
        # user writes: the target's own bits, or for a new file what the umask allows
        old = path.stat() if path.exists() else None
        os.chmod(tmp, old.st_mode & 0o7777 if old else 0o666 & ~_umask())
        if old is not None:
            _keep_owner(tmp, old)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def _keep_owner(tmp: str, old: os.stat_result) -> None:
    """Give the new file the old one's owner and group, as far as this process may.

    Only root may give a file away; anyone may give it a group they are in.
    The mode is set again after, since a change of owner clears set-id bits.
    """
    if os.name == "nt":  # pragma: no cover - no owners to keep there
        return
    mine = os.stat(tmp)
    if (mine.st_uid, mine.st_gid) == (old.st_uid, old.st_gid):
        return
    for uid in (old.st_uid, -1):
        try:
            os.chown(tmp, uid, old.st_gid)
        except OSError:
            continue
        os.chmod(tmp, old.st_mode & 0o7777)
        return


def _umask() -> int:
    mask = os.umask(0o022)  # the only portable way to read it is to set it and put it back
    os.umask(mask)
    return mask


def leftovers(path: Path) -> list[Path]:
    """Temporary files of writes to ``path`` that are still in its folder (finished or not)."""
    path = through_links(Path(path))
    folder = path.parent if str(path.parent) else Path(".")
    return sorted(folder.glob(f".{_glob_escape(path.name)}.*.tmp"))


_HOST = hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]


def _remove_leftovers(path: Path) -> None:
    for tmp in leftovers(path):
        host, _, pid = tmp.name[len(path.name) + 2 :].split(".", 1)[0].partition("-")
        try:
            if host == _HOST and pid.isdigit() and os.name != "nt":
                gone = not _running(int(pid))
            else:  # another host, Windows, or a name from an older version: judge by age
                gone = time.time() - tmp.stat().st_mtime > STALE_AFTER
            if gone:
                tmp.unlink()
        except OSError:  # removed by someone else meanwhile, or not ours to remove
            continue


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:  # signal 0 only asks whether the process exists (not used on Windows, where 0 is CTRL_C)
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # running, as another user
        return True
    return True


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some systems cannot open folders; the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

"""Write a file so that a crash leaves either the old or the new content, never half.

The new content goes to a temporary file in the same folder, named
``.<name>.<host>-<pid>.<random>.tmp``, which is fsynced and renamed over the
target. A process killed mid-write leaves its temporary file behind; the next
write to the same target removes such leftovers once their writer is gone
(same host, process no longer running) or, for other hosts, after a day.
"""

from __future__ import annotations

import errno
import hashlib
import os
import socket
import tempfile
import time
from pathlib import Path

__all__ = ["leftovers", "write_atomic"]

#: a temporary file whose writer cannot be checked is left alone for this long (seconds)
STALE_AFTER = 24 * 3600


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text is encoded as UTF-8) to ``path`` through a temporary file in the same folder.

    The temporary file is flushed and fsynced before it is renamed over the
    target, and the folder is fsynced after, so the rename is durable too.
    The target keeps its permission bits; a new file gets the usual ones for
    the umask. Temporary files left by writers that were killed are removed
    first.
    """
    path = Path(path)
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
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def _umask() -> int:
    mask = os.umask(0o022)  # the only portable way to read it is to set it and put it back
    os.umask(mask)
    return mask


def leftovers(path: Path) -> list[Path]:
    """Temporary files of writes to ``path`` that are still in its folder (finished or not)."""
    path = Path(path)
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

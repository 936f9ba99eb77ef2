"""Open a file only when it is a regular file, so that reading it ends and its size means something.

A named pipe (FIFO) blocks until something writes to it, and ``/dev/zero``
never ends; neither is a service file. :func:`open_regular` opens without
blocking, asks the open file what it is, and refuses anything but a regular
file with :class:`NotARegularFile`, an ``OSError`` like a missing file.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

__all__ = ["NotARegularFile", "kind_of", "open_regular", "read_bounded", "read_text_file"]


class NotARegularFile(OSError):
    """The path is a folder, a pipe, a device or a socket, not a file to read."""


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str | None:
    """What a file of ``mode`` is, when it is not a regular file; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened for reading in binary; :class:`NotARegularFile` when it is not a regular file.

    The file is opened without blocking (a pipe with no writer would wait
    forever) and judged by what was opened, so it cannot be swapped between
    the check and the read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        kind = kind_of(os.fstat(fd).st_mode)
        if kind is not None:
            raise NotARegularFile(errno.EINVAL, f"it is {kind}, not a file", os.fspath(path))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bounded(handle: BinaryIO, limit: int) -> bytes | None:
    """At most ``limit`` bytes of ``handle``; None when it holds more (it may have grown meanwhile)."""
    data = handle.read(limit + 1)
    return None if len(data) > limit else data


def read_text_file(path: str | os.PathLike[str], limit: int) -> str:
    """The UTF-8 text of regular file ``path``; ``OSError`` when it is not one or holds over ``limit`` bytes.

    ``UnicodeDecodeError`` when it is not UTF-8. A byte order mark is dropped.
    """
    with open_regular(path) as handle:
        raw = read_bounded(handle, limit)
    if raw is None:
        raise OSError(errno.EFBIG, f"it is larger than {limit / 2**20:.0f} MiB", os.fspath(path))
    return raw.decode("utf-8-sig")

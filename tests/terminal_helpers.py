"""A pseudo-terminal for the tests of progress bars: what a program writes to it, read back whole."""

from __future__ import annotations

import io
import os
import pty


def terminal() -> tuple[int, io.TextIOWrapper]:
    """A pseudo-terminal that reports no size: the end a program writes to (a tty) and the end we read."""
    reader, writer = pty.openpty()
    return reader, os.fdopen(writer, "w", encoding="utf-8")


def read_all(fd: int) -> str:
    """All that was written to the terminal whose reading end is ``fd`` (closed once read)."""
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the writing end is closed: all is read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode("utf-8", "replace")

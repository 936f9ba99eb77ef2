"""A real voting server in a subprocess on loopback, for the kill-and-restart, live-channel and load tests."""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

DATA = Path(__file__).parent / "data" / "vote_server"
#: the first lines a server prints must arrive within this many seconds
START_TIMEOUT = 60


class Served:
    """``blueprint workshop serve FILE --host 127.0.0.1 --db DB`` running; ``url`` is its join URL."""

    def __init__(self, service: Path, db: Path, *extra: str) -> None:
        command = [sys.executable, "-m", "blueprint.cli", "workshop", "serve", str(service),
                   "--host", "127.0.0.1", "--db", str(db), *extra]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ}
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        try:
            first = self.lines.get(timeout=START_TIMEOUT)
        except queue.Empty:
            self.kill()
            raise RuntimeError("the voting server printed nothing") from None
        if not first.startswith("vote at http://127.0.0.1:"):
            rest = self.rest()
            self.kill()
            raise RuntimeError(f"the voting server did not start: {first}{rest}")
        self.first = first.strip()
        self.url = self.first.removeprefix("vote at ")

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def rest(self, timeout: float = 5) -> str:
        """What it printed after the first line (waiting up to ``timeout`` for it to end)."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout)
        found = []
        while not self.lines.empty():
            found.append(self.lines.get())
        return "".join(found)

    def kill(self) -> None:
        """SIGKILL: no chance to close anything."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(30)

    def stop(self) -> str:
        """Ctrl-C (SIGINT), as the presenter stops it; what it printed then."""
        import signal

        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.kill()
        return self.rest()

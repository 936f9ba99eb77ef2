"""A real voting server in a subprocess on loopback, and a room of phones voting on it at once.

Used by the kill-and-restart, live-channel and load tests, and by
``benchmarks/bench_vote_server.py``.
"""

from __future__ import annotations

import contextlib
import os
import queue
import random
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


CLASSES = ("basic", "performance", "motivation", "indifferent", "reverse")


@dataclass
class Room:
    """What a simulated room sent and how long each vote took to be acknowledged."""

    #: (participant, factor) -> (role, class, importance as the CSV writes it), the last acknowledged
    expected: dict[tuple[str, str], tuple[str, str, str]] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


async def _phone(
    client: Any, url: str, who: tuple[str, str], ballots: list[tuple[str, str, int, float]], room: Room
) -> None:
    """One participant voting one vote after another (as a thumb does), pausing before each as planned."""
    import asyncio

    name, role = who
    for factor, cls, weight, pause in ballots:
        await asyncio.sleep(pause)
        body = {"participant": name, "role": role, "factor": factor, "class": cls, "importance": weight}
        start = time.perf_counter()
        reply = await client.post(f"{url}/vote", json=body)
        room.seconds.append(time.perf_counter() - start)
        if reply.status_code != 200:
            room.refused.append(f"{reply.status_code} {reply.text}")
            continue
        room.expected[(name, factor)] = (role, cls, str(weight))


def run_room(
    url: str,
    factors: list[str],
    *,
    participants: int = 60,
    revotes: int = 5,
    pause: tuple[float, float] = (0, 0),
    seed: int = 7,
    timeout: float = 120,
) -> Room:
    """``participants`` phones at once, each voting on every factor and then changing ``revotes`` of them.

    Before each vote a phone waits a random ``pause`` (seconds, low-high): (0, 0)
    floods the server, a second or so is a person reading and tapping. Raises
    ``TimeoutError`` if the room is not done within ``timeout`` seconds.
    """
    import asyncio

    import httpx

    rng = random.Random(seed)
    room = Room()
    plans = []
    for person in range(participants):
        chosen = rng.sample(factors, len(factors)) + rng.sample(factors, revotes)
        ballots = [(f, rng.choice(CLASSES), rng.randint(1, 5), rng.uniform(*pause)) for f in chosen]
        plans.append(((f"Participant {person:02d}", "customer" if person % 4 == 0 else "staff"), ballots))

    async def everyone() -> None:
        limits = httpx.Limits(max_connections=participants, max_keepalive_connections=participants)
        async with httpx.AsyncClient(timeout=30, limits=limits) as client:
            await asyncio.gather(*(_phone(client, url, who, ballots, room) for who, ballots in plans))

    async def bounded() -> None:
        await asyncio.wait_for(everyone(), timeout)

    # In a thread of its own: a test session may already run an event loop here (Playwright's).
    failed: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(bounded())
        except BaseException as exc:  # handed to the caller below
            failed.append(exc)

    worker = threading.Thread(target=run, name="vote-room")
    worker.start()
    worker.join(timeout + 30)
    if failed:
        raise failed[0]
    if worker.is_alive():
        raise TimeoutError(f"the room was not done within {timeout:g} s")
    return room


def csv_votes(url: str) -> tuple[int, dict[tuple[str, str], tuple[str, str, str]]]:
    """The server's votes.csv: how many rows, and the votes by (participant, factor)."""
    import csv
    import io

    import httpx

    rows = list(csv.DictReader(io.StringIO(httpx.get(f"{url}/votes.csv", timeout=30).text)))
    return len(rows), {
        (r["participant"], r["factor"]): (r["role"], r["class"], r["importance"]) for r in rows
    }

"""Live workshop voting under load: 60 phones voting at once on loopback, time to each acknowledgement.

Run: python benchmarks/bench_vote_server.py [--participants 60] [--revotes 5] [--rounds 2]

Starts ``blueprint workshop serve`` on a 10-factor service (a bank help line)
in its own process on 127.0.0.1, as a presenter would, and lets
``participants`` simulated phones each vote on every factor and then change
``revotes`` of their votes, all at once; each phone waits for one answer
before its next vote, as a thumb does. Two paces:

* **room**: each phone pauses 0.3-1.5 s before a vote (a person reading the
  factor and tapping): the latency a participant sees; the target, p95 under
  200 ms on the 2-core machine, is for this pace;
* **flood**: no pause at all, every phone sending its next vote the moment
  the last is answered: the server's throughput, and the queue it builds
  (60 requests always waiting: latency is 60 / throughput).

Every vote is committed to SQLite (WAL) before it is acknowledged. Reports
the median and 95th percentile of the time from sending a vote to its
acknowledgement, and checks that nothing was lost or doubled. The client
(httpx) runs in this process and takes a share of the same two cores, so the
CPU time each side spends per vote is reported too (from /proc): the
server's is what bounds a real room, whose phones bring their own CPUs.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from vote_server_helpers import DATA, Served, csv_votes, run_room  # noqa: E402

TARGET_P95 = 0.200


def _figures(seconds: list[float]) -> str:
    median = statistics.median(seconds)
    p95 = statistics.quantiles(seconds, n=20)[-1]
    verdict = "ok" if p95 < TARGET_P95 else "OVER TARGET"
    worst = max(seconds)
    return f"p50 {median * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms   max {worst * 1000:6.1f} ms   {verdict}"


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--revotes", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    from blueprint.io.load import load

    folder = Path(tempfile.mkdtemp(prefix="bench-vote-"))
    shutil.copy(DATA / "call-centre.yaml", folder)
    factors = list(load(folder / "call-centre.yaml").factors)
    per_phone = len(factors) + args.revotes
    print(
        f"{args.participants} phones x {len(factors)} factors + {args.revotes} re-votes each "
        f"= {args.participants * per_phone} votes per round, on 127.0.0.1 (server in its own process)"
    )
    every: dict[str, list[float]] = {}
    try:
        paces = [("room", (0.3, 1.5)), ("flood", (0.0, 0.0))] * args.rounds
        for round_, (pace, pause) in enumerate(paces):
            db = folder / f"round-{round_}.votes.sqlite"
            server = Served(folder / "call-centre.yaml", db)
            try:
                server_cpu, client_cpu = _cpu_seconds(server.process.pid), _own_cpu_seconds()
                start = time.perf_counter()
                room = run_room(server.url, factors, participants=args.participants, revotes=args.revotes,
                                pause=pause, seed=round_)  # fmt: skip
                wall = time.perf_counter() - start
                server_cpu = _cpu_seconds(server.process.pid) - server_cpu
                client_cpu = _own_cpu_seconds() - client_cpu
                rows, stored = csv_votes(server.url)
            finally:
                server.kill()
            lost = sum(1 for key, vote in room.expected.items() if stored.get(key) != vote)
            doubled = rows - len(stored)
            every.setdefault(pace, []).extend(room.seconds)
            print(f"  {pace:<5} round {round_ // 2 + 1}: {len(room.seconds)} votes in {wall:5.2f} s "
                  f"({len(room.seconds) / wall:5.0f}/s)   {_figures(room.seconds)}   "
                  f"refused {len(room.refused)}, lost {lost}, doubled {doubled}")  # fmt: skip
            votes = len(room.seconds)
            print(f"          CPU per vote: server {server_cpu / votes * 1000:.2f} ms "
                  f"(one free core: {votes / server_cpu:,.0f} votes/s), "
                  f"phones' client {client_cpu / votes * 1000:.2f} ms")  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for pace, seconds in every.items():
        print(f"  {pace:<5} all rounds: {len(seconds)} votes   {_figures(seconds)}")
    print(f"  target: p95 < {TARGET_P95 * 1000:.0f} ms at the room's pace")


if __name__ == "__main__":
    main()

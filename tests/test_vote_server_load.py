"""A room under load on loopback: 60 phones × 10 factors at once, then re-votes; none lost or doubled.

Bounded in count (60 participants, 10 factors, 5 re-votes each: 900 votes)
and in time (the room must be done within two minutes, else it fails). The
latency is reported by ``benchmarks/bench_vote_server.py``, not asserted here.
"""

from __future__ import annotations

import shutil

import pytest

from blueprint.io.load import load
from vote_server_helpers import DATA, Served, csv_votes, run_room

pytestmark = pytest.mark.slow


def test_sixty_phones_at_once_lose_and_double_nothing_and_the_last_vote_wins(tmp_path):
    shutil.copy(DATA / "call-centre.yaml", tmp_path)
    factors = list(load(tmp_path / "call-centre.yaml").factors)
    assert len(factors) == 10
    server = Served(tmp_path / "call-centre.yaml", tmp_path / "help-line.votes.sqlite")
    try:
        room = run_room(server.url, factors, participants=60, revotes=5, timeout=120)
        rows, stored = csv_votes(server.url)
    finally:
        server.kill()
    assert room.refused == []
    assert len(room.seconds) == 60 * 15  # every vote answered
    assert rows == len(stored) == 600  # one row per participant and factor: none lost, none doubled
    assert stored == room.expected  # each the last vote acknowledged

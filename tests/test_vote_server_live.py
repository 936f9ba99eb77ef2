"""The voting server as the presenter runs it: `blueprint workshop serve` on loopback, killed, restarted."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import sys
import time

import httpx
import pytest

from blueprint.io.load import load
from blueprint.workshop.live.app import Limits
from blueprint.workshop.live.join import join_code
from blueprint.workshop.live.server import VotingServer
from blueprint.workshop.live.store import VoteStore
from vote_server_helpers import DATA, Served

pytestmark = pytest.mark.slow


@pytest.fixture
def workshop(tmp_path):
    service = tmp_path / "call-centre.yaml"
    shutil.copy(DATA / "call-centre.yaml", service)
    return service, tmp_path / "help-line.votes.sqlite"


@pytest.fixture
def served(workshop):
    started: list[Served] = []

    def start(*extra: str) -> Served:
        server = Served(*workshop, *extra)
        started.append(server)
        return server

    yield start
    for server in started:
        server.kill()


def _csv(url: str) -> dict[tuple[str, str], tuple[str, str, str]]:
    reply = httpx.get(f"{url}/votes.csv", timeout=10)
    assert reply.status_code == 200
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    found = {(r["participant"], r["factor"]): (r["role"], r["class"], r["importance"]) for r in rows}
    assert len(found) == len(rows)  # one row per participant and factor
    return found


FACTORS = ["number-findable", "line-open-late", "menu-short", "zero-to-agent", "wait-told"]
CLASSES = ["basic", "performance", "motivation", "indifferent", "reverse"]


def test_the_first_line_is_the_join_url_and_the_code_leads_there(served, workshop):
    server = served()
    token = server.url.rsplit("/", 1)[1]
    assert len(token) >= 22  # at least 128 random bits, URL-safe
    assert server.first == f"vote at {server.url}"
    base = server.url.split("/w/")[0]
    reply = httpx.get(f"{base}/join", params={"code": join_code(token)}, timeout=10, follow_redirects=True)
    assert reply.status_code == 200 and "bp-moments" in reply.text  # followed to the voting page
    lines = server.stop()
    assert lines.splitlines()[0] == f"join code {join_code(token)} at {base}/"
    assert "voting closed; 0 votes kept in" in lines
    assert server.process.returncode == 0


def test_every_acknowledged_vote_survives_a_kill_and_restart(served, workshop):
    server = served()
    client = httpx.Client(timeout=10)
    expected: dict[tuple[str, str], tuple[str, str, str]] = {}
    for round_ in range(3):  # votes, then re-votes: the last one acknowledged wins
        for person in range(8):
            name, role = f"Agent {person}", "customer" if person % 3 == 0 else "staff"
            for index, factor in enumerate(FACTORS):
                cls, weight = CLASSES[(person + index + round_) % 5], 1 + (person * index + round_) % 5
                body = {
                    "participant": name,
                    "role": role,
                    "factor": factor,
                    "class": cls,
                    "importance": weight,
                }
                reply = client.post(f"{server.url}/vote", json=body)
                assert reply.status_code == 200, reply.text
                expected[(name, factor)] = (role, cls, str(weight))
    server.kill()  # SIGKILL straight after the last acknowledgement
    assert server.process.returncode == -9
    again = served()
    assert again.url.split("/w/")[1] == server.url.split("/w/")[1]  # the same join token, kept in the file
    assert _csv(again.url) == expected
    assert len(expected) == 40


def test_closing_keeps_the_votes_and_reopening_takes_more(served, workshop):
    _service, db = workshop
    server = served()
    body = {"participant": "Ana", "role": "staff", "factor": "menu-short", "class": "basic", "importance": 5}
    assert httpx.post(f"{server.url}/vote", json=body, timeout=10).status_code == 200
    assert "voting closed; 1 votes kept in" in server.stop()
    store = VoteStore(db, service_id="help-line")
    assert store.state().open is False and len(store.votes()) == 1
    store.close()
    again = served()
    assert httpx.post(f"{again.url}/vote", json={**body, "participant": "Bo"}, timeout=10).status_code == 200
    assert set(_csv(again.url)) == {("Ana", "menu-short"), ("Bo", "menu-short")}


def test_a_new_token_locks_out_the_old_link(served):
    old = served()
    old.stop()
    new = served("--new-token")
    assert new.url != old.url
    assert (
        httpx.get(old.url.replace(old.url.split("/w/")[0], new.url.split("/w/")[0]), timeout=10).status_code
        == 404
    )


def test_the_live_channel_tells_of_each_vote(served):
    server = served()
    client = httpx.Client(timeout=httpx.Timeout(10, read=10))
    with client, client.stream("GET", f"{server.url}/events") as events:
        assert events.headers["content-type"].startswith("text/event-stream")
        lines = events.iter_lines()
        first = json.loads(next(line for line in lines if line.startswith("data:"))[5:])
        assert first["open"] is True
        body = {"participant": "Ana", "role": "staff", "factor": "wait-told", "importance": 3}
        assert client.post(f"{server.url}/vote", json=body).status_code == 200
        news = json.loads(next(line for line in lines if line.startswith("data:"))[5:])
        assert news["revision"] > first["revision"]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "blueprint.cli", "workshop", "serve", *args],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_a_votes_file_of_another_service_is_refused_with_a_clear_message(workshop, tmp_path):
    service, _ = workshop
    other = tmp_path / "hotel.votes.sqlite"
    VoteStore(other, service_id="hotel-stay").close()
    done = _cli(str(service), "--host", "127.0.0.1", "--db", str(other))
    assert done.returncode == 2
    assert "holds the votes of service 'hotel-stay', not 'help-line'" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_port_in_use_is_a_usage_error(workshop):
    service, db = workshop
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _cli(str(service), "--host", "127.0.0.1", "--port", str(port), "--db", str(db))
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr


def test_a_broken_service_file_is_reported_by_line(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\nservice:\n  id: x\n  title: X\nmoments:\n  - id: a\n    stage: nowhere\n")
    done = _cli(str(broken), "--host", "127.0.0.1")
    assert done.returncode == 1
    assert "broken.yaml:7" in done.stderr
    assert not (tmp_path / "x.votes.sqlite").exists()


def test_live_channels_are_limited_and_freed(tmp_path):
    server = VotingServer(load(DATA / "call-centre.yaml"), tmp_path / "v.sqlite", host="127.0.0.1",
                          limits=Limits(live_channels=1))  # fmt: skip
    server.start()
    client = httpx.Client(timeout=httpx.Timeout(10, read=10))
    try:
        with client.stream("GET", f"{server.url}/events") as first:
            lines = first.iter_lines()  # kept: a reader let go of closes the page's stream
            assert next(lines).startswith("data:")
            second = client.get(f"{server.url}/events")
            assert second.status_code == 503 and "too many pages open" in second.json()["error"]
        statuses = []
        for _ in range(100):  # the first page closed: the server frees its channel once it notices
            with client.stream("GET", f"{server.url}/events") as third:
                statuses.append(third.status_code)
            if statuses[-1] == 200:
                break
            time.sleep(0.1)
        assert statuses[-1] == 200
    finally:
        client.close()
        server.stop()

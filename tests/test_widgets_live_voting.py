"""The Workshop's "Open voting": a server on loopback, phones' votes in the room's charts and proposals."""

from __future__ import annotations

import shutil
import socket
import time
from pathlib import Path

import httpx
import pytest

from blueprint.io.load import load
from blueprint.widgets.voting import VotingPanel
from blueprint.widgets.workshop import Workshop

DATA = Path(__file__).parent / "data" / "vote_server"


@pytest.fixture
def service_file(tmp_path):
    shutil.copy(DATA / "call-centre.yaml", tmp_path)
    return tmp_path / "call-centre.yaml"


@pytest.fixture
def workshop(service_file, tmp_path):
    made = Workshop(load(service_file), participants=["Desk lead"], voting_host="127.0.0.1",
                    votes_db=tmp_path / "live.sqlite")  # fmt: skip
    yield made
    made.close_voting()


def _vote(url: str, **body: object) -> None:
    reply = httpx.post(f"{url}/vote", json=body, timeout=10)
    assert reply.status_code == 200, reply.text


def _until(condition, what: str, limit: float = 20) -> None:
    """Wait (bounded) until ``condition()``; fail saying ``what`` did not happen."""
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            pytest.fail(f"{what} did not happen within {limit:g} s")
        time.sleep(0.05)


def test_open_voting_shows_the_join_url_qr_and_code_and_the_phones_follow_the_slide(workshop):
    url = workshop.open_voting()
    assert url is not None and url.startswith("http://127.0.0.1:")
    server = workshop.live.server
    slide = workshop.slide.value
    assert 'class="bp-join-qr"' in slide and 'src="data:image/svg+xml' in slide
    assert url in slide and server.code in slide
    assert workshop.live.button.description == "Close voting"
    assert url in workshop.live.status.value and "0 votes from 0 phones" in workshop.live.status.value
    assert server.store.state().moment == workshop.moment == "dial"
    workshop.next()
    assert server.store.state().moment == "menu"
    assert httpx.get(f"{url}/state", timeout=10).json()["moment"] == "menu"


def test_phone_votes_reach_the_tally_charts_and_rows(workshop):
    url = workshop.open_voting()
    gwen = {"participant": "Guest <b>Gwen</b>", "role": "customer", "class": "basic", "importance": 5}
    _vote(url, factor="number-findable", **gwen)
    _vote(
        url,
        participant="Agent Al",
        role="staff",
        factor="number-findable",
        importance=3,
        **{"class": "basic"},
    )
    assert workshop.live.poll() is True
    assert workshop.live.poll() is False  # nothing new since
    voting = workshop.voting
    assert voting.tally.counts("number-findable")["M"] == 2
    assert voting.tally.role("Guest <b>Gwen</b>") == "customer"
    assert "Guest <b>Gwen</b>" in voting.rows  # a row of its own, the name as text
    # the guest's 5 and the staff's 3 are charted apart, never pooled into one mean
    customers, staff = voting.ranking.value.split("Staff&#x27;s votes")
    assert "5 of 5 · 1 vote" in customers and "3 of 5 · 1 vote" in staff
    assert "2 votes from 2 phones" in workshop.live.status.value
    assert voting.rows["Agent Al"][1].value == "3"  # the buttons show the phone's vote on the factor shown


def test_propose_tags_on_live_votes_is_the_same_as_on_the_imported_csv(workshop, service_file):
    url = workshop.open_voting()
    votes = [
        ("Guest panel", "customer", "menu-short", "performance", 5),
        ("Guest two", "customer", "menu-short", "performance", 4),
        ("Agent Al", "staff", "menu-short", "basic", 2),
        ("Agent Bo", "staff", "zero-to-agent", "motivation", 4),
    ]
    for who, role, factor, cls, weight in votes:
        _vote(url, participant=who, role=role, factor=factor, **{"class": cls}, importance=weight)
    workshop.live.poll()
    workshop.voting.override.value = True  # the rooms differ in size: compare the tallies, not the quorum
    live = [str(change) for change in workshop.voting.propose()]
    imported = VotingPanel(load(service_file))
    assert imported.import_csv(httpx.get(f"{url}/votes.csv", timeout=10).text, name="votes.csv") == 4
    imported.override.value = True
    assert live == [str(change) for change in imported.propose()]
    assert any(
        "importance (none) -> 0.88" in text and "assumed_importance (none) -> 0.25" in text for text in live
    )


def test_the_watcher_brings_votes_in_by_itself(workshop):
    url = workshop.open_voting()
    _vote(url, participant="Agent Al", role="staff", factor="line-open-late", importance=4)
    _until(
        lambda: workshop.voting.tally.vote_of("Agent Al", "line-open-late") is not None, "the vote arriving"
    )


def test_closing_keeps_the_votes_and_reopening_brings_them_back(service_file, tmp_path):
    first = Workshop(load(service_file), voting_host="127.0.0.1", votes_db=tmp_path / "live.sqlite")
    url = first.open_voting()
    _vote(url, participant="Agent Al", role="staff", factor="menu-short", **{"class": "reverse"})
    first.close()  # closing the workshop closes voting
    assert first.live.server is None
    with pytest.raises(httpx.TransportError):
        httpx.post(f"{url}/vote", json={}, timeout=5)
    later = Workshop(load(service_file), voting_host="127.0.0.1", votes_db=tmp_path / "live.sqlite")
    try:
        again = later.open_voting()  # the same token (kept with the votes), on a free port
        assert again is not None and again.split("/w/")[1] == url.split("/w/")[1]
        assert later.voting.tally.vote_of("Agent Al", "menu-short").category == "R"
        later.close_voting()
        assert "the votes are kept in" in later.live.status.value
        assert later.slide.value.count("bp-join") == 0
    finally:
        later.close_voting()


def test_a_port_taken_is_said_not_raised(service_file, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        workshop = Workshop(load(service_file), voting_host="127.0.0.1", voting_port=taken.getsockname()[1],
                            votes_db=tmp_path / "v.sqlite")  # fmt: skip
        assert workshop.open_voting() is None
    assert "Voting not opened" in workshop.live.status.value
    assert workshop.live.button.description == "Open voting"

"""The live voting API through Starlette's test client: votes in, votes out, and everything else refused."""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():  # Starlette's client warns about its own httpx transport
    warnings.simplefilter("ignore", DeprecationWarning)
    from starlette.testclient import TestClient

from blueprint.io.load import load
from blueprint.workshop.live.app import Limits, create_app
from blueprint.workshop.live.join import join_code
from blueprint.workshop.live.store import StoreError, VoteStore
from blueprint.workshop.vote_import import parse_votes

DATA = Path(__file__).parent / "data" / "vote_server"
_GOOD = {"participant": "Ana", "role": "staff", "factor": "wait-told", "class": "basic"}


@pytest.fixture
def service():
    return load(DATA / "call-centre.yaml")


def _client(service, tmp_path, limits=None, *, open_=True):
    store = VoteStore(tmp_path / "help-line.votes.sqlite", service_id=service.info.id)
    store.set_open(open_)
    app = create_app(service, store, limits=limits)
    return TestClient(app, base_url="http://127.0.0.1"), store


@pytest.fixture
def room(service, tmp_path):
    client, store = _client(service, tmp_path)
    with client:
        yield client, store, f"/w/{store.state().token}"
    store.close()


def _vote(client, url, **fields):
    body = {"participant": "Ana", "role": "staff", "factor": "wait-told", "class": "basic", "importance": 4}
    body.update(fields)
    return client.post(f"{url}/vote", json={k: v for k, v in body.items() if v is not ...})


def _rows(client, url):
    reply = client.get(f"{url}/votes.csv")
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(reply.text)))


def test_a_vote_is_stored_and_listed_in_the_csv_layout(room):
    client, _, url = room
    reply = _vote(client, url, participant="Ana", role="customer", factor="menu-short", importance=5)
    assert reply.status_code == 200
    assert reply.json()["vote"] == {
        "participant": "Ana", "role": "customer", "factor": "menu-short", "class": "basic", "importance": 5.0
    }  # fmt: skip
    assert _rows(client, url) == [
        {
            "participant": "Ana",
            "role": "customer",
            "factor": "menu-short",
            "class": "basic",
            "importance": "5",
        }
    ]


def test_a_new_vote_replaces_the_earlier_one_and_one_field_keeps_the_other(room):
    client, _, url = room
    _vote(client, url, participant="Bo", factor="agent-polite", **{"class": "performance"}, importance=2)
    _vote(client, url, participant="Bo", factor="agent-polite", **{"class": "motivation"}, importance=...)
    _vote(client, url, participant="Cy", factor="agent-polite", **{"class": ...}, importance=3)
    rows = _rows(client, url)
    assert [(r["participant"], r["class"], r["importance"]) for r in rows] == [
        ("Bo", "motivation", "2"),
        ("Cy", "", "3"),
    ]


def test_a_participant_has_one_role_the_last_one_given(room):
    client, _, url = room
    _vote(client, url, participant="Dee", factor="wait-told", role="staff")
    _vote(client, url, participant="Dee", factor="menu-short", role="Guest")  # as people write it
    assert {r["role"] for r in _rows(client, url)} == {"customer"}


def test_the_csv_reads_back_as_imported_votes(room, service):
    client, _, url = room
    for who, role in [("Ana", "staff"), ("Guest panel", "customer"), ('Zoë "Z" O\'Neil, desk', "staff")]:
        for factor, cls, weight in [("wait-told", "basic", 5), ("callback-offered", "motivation", 3)]:
            assert _vote(client, url, participant=who, role=role, factor=factor, **{"class": cls},
                         importance=weight).status_code == 200  # fmt: skip
    votes = parse_votes(client.get(f"{url}/votes.csv").text, service, source="votes.csv")
    assert len(votes) == 6
    assert {(v.participant, v.role) for v in votes} == {
        ("Ana", "staff"), ("Guest panel", "customer"), ('Zoë "Z" O\'Neil, desk', "staff")
    }  # fmt: skip
    assert {(v.factor, v.category, v.importance) for v in votes} == {
        ("wait-told", "M", 5),
        ("callback-offered", "A", 3),
    }


def test_the_state_shows_the_presenters_moment_or_every_moment(room, service):
    client, store, url = room
    every = client.get(f"{url}/state").json()
    assert [m["id"] for m in every["moments"]] == ["dial", "menu", "queue", "talk", "after"]
    assert every["open"] is True and every["scale"] == [1, 5]
    store.show_moment("queue")
    shown = client.get(f"{url}/state").json()
    assert shown["moment"] == "queue"
    assert shown["moments"] == [
        {
            "id": "queue",
            "title": "Wait for an agent",
            "factors": [
                {"id": "wait-told", "title": "Told how long the wait is"},
                {"id": "callback-offered", "title": "Call-back offered after two minutes"},
            ],
        }
    ]


def test_the_page_is_escaped_and_runs_only_its_own_script(tmp_path):
    hostile = load(DATA / "shoeshine-hostile.yaml")
    client, store = _client(hostile, tmp_path)
    with client:
        reply = client.get(f"/w/{store.state().token}")
    assert reply.status_code == 200
    page = reply.text
    assert "Shoeshine &lt;script&gt;window.__bp_pwned=1&lt;/script&gt;" in page
    assert "<script>" not in page and page.count("<script") == 1
    nonce = re.search(r"script-src 'nonce-([^']+)'", reply.headers["content-security-policy"])[1]
    assert f'<script nonce="{nonce}">' in page
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert reply.headers["referrer-policy"] == "no-referrer"  # the token never leaves in a Referer
    form = client.get("/")
    assert "Join · Shoeshine &lt;script&gt;" in form.text and "<script>" not in form.text
    # Titles from the file reach the page as JSON data only, put on it as text by the script.
    state = client.get(f"/w/{store.state().token}/state")
    assert state.headers["content-type"] == "application/json"
    assert state.json()["moments"][0]["factors"][0]["title"].startswith("Shine that lasts </script>")


@pytest.mark.parametrize("path", ["", "/state", "/votes.csv", "/events"])
def test_a_wrong_token_gets_404_and_no_data(room, path):
    client, store, url = room
    _vote(client, url, participant="Secret Sam")
    token = store.state().token
    for wrong in [token[:-1] + ("A" if token[-1] != "A" else "B"), token[:16], "x", token + "x"]:
        reply = client.get(f"/w/{wrong}{path}")
        assert reply.status_code == 404
        assert reply.text == "no such workshop"


def test_a_wrong_token_cannot_vote(room):
    client, store, _ = room
    reply = client.post(f"/w/{'A' * 32}/vote", json={**_GOOD, "participant": "Eve"})
    assert reply.status_code == 404
    assert store.votes() == []


@pytest.mark.parametrize(
    "path", ["/static/vote.js", "/api/kernels", "/notebooks", "/tree", "/files/help-line.votes.sqlite", "/w",
             "/w/", "/../help-line.votes.sqlite", "/lab"],
)  # fmt: skip
def test_nothing_but_the_voting_routes_is_served(room, path):
    client, _, _ = room
    assert client.get(path).status_code == 404


_BAD = [
    ({"factor": "no-such"}, "factor", "no key factor"),
    ({"class": "wow"}, "class", "unknown class"),
    ({"role": "boss"}, "role", "customer or staff"),
    ({"class": None, "importance": 9}, "importance", "outside"),
    ({"importance": 0}, "importance", "outside"),
    ({"importance": "5"}, "importance", "number"),
    ({"importance": True}, "importance", "number"),
    ({"class": None}, "class", "a class, an importance"),
    ({"participant": 7}, "participant", "text"),
    ({"participant": "  "}, "participant", "name"),
    ({"participant": "A" * 61}, "participant", "60"),
    ({"participant": "=HYPERLINK(1)"}, "participant", "formula"),
    ({"participant": "Ana\u202e"}, "participant", "invisible"),
    ({"role": ["staff"]}, "role", "text"),
    ({"factor": {"id": 1}}, "factor", "text"),
    ({"admin": 1}, "admin", "unknown field"),
]


@pytest.mark.parametrize(("change", "field", "words"), _BAD)
def test_a_bad_vote_is_refused_with_the_field_and_what_to_do(room, change, field, words):
    client, store, url = room
    reply = client.post(f"{url}/vote", json={**_GOOD, **change})
    assert reply.status_code == 422
    assert reply.json()["field"] == field
    assert words in reply.json()["error"]
    assert store.votes() == []


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[1, 2]",
        b'"Ana"',
        b"\xff\xfe\x00",
        b'{"participant": "Ana", "role": "staff", "factor": "wait-told", "importance": NaN}',
        b"",
    ],
)
def test_a_body_that_is_not_a_vote_object_is_refused(room, raw):
    client, store, url = room
    reply = client.post(f"{url}/vote", content=raw, headers={"content-type": "application/json"})
    assert reply.status_code == 422
    assert "send the vote as JSON" in reply.json()["error"]
    assert store.votes() == []


def test_an_oversized_body_is_refused_unread(room):
    client, store, url = room
    big = json.dumps(
        {"participant": "Ana", "role": "staff", "factor": "wait-told", "class": "M", "x": "y" * 10_000}
    )
    assert client.post(f"{url}/vote", content=big).status_code == 413

    def chunks():  # no Content-Length: the server counts what arrives
        yield b'{"participant": "Ana", "pad": "'
        for _ in range(100):
            yield b"z" * 1000
        yield b'"}'

    reply = client.post(f"{url}/vote", content=chunks())
    assert reply.status_code == 413
    assert "at most 2048 bytes" in reply.json()["error"]
    assert store.votes() == []


def test_script_in_a_name_is_kept_as_text(room, service):
    client, store, url = room
    name = "<script>alert(1)</script>"
    assert _vote(client, url, participant=name).status_code == 200
    assert store.votes()[0].participant == name
    assert _rows(client, url)[0]["participant"] == name  # CSV is data; the widget escapes it when shown


def test_a_closed_workshop_takes_no_votes_and_keeps_those_it_has(service, tmp_path):
    client, store = _client(service, tmp_path)
    with client:
        url = f"/w/{store.state().token}"
        assert _vote(client, url).status_code == 200
        store.set_open(False)
        reply = _vote(client, url, participant="Late Larry")
        assert reply.status_code == 409 and "closed" in reply.json()["error"]
        assert client.get(f"{url}/state").json()["open"] is False
        assert [r["participant"] for r in _rows(client, url)] == ["Ana"]
        store.set_open(True)
        assert _vote(client, url, participant="Late Larry").status_code == 200


def test_one_participant_voting_too_fast_is_slowed_down(service, tmp_path):
    client, store = _client(service, tmp_path, Limits(burst=3, votes_per_second=0.01))
    with client:
        url = f"/w/{store.state().token}"
        codes = [_vote(client, url, participant="Fast Fred", importance=i).status_code for i in (1, 2, 3, 4)]
        assert codes == [200, 200, 200, 429]
        reply = _vote(client, url, participant="Fast Fred")
        assert int(reply.headers["retry-after"]) >= 1
        assert _vote(client, url, participant="Calm Carla").status_code == 200  # others vote on
        assert [v.importance for v in store.votes() if v.participant == "Fast Fred"] == [3]


def test_a_full_workshop_refuses_new_participants_but_not_those_in(service, tmp_path):
    client, store = _client(service, tmp_path, Limits(participants=2))
    with client:
        url = f"/w/{store.state().token}"
        assert [_vote(client, url, participant=p).status_code for p in ("A1", "A2", "A3")] == [200, 200, 409]
        assert _vote(client, url, participant="A1", factor="menu-short").status_code == 200


def test_the_join_code_leads_to_the_join_url_and_wrong_codes_are_limited(service, tmp_path):
    client, store = _client(service, tmp_path, Limits(codes_per_minute=3))
    with client:
        token = store.state().token
        code = join_code(token)
        assert client.get("/").status_code == 200 and 'action="/join"' in client.get("/").text
        right = client.get(f"/join?code={code[:3].lower()}-{code[3:]}", follow_redirects=False)
        assert right.status_code == 303 and right.headers["location"] == f"/w/{token}"
        wrong = [client.get("/join?code=AAAAAA", follow_redirects=False) for _ in range(4)]
        assert [r.status_code for r in wrong] == [404, 404, 404, 429]
        assert token not in "".join(r.text for r in wrong)


def test_a_votes_file_of_another_service_or_no_database_is_refused(service, tmp_path):
    VoteStore(tmp_path / "v.sqlite", service_id="hotel-stay").close()
    with pytest.raises(StoreError, match="holds the votes of service 'hotel-stay'"):
        VoteStore(tmp_path / "v.sqlite", service_id=service.info.id)
    (tmp_path / "notes.sqlite").write_text("just some notes\n" * 200, encoding="utf-8")
    with pytest.raises(StoreError, match="not a votes database"):
        VoteStore(tmp_path / "notes.sqlite", service_id=service.info.id)
    with pytest.raises(StoreError, match="is a folder; give a votes file in a folder you can write to"):
        VoteStore(tmp_path, service_id=service.info.id)
    with pytest.raises(StoreError, match="cannot be opened or created"):
        VoteStore(tmp_path / "no-such-folder" / "v.sqlite", service_id=service.info.id)


@pytest.mark.parametrize("scale", ["1-5.5", "1-100", "0.5-4.5"])
def test_a_scale_the_phones_cannot_show_as_buttons_is_refused(scale, tmp_path, capsys):
    from blueprint.cli import main

    service = Path(__file__).parent / "data" / "newcomer" / "clinic.yaml"
    args = ["workshop", "serve", str(service), "--host", "127.0.0.1", "--scale", scale,
            "--db", str(tmp_path / "v.sqlite")]  # fmt: skip
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"the scale {scale} cannot be voted on from phones" in err and "Traceback" not in err
    assert not (tmp_path / "v.sqlite").exists()  # refused before anything is opened


def test_a_service_without_key_factors_is_refused_before_voting_opens(tmp_path, capsys):
    from blueprint.cli import main

    service = tmp_path / "walk-in.yaml"
    service.write_text("version: 1\nservice: {id: walk-in, title: Walk-in}\n"
                       "moments:\n  - {id: enter, title: In, stage: in-service, next: []}\n")  # fmt: skip
    args = ["workshop", "serve", str(service), "--host", "127.0.0.1", "--db", str(tmp_path / "v.sqlite")]
    assert main(args) == 2
    assert "has no key factors, so the phones would have nothing to vote on" in capsys.readouterr().err
    assert not (tmp_path / "v.sqlite").exists()

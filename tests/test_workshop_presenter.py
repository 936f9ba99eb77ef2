"""The presenter's workshop (``Workshop(presenter=True)``, ``blueprint workshop present``), the quorum
for proposals, and "Agree and save" saying that it is working. On the shoeshine stand of Shostack (1984).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import ipywidgets as w
import pytest

from blueprint.cli import main
from blueprint.io.load import load
from blueprint.widgets import Workshop, presenter
from blueprint.widgets.presenter import prepare, voila_command
from blueprint.workshop.votes import quorum_of
from conftest import DATA

SHOESHINE = DATA / "shoeshine" / "shoeshine.yaml"
ROOM = ["Stand owner", "Shoeshiner", "Cashier", "Regular customer", "Passer-by"]


@pytest.fixture
def shoeshine(tmp_path):
    path = tmp_path / "shoeshine.yaml"
    shutil.copy(SHOESHINE, path)
    return path


def _html(widget: w.Widget) -> str:
    """Every HTML text the widget tree shows (labels, options, descriptions included)."""
    parts = []
    if isinstance(widget, (w.HTML, w.Label)):
        parts.append(str(widget.value))
    for name in ("description", "placeholder"):
        parts.append(str(getattr(widget, name, "") or ""))
    for option in getattr(widget, "options", ()) or ():
        parts.append(str(option[0] if isinstance(option, tuple) else option))
    for child in getattr(widget, "children", ()) or ():
        parts.append(_html(child))
    return "\n".join(parts)


# -- the quorum -------------------------------------------------------------------------------


def test_the_default_quorum_is_more_than_half_the_room():
    assert [quorum_of(n) for n in (1, 2, 3, 4, 5, 10)] == [1, 2, 2, 3, 3, 6]


def test_two_of_five_voting_propose_nothing_unless_the_facilitator_overrides(shoeshine):
    workshop = Workshop(load(shoeshine), participants=ROOM, customers=["Regular customer"])
    voting = workshop.voting
    for who in ("Stand owner", "Regular customer"):
        voting.vote(who, "quick-shine", "reverse", 1)
    assert voting.propose() == []
    said = _html(voting.diff)
    assert "Below the quorum of 3 votes" in said and "2 of 5 participants voted" in said
    assert voting.accept_button.disabled
    assert [c.factor for c in voting.withheld] == ["quick-shine"]

    voting.override.value = True
    [change] = voting.propose()
    assert change.factor == "quick-shine" and change.new["bpm"] == "reverse"
    assert "as the facilitator chose" in _html(voting.diff)
    assert voting.accept() and "bpm: reverse" in shoeshine.read_text(encoding="utf-8")


def test_with_the_quorum_reached_the_change_is_proposed(shoeshine):
    workshop = Workshop(load(shoeshine), participants=ROOM)
    for who in ROOM[:3]:
        workshop.voting.vote(who, "quick-shine", "reverse", 2)
    assert [c.factor for c in workshop.voting.propose()] == ["quick-shine"]
    assert "quorum" not in _html(workshop.voting.diff)


def test_a_quorum_set_by_the_facilitator_is_kept(shoeshine):
    workshop = Workshop(load(shoeshine), participants=ROOM)
    workshop.voting.quorum = 5
    for who in ROOM[:4]:
        workshop.voting.vote(who, "quick-shine", "reverse", 2)
    assert workshop.voting.propose() == []
    assert "Below the quorum of 5 votes" in _html(workshop.voting.diff)


# -- agree and save says it is working ----------------------------------------------------------


def test_agree_and_save_shows_it_is_working_while_it_saves(shoeshine):
    workshop = Workshop(load(shoeshine), participants=ROOM)
    workshop.show_moment("shine")
    workshop.tabs.selected_index = 2
    agree = workshop.agree
    agree.editor.source.value = "shine-2min"  # the standard the stand has, agreed again by the shoeshiner
    agree.signers.children[1].value = True
    seen = []
    real_save = agree.editor.save

    def watched(**options):
        seen.append((agree.save_button.disabled, agree.save_button.description, agree.message.value))
        return real_save(**options)

    agree.editor.save = watched
    agree.save_button.click()
    [(disabled, label, message)] = seen
    assert disabled and label == "Saving…" and "Saving the standard" in message
    assert not agree.save_button.disabled and agree.save_button.description == "Agree and save"
    assert "Agreed and saved" in agree.message.value


# -- the presenter shows the room words, not the file ----------------------------------------------


def test_the_presenter_shows_no_path_no_ids_no_file_keys(shoeshine):
    service = load(shoeshine)
    workshop = Workshop(service, participants=ROOM, customers=["Regular customer"], presenter=True)
    workshop.show_moment("shine")
    for who in ROOM[:3]:
        workshop.voting.vote(who, "quick-shine", "reverse", 2)
    workshop.voting.propose()
    workshop.tabs.selected_index = 2
    workshop.closing_view()
    shown = _html(workshop)
    assert "bp-presenter" in workshop._dom_classes
    assert str(shoeshine) not in shown and "shoeshine.yaml" not in shown
    assert "<code>" not in shown
    words = re.sub(r"<style>.*?</style>", "", shown, flags=re.S)
    for key in ("assumed_importance", "bpm", "shine-2min", "greet-at-once", "sub_item", "agreed_by"):
        assert not re.search(rf"\b{re.escape(key)}\b", words), key
    assert "importance (staff)" in shown and "class" in shown
    assert workshop.voting.upload not in workshop.voting.children[2].children  # no CSV import in the room
    assert "Import CSV" not in shown
    assert "bp-cycle-tile" in workshop.closing.cycle_note.value


def test_the_notebook_view_keeps_ids_and_the_path(shoeshine):
    workshop = Workshop(load(shoeshine), participants=ROOM)
    workshop.show_moment("shine")
    shown = _html(workshop)
    assert str(shoeshine) in shown and "<code>shine-2min</code>" in shown
    assert "bp-presenter" not in workshop._dom_classes


# -- the command and the working copy --------------------------------------------------------------


def test_prepare_copies_the_file_and_writes_a_notebook_that_shows_the_presenter(shoeshine, tmp_path):
    setup = prepare(shoeshine, folder=tmp_path / "room", participants=["Shoeshiner"], customers=["Regular"])
    assert setup.service_file == (tmp_path / "room" / "shoeshine.yaml").resolve()
    assert setup.service_file.read_bytes() == shoeshine.read_bytes()
    import nbformat

    [cell] = nbformat.read(setup.notebook, as_version=4).cells
    namespace: dict[str, object] = {}
    exec(compile(cell.source.replace("Workshop(", "shown = Workshop(", 1), "present", "exec"), namespace)
    shown = namespace["shown"]
    assert isinstance(shown, Workshop) and shown.presenter
    assert str(shown.service.source) == str(setup.service_file)
    assert shown.voting.participants == ["Shoeshiner", "Regular"]
    assert shown.voting.tally.role("Regular") == "customer"
    command = voila_command(setup.notebook, port=8899, browser=False)
    assert str(setup.notebook) in command and "--port=8899" in command and "--no-browser" in command


def test_present_prints_the_copy_and_serves_it(shoeshine, tmp_path, monkeypatch, capsys):
    started = []
    monkeypatch.setattr(presenter, "run_server", lambda command: started.append(command) or 0)
    code = main(["workshop", "present", str(shoeshine), "--folder", str(tmp_path / "room"), "--no-browser"])
    out = capsys.readouterr().out
    copy = (tmp_path / "room" / "shoeshine.yaml").resolve()
    assert code == 0 and f"Working on a copy: {copy}" in out and "http://localhost:8866/" in out
    assert copy.exists() and started and started[0][2] == "voila"


def test_present_in_place_says_it_saves_into_the_file(shoeshine, monkeypatch, capsys):
    monkeypatch.setattr(presenter, "run_server", lambda command: 0)
    assert main(["workshop", "present", str(shoeshine), "--in-place", "--port", "9001"]) == 0
    out = capsys.readouterr().out
    assert f"Saving into {shoeshine.resolve()} itself (--in-place)." in out and ":9001/" in out


def test_present_refuses_the_originals_folder_as_working_folder(shoeshine, capsys):
    assert main(["workshop", "present", str(shoeshine), "--folder", str(shoeshine.parent)]) == 2
    assert "the copy would be the original" in capsys.readouterr().err


def test_present_on_a_broken_file_names_the_line(tmp_path, capsys):
    broken = tmp_path / "bank-branch.yaml"
    broken.write_text("version: 1\nservice:\n  id: branch\n  title: [unclosed\n", encoding="utf-8")
    assert main(["workshop", "present", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "bank-branch.yaml" in err and "line" in err


# -- customers' voice and staff's opinion, drawn apart ------------------------------------------------


def test_charts_and_class_counts_keep_customers_and_staff_apart_when_they_disagree(shoeshine):
    """Two regulars call the quick shine a delight, three staff a basic: neither speaks for the other."""
    workshop = Workshop(load(shoeshine), participants=ROOM[:3], customers=["Regular customer", "Passer-by"])
    voting = workshop.voting
    for who in ROOM[:3]:
        voting.vote(who, "quick-shine", "basic", 2)
    for who in ("Regular customer", "Passer-by"):
        voting.vote(who, "quick-shine", "motivation", 5)
    customers = voting.tally.kano("customer").attributes.iloc[0]
    staff = voting.tally.kano("staff").attributes.iloc[0]
    assert (customers["A"], customers["M"], customers["bpm"]) == (2, 0, "motivation")
    assert (staff["A"], staff["M"], staff["bpm"]) == (0, 3, "basic")
    assert voting.tally.counts("quick-shine", "customer")["A"] == 2

    classes, ranking = voting.classes.value, voting.ranking.value
    for chart in (classes, ranking):
        assert chart.index("Customers&#x27; votes") < chart.index("Staff&#x27;s votes")
    customer_part, staff_part = classes.split("Staff&#x27;s votes")
    assert "<b>motivation</b>" in customer_part and "<b>basic</b>" not in customer_part
    assert "<b>basic</b>" in staff_part and "<b>motivation</b>" not in staff_part
    customer_rank, staff_rank = ranking.split("Staff&#x27;s votes")
    assert "5 of 5 · 2 votes" in customer_rank and "2 of 5 · 3 votes" in staff_rank
    assert "4 of 5" not in ranking and "3.2 of 5" not in ranking  # no pooled mean anywhere

    [change] = voting.propose()
    assert "class from customers' votes A2" in str(change)
    assert "staff vote M3 (their view only)" in str(change)
    assert change.to_dict()["classes_by_role"] == {"customer": {"A": 2}, "staff": {"M": 3}}


def test_hostile_titles_stay_text_in_the_presenter(tmp_path):
    from test_widgets_hostile import assert_inert

    path = tmp_path / "hostile.yaml"
    shutil.copy(DATA / "widgets-hostile.yaml", path)
    service = load(path)
    workshop = Workshop(service, participants=["<img src=x onerror=alert(9)>", "Ana", "Bo"], presenter=True)
    workshop.show_moment("arrive")
    workshop.voting.vote("<script>alert(10)</script>", "quick", "motivation", 5)
    workshop.voting.propose()  # below the quorum: the notice names the factor
    assert "&lt;svg onload=alert(3)&gt; quick" in workshop.voting.diff.children[0].value
    workshop.closing_view()
    assert "&lt;img src=x onerror=alert(1)&gt;" in workshop.closing.cycle_note.value
    assert_inert(workshop)


def test_stopping_the_command_stops_the_server(tmp_path):
    """A SIGTERM to ``blueprint workshop present`` ends the server it started: nothing keeps serving."""
    import os
    import signal
    import time

    marker = tmp_path / "server.pid"
    script = f"import os, time; open({str(marker)!r}, 'w').write(str(os.getpid())); time.sleep(600)"
    runner = subprocess.Popen([sys.executable, "-c", (
        "from blueprint.widgets.presenter import run_server; import sys; "
        f"sys.exit(run_server([sys.executable, '-c', {script!r}]))"
    )])  # fmt: skip
    deadline = time.monotonic() + 60
    while not (marker.exists() and marker.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    server = int(marker.read_text())
    runner.send_signal(signal.SIGTERM)
    runner.wait(timeout=30)
    for _ in range(100):
        try:
            os.kill(server, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(server, signal.SIGKILL)
        raise AssertionError("the server outlived the command")

"""A save refused because the file changed on disk: plain words and the Reload / Save anyway buttons.

Every widget that saves (StandardEditor, CycleDesigner, the workshop's votes
and its Agree tab) meets the same situation the same way: it says what
happened in the designer's words, never ``save(force=True)``, and offers two
buttons that do what they say. Written on the bank branch of
tests/data/votes (a copy per test) with a colleague's edit landing between
opening and saving.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

pytest.importorskip("ipywidgets", reason="the notebook extras are part of the test environment")

from blueprint.io.load import load
from blueprint.widgets import CycleDesigner, StandardEditor, Workshop
from conftest import DATA
from test_widgets_words import code_in, visible_text

BRANCH = DATA / "votes" / "bank-branch.yaml"
#: what the old messages told the designer to type
CALLS = re.compile(r"force=|anyway=|\bsave\(|\baccept\(|blueprint\.load|\.\.\.\)")


@pytest.fixture
def branch(tmp_path):
    path = tmp_path / "bank-branch.yaml"
    shutil.copy(BRANCH, path)
    return path


def _colleague_edits(path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path.read_text(encoding="utf-8")


def _plain(widget) -> list[str]:
    texts = visible_text(widget)
    assert not [t for t in texts if CALLS.search(t)], [t for t in texts if CALLS.search(t)]
    assert code_in(texts) == []
    return texts


def test_the_editor_says_what_to_do_and_reload_shows_their_change(branch):
    service = load(branch)
    editor = StandardEditor(service, "queue-time")
    editor.form.controls["target"].value = "6"
    on_disk = _colleague_edits(branch, "title: Bank branch visit", "title: Bank branch visit (city centre)")
    assert editor.save() is False
    assert branch.read_text(encoding="utf-8") == on_disk
    said = " ".join(_plain(editor))
    assert "bank-branch.yaml was changed on disk since you opened it" in said
    assert "Reload to see their change" in said and "Save anyway to replace it with yours" in said
    assert editor.conflict.layout.display == ""
    assert [b.description for b in editor.conflict.children] == ["Reload", "Save anyway"]

    editor.conflict.reload_button.click()
    assert service.info.title == "Bank branch visit (city centre)"  # their change, in the same service
    assert editor.conflict.layout.display == "none"
    assert "Reloaded" in editor.message.value
    editor.form.controls["target"].value = "6"
    assert editor.save()  # now on top of their change
    saved = load(branch)
    assert saved.info.title == "Bank branch visit (city centre)"


def test_save_anyway_in_the_editor_replaces_their_change(branch):
    service = load(branch)
    editor = StandardEditor(service, "queue-time")
    editor.form.controls["target"].value = "6"
    _colleague_edits(branch, "title: Bank branch visit", "title: Bank branch visit (city centre)")
    assert editor.save() is False
    editor.conflict.anyway_button.click()
    assert "Saved" in editor.message.value and editor.conflict.layout.display == "none"
    assert load(branch).info.title == "Bank branch visit"


def test_the_designer_reloads_or_saves_anyway_with_buttons(branch):
    service = load(branch)
    designer = CycleDesigner(service, curve=False)
    moment = designer.order[0]
    designer.set_emotion(moment, -2)
    _colleague_edits(branch, "title: Bank branch visit", "title: Bank branch visit (renamed)")
    assert designer.save() is False
    said = " ".join(_plain(designer))
    assert "Reload to see their change (your changes here are then dropped)" in said
    designer.conflict.anyway_button.click()
    assert load(branch).moments[moment].emotion == -2 and load(branch).info.title == "Bank branch visit"

    designer.set_emotion(moment, 1)
    _colleague_edits(branch, "title: Bank branch visit", "title: Bank branch visit (renamed)")
    assert designer.save() is False
    designer.conflict.reload_button.click()
    assert service.moments[moment].emotion == -2 and service.info.title == "Bank branch visit (renamed)"
    assert "Reloaded" in designer.message.value


def test_the_workshop_votes_and_agree_tab_offer_the_same_buttons(branch):
    service = load(branch)
    workshop = Workshop(service, participants=["Teller Ana", "Teller Bo"], today=dt.date(2026, 12, 7))
    voting = workshop.voting
    for who in ("Teller Ana", "Teller Bo"):
        voting.vote(who, "queue-time", None, 2)
    voting.propose()
    _colleague_edits(branch, "title: Bank branch visit", "title: Bank branch visit (renamed)")
    assert voting.accept() is False
    said = " ".join(_plain(voting))
    assert "Reload to see their change (the votes stay here)" in said
    voting.conflict.reload_button.click()
    assert service.info.title == "Bank branch visit (renamed)" and len(voting.tally) == 2
    assert voting.proposal and voting.accept()
    assert load(branch).factors["queue-time"].assumed_importance == 0.25

    agree = workshop.agree
    agree.show_factors(["queue-time"])
    agree.editor.form.controls["target"].value = "6"
    agree.signers.children[0].value = True
    _colleague_edits(branch, "title: Bank branch visit (renamed)", "title: Bank branch visit")
    assert agree.save() is False
    _plain(agree)
    agree.editor.conflict.anyway_button.click()  # saves through the panel: the sign-off is kept
    assert agree.agreed and "Agreed and saved" in agree.message.value
    assert "Teller Ana" in branch.read_text(encoding="utf-8")


def test_a_file_broken_by_the_other_change_is_said_on_reload(branch):
    service = load(branch)
    editor = StandardEditor(service, "queue-time")
    editor.form.controls["target"].value = "6"
    branch.write_text("version: 1\nservice: [\n", encoding="utf-8")
    assert editor.save() is False
    editor.conflict.reload_button.click()
    assert "Not reloaded: the file cannot be read now" in editor.message.value
    assert "press Reload again" in editor.message.value
    assert service.info.title == "Bank branch visit"  # the service stays as it was


def test_save_anyway_after_the_lints_errors_in_the_agree_tab_keeps_the_sign_off(branch):
    workshop = Workshop(load(branch), participants=["Teller Ana"], today=dt.date(2026, 12, 7))
    agree = workshop.agree
    agree.show_factors(["queue-time"])
    form = agree.editor.form.controls
    form["target"].value = "6"
    form["statement"].value = "Customers wait at most 2 minutes for a teller."  # says 2, the target 6
    agree.signers.children[0].value = True
    assert agree.save() is False
    assert agree.editor.save_anyway.layout.display == ""  # the lint's error: asked first
    agree.editor.save_anyway.click()
    assert agree.agreed and "Agreed and saved" in agree.message.value
    assert "Teller Ana" in branch.read_text(encoding="utf-8")
    assert not agree.signers.children[0].value  # the ticks are cleared for the next standard


def test_reload_in_the_workshop_shows_the_colleagues_change_on_the_slide(branch):
    service = load(branch)
    workshop = Workshop(service, participants=["Teller Ana", "Teller Bo"])
    workshop.show_moment("enter-branch")
    for who in ("Teller Ana", "Teller Bo"):
        workshop.voting.vote(who, "queue-time", None, 2)
    workshop.voting.propose()
    old, new = "Enter the branch and take a ticket", "Take a queue ticket at the door"
    _colleague_edits(branch, f"title: {old}", f"title: {new}")
    assert workshop.voting.accept() is False
    assert "Enter the branch and take a ticket" in workshop.slide.value
    workshop.voting.conflict.reload_button.click()
    assert "Take a queue ticket at the door" in workshop.slide.value  # the slide shows the file as it is now
    assert any("Take a queue ticket at the door" in label for label, _ in workshop.jump.options)
    assert workshop.moment == "enter-branch"


def test_a_file_removed_since_it_was_opened_is_said_to_be_gone_and_save_anyway_writes_it_back(branch):
    service = load(branch)
    editor = StandardEditor(service, "queue-time")
    editor.form.controls["target"].value = "6"
    branch.rename(branch.with_name("archived.yaml"))
    assert editor.save() is False and not branch.exists()
    said = " ".join(_plain(editor))
    assert "bank-branch.yaml was removed or renamed on disk since you opened it" in said
    assert "changed on disk" not in said and "see their change" not in said
    editor.conflict.anyway_button.click()
    saved = load(branch)  # written back where it was, with the edit
    assert [s.target for s in saved.standards.values() if "queue-time" in s.factors] == [6]

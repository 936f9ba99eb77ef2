"""The BPM (Kano) class written from votes is the customers': staff's class votes never decide it.

Gap 1 is the distance between what customers experience and what staff
assume, so a room where staff outnumber the patients must not outvote them on
the class. On the family clinic of tests/data/clinic: three staff call
"treated as a person" a basic, two patients call it a delight.
"""

from __future__ import annotations

import shutil

import pytest

from blueprint.cli import main
from blueprint.io.load import load
from blueprint.widgets import Workshop
from blueprint.workshop.vote_review import review_votes_file
from blueprint.workshop.votes import Tally
from conftest import DATA

CLINIC = DATA / "clinic" / "clinic-visit.yaml"
STAFF = ["Receptionist", "Nurse", "Dr Okafor"]
PATIENTS = ["Patient Mrs Lin", "Patient Mr Abebe"]


@pytest.fixture
def clinic(tmp_path):
    path = tmp_path / "clinic-visit.yaml"
    shutil.copy(CLINIC, path)
    return path


def _disagreeing_tally(service) -> Tally:
    tally = Tally(service)
    for who in STAFF:
        tally.cast(who, "personal", "basic", 3)
        tally.cast(who, "short-wait", "performance", 4)  # only staff class the wait
    for who in PATIENTS:
        tally.cast(who, "personal", "motivation", 5, role="patient")
        tally.cast(who, "short-wait", importance=5, role="patient")
    return tally


def test_the_class_follows_the_patients_even_when_staff_outnumber_them(clinic):
    tally = _disagreeing_tally(load(clinic))
    pooled = tally.kano().attributes.set_index("attribute")
    assert pooled.loc["personal", "bpm"] == "basic"  # counted together, the staff would win
    changes = {c.factor: c for c in tally.proposals()}
    personal = changes["personal"]
    assert personal.new["bpm"] == "motivation"
    reasons = "; ".join(personal.reasons())
    assert "class from customers' votes A2" in reasons and "staff vote M3 (their view only)" in reasons
    assert "M3" not in reasons.split("class from")[1].split(";")[0]  # the staff's M3 is not the class's count


def test_a_factor_only_staff_classed_keeps_its_class_and_says_so(clinic):
    tally = _disagreeing_tally(load(clinic))
    wait = {c.factor: c for c in tally.proposals()}["short-wait"]
    assert "bpm" not in wait.new  # three staff votes for performance propose nothing
    assert wait.new["importance"] == 1.0 and wait.new["assumed_importance"] == 0.75
    assert "no customer voted a class, so the class stays" in str(wait)
    assert tally.staff_only_classes() == ["short-wait"]


def test_the_voting_panel_writes_the_patients_class_and_names_what_only_staff_classed(clinic):
    workshop = Workshop(load(clinic), participants=STAFF, customers=PATIENTS)
    voting = workshop.voting
    for who in STAFF:
        voting.vote(who, "personal", "basic", 3)
        voting.vote(who, "short-wait", "performance", 4)
    for who in PATIENTS:
        voting.vote(who, "personal", "motivation", 5)
        voting.vote(who, "short-wait", None, 5)
    proposal = {c.factor: c for c in voting.propose()}
    assert proposal["personal"].new["bpm"] == "motivation" and "bpm" not in proposal["short-wait"].new
    shown = " ".join(child.value for child in voting.diff.children if hasattr(child, "value"))
    assert "The class follows the customers&#x27; class votes only" in shown
    assert "No customer voted a class for Short wait: the class stays as it is" in shown
    assert voting.accept()
    saved = load(clinic).factors
    assert saved["personal"].bpm.value == "motivation" and saved["short-wait"].bpm is None


def test_a_staff_only_room_proposes_no_class_at_all(clinic):
    workshop = Workshop(load(clinic), participants=STAFF)
    for who in STAFF:
        workshop.voting.vote(who, "personal", "reverse")  # a class alone, no importance
    assert workshop.voting.propose() == []
    shown = " ".join(child.value for child in workshop.voting.diff.children)
    assert "no tag would change" in shown and "No customer voted a class for Treated as a person" in shown


def test_votes_from_a_form_export_keep_the_class_with_the_patients(clinic, tmp_path, capsys):
    votes = tmp_path / "clinic-votes.csv"
    votes.write_text(
        "Timestamp,Your name,Role,personal class,personal importance,short-wait class\r\n"
        "07/12/2026 09:14:03,Receptionist,Staff,Basic,3,performance\r\n"
        "07/12/2026 09:14:40,Nurse,staff,basic,3,performance\r\n"
        "07/12/2026 09:15:02,Dr Okafor,Management,must-be,3,performance\r\n"
        "07/12/2026 09:15:30,Mrs Lin,Patient,Motivation,5,\r\n"
        "07/12/2026 09:16:11,Mr Abebe,patient,delighter,5,\r\n",
        encoding="utf-8",
    )
    review = review_votes_file(load(clinic), votes)
    assert {c.factor: c.new.get("bpm") for c in review.changes}["personal"] == "motivation"
    assert main(["votes", str(clinic), str(votes)]) == 0
    out = capsys.readouterr().out
    assert "personal: bpm (none) -> motivation" in out
    assert "no customer voted a class: the class of short-wait stays" in out

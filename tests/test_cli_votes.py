"""`blueprint votes FILE VOTES.csv`: votes from paper or a form, customers' and staff's kept apart."""

from __future__ import annotations

import json
import shutil

import pytest

from blueprint.cli import main
from blueprint.io.load import load
from conftest import DATA

BRANCH = DATA / "votes" / "bank-branch.yaml"
VOTES = DATA / "votes" / "bank-branch-votes.csv"


@pytest.fixture
def branch(tmp_path):
    return shutil.copy(BRANCH, tmp_path / "bank-branch.yaml")


def test_without_write_it_prints_the_proposal_and_changes_nothing(branch, capsys):
    before = branch.read_text(encoding="utf-8")
    assert main(["votes", str(branch), str(VOTES)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "8 votes from 4 participants: 2 staff, 2 customers"
    # The customer panel's 5 of 5 goes to importance; the staff's 2 of 5 to assumed_importance.
    assert (
        "  queue-time: importance 0.6 -> 1, assumed_importance (none) -> 0.25 "
        "(4 votes; class from customers' votes M2; staff vote O1 (their view only); "
        "customers rate importance 5 of 5; "
        "staff rate importance 2 of 5)"
    ) in out
    assert "add --write" in out
    assert branch.read_text(encoding="utf-8") == before


def test_write_saves_round_trip_and_gap_1_then_compares_customers_with_management(branch, capsys):
    before = branch.read_text(encoding="utf-8").splitlines()
    assert main(["votes", str(branch), str(VOTES), "--write"]) == 0
    assert f"wrote 2 factor(s) to {branch}" in capsys.readouterr().out
    after = branch.read_text(encoding="utf-8").splitlines()
    added = [line for line in after if line not in before]
    assert added == [
        "        importance: 1          # set by the branch manager in 2025",  # the value replaced in place
        "        assumed_importance: 0.25",
        "        assumed_importance: 1",
        "        importance: 0.38",
    ]
    assert len(after) == len(before) + 2
    queue = load(branch).factors["queue-time"]
    assert (queue.importance, queue.assumed_importance) == (1.0, 0.25)
    assert main(["check", str(branch), "--format", "json", "--show", "info"]) == 0
    gap1 = [f for f in json.loads(capsys.readouterr().out)["files"][0]["findings"] if f["rule"] == "BP302"]
    assert [f["subject"] for f in gap1] == ["queue-time", "teller-courtesy"]
    # Running again proposes nothing: the file agrees with the votes.
    assert main(["votes", str(branch), str(VOTES)]) == 0
    assert "no tag would change" in capsys.readouterr().out


def test_votes_without_a_role_column_are_staff_and_never_touch_importance(branch, tmp_path, capsys):
    votes = tmp_path / "paper.csv"
    votes.write_text("participant,factor,importance\nTeller Ruiz,queue-time,2\n", encoding="utf-8")
    assert main(["votes", str(branch), str(votes), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["participants"] == {"staff": 1, "customer": 0}
    assert [p["new"] for p in data["proposals"]] == [{"assumed_importance": 0.25}]
    assert data["written"] is False
    assert main(["votes", str(branch), str(votes)]) == 0
    assert "every participant votes as staff" in capsys.readouterr().out


def test_bad_votes_are_located_and_nothing_is_written(branch, tmp_path, capsys):
    before = branch.read_text(encoding="utf-8")
    votes = tmp_path / "form.csv"
    votes.write_text(
        "participant,factor,importance,role\nAna,queue-time,5,guest\nBo,queue-tme,4,press\n", encoding="utf-8"
    )
    assert main(["votes", str(branch), str(votes), "--write"]) == 1
    err = capsys.readouterr().err
    assert f"{votes}, line 3, column 4 (role): unknown role 'press'" in err
    assert f"{votes}, line 3, column 2 (factor): no key factor 'queue-tme'" in err
    assert "Traceback" not in err
    assert branch.read_text(encoding="utf-8") == before
    assert main(["votes", str(branch), str(tmp_path / "missing.csv")]) == 1
    assert "cannot read the file" in capsys.readouterr().err


def test_a_file_changed_on_disk_is_not_overwritten(branch, capsys, monkeypatch):
    from blueprint.io import load as loading

    real_read = loading.read

    def read_then_edit(path):
        loaded = real_read(path)
        branch.write_text(branch.read_text(encoding="utf-8") + "# edited meanwhile\n", encoding="utf-8")
        return loaded

    monkeypatch.setattr(loading, "read", read_then_edit)
    assert main(["votes", str(branch), str(VOTES), "--write"]) == 1
    assert "changed on disk" in capsys.readouterr().err
    assert branch.read_text(encoding="utf-8").endswith("# edited meanwhile\n")


def test_a_seven_point_form_is_read_on_its_scale(branch, tmp_path, capsys):
    votes = tmp_path / "seven.csv"
    votes.write_text("participant,factor,importance,role\nAna,queue-time,7,customer\n", encoding="utf-8")
    assert main(["votes", str(branch), str(votes)]) == 1
    assert "importance 7 is outside the scale 1-5" in capsys.readouterr().err
    assert main(["votes", str(branch), str(votes), "--scale", "1-7"]) == 0
    assert "queue-time: importance 0.6 -> 1 " in capsys.readouterr().out
    assert main(["votes", str(branch), str(votes), "--scale", "7-1"]) == 1
    assert "the scale 7-1 is empty" in capsys.readouterr().err


def test_a_service_file_that_does_not_load_is_reported_with_its_place(capsys):
    broken = DATA / "broken" / "dangling-factor.yaml"
    assert main(["votes", str(broken), str(VOTES)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:" in err and "BP006" in err and "Traceback" not in err


def test_one_person_typed_in_another_case_is_one_participant(branch, tmp_path, capsys):
    # Paper forms typed in by two people: "Mrs Okafor", "MRS  OKAFOR" and "mrs okafor" are one guest.
    paper = str(DATA / "votes" / "bank-branch-paper-votes.csv")
    assert main(["votes", str(branch), paper]) == 1
    err = capsys.readouterr().err
    assert "2 problems in the votes:" in err
    assert (
        "line 3, column 1 (participant): MRS  OKAFOR votes on 'queue-time' again "
        "(first on line 2, as 'Mrs Okafor')"
    ) in err
    assert "line 7, column 5 (role): teller ruiz is staff on line 6 but customer here" in err
    assert "mrs okafor" not in err.replace("MRS  OKAFOR", "")  # her third row is no problem
    fixed = tmp_path / "fixed.csv"
    with open(paper, encoding="utf-8") as source:
        fixed.write_text("".join(line for n, line in enumerate(source) if n not in (2, 6)), encoding="utf-8")
    assert main(["votes", str(branch), str(fixed)]) == 0
    assert "4 votes from 3 participants: 1 staff, 2 customers" in capsys.readouterr().out

"""A pharmacy counter measured on exports as real systems write them (tests/data/pharmacy).

One quirk per file: a German Excel CSV (BOM, ';', decimal commas, a totals row and blank
rows), stopwatch readings, day-first local times across the spring daylight-saving change,
a long export with a second header line and a misspelt metric, and answer times exported
in minutes where the metric is in seconds.
"""

from __future__ import annotations

import json
import shutil

import pytest

from blueprint.cli import main
from blueprint.io.load import load
from blueprint.measure import measure
from conftest import DATA

PHARMACY = DATA / "pharmacy"
COLUMNS = "queue-wait=Wait (min),dispense-time=Dispense Time"


def _copy(tmp_path):
    shutil.copytree(PHARMACY, tmp_path / "pharmacy")
    (tmp_path / "pharmacy" / "blueprint.toml").write_text("")
    return tmp_path / "pharmacy"


def test_diagnose_fails_and_says_why_when_standards_are_not_measured(tmp_path, capsys):
    folder = _copy(tmp_path)
    (folder / "exports" / "queue.csv").unlink()  # the queue system's export went missing
    code = main(["diagnose", str(folder / "pharmacy.yaml"), "--data", str(folder), "--columns", COLUMNS])
    said = capsys.readouterr()
    assert code == 1
    assert "BP334 standard 'queue-5min' is not measured" in said.err
    assert "BP345" in said.err and "phone-30s" in said.err  # minutes where seconds were meant
    assert "2 of 7 standards and promises not measured" in said.err
    assert "procedural" in said.out and "BP334" not in said.out  # the diagnosis itself stays clean


def test_diagnose_json_stays_parseable_with_the_findings_aside(tmp_path, capsys):
    folder = _copy(tmp_path)
    code = main(["diagnose", str(folder / "pharmacy.yaml"), "--data", str(folder), "--columns", COLUMNS,
                 "--format", "json"])  # fmt: skip
    said = capsys.readouterr()
    assert code == 1 and json.loads(said.out)["version"] == 1
    assert "BP345" in said.err


def test_diagnose_passes_what_the_user_allowed_knowingly(tmp_path, capsys):
    folder = _copy(tmp_path)
    (folder / "exports" / "queue.csv").unlink()
    code = main(["diagnose", str(folder / "pharmacy.yaml"), "--data", str(folder), "--columns", COLUMNS,
                 "--allow-unmeasured", "--no-scale-check"])  # fmt: skip
    said = capsys.readouterr()
    assert code == 0, said.err
    assert "warning BP334" in said.err  # still said, as a warning


def _checklist(tmp_path, yes, no, n_yes=35, n_no=2):
    """A hand-over checklist export: ``n_yes`` rows ticked ``yes`` and ``n_no`` written ``no``."""
    folder = _copy(tmp_path)
    lines = ["timestamp,site,id-checked,items-owed"]
    lines += [f"{1 + i % 28:02d}/04/2026 10:{i % 60:02d},Mitte,{yes},0" for i in range(n_yes)]
    lines += [f"{1 + i % 28:02d}/04/2026 11:{i % 60:02d},Mitte,{no},0" for i in range(n_no)]
    (folder / "exports" / "handover.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(("yes", "no"), [("OK", "NOK"), ("ok", "not ok"), ("OK", "KO"), ("Passed", "Failed")])
def test_a_checklist_written_ok_and_not_ok_fails_when_a_check_was_missed(tmp_path, yes, no):
    folder = _checklist(tmp_path, yes, no)
    result = measure(load(folder / "pharmacy.yaml"), data=folder, columns=COLUMNS)
    (row,) = [r for r in result.rows() if r["standard"] == "id-every-time"]
    assert (row["status"], row["observations"], row["met"]) == ("fail", 37, 35)

"""A pharmacy counter measured on exports as real systems write them (tests/data/pharmacy).

One quirk per file: a German Excel CSV (BOM, ';', decimal commas, a totals row and blank
rows), stopwatch readings, day-first local times across the spring daylight-saving change,
a long export with a second header line and a misspelt metric, and answer times exported
in minutes where the metric is in seconds.
"""

from __future__ import annotations

import json
import shutil

from blueprint.cli import main
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

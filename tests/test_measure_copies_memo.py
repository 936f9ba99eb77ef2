"""The duplicate check goes a shorter way only where it cannot change a number.

Two shorter ways: a file unchanged since it was checked has the copies it
had (kept with the query cache), and a file whose declared id column holds a
different id on every row has no copy at all. Neither may ever hide a copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from blueprint.io.load import load
from blueprint.measure import copies, copies_memo, measure
from measure_helpers import private_cache, service, standard  # noqa: F401 (the fixture keeps each cache private)

CALLS = Path(__file__).parent / "data" / "call-centre"
#: how the call centre's ACD export names its columns (a wide file: the wait column is the metric)
COLUMNS = "id=Call ID,timestamp=Start Time (local),team=Team,answer-wait=Wait (m:ss)"


@pytest.fixture
def settled(monkeypatch):
    """Files count as settled at once (they are written by the test a moment before)."""
    monkeypatch.setattr(copies_memo, "SETTLED_AFTER", 0.0)


def _probes(monkeypatch) -> list[str]:
    """The views whose rows are probed for copies, as they are."""
    probed, real = [], copies._probe
    monkeypatch.setattr(
        copies, "_probe", lambda duck, view, *a: probed.append(view.name) or real(duck, view, *a)
    )
    return probed


def _visits(folder: Path, copies_of: tuple[int, ...] = ()) -> Path:
    """A clinic's check-in waits in Parquet, with the rows at ``copies_of`` exported twice."""
    path = folder / "checkin.parquet"
    again = ", ".join(str(i) for i in copies_of) or "NULL"
    duckdb.connect().execute(f"""
        COPY (
            WITH visits AS (
                SELECT i, TIMESTAMP '2026-12-07 08:00:00' + to_minutes(i * 6) AS "timestamp",
                       ['harbour', 'airport'][1 + i % 2] AS site, 'wait' AS metric,
                       (30 + i * 11 % 200)::DOUBLE AS value
                FROM range(80) AS t(i)
            )
            SELECT "timestamp", site, metric, value FROM visits
            UNION ALL SELECT "timestamp", site, metric, value FROM visits WHERE i IN ({again})
        ) TO '{path}' (FORMAT parquet)
    """)  # fmt: skip
    return path


def _numbers(result):
    return result.rows(), result.exclusions


def test_an_unchanged_file_is_not_probed_again_and_gives_the_same_numbers(tmp_path, monkeypatch, settled):
    _visits(tmp_path, copies_of=(3, 17))
    svc = service(tmp_path, standard("w", source="checkin.parquet"))
    probed = _probes(monkeypatch)
    first = measure(svc, by="site")
    again = measure(svc, by="site")
    assert len(probed) == 1  # the second run used what the first found
    assert _numbers(again) == _numbers(first)
    assert sum(r["excluded"] for r in first.rows()) == 2  # the copies are left out both times


def test_a_file_that_changed_is_probed_again_and_its_new_copies_counted(tmp_path, monkeypatch, settled):
    _visits(tmp_path)
    svc = service(tmp_path, standard("w", source="checkin.parquet"))
    probed = _probes(monkeypatch)
    assert sum(r["excluded"] for r in measure(svc, by="site").rows()) == 0
    _visits(tmp_path, copies_of=(5, 6))
    rows = measure(svc, by="site").rows()
    assert len(probed) == 2
    assert sum(r["excluded"] for r in rows) == 2 and all("duplicate" in r["excluded_why"] for r in rows)


def test_a_file_rewritten_with_the_same_size_is_probed_again(tmp_path, monkeypatch, settled):
    (tmp_path / "obs.csv").write_text("timestamp,site,metric,value\n" + "".join(
        f"2026-12-07 09:{i:02d}:00,harbour,wait,{60 + i}\n" for i in range(40)))  # fmt: skip
    svc = service(tmp_path, standard("w"))
    assert measure(svc).rows()[0]["excluded"] == 0
    text = (tmp_path / "obs.csv").read_text()
    copied = text.replace("2026-12-07 09:01:00,harbour,wait,61", "2026-12-07 09:00:00,harbour,wait,60")
    assert len(copied) == len(text)
    (tmp_path / "obs.csv").write_text(copied)  # same size, one row now a copy of the first
    os.utime(tmp_path / "obs.csv", ns=((tmp_path / "obs.csv").stat().st_atime_ns, 0))  # even its mtime old
    assert measure(svc).rows()[0]["excluded"] == 1


def test_a_file_written_a_moment_ago_is_not_remembered(tmp_path, monkeypatch):
    monkeypatch.setattr(copies_memo, "SETTLED_AFTER", 3600.0)  # however slow the machine, it is recent
    _visits(tmp_path, copies_of=(3,))
    svc = service(tmp_path, standard("w", source="checkin.parquet"))
    probed = _probes(monkeypatch)
    measure(svc, by="site")
    measure(svc, by="site")
    assert len(probed) == 2  # a second write in the same tick of the clock would not move the times
    assert not (private_cache_folder() / "copies").exists()


def private_cache_folder() -> Path:
    return Path(os.environ["BLUEPRINT_CACHE"])


def test_only_the_most_recently_used_findings_are_kept(tmp_path, monkeypatch, settled):
    monkeypatch.setattr(copies_memo, "MOST_FINDINGS", 1)
    sites = [tmp_path / "harbour", tmp_path / "airport"]
    made = []
    for folder in sites:
        folder.mkdir()
        _visits(folder, copies_of=(4,))
        made.append(service(folder, standard("w", source="checkin.parquet")))
    probed = _probes(monkeypatch)
    for svc in (*made, made[0]):
        measure(svc, by="site")
    assert len(list((private_cache_folder() / "copies").glob("*.json"))) == 1
    assert len(probed) == 3  # the first file's finding made way for the second's: probed again


def test_the_copies_positions_are_remembered_for_a_loaded_csv_file(tmp_path, monkeypatch, settled):
    lines = [f"2026-12-07 10:{i:02d}:00,airport,wait,{40 + i}" for i in range(40)]
    lines += [lines[2], lines[2], lines[30]]
    (tmp_path / "obs.csv").write_text("timestamp,site,metric,value\n" + "\n".join(lines) + "\n")
    svc = service(tmp_path, standard("w"))
    probed = _probes(monkeypatch)
    first = measure(svc)
    again = measure(svc)
    assert len(probed) == 1 and _numbers(again) == _numbers(first)
    assert (first.rows()[0]["excluded"], first.rows()[0]["excluded_why"]) == (3, "3 duplicate")


def test_an_unreadable_memo_means_probing_again(tmp_path, monkeypatch, settled):
    _visits(tmp_path, copies_of=(9,))
    svc = service(tmp_path, standard("w", source="checkin.parquet"))
    probed = _probes(monkeypatch)
    measure(svc, by="site")
    for kept in (private_cache_folder() / "copies").iterdir():
        kept.write_text("{not json")
    rows = measure(svc, by="site").rows()
    assert len(probed) == 2 and sum(r["excluded"] for r in rows) == 1


# -- a declared id column ---------------------------------------------------------------------


def _call_centre(folder: Path) -> Path:
    for name in ("call-centre.yaml", "calls.csv", "pyproject.toml"):
        shutil.copy(CALLS / name, folder / name)
    return folder / "call-centre.yaml"


def test_a_unique_id_column_spares_the_hashing_and_says_so(tmp_path, monkeypatch):
    svc = load(_call_centre(tmp_path))
    hashed = measure(svc, by="team", columns=COLUMNS.replace("id=Call ID,", ""), min_observations=10)
    monkeypatch.setattr(copies, "_suspects", lambda *a: pytest.fail("the rows were hashed"))
    result = measure(svc, by="team", columns=COLUMNS, min_observations=10)
    assert _numbers(result) == _numbers(hashed)
    [note] = [f for f in result.findings if f.rule == "BP351"]
    assert note.severity.value == "info" and "'Call ID'" in note.message
    assert note.location is not None and note.location.file.endswith("calls.csv")
    assert not [f for f in hashed.findings if f.rule == "BP351"]


def _calls_with(folder: Path, rows: list[str]) -> None:
    with (folder / "calls.csv").open("a", encoding="utf-8") as handle:
        handle.write("".join(row + "\n" for row in rows))


def test_an_id_column_that_repeats_an_id_is_no_proof_and_copies_are_still_found(tmp_path):
    svc = load(_call_centre(tmp_path))
    first = (tmp_path / "calls.csv").read_text(encoding="utf-8").splitlines()[1]
    # The same call exported twice (a copy), and another call under a reused id (not a copy).
    _calls_with(tmp_path, [first, first.replace("A-team", "B-team")])
    result = measure(svc, by="team", columns=COLUMNS, min_observations=10)
    assert not [f for f in result.findings if f.rule == "BP351"]
    a_team, b_team = result.rows()
    assert (a_team["rows"], a_team["excluded"], a_team["excluded_why"]) == (31, 1, "1 duplicate")
    assert (b_team["rows"], b_team["excluded"]) == (31, 0)


def test_an_empty_id_is_no_proof_either(tmp_path):
    svc = load(_call_centre(tmp_path))
    unnamed = ",2026-12-09 17:55:00,B-team,billing,0:41"
    _calls_with(tmp_path, [unnamed, unnamed])  # two identical rows without an id: one is a copy
    result = measure(svc, by="team", columns=COLUMNS, min_observations=10)
    assert not [f for f in result.findings if f.rule == "BP351"]
    assert result.rows()[1]["excluded"] == 1


def test_the_command_line_shows_why_the_rows_were_not_hashed(tmp_path):
    path = _call_centre(tmp_path)
    env = {**os.environ, "BLUEPRINT_CACHE": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "blueprint.cli", "measure", str(path), "--by", "team", "--columns", COLUMNS,
         "--min-observations", "10", "--format", "json"], capture_output=True, text=True, env=env,
        check=False,
    )  # fmt: skip
    data = json.loads(done.stdout)
    [note] = [f for f in data["findings"] if f["rule"] == "BP351"]
    assert note["severity"] == "info" and "Call ID" in note["message"]
    assert done.returncode == 1  # both teams miss the standard: the note changes nothing there


def test_a_unique_id_remembered_still_says_why_the_rows_were_not_hashed(tmp_path, monkeypatch, settled):
    svc = load(_call_centre(tmp_path))
    probed = _probes(monkeypatch)
    first = measure(svc, by="team", columns=COLUMNS, min_observations=10)
    again = measure(svc, by="team", columns=COLUMNS, min_observations=10)
    assert len(probed) == 1
    assert (
        [f.message for f in again.findings if f.rule == "BP351"]
        == [f.message for f in first.findings if f.rule == "BP351"]
        != []
    )


def _tickets(folder: Path, extra: tuple[str, ...] = ()) -> None:
    """A bank branch's queue export in the long layout: each ticket gives a wait row and a rings row."""
    rows = [
        f"T{100 + i},2026-12-07 09:{i:02d}:00,{metric},{value}"
        for i in range(40)
        for metric, value in (("wait", 60 + i), ("rings", 1 + i % 4))
    ]
    (folder / "obs.csv").write_text("Ticket,timestamp,metric,value\n" + "\n".join([*rows, *extra]) + "\n")


def _long_service(folder: Path):
    rings = standard("r", metric="rings", comparator="<=", target=3, unit="count", share=0.5)
    return service(folder, standard("w"), rings)


def test_in_the_long_layout_the_id_with_the_metric_names_each_row(tmp_path, monkeypatch):
    _tickets(tmp_path)
    monkeypatch.setattr(copies, "_suspects", lambda *a: pytest.fail("the rows were hashed"))
    result = measure(_long_service(tmp_path), columns="id=Ticket")
    [note] = [f.message for f in result.findings if f.rule == "BP351"]
    assert "'Ticket' with the metric column 'metric'" in note
    assert [(r["standard"], r["rows"], r["excluded"]) for r in result.rows()] == [("w", 40, 0), ("r", 40, 0)]


def test_in_the_long_layout_a_ticket_sent_twice_is_still_a_copy(tmp_path):
    _tickets(tmp_path, extra=("T105,2026-12-07 09:05:00,wait,65",))
    result = measure(_long_service(tmp_path), columns="id=Ticket")
    assert not [f for f in result.findings if f.rule == "BP351"]
    wait = result.rows()[0]
    assert (wait["rows"], wait["excluded"], wait["excluded_why"]) == (41, 1, "1 duplicate")

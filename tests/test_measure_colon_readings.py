"""A bare ``0:12`` among ``9 min`` values is read as its column is written, and the finding says so.

The material: a vet practice whose reception types the wait as it comes
(``9 min``, sometimes the clock difference ``0:45``), and a bank branch whose
long export holds a queue wait typed in minutes beside a teller's stopwatch
time (m:ss). tests/data/colon-readings/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from blueprint.io.load import load
from blueprint.measure import measure
from blueprint.measure.clock_evidence import evidence
from blueprint.model.vocabulary import Quantity
from measure_helpers import private_cache  # noqa: F401 (the fixture keeps each cache private)

DATA = Path(__file__).parent / "data" / "colon-readings"
BANK = {"metric": "Measure", "value": "Value", "timestamp": "Ticket Time", "site": "Branch"}


def _copy(tmp_path: Path, name: str, data: str, header: str | None = None):
    shutil.copy(DATA / name, tmp_path / name)
    text = (DATA / data).read_text(encoding="utf-8")
    if header is not None:
        text = header + "\n" + text.split("\n", 1)[1]
    (tmp_path / data).write_text(text, encoding="utf-8")
    (tmp_path / "pyproject.toml").touch()
    return load(tmp_path / name)


def _visits(tmp_path: Path, cells: list[str]) -> None:
    """The vet practice's visit sheet written anew with ``cells`` as its waits."""
    lines = "".join(f"V{i},{cell}\n" for i, cell in enumerate(cells))
    (tmp_path / "visits.csv").write_text("visit,seen-wait\n" + lines, encoding="utf-8")


def _status(result, standard: str) -> str:
    return next(row["status"] for row in result.rows() if row["standard"] == standard)


def _bp354(result):
    return [f for f in result.findings if f.rule == "BP354"]


@pytest.mark.parametrize("backend", ["duckdb", "polars"])
def test_a_bare_colon_reading_among_minutes_is_hours_and_minutes_and_fails_the_late_visits(tmp_path, backend):
    # Read as m:ss, '0:45' and '0:50' would be seconds and the practice would pass 95% within 20 minutes.
    svc = _copy(tmp_path, "vet-practice.yaml", "visits.csv")
    result = measure(svc, min_observations=5, backend=backend)
    assert _status(result, "seen-within-20-minutes") == "fail"
    (found,) = _bp354(result)
    assert found.severity.value == "warning"
    assert "column 'seen-wait'" in found.message and "3 reading(s)" in found.message
    assert "the first '0:45' at line 5, column 6" in found.message  # the first in the file, shown
    assert "read as hours and minutes (h:mm): '0:45' is 45 minutes" in found.message
    assert "'1 h 5 min'" in found.message  # the cell that shows how the column is written
    # the first such reading in the file: V104,0:45 on line 5, its cell starting at character 6
    assert (found.location.line, found.location.column) == (5, 6)
    assert found.location.file.endswith("visits.csv")
    assert "'seen-wait (h:mm)'" in found.hint and "'seen-wait (m:ss)'" in found.hint
    assert "--columns seen-wait='seen-wait (h:mm)'" in found.hint
    again = measure(svc, min_observations=5, backend=backend)  # a kept query reads the same, and says so
    assert _status(again, "seen-within-20-minutes") == "fail"
    assert [f.message for f in _bp354(again)] == [found.message]


@pytest.mark.parametrize(("header", "status"), [("Wait (h:mm)", "fail"), ("Wait (m:ss)", "pass")])
def test_a_header_naming_the_layout_settles_the_reading_without_a_finding(tmp_path, header, status):
    svc = _copy(tmp_path, "vet-practice.yaml", "visits.csv", header=f"visit,{header}")
    result = measure(svc, min_observations=5, columns={"seen-wait": header})
    assert _status(result, "seen-within-20-minutes") == status
    assert _bp354(result) == []


def test_a_plain_stopwatch_column_stays_minutes_and_seconds_with_no_finding(tmp_path):
    svc = _copy(tmp_path, "vet-practice.yaml", "visits.csv")
    readings = ["0:45", "1:10", "0:20", "0:59", "1:05", "0:30", "0:52", "0:41", "1:15", "0:38"]
    _visits(tmp_path, readings)
    result = measure(svc, min_observations=5)
    (row,) = [r for r in result.rows() if r["standard"] == "seen-within-20-minutes"]
    assert row["status"] == "pass"  # seconds, all far within 20 minutes; as h:mm most would be late
    # The 90th percentile of the ten, sorted: 70 s and a tenth of the way to 75 s, in minutes.
    assert row["observed"] == pytest.approx(70.5 / 60, abs=1e-9)
    assert _bp354(result) == []


def test_in_a_long_export_each_metric_is_read_by_its_own_cells(tmp_path):
    svc = _copy(tmp_path, "bank-branch.yaml", "tickets.csv")
    result = measure(svc, min_observations=5, columns=BANK)
    # queue waits typed in minutes: '0:25' and '0:40' are 25 and 40 minutes, so 80% < 90% required
    assert _status(result, "queue-within-15-minutes") == "fail"
    # the teller's stopwatch times stay m:ss: read as h:mm, '1:52' would be nearly two hours
    assert _status(result, "served-within-3-minutes") == "pass"
    (found,) = _bp354(result)
    assert "metric 'queue-wait'" in found.message and "'0:25' is 25 minutes" in found.message
    assert (found.location.line, found.location.column) == (8, 39)
    assert "every metric of the column" in found.hint  # the value column's header speaks for both
    again = measure(svc, min_observations=5, columns=BANK)  # the kept query's run reads its own SQL
    assert [(f.message, f.location) for f in _bp354(again)] == [(found.message, found.location)]


def test_cells_written_to_the_second_keep_a_colon_reading_minutes_and_seconds(tmp_path):
    svc = _copy(tmp_path, "vet-practice.yaml", "visits.csv")
    cells = ["1m 20s", "45 sec", "2 min 5 sec", "0:50", "1 min", "30 s", "55 secs", "1:10", "40 sec", "1m 5s"]
    _visits(tmp_path, cells)
    result = measure(svc, min_observations=5)
    assert _status(result, "seen-within-20-minutes") == "pass"
    (found,) = _bp354(result)
    assert "minutes and seconds (m:ss): '0:50' is 50 seconds" in found.message
    assert "'45 sec'" in found.message or "'1m 20s'" in found.message


def test_evidence_is_none_for_numbers_headers_that_say_and_columns_without_unit_words():
    import ibis
    import pandas as pd

    table = ibis.memtable(pd.DataFrame({"w": ["9 min", "0:12"], "n": [9.0, 12.0], "s": ["1:52", "0:12"]}))
    duration = {"w": Quantity.DURATION}
    assert evidence(table, "w", duration)["w"].reading == "h:mm"
    assert evidence(table, "n", {"n": Quantity.DURATION}) == {}
    assert evidence(table, "s", {"s": Quantity.DURATION}) == {}
    assert evidence(table, "w", {"w": Quantity.COUNT}) == {}
    renamed = table.rename({"Wait (m:ss)": "w"})
    assert evidence(renamed, "Wait (m:ss)", {"x": Quantity.DURATION}) == {}


def test_the_kept_query_runs_own_sql_finds_what_the_ibis_query_finds():
    import duckdb
    import ibis
    import pandas as pd

    from blueprint.measure.clock_evidence import evidence_sql

    frame = pd.DataFrame(
        {
            "metric": ["wait", "wait", "wait", "talk", "talk", "talk", "wait"],
            "value": ["9 min", "0:45", "1 h 5 min", "1:52", "n/a", "45 sec", " 0:50 "],
            "stopwatch": ["1:52", "0:45", "n/a", "2:05", "0:30", "1:10", "0:59"],
            "seconds": ["45 sec", "1m 20s", "0:50", "30 s", "0:12", "2 min 5 sec", "55 secs"],
        }
    )
    kinds = {"wait": Quantity.DURATION, "talk": Quantity.DURATION}
    con = duckdb.connect()
    con.register("frame", frame)
    con.execute("CREATE VIEW answers AS SELECT * FROM frame")
    table = ibis.duckdb.from_connection(con).table("answers")
    cases = [("value", kinds, "metric"), ("stopwatch", {"s": Quantity.DURATION}, None),
             ("seconds", {"s": Quantity.DURATION}, None)]  # fmt: skip
    for column, metrics, by in cases:
        assert evidence(table, column, metrics, by) == evidence_sql(con, "answers", column, metrics, by), (
            column
        )
    found = evidence_sql(con, "answers", "value", kinds, "metric")
    read = {m: (e.reading, e.readings, e.example) for m, e in found.items()}
    assert read == {"wait": ("h:mm", 2, "0:45"), "talk": ("m:ss", 1, "1:52")}  # 'talk' times to the second
    assert evidence_sql(con, "answers", "stopwatch", {"s": Quantity.DURATION}) == {}  # 'n/a' is no unit word
    assert evidence_sql(con, "answers", "seconds", {"s": Quantity.DURATION})["s"].reading == "m:ss"


def test_a_parquet_source_reads_alike_and_gives_an_example_without_a_line(tmp_path):
    import pandas as pd

    _copy(tmp_path, "vet-practice.yaml", "visits.csv")
    pd.read_csv(tmp_path / "visits.csv", dtype=str).to_parquet(tmp_path / "visits.parquet")
    service = tmp_path / "vet-practice.yaml"
    service.write_text(service.read_text(encoding="utf-8").replace("visits.csv", "visits.parquet"), "utf-8")
    svc = load(service)
    result = measure(svc, min_observations=5)
    assert _status(result, "seen-within-20-minutes") == "fail"
    (found,) = _bp354(result)
    assert "e.g. '0:35';" in found.message and found.location.line is None


def test_a_standard_the_chosen_reading_could_pass_wrongly_is_named(tmp_path):
    # 'At least 10 minutes with the vet': read as h:mm, '0:15' passes; as m:ss (15 seconds) it would fail.
    svc = _copy(tmp_path, "vet-practice.yaml", "visits.csv")
    service = tmp_path / "vet-practice.yaml"
    text = service.read_text(encoding="utf-8").replace('comparator: "<="', 'comparator: ">="')
    service.write_text(text.replace("target: 20", "target: 5").replace("share: 0.9", "share: 0.5"), "utf-8")
    (found,) = _bp354(measure(load(service), min_observations=5))
    assert (
        "if they are minutes and seconds, 'seen-within-20-minutes' may pass cases it fails" in found.message
    )
    (kept,) = _bp354(measure(svc, min_observations=5))  # the original 'at most': the longer reading errs late
    assert "may pass" not in kept.message


def test_a_kept_query_is_compiled_again_when_the_file_written_anew_reads_its_colons_otherwise(tmp_path):
    """The kept query read '0:45' as 45 minutes; the next export writes a wait down to the second
    ('1 min 20 sec'), where '0:45' is 45 seconds: the query is not run as it was kept."""
    svc = _copy(tmp_path, "vet-practice.yaml", "visits.csv")
    first = measure(svc, min_observations=5)
    assert _status(first, "seen-within-20-minutes") == "fail" and "(h:mm)" in _bp354(first)[0].message
    _visits(tmp_path, ["1 min 20 sec", *(f"{i % 9}:{(7 * i) % 60:02d}" for i in range(19))])
    second = measure(svc, min_observations=5)
    assert _status(second, "seen-within-20-minutes") == "pass"  # at most 8:53, m:ss
    assert "(m:ss)" in _bp354(second)[0].message
    # ... and back: the kept query of the file in seconds is not run on the file in minutes
    _copy(tmp_path, "vet-practice.yaml", "visits.csv")
    third = measure(svc, min_observations=5)
    assert _status(third, "seen-within-20-minutes") == "fail" and "(h:mm)" in _bp354(third)[0].message

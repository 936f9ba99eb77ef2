"""A garage's dealer-management exports: h:mm readings under a header that says so, a title row.

A dealer-management system writes the delay of a job's steps as hours and
minutes (``1:05``) and says so in the column's header (``Diagnosis to call
(h:mm)``); it heads its workbooks with a title row. Both are read as written:
a reading taken as a stopwatch's m:ss would be sixty times too short, and a
workbook must not be refused for its title.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from blueprint.io.load import load
from blueprint.measure import measure
from measure_helpers import private_cache  # noqa: F401 (the fixture keeps each cache private)

SERVICE = """\
version: 1
service: {id: garage-desk, title: Garage service desk}
metrics:
  - {id: call-delay, title: Diagnosis to the approval call, quantity: duration, unit: minutes}
moments:
  - id: approve
    title: Approve extra work on the phone
    stage: in-service
    next: []
    factors:
      - {id: prompt-call, title: Told early about extra work, element: software, sub_item: anticipation}
standards:
  - id: call-10min
    factors: [prompt-call]
    statement: 90% of customers are called within 10 minutes of the diagnosis.
    metric: call-delay
    comparator: "<="
    target: 10
    unit: minutes
    share: 0.9
    measurement: {method: system-log, source: SOURCE}
"""


def _service(folder: Path, source: str):
    (folder / "pyproject.toml").touch()
    path = folder / "garage.yaml"
    path.write_text(SERVICE.replace("SOURCE", source), encoding="utf-8")
    return load(path)


#: 40 calls, each 35 minutes after the diagnosis (written 0:35): every one misses the 10 minutes
DELAYS = ["0:35"] * 40


@pytest.mark.parametrize("backend", ["duckdb", "polars"])
def test_h_mm_readings_under_a_header_that_says_h_mm_are_hours_and_minutes(tmp_path, backend):
    lines = ["Job,Date,Diagnosis to call (h:mm)"]
    lines += [f"J{i},2026-03-{1 + i % 28:02d} 10:00,{d}" for i, d in enumerate(DELAYS)]
    (tmp_path / "jobs.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    svc = _service(tmp_path, "jobs.csv")
    result = measure(svc, columns={"call-delay": "Diagnosis to call (h:mm)"}, backend=backend)
    (row,) = result.rows()
    # Read as m:ss, 0:35 is 35 seconds, well within 10 minutes: a pass with every call late.
    assert (row["status"], row["observations"], row["met"]) == ("fail", 40, 0)
    assert row["observed"] == pytest.approx(35.0)


def test_a_header_saying_m_ss_or_naming_no_layout_keeps_stopwatch_readings(tmp_path):
    for header in ("Diagnosis to call (m:ss)", "Diagnosis to call"):
        lines = [f"Job,Date,{header}"] + [f"J{i},2026-03-02 10:{i:02d},0:35" for i in range(40)]
        (tmp_path / "jobs.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        svc = _service(tmp_path, "jobs.csv")
        (row,) = measure(svc, columns={"call-delay": header}, scale_check=False).rows()
        assert (row["met"], row["observed"]) == (40, pytest.approx(35 / 60)), header


def test_h_mm_in_the_long_layout_reads_the_value_columns_header(tmp_path):
    lines = ["When,Measure,Elapsed [hh:mm]"] + [f"2026-03-02 10:{i:02d},call-delay,1:05" for i in range(40)]
    (tmp_path / "steps.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    svc = _service(tmp_path, "steps.csv")
    result = measure(svc, columns={"timestamp": "When", "metric": "Measure", "value": "Elapsed [hh:mm]"})
    (row,) = result.rows()
    assert (row["met"], row["observed"]) == (0, pytest.approx(65.0))

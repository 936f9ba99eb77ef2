"""Shares written with a percent sign ('92.5%', '87,5 %') in a data column are read, never dropped.

The checkpoint's peak-lane log (tests/data/checkpoint) writes the share of planned lanes
open as a spreadsheet shows it. A percent metric reads '92.5%' as 92.5, a share metric as
0.925; a percent sign on a duration or a count is no value of it, and is refused with
the values it saw.
"""

from __future__ import annotations

import pytest

from blueprint.io.load import load
from blueprint.measure import measure
from measure_helpers import copy_checkpoint, row_of


def _lanes(folder, cells, header="timestamp,terminal,lanes-open"):
    lines = [header] + [f'2026-11-{1 + i // 4:02d} 0{6 + i % 4}:00:00,T1,"{c}"' for i, c in enumerate(cells)]
    (folder / "nightly" / "peak-lanes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_bundled_peak_lane_log_is_measured(tmp_path):
    folder = copy_checkpoint(tmp_path)
    result = measure(load(folder / "checkpoint.yaml"), data=folder / "nightly")
    row = row_of(result, "lanes-90pct")
    assert row["status"] != "no data" and row["observations"] == 37  # 3 identical rows counted once
    assert "lanes-90pct" not in result.unmeasured
    assert not [f for f in result.findings if f.rule == "BP342" and "peak-lanes" in f.message]


@pytest.mark.parametrize(
    ("written", "read"),
    [("92.5%", 92.5), ("92,5 %", 92.5), (" 100 % ", 100.0), ("87.5 ％", 87.5), ("92.5", 92.5), ("0%", 0.0)],
)
@pytest.mark.parametrize("backend", ["duckdb", "polars"])
def test_a_percent_metric_reads_the_percent_sign(tmp_path, written, read, backend):
    folder = copy_checkpoint(tmp_path)
    _lanes(folder, [written] * 30 + ["95%"] * 10)
    result = measure(load(folder / "checkpoint.yaml"), data=folder / "nightly", backend=backend)
    row = row_of(result, "lanes-90pct")
    assert row["observations"] == 40, row["excluded_why"]
    assert row["met"] == (40 if read >= 90 else 10)


def test_a_share_metric_reads_a_percent_as_a_share(tmp_path):
    folder = copy_checkpoint(tmp_path)
    path = folder / "checkpoint.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("quantity: proportion, unit: percent}", "quantity: proportion, unit: share}")
                    .replace("target: 90\n    unit: percent", "target: 0.9\n    unit: share"))  # fmt: skip
    _lanes(folder, ["92.5%"] * 20 + ["85 %"] * 20)
    result = measure(load(path), data=folder / "nightly")
    row = row_of(result, "lanes-90pct")
    assert (row["observations"], row["met"], row["status"]) == (40, 20, "fail")
    assert row["observed"] == pytest.approx(0.85)


def test_a_percent_sign_on_a_duration_is_not_a_number_and_says_so(tmp_path):
    folder = copy_checkpoint(tmp_path)
    lines = ["Request,Terminal,assist-wait"] + [f"R{i},T1,{'50%' if i % 2 else '9'}" for i in range(40)]
    (folder / "nightly" / "assistance.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = measure(load(folder / "checkpoint.yaml"), data=folder / "nightly")
    assert row_of(result, "assist-15min")["observations"] == 20
    (found,) = [f for f in result.findings if f.rule == "BP342" and "assistance.csv" in f.message]
    assert "20 of 40 rows left out: not a number" in found.message and "'50%'" in found.message


def test_a_percent_that_could_hold_a_thousands_separator_is_not_guessed(tmp_path):
    folder = copy_checkpoint(tmp_path)
    _lanes(folder, ["1,000%"] * 10 + ["95%"] * 30)
    result = measure(load(folder / "checkpoint.yaml"), data=folder / "nightly")
    row = row_of(result, "lanes-90pct")
    assert row["observations"] == 30 and "10 not a number" in row["excluded_why"]


def test_percent_text_in_the_long_layout_is_read_per_metric(tmp_path):
    folder = copy_checkpoint(tmp_path)
    lines = ["timestamp,metric,value"]
    lines += [f"2026-11-{1 + i // 4:02d} 0{6 + i % 4}:00:00,lanes-open,95 %" for i in range(40)]
    (folder / "nightly" / "peak-lanes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = measure(load(folder / "checkpoint.yaml"), data=folder / "nightly")
    row = row_of(result, "lanes-90pct")
    assert (row["observations"], row["met"]) == (40, 40)


def test_the_values_shown_as_not_a_number_are_only_those_that_did_not_read(tmp_path):
    folder = copy_checkpoint(tmp_path)
    _lanes(folder, ["92.5%"] * 30 + ["n/a"] * 5 + ["about 90%"] * 5)
    result = measure(load(folder / "checkpoint.yaml"), data=folder / "nightly")
    (found,) = [f for f in result.findings if f.rule == "BP342" and "peak-lanes" in f.message]
    assert "10 of 40 rows left out: not a number" in found.message
    assert "e.g. 'about 90%', 'n/a'" in found.message and "92.5%" not in found.message
    assert "92.5% in either" in found.hint

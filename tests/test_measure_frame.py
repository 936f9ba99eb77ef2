"""``result.frame()`` built from the columns: the same DataFrame as the records made it."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from blueprint.measure import measure
from blueprint.measure.outcome import STATUSES
from blueprint.measure.outcome_table import OutcomeTable
from measure_helpers import GUARANTEE, private_cache, service, standard  # noqa: F401 (the fixture keeps each cache private)


def _by_records(result, kind=None):
    """The frame as it was made before: one dict per outcome, gathered by pandas."""
    rows = result.rows(kind)
    frame = pd.DataFrame(rows)
    frame["status"] = pd.Categorical(frame["status"], categories=list(STATUSES))
    return frame


def _bank(tmp_path, missing_first=False):
    """A bank branch's day: stopwatch waits at two counters, a yes/no check and a rating."""
    waits = [45.0, 130.0, 200.0, 610.0, 75.0, 95.0, 300.0] * 9
    frame = pd.DataFrame(
        {
            "timestamp": pd.date_range("2025-05-28 09:00", periods=len(waits), freq="97min"),
            "site": ["counter-1", "counter-2", "counter-1"] * (len(waits) // 3),
            "metric": "wait",
            "value": waits,
        }
    )
    checks = frame.assign(metric="ready", value=[1.0, 0.0, 1.0] * (len(waits) // 3))
    stars = frame.assign(metric="stars", value=[5.0, 3.0, 4.0] * (len(waits) // 3))
    pd.concat([frame, checks, stars]).to_csv(tmp_path / "obs.csv", index=False)
    items = [
        standard("w", target=3, share=0.8),
        standard("ready-yes", metric="ready", comparator="==", target="true", unit="boolean", share=0.9),
        standard("stars-mean", metric="stars", comparator=">=", target=4, unit="score", share=None,
                 statistic="mean"),
    ]  # fmt: skip
    gone = standard("gone", target=5, source="nowhere.csv")
    items = [gone, *items] if missing_first else [*items, gone]
    return service(tmp_path, *items, promises=GUARANTEE)


@pytest.mark.parametrize("by", ["site,month", "site", ""])
@pytest.mark.parametrize("missing_first", [False, True])
@pytest.mark.parametrize("kind", [None, "standard", "promise"])
def test_the_frame_from_columns_is_the_frame_from_records(tmp_path, by, missing_first, kind):
    result = measure(_bank(tmp_path, missing_first), by=by, allow_unmeasured=True, min_observations=5)
    assert isinstance(result.outcomes, OutcomeTable) and result.outcomes.columnar
    want = _by_records(result, kind)
    got = result.frame(kind)
    assert result.outcomes.columnar  # the frame made no outcome objects
    assert_frame_equal(got, want)
    assert len(got) >= 1 and list(got.columns) == list(want.columns)


def test_a_kind_without_outcomes_and_an_all_missing_column_are_as_before(tmp_path):
    svc = service(tmp_path, standard("gone", target=5, source="nowhere.csv"))
    result = measure(svc, by="site", allow_unmeasured=True)
    assert_frame_equal(result.frame(), _by_records(result))
    assert result.frame()["share"].tolist() == [None]
    empty = result.frame("promise")
    assert empty.empty and "site" in empty.columns

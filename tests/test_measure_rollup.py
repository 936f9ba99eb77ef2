"""The by-month view added up from a run by site and month equals a run by month, or is not made."""

from __future__ import annotations

import pandas as pd
import pytest

from blueprint.measure import measure
from blueprint.measure.rollup import roll_up
from blueprint.report import pipeline
from measure_helpers import GUARANTEE, private_cache, service, standard  # noqa: F401 (the fixture keeps each cache private)


def _data(tmp_path):
    """Three sites over three months, with text values, a missing timestamp and repeated rows."""
    n = 400
    frame = pd.DataFrame(
        {
            "timestamp": pd.date_range("2025-01-01", periods=n, freq="5h").astype(str),
            "site": [("a", "b", "c")[i % 3] for i in range(n)],
            "metric": "wait",
            "value": [str(30.0 + (i * 37) % 300) for i in range(n)],
        }
    )
    frame.loc[7, "value"] = "late"
    frame.loc[11, "timestamp"] = ""
    frame.loc[13, "site"] = None
    frame = pd.concat([frame, frame.iloc[20:25]])  # five rows exported twice
    frame.to_csv(tmp_path / "obs.csv", index=False)


def _same(a, b):
    assert a.rows() == b.rows()
    assert a.exclusions == b.exclusions
    assert a.options == b.options
    assert a.by == b.by


@pytest.mark.parametrize("promises", [False, True])
def test_months_added_up_from_sites_equal_a_run_by_month(tmp_path, promises):
    _data(tmp_path)
    svc = service(
        tmp_path,
        standard("w", share=0.9),
        standard("v", comparator=">", target=1, share=0.5),
        promises=GUARANTEE,
    )
    grouped = measure(svc, by="site,month", percentile=False)
    monthly = measure(svc, by="month", percentile=False, promises=promises)
    rolled = roll_up(grouped, svc, ("month",), promises=promises)
    assert rolled is not None
    _same(rolled, monthly)
    statuses = {r["status"] for r in rolled.rows()}
    assert {"pass", "fail"} <= statuses or {"pass", "too few"} <= statuses  # judged, not just copied
    excluded = [r for r in rolled.rows() if r["excluded"]]
    assert excluded, "the text value, the missing timestamp and the copies are counted"
    verdicts = [(f.rule, f.subject, f.message) for f in rolled.findings if f.rule in ("BP330", "BP333")]
    assert verdicts == [
        (f.rule, f.subject, f.message) for f in monthly.findings if f.rule in ("BP330", "BP333")
    ]


def test_a_standard_too_few_in_every_site_and_month_but_judged_by_month_is_measured_when_rolled_up(tmp_path):
    # 60 cases over three sites and two months: 10 a site and month (too few), 30 a month (judged).
    frame = pd.DataFrame(
        {
            "timestamp": [f"2025-0{1 + i // 30}-{1 + i % 28:02d} 09:00" for i in range(60)],
            "site": [("a", "b", "c")[i % 3] for i in range(60)],
            "metric": "wait",
            "value": [60.0] * 60,
        }
    )
    frame.to_csv(tmp_path / "obs.csv", index=False)
    svc = service(tmp_path, standard("w", share=0.9))
    grouped = measure(svc, by="site,month", percentile=False)
    assert grouped.unmeasured == {"w": "too few"}
    assert [(f.rule, f.subject) for f in grouped.findings] == [("BP334", "w")]
    rolled = roll_up(grouped, svc, ("month",))
    monthly = measure(svc, by="month", percentile=False)
    assert rolled is not None and rolled.unmeasured == monthly.unmeasured == {}
    assert {r["status"] for r in rolled.rows()} == {"pass"}
    # the run by site and month did not measure it, but the months do: no "not measured" carried over
    assert [f.rule for f in rolled.findings] == [f.rule for f in monthly.findings] == []


def test_data_missing_in_every_site_and_month_stays_not_measured_when_rolled_up(tmp_path):
    _data(tmp_path)
    svc = service(
        tmp_path,
        standard("w", share=0.9),
        standard("gone", metric="rings", target=2, unit="count", share=0.9),
    )
    grouped = measure(svc, by="site,month", percentile=False)
    rolled = roll_up(grouped, svc, ("month",))
    assert rolled is not None
    assert [(f.rule, f.subject) for f in rolled.findings if f.rule == "BP334"] == [("BP334", "gone")]


@pytest.mark.parametrize(
    "make, options",
    [
        (lambda tmp: service(tmp, standard("m", statistic="mean", share=None)), {"percentile": False}),
        (lambda tmp: service(tmp, standard("d", statistic="median", share=None)), {"percentile": False}),
        (lambda tmp: service(tmp, standard("w", share=0.9)), {"percentile": True}),
    ],
    ids=["mean", "median", "percentiles"],
)
def test_what_does_not_add_up_is_not_rolled_up(tmp_path, make, options):
    _data(tmp_path)
    svc = make(tmp_path)
    assert roll_up(measure(svc, by="site,month", **options), svc, ("month",)) is None


def test_a_key_the_result_is_not_grouped_by_cannot_be_kept(tmp_path):
    _data(tmp_path)
    svc = service(tmp_path, standard("w", share=0.9))
    assert roll_up(measure(svc, by="site", percentile=False), svc, ("month",)) is None


def test_a_source_without_the_site_column_is_measured_by_month_again(tmp_path):
    frame = pd.DataFrame(
        {"timestamp": pd.date_range("2025-01-01", periods=60, freq="24h"), "metric": "wait", "value": 60.0}
    )
    frame.to_csv(tmp_path / "obs.csv", index=False)
    svc = service(tmp_path, standard("w", share=0.9))
    grouped = measure(svc, by="site,month", percentile=False)
    assert roll_up(grouped, svc, ("month",)) is None
    inputs = pipeline.gather(svc, data=tmp_path)
    assert [r["observations"] for r in inputs.monthly.rows()] == [31, 28, 1]


def test_the_report_measures_once_and_its_months_equal_a_run_by_month(tmp_path, monkeypatch):
    _data(tmp_path)
    svc = service(tmp_path, standard("w", share=0.9), promises=GUARANTEE)
    runs = []
    real = measure

    def counting(*args, **kwargs):
        runs.append(kwargs.get("by"))
        return real(*args, **kwargs)

    monkeypatch.setattr("blueprint.measure.measure", counting)
    inputs = pipeline.gather(svc, data=tmp_path)
    assert runs == [("site", "month")]
    _same(inputs.monthly, real(svc, data=tmp_path, by="month", promises=False, percentile=False))
    assert inputs.grouped is not None and inputs.grouped.by == ("site", "month")

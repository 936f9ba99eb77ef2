"""The measurement engine: numbers against a plain reference, and the same numbers on two backends."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pandas as pd
import pytest

from blueprint.measure import Columns, measure
from blueprint.measure.outcome import FrozenDict, judge, wilson
from blueprint.measure.specs import compile_specs
from measure_helpers import GUARANTEE, private_cache, service, standard  # noqa: F401 (the fixture keeps each cache private)


@pytest.fixture(scope="module")
def hotel_data(tmp_path_factory):
    from blueprint.io.load import load
    from blueprint.measure.example_data import write_operations
    from conftest import ROOT

    folder = tmp_path_factory.mktemp("operations")
    svc = load(ROOT / "standards" / "hotel-stay.yaml")
    write_operations(folder, service=svc)
    return svc, folder


def _waits(n=2000, seed=5):
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "timestamp": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 365 * 86400, n), "s"),
            "site": rng.choice(["harbour", "city", "airport"], n),
            "metric": "wait",
            "value": rng.exponential(110.0, n).round(1),
        }
    )


def test_share_percentile_and_count_agree_with_numpy(tmp_path):
    frame = _waits()
    result = measure(service(tmp_path, standard("w")), tables={"obs.csv": frame})
    row = result.rows()[0]
    values = frame["value"].to_numpy()
    assert row["observations"] == len(values)
    assert row["met"] == int((values <= 180).sum())  # 3 minutes in the data's seconds
    assert row["share"] == pytest.approx((values <= 180).mean(), abs=1e-6)
    assert row["observed"] == pytest.approx(np.quantile(values, 0.95) / 60, rel=1e-9)  # in minutes
    assert row["status"] == ("pass" if (values <= 180).mean() >= 0.95 else "fail")


def test_the_outcomes_of_a_group_share_its_keys_which_stay_as_measured(tmp_path):
    svc = service(tmp_path, standard("w"), standard("v", target=2))
    result = measure(svc, tables={"obs.csv": _waits()}, by="site")
    by_group: dict[str, list] = {}
    for outcome in result.outcomes:
        by_group.setdefault(outcome.group, []).append(outcome)
    assert sorted(by_group) == ["airport", "city", "harbour"]
    for w, v in by_group.values():
        assert w.keys is v.keys and isinstance(w.keys, FrozenDict)
    with pytest.raises(TypeError, match="change a copy"):
        result.outcomes[0].keys["site"] = "elsewhere"
    with pytest.raises(TypeError, match="change a copy"):
        result.outcomes[0].excluded["negative"] = 1
    assert {o.keys["site"] for o in result.outcomes} == {"airport", "city", "harbour"}
    changed = dict(result.outcomes[0].keys) | {"site": "elsewhere"}  # a copy changes freely
    assert changed["site"] == "elsewhere" and result.outcomes[0].keys["site"] != "elsewhere"
    again = pickle.loads(pickle.dumps(result))
    assert again.rows() == result.rows() and isinstance(again.outcomes[0].keys, FrozenDict)


def test_grouped_by_site_and_month_matches_pandas_groupby(tmp_path):
    frame = _waits(5000)
    result = measure(service(tmp_path, standard("w")), tables={"obs.csv": frame}, by="site,month")
    got = result.frame().set_index(["site", "month"])
    frame["month"] = frame["timestamp"].dt.strftime("%Y-%m")
    expected = frame.groupby(["site", "month"])["value"].agg(
        n="size", met=lambda v: int((v <= 180).sum()), p=lambda v: float(np.quantile(v, 0.95))
    )
    assert len(got) == len(expected) == 36
    for key, exp in expected.iterrows():
        assert got.loc[key, "observations"] == exp["n"]
        assert got.loc[key, "met"] == exp["met"]
        assert got.loc[key, "observed"] == pytest.approx(exp["p"] / 60, rel=1e-9)


@pytest.mark.parametrize(
    ("comparator", "target", "share", "statistic", "expected_q"),
    [
        ("<=", 3, 0.9, "each", 0.9),
        ("<", 3, 0.9, "each", 0.9),
        (">=", 1, 0.9, "each", 0.1),  # a floor: the worst 10% sit below the 10th percentile
        (">", 1, None, "each", 0.0),  # every case: the minimum
        ("<=", 3, None, "median", 0.5),
    ],
)
def test_comparators_count_the_cases_that_meet_the_target(
    tmp_path, comparator, target, share, statistic, expected_q
):
    frame = _waits(1000)
    svc = service(
        tmp_path, standard("w", comparator=comparator, target=target, share=share, statistic=statistic)
    )
    row = measure(svc, tables={"obs.csv": frame}).rows()[0]
    values, limit = frame["value"].to_numpy(), target * 60
    meets = {"<=": values <= limit, "<": values < limit, ">=": values >= limit, ">": values > limit}[
        comparator
    ]
    assert row["met"] == int(meets.sum())
    assert row["quantile"] == expected_q
    assert row["observed"] == pytest.approx(np.quantile(values, expected_q) / 60, rel=1e-9)


def test_a_mean_standard_is_judged_on_the_mean(tmp_path):
    frame = _waits(500)
    svc = service(tmp_path, standard("w", share=None, statistic="mean", target=2))
    row = measure(svc, tables={"obs.csv": frame}).rows()[0]
    assert row["observed"] == pytest.approx(frame["value"].mean() / 60, rel=1e-9)
    assert row["status"] == ("pass" if frame["value"].mean() <= 120 else "fail")


def test_yes_no_metric_reads_booleans_and_words(tmp_path):
    frame = pd.DataFrame(
        {
            "timestamp": pd.date_range("2025-01-01", periods=40, freq="h"),
            "metric": "ready",
            "value": ["yes"] * 38 + ["no", "No "],
        }
    )
    svc = service(tmp_path, standard("r", metric="ready", comparator="==", target=True, unit="boolean"))
    row = measure(svc, tables={"obs.csv": frame}).rows()[0]
    assert (row["observations"], row["met"], row["observed"]) == (40, 38, None)
    assert row["status"] == "pass"  # 95% of 40 is 38


def test_units_convert_from_the_metric_data_unit(tmp_path):
    # the data is in seconds (Metric.unit); the standard says 0.05 hours = 180 seconds
    frame = pd.DataFrame({"metric": "wait", "value": [100.0, 179.0, 180.0, 181.0, 500.0]})
    svc = service(tmp_path, standard("w", target=0.05, unit="hours", share=0.6))
    row = measure(svc, tables={"obs.csv": frame}, min_observations=1).rows()[0]
    assert row["met"] == 3 and row["unit"] == "hours"
    assert row["observed"] == pytest.approx(np.quantile(frame["value"], 0.6) / 3600)


def test_metric_without_unit_is_taken_in_the_standard_unit_and_said_so(tmp_path):
    frame = pd.DataFrame({"metric": "untimed", "value": [1.0, 2.0, 4.0]})
    svc = service(tmp_path, standard("u", metric="untimed", share=0.5))
    result = measure(svc, tables={"obs.csv": frame}, min_observations=1)
    assert result.rows()[0]["met"] == 2  # 1 and 2 minutes are within 3 minutes
    assert [f.rule for f in result.findings] == ["BP350"]


def test_too_few_observations_is_its_own_status_and_configurable(tmp_path):
    frame = pd.DataFrame({"metric": "wait", "value": [10.0] * 12})
    svc = service(tmp_path, standard("w"))
    result = measure(svc, tables={"obs.csv": frame})
    assert result.rows()[0]["status"] == "too few"
    # judged in no group: not a pass, so the run fails unless the lack is allowed; one finding says so
    assert [(f.rule, f.severity.value) for f in result.findings] == [("BP334", "error")]
    assert (
        "'w' is not measured: it has too few observations to judge (12, fewer than 30)"
        in result.findings[0].message
    )
    assert result.unmeasured == {"w": "too few"}
    allowed = measure(svc, tables={"obs.csv": frame}, allow_unmeasured=True)
    assert [(f.rule, f.severity.value) for f in allowed.findings] == [("BP334", "warning")]
    assert measure(svc, tables={"obs.csv": frame}, min_observations=10).rows()[0]["status"] == "pass"


def test_promise_is_held_against_its_claim_on_the_standard_data(tmp_path):
    frame = pd.DataFrame({"metric": "wait", "value": [60.0] * 97 + [400.0] * 3})
    result = measure(service(tmp_path, standard("w"), promises=GUARANTEE), tables={"obs.csv": frame})
    rows = {r["standard"]: r for r in result.rows()}
    assert rows["w"]["status"] == "pass" and rows["guarantee"]["status"] == "fail"
    assert rows["guarantee"]["required_share"] == 1.0  # no share in the claim: every time
    assert [(f.rule, f.gap, f.subject) for f in result.findings] == [("BP333", 4, "guarantee")]
    assert (
        measure(
            service(tmp_path, standard("w"), promises=GUARANTEE), tables={"obs.csv": frame}, promises=False
        ).findings
        == []
    )


def test_failing_standard_gives_a_gap_3_finding_at_its_line(tmp_path):
    frame = pd.DataFrame({"metric": "wait", "value": [60.0] * 80 + [400.0] * 20})
    svc = service(tmp_path, standard("w"))
    (found,) = measure(svc, tables={"obs.csv": frame}).findings
    assert (found.rule, found.gap, found.subject, found.severity.value) == ("BP330", 3, "w", "error")
    assert found.location.file.endswith("desk.yaml") and found.location.line == 18
    assert "80% of 100 at most 3 minutes (95% required)" in found.message


def test_same_numbers_on_duckdb_and_polars(tmp_path):
    frame = _waits(6000, seed=11)
    frame.loc[::97, "value"] = np.nan
    frame.loc[::89, "value"] = -1.0
    frame = pd.concat([frame, frame.iloc[::50]], ignore_index=True)  # 2% sent twice
    svc = service(
        tmp_path,
        standard("w", source="obs.parquet"),
        standard("w90", share=0.9, target=2, source="obs.parquet"),
        standard("floor", comparator=">=", target=0.5, share=0.8, source="obs.parquet"),
        standard("med", statistic="median", share=None, target=2, source="obs.parquet"),
    )
    frame.to_parquet(tmp_path / "obs.parquet")
    results = [measure(svc, by="site,quarter", backend=b) for b in ("duckdb", "polars")]
    frames = [r.frame().sort_values(["standard", "site", "quarter"]).reset_index(drop=True) for r in results]
    assert len(frames[0]) == 4 * 3 * 4
    pd.testing.assert_frame_equal(frames[0], frames[1], check_exact=True)
    assert [str(f) for f in results[0].findings] == [str(f) for f in results[1].findings]
    assert results[0].exclusions == results[1].exclusions
    assert sum(o.duplicates for o in results[0].outcomes) == 120 * 4  # every standard sees each copy


def test_same_numbers_on_duckdb_and_polars_for_the_example_data(tmp_path, hotel_data):
    svc, folder = hotel_data
    duck = measure(svc, data=folder, by="site,month")
    polars = measure(svc, data=folder, by="site,month", backend="polars")
    assert duck.rows() == polars.rows()
    assert duck.counts() == polars.counts()


def test_dates_as_keys_on_polars(tmp_path):
    """Polars gives the month as an 8-bit integer: the date key must not overflow (3 x 100)."""
    frame = pd.DataFrame(
        {
            "timestamp": pd.to_datetime(["2025-03-01 08:00", "2025-12-31 23:00"]),
            "metric": "wait",
            "value": 60.0,
        }
    )
    svc = service(tmp_path, standard("w"))
    for backend in ("duckdb", "polars"):
        result = measure(svc, tables={"obs.csv": frame}, by="date,month", backend=backend)
        assert [(r["date"], r["month"]) for r in result.rows()] == [
            ("2025-03-01", "2025-03"),
            ("2025-12-31", "2025-12"),
        ]


def test_wilson_interval_and_judge():
    low, high = wilson(0, 50)
    assert low == 0.0 and 0.05 < high < 0.08
    assert wilson(50, 50)[1] == 1.0
    assert wilson(0, 0) == (None, None)
    assert judge(met=189, n=200, required=0.95, min_observations=30) == "fail"
    assert judge(met=190, n=200, required=0.95, min_observations=30) == "pass"
    assert judge(met=0, n=0, required=0.95, min_observations=30) == "no data"


def test_specs_put_targets_in_the_data_unit(tmp_path):
    svc = service(tmp_path, standard("w", target=0.5, unit="hours"))
    (spec,), _ = compile_specs(svc)
    assert spec.target == 1800.0 and spec.data_unit == "seconds" and spec.to_shown(900.0) == 0.25
    assert not math.isinf(spec.low) and spec.low == 0.0


def test_columns_are_mappable(tmp_path):
    frame = _waits(300).rename(
        columns={"value": "secs", "timestamp": "at", "site": "hotel", "metric": "what"}
    )
    svc = service(tmp_path, standard("w"))
    cols = Columns.parse("value=secs,timestamp=at,metric=what,site=hotel")
    result = measure(svc, tables={"obs.csv": frame}, columns=cols, by="site,year")
    assert {r["site"] for r in result.rows()} == {"harbour", "city", "airport"}
    assert {r["year"] for r in result.rows()} == {2025}
    assert sum(r["observations"] for r in result.rows()) == 300


def test_wide_layout_reads_a_column_per_metric(tmp_path):
    frame = pd.DataFrame({"wait": [60.0, 70.0, None], "ready": [True, False, True]})
    svc = service(
        tmp_path,
        standard("w", share=0.5),
        standard("r", metric="ready", comparator="==", target=True, unit="boolean", share=0.5),
    )
    result = measure(svc, tables={"obs.csv": frame}, min_observations=1)
    rows = {r["standard"]: r for r in result.rows()}
    assert (rows["w"]["observations"], rows["w"]["met"]) == (2, 2)
    assert rows["w"]["excluded_why"] == "1 empty cell"
    assert (rows["r"]["observations"], rows["r"]["met"]) == (3, 2)
    assert result.findings == []  # an empty cell in a wide table is not an error


def test_results_as_json_csv_and_text(tmp_path):
    import json

    frame = _waits(400)
    result = measure(service(tmp_path, standard("w")), tables={"obs.csv": frame}, by="site")
    document = json.loads(result.to_json())
    assert document["version"] == 1 and document["by"] == ["site"] and len(document["results"]) == 3
    assert result.to_csv().splitlines()[0].startswith("kind,standard,site,metric,source,status,observations")
    assert "95% CI" in result.to_text() and "3 results" in result.to_text()


def test_text_from_the_data_that_starts_like_a_formula_is_kept_text_in_the_csv(tmp_path):
    import csv
    import io

    frame = _waits(400)
    frame["site"] = frame["site"].replace({"harbour": '=HYPERLINK("http://x","see")', "city": "-North"})
    result = measure(service(tmp_path, standard("w")), tables={"obs.csv": frame}, by="site")
    sites = {row["site"] for row in csv.DictReader(io.StringIO(result.to_csv()))}
    assert sites == {'\'=HYPERLINK("http://x","see")', "'-North", "airport"}
    assert {row["site"] for row in result.rows()} == {'=HYPERLINK("http://x","see")', "-North", "airport"}


def test_json_puts_each_result_on_a_line_of_its_own(tmp_path):
    import json

    frame = _waits(400)
    frame.loc[0, "site"] = 'line\nbreak "quoted" 北'  # text that must stay on its record's line
    result = measure(service(tmp_path, standard("w")), tables={"obs.csv": frame}, by="site")
    text = result.to_json()
    assert json.loads(text) == json.loads(json.dumps(result.to_dict(), default=str))
    lines = text.splitlines()
    start = lines.index('  "results": [')
    records = lines[start + 1 : start + 1 + len(result.outcomes)]
    assert [json.loads(line.strip().rstrip(",")) for line in records] == json.loads(text)["results"]
    assert "北" in text  # written as is, not escaped
    assert '  "exclusions": [],' in lines  # an empty list stays on the line of its key


def test_without_percentiles_the_verdicts_stay_and_the_median_is_still_judged(tmp_path):
    frame = _waits(3000)
    svc = service(
        tmp_path,
        standard("w"),
        standard("w90", share=0.9, target=2),
        standard("med", statistic="median", share=None, target=2),
    )
    full = measure(svc, tables={"obs.csv": frame}, by="site")
    fast = measure(svc, tables={"obs.csv": frame}, by="site", percentile=False)
    for a, b in zip(full.rows(), fast.rows(), strict=True):
        assert {**a, "observed": None} == {**b, "observed": None}
        assert b["observed"] == (a["observed"] if a["standard"] == "med" else None)
    assert fast.options["percentile"] is False


def test_unit_heuristic_works_on_the_mean_without_percentiles(tmp_path):
    frame = pd.DataFrame({"metric": "wait", "value": np.full(100, 1.5)})  # minutes in a seconds metric
    result = measure(service(tmp_path, standard("w")), tables={"obs.csv": frame}, percentile=False)
    assert result.rows()[0]["status"] == "implausible"
    assert "the mean is 1.5" in result.findings[0].message


def test_approximate_percentiles_keep_the_verdicts(tmp_path):
    frame = _waits(20000)
    svc = service(tmp_path, standard("w"), standard("w90", share=0.9, target=2))
    exact = measure(svc, tables={"obs.csv": frame}, by="site")
    approx = measure(svc, tables={"obs.csv": frame}, by="site", percentile="approximate")
    assert approx.options["percentile"] == "approximate"
    for a, b in zip(exact.rows(), approx.rows(), strict=True):
        assert {**a, "observed": None} == {**b, "observed": None}
        assert b["observed"] == pytest.approx(a["observed"], rel=0.05)


def test_an_engine_without_exact_quantiles_falls_back_to_approximate(tmp_path, monkeypatch):
    import ibis.common.exceptions as com

    from blueprint.measure import ibis_queries

    original = ibis_queries.aggregate

    def no_exact(prepared, specs, qs, *, multi=False, approx=False):
        if qs and not approx:
            raise com.OperationNotDefinedError("Compilation rule for 'Quantile' operation is not defined")
        return original(prepared, specs, qs, multi=multi, approx=approx)

    monkeypatch.setattr(ibis_queries, "aggregate", no_exact)
    result = measure(service(tmp_path, standard("w")), tables={"obs.csv": _waits(500)})
    assert result.options["percentile"] == "approximate"
    assert result.rows()[0]["observed"] is not None
    assert [f.rule for f in result.findings] == ["BP330"]  # exponential waits: 80% within 3 minutes


def test_text_times_with_an_offset_are_grouped_on_utc(tmp_path):
    """A column of times that is text (one unreadable cell makes it so) keeps each offset."""
    rows = [
        "2025-03-31T23:30:00-05:00,wait,60",  # Monday evening in Chicago: Tuesday 04:30 in UTC, April
        "2025-12-31T23:45:00-02:00,wait,60",  # a new year in UTC
        "2025-03-30 02:30:00,wait,60",  # no offset: as written, though Europe skips that hour
        "yesterday,wait,60",
    ]
    (tmp_path / "obs.csv").write_text("timestamp,metric,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
    svc = service(tmp_path, standard("w"))
    result = measure(svc, by="year,month,weekday,hour", min_observations=1)
    keys = [(o.keys["year"], o.keys["month"], o.keys["weekday"], o.keys["hour"]) for o in result.outcomes]
    assert keys == [
        (2025, "2025-03", "Sun", 2),
        (2025, "2025-04", "Tue", 4),
        (2026, "2026-01", "Thu", 1),
        ("(none)", "(none)", "(none)", "(none)"),
    ]

"""The same standards measured on Spark give the same numbers as on DuckDB.

One local SparkSession serves the whole run (the ``spark`` fixture). Each
comparison is field by field: status, observations, met, rows, exclusions by
reason, share, the Wilson bounds and the observed percentile, exactly.
"""

from __future__ import annotations

import json
import sys

import numpy as np
import pandas as pd
import pytest

from blueprint.cli import main
from blueprint.io.load import load
from blueprint.measure import measure
from blueprint.measure.prepare import REASONS
from blueprint.measure.spark import SparkUnavailable, backend_named, connect, session
from measure_helpers import private_cache, service, standard  # noqa: F401 (the fixture keeps each cache private)
from spark_data import COLUMNS, TRICKY_TIMES, write_exports


def _same(duck, spark_result):
    """Both results agree on every number, finding and exclusion."""
    assert spark_result.options["backend"] == "pyspark" and duck.options["backend"] == "duckdb"
    left, right = duck.frame(), spark_result.frame()
    assert len(left) > 0
    pd.testing.assert_frame_equal(left, right, check_exact=True)
    assert duck.exclusions == spark_result.exclusions
    assert [str(f) for f in duck.findings] == [str(f) for f in spark_result.findings]
    assert [(o.id, dict(o.keys), o.duplicates, dict(o.excluded)) for o in duck.outcomes] == [
        (o.id, dict(o.keys), o.duplicates, dict(o.excluded)) for o in spark_result.outcomes
    ]


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("call-centre")
    return load(write_exports(folder)), folder


@pytest.mark.spark
@pytest.mark.parametrize("by", ["site,quarter,month", "date,weekday,hour"])
def test_call_centre_exports_give_the_same_numbers_on_spark(spark, exports, by):
    svc, folder = exports
    # A cluster may keep its clock in a zone with daylight saving: times must still be grouped on UTC.
    spark.conf.set("spark.sql.session.timeZone", "Europe/Amsterdam")
    duck = measure(svc, data=folder, by=by, columns=COLUMNS)
    on_spark = measure(svc, data=folder, by=by, columns=COLUMNS, backend="spark")
    _same(duck, on_spark)
    # every reason a row is left out occurs, with the same count on both (no export ends with totals)
    assert {e["reason"] for e in on_spark.exclusions} == set(REASONS) - {"summary row"}
    copies = {e["source"]: e["rows"] for e in on_spark.exclusions if e["reason"] == "duplicate"}
    assert copies == {"data/switch-export.csv": 11, "data/call-review.csv": 10}
    assert any(f.rule == "BP348" and "answer-wiat" in f.message for f in on_spark.findings)


@pytest.mark.spark
def test_a_totals_row_is_left_out_on_spark_as_on_duckdb(spark, tmp_path):
    """The security checkpoint's exports: a ticketing CSV and requests without times, ending in totals."""
    from measure_helpers import copy_checkpoint

    folder = copy_checkpoint(tmp_path)
    svc = load(folder / "checkpoint.yaml")
    duck = measure(svc, data=folder / "nightly")
    on_spark = measure(svc, data=folder / "nightly", backend="spark")
    _same(duck, on_spark)

    def summary_rows(result):
        return [(e["source"], e["rows"]) for e in result.exclusions if e["reason"] == "summary row"]

    assert summary_rows(on_spark) and summary_rows(on_spark) == summary_rows(duck)


@pytest.mark.spark
def test_times_with_offsets_and_across_daylight_saving_group_alike(spark, exports):
    """Offsets are converted to UTC, local times kept as written (the hour Europe skips stays 02)."""
    svc, folder = exports
    spark.conf.set("spark.sql.session.timeZone", "America/Chicago")
    on_spark = measure(svc, data=folder, by="month,hour", columns=COLUMNS, backend="spark")
    groups = {(o.keys["month"], o.keys["hour"]) for o in on_spark.outcomes if o.id == "answer-in-20s"}
    assert set(TRICKY_TIMES.values()) <= groups
    duck = measure(svc, data=folder, by="month,hour", columns=COLUMNS)
    _same(duck, on_spark)


@pytest.mark.spark
def test_hotel_example_year_gives_the_same_numbers_on_spark(spark, tmp_path):
    from blueprint.measure.example_data import write_operations
    from conftest import ROOT

    svc = load(ROOT / "standards" / "hotel-stay.yaml")
    write_operations(tmp_path, service=svc)
    duck = measure(svc, data=tmp_path, by="site,month")
    on_spark = measure(svc, data=tmp_path, by="site,month", backend="spark")
    _same(duck, on_spark)
    assert on_spark.counts()["fail"] > 0 and on_spark.counts()["pass"] > 0
    assert sum(o.duplicates for o in on_spark.outcomes) > 0


def _waits(n=3000, seed=3):
    rng = np.random.default_rng(seed)
    stamps = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 365 * 86400, n), "s")
    frame = pd.DataFrame(
        {
            "timestamp": stamps,
            "site": rng.choice(["harbour", "city", "airport"], n),
            "metric": "wait",
            "value": rng.exponential(110.0, n).round(1),
        }
    )
    frame.loc[::97, "value"] = np.nan
    frame.loc[::89, "value"] = -1.0
    return pd.concat([frame, frame.iloc[::50]], ignore_index=True)  # 2% sent twice


@pytest.mark.spark
def test_parquet_files_and_warehouse_tables_give_the_same_numbers_on_spark(spark, tmp_path):
    frame = _waits()
    frame.to_parquet(tmp_path / "obs.parquet")
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.sql("CREATE DATABASE IF NOT EXISTS ops")
    spark.createDataFrame(frame).write.mode("overwrite").saveAsTable("ops.waits")
    svc = service(
        tmp_path,
        standard("w", source="obs.parquet"),
        standard("w90", share=0.9, target=2, source="obs.parquet"),
        standard("floor", comparator=">=", target=0.5, share=0.8, source="ops.waits"),
        standard("med", statistic="median", share=None, target=2, source="ops.waits"),
    )
    duck = measure(svc, by="site,quarter", tables={"ops.waits": frame})
    on_spark = measure(svc, by="site,quarter", backend=spark)
    _same(duck, on_spark)
    assert {o.source for o in on_spark.outcomes} == {"obs.parquet", "ops.waits"}
    assert sum(o.duplicates for o in on_spark.outcomes) == 60 * 4  # every standard sees each copy


@pytest.mark.spark
def test_approximate_percentiles_say_so_and_stay_close(spark, tmp_path):
    frame = _waits(n=20000, seed=9)
    svc = service(tmp_path, standard("w"), standard("w90", share=0.9, target=2))
    exact = measure(svc, tables={"obs.csv": frame}, backend="spark")
    rough = measure(svc, tables={"obs.csv": frame}, backend="spark", percentile="approximate")
    assert exact.options["percentile"] is True and rough.options["percentile"] == "approximate"
    values = np.sort(frame.drop_duplicates()["value"].dropna().to_numpy())
    values = values[values >= 0]
    for o_exact, o_rough in zip(exact.outcomes, rough.outcomes, strict=True):
        assert (o_exact.observations, o_exact.met) == (o_rough.observations, o_rough.met)
        q = o_exact.quantile
        assert o_exact.observed == pytest.approx(float(np.quantile(values, q)) / 60, rel=1e-9)
        # Spark's default accuracy puts the value within 1/10,000 of the rank; allow 1/1,000
        low, high = np.quantile(values, [q - 0.001, q + 0.001], method="nearest") / 60
        assert low <= o_rough.observed <= high


@pytest.mark.spark
def test_cli_measures_on_spark(spark, exports, capsys):
    svc, folder = exports
    argv = ["measure", str(svc.source), "--data", str(folder), "--by", "site", "--columns", COLUMNS,
            "--format", "json"]  # fmt: skip
    main(argv)
    duck = json.loads(capsys.readouterr().out)
    code = main([*argv, "--backend", "spark"])
    on_spark = json.loads(capsys.readouterr().out)
    assert code == 1  # the promise to answer every call within 20 seconds is broken
    assert on_spark["options"].pop("backend") == "pyspark" and duck["options"].pop("backend") == "duckdb"
    assert on_spark == duck


def test_spark_remote_needs_the_spark_backend(capsys, exports):
    svc, folder = exports
    code = main(["measure", str(svc.source), "--data", str(folder), "--spark-remote", "sc://cluster:15002"])
    assert code == 2
    assert "--spark-remote sc://cluster:15002: a Spark Connect server needs --backend spark" in (
        capsys.readouterr().err
    )


def test_a_spark_connect_address_is_checked_before_connecting(capsys, exports):
    svc, folder = exports
    argv = ["measure", str(svc.source), "--data", str(folder), "--backend", "spark"]
    assert main([*argv, "--spark-remote", "cluster:15002"]) == 2
    assert "not a Spark Connect address; write it as sc://HOST:15002" in capsys.readouterr().err
    assert backend_named("spark", "sc://cluster:15002") == "sc://cluster:15002"


def test_a_spark_connect_server_that_does_not_answer_is_named_at_once(capsys, exports):
    import socket

    with socket.socket() as probe:  # a port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    svc, folder = exports
    argv = ["measure", str(svc.source), "--data", str(folder), "--backend", "spark"]
    assert main([*argv, "--spark-remote", f"sc://127.0.0.1:{port}"]) == 2
    err = capsys.readouterr().err
    assert f"the Spark Connect server sc://127.0.0.1:{port} cannot be reached" in err
    assert "Traceback" not in err


def test_without_pyspark_the_message_says_what_to_install(monkeypatch):
    monkeypatch.delenv("SPARK_REMOTE", raising=False)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)  # as if it were not installed
    with pytest.raises(SparkUnavailable, match=r'pip install "blueprint-service-design\[spark\]"'):
        connect()


def test_spark_remote_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SPARK_REMOTE", "cluster:15002")
    with pytest.raises(SparkUnavailable, match="not a Spark Connect address"):
        session()


@pytest.mark.spark
def test_a_url_source_is_read_by_spark_where_it_lies_when_allowed(spark, tmp_path):
    lake = tmp_path / "lake"
    lake.mkdir()
    frame = _waits(n=1500, seed=4)
    frame.to_parquet(lake / "waits.parquet")
    project = tmp_path / "project"
    project.mkdir()
    svc = service(project, standard("w", source=(lake / "waits.parquet").as_uri()))
    refused = measure(svc, backend="spark")
    assert any(
        f.rule == "BP340" and "is a URL, read only when allowed" in f.message for f in refused.findings
    )
    on_spark = measure(svc, backend="spark", by="site", allow_outside=True)
    duck = measure(svc, by="site", tables={(lake / "waits.parquet").as_uri(): frame})
    _same(duck, on_spark)


@pytest.fixture(scope="module")
def connect_server():
    """A Spark Connect server on this machine, as a cluster would offer one: its address."""
    import os
    import signal
    import socket
    import subprocess
    import time
    from pathlib import Path

    import pyspark

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    server = subprocess.Popen(
        [str(submit), "--class", "org.apache.spark.sql.connect.service.SparkConnectServer",
         "--master", "local[1]", "--conf", f"spark.connect.grpc.binding.port={port}",
         "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.memory=1g", "spark-internal"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while True:
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the Spark Connect server did not start")
            time.sleep(1)
        yield f"sc://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


@pytest.mark.spark
def test_spark_connect_gives_the_same_numbers(connect_server, tmp_path):
    """Through Spark Connect, as on a cluster: a URL source the server reads, the CLI in its own process."""
    import subprocess

    lake = tmp_path / "lake"
    lake.mkdir()
    _waits(n=2000, seed=6).to_parquet(lake / "waits.parquet")
    project = tmp_path / "project"
    project.mkdir()
    uri = (lake / "waits.parquet").as_uri()
    service(project, standard("w", source=uri), standard("w90", share=0.9, target=2, source=uri))
    cli = "import sys; from blueprint.cli import main; sys.exit(main())"
    argv = [sys.executable, "-c", cli, "measure", str(project / "desk.yaml"), "--by", "site,month",
            "--allow-outside", "--format", "json"]  # fmt: skip
    duck = subprocess.run(argv, capture_output=True, text=True, check=False)
    remote = subprocess.run(
        [*argv, "--backend", "spark", "--spark-remote", connect_server],
        capture_output=True,
        text=True,
        check=False,
    )
    assert remote.returncode == duck.returncode, remote.stderr[-2000:]
    on_spark, on_duck = json.loads(remote.stdout), json.loads(duck.stdout)
    assert on_spark["options"].pop("backend") == "pyspark" and on_duck["options"].pop("backend") == "duckdb"
    assert len(on_spark["results"]) == 2 * 3 * 12
    assert on_spark == on_duck


def test_report_refuses_an_unknown_engine(capsys, tmp_path):
    _waits(n=300).to_csv(tmp_path / "obs.csv", index=False)
    service(tmp_path, standard("w"))
    argv = ["report", str(tmp_path / "desk.yaml"), "--data", str(tmp_path), "-o", str(tmp_path / "r.html")]
    assert main([*argv, "--backend", "nowhere"]) == 2
    assert "'nowhere' is not an Ibis backend; try duckdb, polars or spark" in capsys.readouterr().err


@pytest.mark.spark
def test_report_on_spark_is_the_report_on_duckdb(spark, capsys, tmp_path):
    _waits(n=3000).to_csv(tmp_path / "obs.csv", index=False)
    service(tmp_path, standard("w"), standard("w90", share=0.9, target=2))
    pages = []
    for backend in ("duckdb", "spark"):
        out = tmp_path / f"{backend}.html"
        argv = ["report", str(tmp_path / "desk.yaml"), "--data", str(tmp_path), "-o", str(out)]
        assert main([*argv, "--backend", backend]) == 0  # every standard measured
        pages.append(out.read_text(encoding="utf-8"))
    assert "harbour" in pages[0] and "BP330" in pages[0]  # the 3-minute standard is not met
    assert pages[1] == pages[0]


@pytest.mark.spark
def test_check_with_data_on_spark_reports_as_on_duckdb(spark, exports, capsys):
    svc, folder = exports
    argv = ["check", str(svc.source), "--data", str(folder), "--by", "site", "--columns", COLUMNS,
            "--format", "json"]  # fmt: skip
    code = main(argv)
    duck = json.loads(capsys.readouterr().out)
    assert main([*argv, "--backend", "spark"]) == code == 1
    on_spark = json.loads(capsys.readouterr().out)
    assert on_spark == duck
    rules = {f["rule"] for result in on_spark["files"] for f in result["findings"]}
    assert {"BP333", "BP346", "BP348"} <= rules  # a broken promise, duplicates, a misspelt metric

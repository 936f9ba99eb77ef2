"""A file's copies are counted from a hash per row, with the very numbers of grouping by every column."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blueprint.measure import copies, duck, ibis_queries, measure
from blueprint.measure.columns import Columns
from measure_helpers import private_cache, service, standard  # noqa: F401 (the fixture keeps each cache private)

#: the first two are the same second: rows at one time are copies only when all else matches too
STAMPS = ["2025-01-01 10:00:00", "2025-01-01 10:00:00", "2025-02-03 09:30:00", "2025-03-05 18:15:00"]


def _frame(rows: list[tuple[int, int, int | None]], copies_of: list[int]) -> pd.DataFrame:
    """Observations from (stamp, site, value) triples, with the rows at ``copies_of`` repeated."""
    picked = rows + [rows[i % len(rows)] for i in copies_of]
    return pd.DataFrame(
        {
            "timestamp": [STAMPS[s] for s, _, _ in picked],
            "site": [("harbour", "airport")[site] for _, site, _ in picked],
            "metric": "wait",
            "value": pd.array([v for _, _, v in picked], dtype="Int64"),
        }
    )


def _write(frame: pd.DataFrame, folder, kind: str) -> str:
    name = f"obs.{kind}"
    if kind == "csv":
        frame.to_csv(folder / name, index=False)
    else:
        frame.assign(timestamp=pd.to_datetime(frame["timestamp"])).to_parquet(folder / name, index=False)
    return name


def _numbers(result):
    return result.rows(), result.exclusions


rows = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 1), st.one_of(st.none(), st.integers(0, 400))),
    min_size=1, max_size=30,
)  # fmt: skip


#: how the copies are counted, and a word of the query that shows it
WAYS = {
    "suspects only": "IN (SELECT _bp_at", "hashes sorted in slices": "IN (SELECT _bp_at",
    "mostly copies": "GROUP BY ALL", "big CSV file": "GROUP BY ALL",
    "hashes over the memory limit": "GROUP BY ALL",
}  # fmt: skip


@pytest.fixture(params=list(WAYS))
def way(request, monkeypatch):
    """Count copies one way; gives the way's name and the queries that counted them."""
    monkeypatch.setattr(copies, "MOSTLY_COPIES", 0.0 if request.param == "mostly copies" else 1.0)
    if request.param == "hashes sorted in slices":
        monkeypatch.setattr(copies, "SLICE_ABOVE", 0)  # as a file of millions of rows
        monkeypatch.setattr(copies, "_threads", lambda duck: 3)  # slices of unequal length
    if request.param == "big CSV file":
        monkeypatch.setattr(duck, "LOAD_BELOW", 0)  # read by a view, not loaded
    if request.param == "hashes over the memory limit":
        monkeypatch.setattr(copies, "HASH_BYTES", 2**40)
    return request.param, _recorded(monkeypatch)


def _recorded(monkeypatch) -> list[str]:
    """The queries that count copies, as they are made."""
    counting, real = [], copies._counting
    monkeypatch.setattr(copies, "_counting", lambda *args: counting.append(real(*args)) or counting[-1])
    return counting


def _counted_by(way, counting):
    assert counting and WAYS[way[0]] in counting[-1], counting


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=rows, copies_of=st.lists(st.integers(0, 29), max_size=12), kind=st.sampled_from(("csv", "parquet"))
)
def test_a_file_gives_the_numbers_of_grouping_every_column(tmp_path_factory, way, rows, copies_of, kind):
    folder = tmp_path_factory.mktemp("copies")
    frame = _frame(rows, copies_of)
    name = _write(frame, folder, kind)
    svc = service(folder, standard("w", source=name))
    from_file = measure(svc, by="site,month", min_observations=1)
    # A DataFrame is measured through Ibis, which groups by every column: the reference.
    grouped = measure(svc, by="site,month", min_observations=1, tables={name: pd.read_csv(folder / name)
                      if kind == "csv" else pd.read_parquet(folder / name)})  # fmt: skip
    assert _numbers(from_file) == _numbers(grouped)
    assert sum(row["rows"] for row in from_file.rows()) == len(frame)


def _distinct(n: int = 40) -> list[tuple[int, int, int]]:
    return [(i % 4, i % 2, 60 + i) for i in range(n)]  # every value differs: no two rows alike


def test_copies_are_counted_per_group(tmp_path, way):
    _frame(_distinct(), copies_of=[0, 1, 1, 5]).to_csv(tmp_path / "obs.csv", index=False)
    airport, harbour = measure(service(tmp_path, standard("w")), by="site").rows()
    _counted_by(way, way[1])
    assert (airport["rows"], airport["observations"], airport["excluded"]) == (23, 20, 3)
    assert (harbour["rows"], harbour["observations"], harbour["excluded"]) == (21, 20, 1)
    assert "3 duplicate" in airport["excluded_why"] and "1 duplicate" in harbour["excluded_why"]


def test_the_view_keeps_every_row_and_flags_each_further_copy(tmp_path, way):
    frame = _frame(_distinct(), copies_of=[0, 1, 1, 5])
    frame.to_csv(tmp_path / "obs.csv", index=False)
    con = duckdb.connect()
    view, _ = duck.open_view(con, tmp_path / "obs.csv")
    counted = copies.counted_view(con, view, Columns())
    _counted_by(way, way[1])
    # Per distinct row: how many times it is there, and how many of those are flagged as copies.
    per_row = con.execute(
        f'SELECT count(*), sum(_bp_copy::INT) FROM "{counted.name}" GROUP BY timestamp, site, metric, value'
    ).fetchall()
    assert sum(n for n, _ in per_row) == len(frame)
    assert all(flagged == n - 1 for n, flagged in per_row)
    assert sorted(n for n, _ in per_row if n > 1) == [2, 2, 3]


def test_rows_sharing_a_hash_are_still_told_apart(tmp_path, monkeypatch):
    _frame(_distinct(), copies_of=[0, 1, 1, 5]).to_csv(tmp_path / "obs.csv", index=False)
    svc = service(tmp_path, standard("w"))
    honest = measure(svc, by="site")
    # As if every hash collided: every row is a suspect, and only its columns tell it apart.
    probed = []

    def every_hash(duck, sql):
        probed.append(sql)
        return np.unique(next(iter(duck.execute(sql).fetchnumpy().values())))

    monkeypatch.setattr(copies, "_repeated", every_hash)
    monkeypatch.setattr(copies, "MOSTLY_COPIES", 1.0)  # split even so
    suspicious = measure(svc, by="site")
    assert probed and _numbers(suspicious) == _numbers(honest)


def test_column_names_that_need_quoting_are_hashed(tmp_path, way):
    frame = _frame(_distinct(4) * 10, copies_of=[0, 0, 2])
    frame.rename(columns={"site": 'the "site"'}).assign(h=1).to_csv(tmp_path / "obs.csv", index=False)
    row = measure(service(tmp_path, standard("w"))).rows()[0]
    _counted_by(way, way[1])
    assert (row["rows"], row["observations"], row["excluded"]) == (43, 4, 39)


def test_a_kept_query_counts_the_copies_a_file_gains(tmp_path, monkeypatch, way):
    _frame(_distinct(), copies_of=[]).to_csv(tmp_path / "obs.csv", index=False)
    svc = service(tmp_path, standard("w"))
    assert measure(svc).rows()[0]["excluded"] == 0
    _frame(_distinct(), copies_of=[3, 3]).to_csv(tmp_path / "obs.csv", index=False)
    monkeypatch.setattr(ibis_queries, "aggregate", lambda *a, **k: pytest.fail("compiled again"))
    row = measure(svc).rows()[0]
    _counted_by(way, way[1])
    assert (row["rows"], row["observations"], row["excluded"]) == (42, 40, 2)


def test_a_wide_file_counts_its_copies_as_grouping_does(tmp_path, way):
    waits = [None if i == 5 else 60.0 + i for i in range(40)]  # an empty cell, copied too
    frame = pd.DataFrame({"timestamp": [STAMPS[i % 4] for i in range(40)], "wait": waits,
                          "ready": [i % 2 == 0 for i in range(40)]})  # fmt: skip
    frame = pd.concat([frame, frame.iloc[[0, 1, 1, 5]]], ignore_index=True)
    frame.to_csv(tmp_path / "obs.csv", index=False)
    svc = service(tmp_path, standard("w"), standard("r", metric="ready", comparator="==", target=True,
                  unit="boolean", share=0.5))  # fmt: skip
    from_file = measure(svc, min_observations=1)
    _counted_by(way, way[1])
    grouped = measure(svc, min_observations=1, tables={"obs.csv": pd.read_csv(tmp_path / "obs.csv")})
    assert _numbers(from_file) == _numbers(grouped)
    wait = from_file.rows()[0]
    assert (wait["rows"], wait["observations"], wait["excluded_why"]) == (44, 39, "1 empty cell, 4 duplicate")


@pytest.mark.parametrize(("kind", "position"), [("parquet", "file_row_number"), ("csv", "RowId")])
def test_a_column_named_like_the_row_position_does_not_hide_it(tmp_path, monkeypatch, kind, position):
    frame = _frame(_distinct(), copies_of=[0, 1, 1, 5])
    name = _write(frame.assign(**{position: 7}), tmp_path, kind)  # the same in every row
    monkeypatch.setattr(copies, "MOSTLY_COPIES", 1.0)  # a few copies: only the suspects would be grouped
    counting = _recorded(monkeypatch)
    row = measure(service(tmp_path, standard("w", source=name))).rows()[0]
    assert "GROUP BY ALL" in counting[-1]  # every row grouped: the column stands where the position would
    assert (row["rows"], row["observations"], row["excluded"]) == (44, 40, 4)


def test_identical_rows_in_a_file_without_timestamp_or_id_are_separate(tmp_path):
    (tmp_path / "obs.csv").write_text("metric,value\n" + "wait,60\n" * 40)
    row = measure(service(tmp_path, standard("w"))).rows()[0]
    assert (row["rows"], row["observations"], row["excluded"]) == (40, 40, 0)


def test_one_file_under_two_source_names_is_counted_for_each(tmp_path, way):
    _frame(_distinct(), copies_of=[0, 7]).to_csv(tmp_path / "obs.csv", index=False)
    svc = service(tmp_path, standard("w"), standard("again", source="./obs.csv"))
    rows = measure(svc).rows()
    assert [(r["standard"], r["rows"], r["excluded"]) for r in rows] == [("w", 42, 2), ("again", 42, 2)]


@pytest.mark.parametrize(("limit", "expected"), [("2GB", 2e9), ("500MB", 5e8), ("1GiB", 2**30)])
def test_the_memory_limit_is_read_as_duckdb_shows_it(limit, expected):
    duck = duckdb.connect()
    duck.execute(f"SET memory_limit = '{limit}'")
    assert copies._memory_limit(duck) == pytest.approx(expected, rel=0.05)  # shown to 0.1 GiB


def test_a_copy_in_one_file_of_a_pattern_leaves_the_same_row_of_another_file_alone(tmp_path):
    # Two days of a clinic's check-in export; the first day sent its sixth visit twice.
    (tmp_path / "data").mkdir()
    for day, copied in (("07", "UNION ALL SELECT * FROM v WHERE i = 5"), ("08", "")):
        duckdb.connect().execute(f"""
            COPY (WITH v AS (SELECT i, TIMESTAMP '2026-12-{day} 08:00:00' + to_minutes(i * 3) AS "timestamp",
                                    'wait' AS metric, (60 + i)::DOUBLE AS value FROM range(40) AS t(i))
                  SELECT "timestamp", metric, value FROM (SELECT * FROM v {copied}) ORDER BY i)
            TO '{tmp_path / "data" / f"checkin-{day}.parquet"}' (FORMAT parquet)
        """)  # fmt: skip
    row = measure(service(tmp_path, standard("w", source="data/checkin-*.parquet"))).rows()[0]
    shown = (row["rows"], row["observations"], row["excluded"], row["excluded_why"])
    assert shown == (81, 80, 1, "1 duplicate")


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.integers(0, 2**64 - 1) | st.integers(0, 20), max_size=200),
    threads=st.integers(1, 4),
)
def test_the_hashes_sorted_in_slices_are_those_seen_more_than_once(values, threads):
    # Small numbers mixed in, so that many values repeat, some across the slices' borders.
    con = duckdb.connect(config={"threads": threads})
    con.register("hashes", pd.DataFrame({"h": np.array(values, dtype=np.uint64)}))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(copies, "SLICE_ABOVE", 0)
        found = copies._repeated(con, "SELECT h FROM hashes")
    assert found.tolist() == sorted({v for v in values if values.count(v) > 1})

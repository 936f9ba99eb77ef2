"""Compiled queries kept between runs: same numbers, never a stale query, never in the way."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from blueprint.measure import duck, ibis_queries, measure, query_cache
from measure_helpers import GUARANTEE, private_cache, service, standard  # noqa: F401 (the fixture keeps each cache private)


def _data(tmp_path, values=None):
    values = values if values is not None else [60.0] * 45 + [400.0] * 5
    frame = pd.DataFrame(
        {
            "timestamp": pd.date_range("2025-01-01", periods=len(values), freq="7h"),
            "site": ["a", "b"] * (len(values) // 2) + ["a"] * (len(values) % 2),
            "metric": "wait",
            "value": values,
        }
    )
    frame.to_csv(tmp_path / "obs.csv", index=False)


def _cache():
    return Path(os.environ["BLUEPRINT_CACHE"])


def _no_compiling(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the query was compiled again")

    monkeypatch.setattr(ibis_queries, "aggregate", refuse)


def test_second_run_uses_the_kept_query_and_gives_the_same_result(tmp_path, monkeypatch):
    _data(tmp_path)
    svc = service(tmp_path, standard("w", share=0.9))
    first = measure(svc, by="site,month")
    assert len(list((_cache() / "measure").glob("*.json"))) == 1
    _no_compiling(monkeypatch)
    again = measure(svc, by="site,month")
    assert again.rows() == first.rows()
    assert [str(f) for f in again.findings] == [str(f) for f in first.findings]
    assert again.exclusions == first.exclusions


@pytest.mark.parametrize(
    "change",
    [
        lambda tmp, svc: (_data(tmp, [60.0] * 40 + ["late"] * 10), svc)[1],  # the value column turns to text
        lambda tmp, svc: service(tmp, standard("w", share=0.9, target=5)),  # another target
        lambda tmp, svc: (_data(tmp, [60.0] * 30), svc)[1],  # same schema, other rows: still kept
    ],
)
def test_a_change_that_matters_compiles_again(tmp_path, change):
    _data(tmp_path)
    svc = service(tmp_path, standard("w", share=0.9))
    measure(svc)
    svc = change(tmp_path, svc)
    result = measure(svc)
    fresh = measure(svc, duplicates=True)  # identical options: from the cache when kept
    assert result.rows() == fresh.rows()
    assert result.rows()[0]["rows"] in (30, 50)


def test_a_query_of_an_older_layout_is_not_run(tmp_path, monkeypatch):
    _data(tmp_path)
    svc = service(tmp_path, standard("w", share=0.9))
    measure(svc)
    layout = ibis_queries.QUERY_LAYOUT
    monkeypatch.setattr(ibis_queries, "QUERY_LAYOUT", layout + 1)  # as a new Blueprint would
    compiled = []
    real = ibis_queries.aggregate
    monkeypatch.setattr(ibis_queries, "aggregate", lambda *a, **k: compiled.append(1) or real(*a, **k))
    measure(svc)
    assert compiled == [1]
    assert len(list((_cache() / "measure").glob("*.json"))) == 2


def test_text_values_after_caching_are_counted_not_misread(tmp_path):
    _data(tmp_path)
    svc = service(tmp_path, standard("w", share=0.9))
    measure(svc)
    _data(tmp_path, [60.0] * 40 + ["late"] * 10)
    result = measure(svc)
    assert result.rows()[0]["observations"] == 40
    assert [f.rule for f in result.findings] == ["BP342"]


def test_a_broken_cache_entry_is_ignored(tmp_path):
    _data(tmp_path)
    svc = service(tmp_path, standard("w", share=0.9))
    first = measure(svc)
    for entry in (_cache() / "measure").glob("*.json"):
        entry.write_text("{not json")
    assert measure(svc).rows() == first.rows()


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("BLUEPRINT_CACHE", "off")
    _data(tmp_path)
    svc = service(tmp_path, standard("w", share=0.9))
    assert measure(svc).rows()[0]["observations"] == 50
    assert not (tmp_path / "query-cache").exists()


def _uncached(monkeypatch, svc, **options):
    kept = str(_cache())
    monkeypatch.setenv("BLUEPRINT_CACHE", "off")
    try:
        return measure(svc, **options)
    finally:
        monkeypatch.setenv("BLUEPRINT_CACHE", kept)


def _same(a, b):
    assert a.rows() == b.rows()
    assert [str(f) for f in a.findings] == [str(f) for f in b.findings]
    assert a.exclusions == b.exclusions
    assert a.options == b.options


@pytest.mark.parametrize("fetch", ["rows", "arrow"])
@pytest.mark.parametrize("percentile", [False, True])
@pytest.mark.parametrize(
    "make",
    [
        # a standard and the promise made on it: two specs on one metric
        lambda tmp: service(tmp, standard("w", share=0.9), promises=GUARANTEE),
        # two standards on one metric with different targets and comparators
        lambda tmp: service(
            tmp, standard("w", share=0.9), standard("v", comparator=">", target=2, share=0.5)
        ),
        # more standards than are written into the query inline
        lambda tmp: service(tmp, *(standard(f"s{i}", target=i + 1, share=0.8) for i in range(9))),
    ],
    ids=["promise", "shared-metric", "many"],
)
def test_several_specs_on_a_source_are_kept_and_give_exactly_the_uncached_result(
    tmp_path, monkeypatch, make, percentile, fetch
):
    _data(tmp_path)
    svc = make(tmp_path)
    options = {"by": "site,month", "percentile": percentile}
    uncached = _uncached(monkeypatch, svc, **options)
    first = measure(svc, **options)
    (entry,) = (_cache() / "measure").glob("*.json")
    assert '"ibis_' not in entry.read_text(encoding="utf-8")
    _no_compiling(monkeypatch)
    if fetch == "arrow":  # as a result with many groups is fetched
        monkeypatch.setattr(query_cache, "ARROW_ABOVE", -1)
    fetched = []
    real = query_cache.fetch
    monkeypatch.setattr(query_cache, "fetch", lambda *a, **k: fetched.append(k["many"]) or real(*a, **k))
    again = measure(svc, **options)
    assert fetched == [fetch == "arrow"]
    _same(first, uncached)
    _same(again, uncached)
    assert len(again.rows()) > 2  # several specs and groups, not an empty result that happens to agree


def test_a_kept_spec_table_follows_the_specs_of_each_run(tmp_path, monkeypatch):
    """Two services on one file: each kept query joins its own specs, never the other's."""
    _data(tmp_path)
    loose = service(tmp_path, standard("w", target=10, share=0.9), standard("v", target=1, share=0.9))
    strict = service(tmp_path, standard("w", target=1, share=0.9), standard("v", target=10, share=0.9))
    expected = [_uncached(monkeypatch, s, by="month") for s in (loose, strict)]
    for svc in (loose, strict):
        measure(svc, by="month")
    assert len(list((_cache() / "measure").glob("*.json"))) == 2
    _no_compiling(monkeypatch)
    for svc, want in zip((strict, loose, strict), (expected[1], expected[0], expected[1]), strict=True):
        _same(measure(svc, by="month"), want)
    assert expected[0].rows() != expected[1].rows()


def _kind_of(duck, name):
    query = "SELECT table_type FROM information_schema.tables WHERE table_name = ?"
    return duck.execute(query, [name]).fetchone()[0]


def test_a_small_csv_is_read_once_and_a_late_bad_row_is_reported_as_before(tmp_path, monkeypatch):
    """A small CSV becomes a table, read once; a value that breaks it past the rows DuckDB samples
    opens it as a view instead, so the finding is the one a view always gave."""

    path = tmp_path / "obs.csv"
    rows = ["timestamp,metric,value"] + [f"2025-01-01 10:00:00,wait,{i % 90}" for i in range(30_000)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    engine = duck.Engine()
    assert "VIEW" not in _kind_of(engine.duck, engine.open_view(path)[0].name)
    path.write_text("\n".join([*rows, "2025-01-01 10:00:00,wait,late"]) + "\n", encoding="utf-8")
    assert _kind_of(engine.duck, engine.open_view(path)[0].name) == "VIEW"
    svc = service(tmp_path, standard("w", share=0.9))
    result = measure(svc)
    monkeypatch.setattr(duck, "LOAD_BELOW", 0)  # always a view, as before
    as_view = measure(svc)
    assert [f.rule for f in result.findings] == ["BP340"]
    assert "cannot be measured" in result.findings[0].message
    assert [str(f) for f in result.findings] == [str(f) for f in as_view.findings]
    assert result.rows() == as_view.rows()


def test_measurements_share_one_database_and_a_forked_child_gets_its_own(tmp_path):
    """Each measurement connects to one database per process (cheap), keeping its views its own;
    a forked child starts a database of its own, since DuckDB's threads do not survive a fork."""
    import duckdb

    _data(tmp_path)
    svc = service(tmp_path, standard("w", share=0.9))
    first = measure(svc)
    parent = duck._database()
    second = measure(svc)
    assert duck._database() is parent and second.rows() == first.rows()
    one, other = duck.Engine(), duck.Engine()
    view, _ = one.open_view(tmp_path / "obs.csv")
    assert one.duck.execute(f'SELECT count(*) FROM "{view.name}"').fetchone() == (50,)
    with pytest.raises(duckdb.CatalogException):  # one measurement's views are not another's
        other.duck.execute(f'SELECT count(*) FROM "{view.name}"')
    pid = os.fork()
    if pid == 0:  # the child: measure, and say by the exit code whether it used a new database
        try:
            same = measure(svc).rows() == first.rows() and duck._database() is not parent
            os._exit(0 if same else 1)
        finally:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_a_fresh_process_runs_the_kept_query_without_ibis_or_pandas(tmp_path):
    import json
    import subprocess
    import sys

    import blueprint
    from measure_helpers import service_file

    _data(tmp_path)
    path = service_file(tmp_path, standard("w", share=0.9))
    measure(service(tmp_path, standard("w", share=0.9)))  # compiles and keeps the query
    child = (
        "import json, sys\n"
        "from blueprint.cli import main\n"
        "from blueprint.measure import query_cache\n"
        f"code = main(['measure', {str(path)!r}, '--format', 'json'])\n"
        "heavy = sorted({'ibis', 'pandas', 'polars'} & set(sys.modules))\n"
        "print(json.dumps([code, heavy, query_cache._versions()[0]]), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=False)
    code, heavy, version = json.loads(done.stderr.strip().splitlines()[-1])
    assert (code, heavy) == (0, [])
    assert version == blueprint.__version__  # a new Blueprint compiles afresh
    assert [row["standard"] for row in json.loads(done.stdout)["results"]] == ["w"]


def test_the_cache_keeps_the_most_recently_used_queries_and_drops_the_rest(tmp_path, monkeypatch):
    monkeypatch.setattr(query_cache, "MOST_QUERIES", 2)
    _data(tmp_path)
    made = [service(tmp_path, standard("w", share=0.9, target=t)) for t in (100, 200, 300)]
    entries = _cache() / "measure"

    def kept() -> set[str]:
        return {entry.name for entry in entries.glob("*.json")}

    measure(made[0])
    first = kept()
    measure(made[1])
    second = kept() - first
    hour_ago = os.stat(entries / next(iter(second))).st_mtime - 3600
    for name, when in ((*first, hour_ago - 60), (*second, hour_ago)):  # the first written earlier
        os.utime(entries / name, (when, when))
    with pytest.MonkeyPatch.context() as patch:
        _no_compiling(patch)
        measure(made[0])  # ... but used since
    measure(made[2])
    assert len(kept()) == 2
    assert first <= kept() and not second & kept()  # the one not used since went


def test_pruning_removes_partial_entries_left_long_ago_but_not_one_being_written(tmp_path):
    folder = tmp_path / "entries"
    folder.mkdir()
    old, fresh = folder / "a.123.tmp", folder / "b.456.tmp"
    old.write_text("{"), fresh.write_text("{")
    os.utime(old, (0, 0))
    for i in range(4):
        query_cache.keep_entry(folder / f"{i}.json", json.dumps({"i": i}), 3)
        os.utime(folder / f"{i}.json", (1000 + i, 1000 + i))
    assert sorted(p.name for p in folder.iterdir()) == ["1.json", "2.json", "3.json", "b.456.tmp"]
    assert json.loads((folder / "3.json").read_text()) == {"i": 3}


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    query_cache.keep_entry(blocked / "x.json", "{}", 3)  # mkdir fails: nothing kept, nothing raised
    assert blocked.read_text() == ""


def test_other_measuring_code_under_the_same_version_compiles_again(tmp_path, monkeypatch):
    _data(tmp_path)
    svc = service(tmp_path, standard("w", share=0.9))
    measure(svc)
    compiled = []
    real = ibis_queries.aggregate
    monkeypatch.setattr(ibis_queries, "aggregate", lambda *a, **k: compiled.append(1) or real(*a, **k))
    measure(svc)
    assert not compiled  # the same code: the kept query
    monkeypatch.setattr(query_cache, "code_fingerprint", lambda: "edited")
    query_cache._versions.cache_clear()
    try:
        measure(svc)
    finally:
        query_cache._versions.cache_clear()
    assert compiled  # an edited module: compiled afresh, never the query of the code before


def test_the_code_fingerprint_follows_every_edit_of_a_module(tmp_path):
    module = tmp_path / "engine.py"
    module.write_text("LIMIT = 1\n")
    (tmp_path / "notes.txt").write_text("not code")
    before = query_cache.folder_fingerprint(tmp_path)
    (tmp_path / "notes.txt").write_text("still not code, longer")
    assert query_cache.folder_fingerprint(tmp_path) == before
    module.write_text("LIMIT = 2\n")
    os.utime(module, ns=(0, module.stat().st_mtime_ns + 1_000_000))  # same size: its time tells
    assert query_cache.folder_fingerprint(tmp_path) != before

"""Compiled queries kept between runs: same numbers, never a stale query, never in the way."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from blueprint.measure import engine, measure
from measure_helpers import private_cache, service, standard  # noqa: F401 (the fixture keeps each cache private)


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

    monkeypatch.setattr(engine, "aggregate", refuse)


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

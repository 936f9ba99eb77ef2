"""Judging many groups column-wise gives every outcome the same numbers as judging them one by one."""

from __future__ import annotations

import copy
import random
from dataclasses import astuple
from datetime import datetime, timedelta

import pytest

from blueprint.measure import judging, measure
from blueprint.measure.outcome import Outcome
from measure_helpers import private_cache, service, standard  # noqa: F401

COLUMNS = "metric=Metric,site=Site,timestamp=Timestamp,value=Value"
SITES = ("harbour", "old-town", "airport", "station", "campus", "mall", "riverside", "north")


def _outcome(rng: random.Random, required: float | None) -> Outcome:
    n = rng.choice([0, 0, 1, 5, 29, 30, 31, 80, 200, 1000, 123457, rng.randrange(0, 5000)])
    met = rng.randrange(0, n + 1) if n else 0
    raw = rng.choice([None, rng.uniform(0, 400)])
    return Outcome(
        "standard", "s", "s", "wait", "obs.csv", "<=", 3.0, "minutes", "each", required, 0.9,
        observations=n, met=met, raw=raw,
    )  # fmt: skip


@pytest.mark.parametrize("confidence", [0.95, 0.9, 0.99, 0.5])
def test_column_wise_judging_matches_one_by_one(confidence: float) -> None:
    rng = random.Random(7)
    shares = [None, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 1.0, 1 / 3]
    outcomes = [_outcome(rng, rng.choice(shares)) for _ in range(6000)]
    # the edges of judge: 95% of 200 is exactly 190 cases, 189 is one short
    outcomes += [_outcome(rng, 0.95) for _ in range(2)]
    outcomes[-2].observations, outcomes[-2].met = 200, 190
    outcomes[-1].observations, outcomes[-1].met = 200, 189
    one_by_one, together = copy.deepcopy(outcomes), copy.deepcopy(outcomes)

    def meets(o: Outcome) -> bool | None:
        return None if o.raw is None else o.raw <= 180.0

    judging.judge_all(one_by_one, 30, confidence, meets, bulk=10**9)
    judging.judge_all(together, 30, confidence, meets, bulk=0)
    assert [repr(astuple(o)) for o in together] == [repr(astuple(o)) for o in one_by_one]
    statuses = {o.status for o in together}
    assert statuses == {"pass", "fail", "too few", "no data"}
    assert [o.status for o in together[-2:]] == ["pass", "fail"]


def _observations(folder) -> None:
    """A desk's export over 40 days at 8 sites: waits, ratings, room checks and a mis-recorded timer."""
    rng = random.Random(11)
    lines = ["Metric,Site,Timestamp,Value"]
    start = datetime(2025, 3, 1, 8, 0)
    for day in range(40):
        for s, site in enumerate(SITES):
            count = 8 if s == 7 else 25 + (day * 7 + s * 13) % 50  # north is too small to judge
            for _ in range(count):
                when = start + timedelta(days=day, seconds=rng.randrange(0, 36000))
                at = when.strftime("%Y-%m-%d %H:%M:%S")
                wait = round(rng.expovariate(1 / (60 + 40 * s)), 1)
                lines.append(f"wait,{site},{at},{wait}")
                lines.append(f"stars,{site},{at},{rng.choice([2, 3, 4, 4, 5, 5])}")
                lines.append(f"ready,{site},{at},{rng.choice(['yes', 'yes', 'yes', 'no'])}")
                lines.append(f"untimed,{site},{at},{rng.randrange(100, 300)}")  # seconds, read as minutes
    lines += lines[1:400:37]  # an export that sent some rows twice
    (folder / "obs.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_measurement_judged_column_wise_is_the_same_field_by_field(tmp_path, monkeypatch) -> None:
    svc = service(
        tmp_path,
        standard("w", share=0.9),
        standard("w2", comparator="<", target=150, unit="seconds", share=0.95),
        standard("st", metric="stars", comparator=">=", target=4, unit="score", share=None, statistic="mean"),
        standard("rd", metric="ready", comparator="==", target=True, unit="boolean", share=0.7),
        standard("un", metric="untimed", share=0.9),  # recorded in seconds, read as minutes: implausible
        standard("rg", metric="rings", comparator="<=", target=3, unit="count", share=0.9),  # no rows
    )
    _observations(tmp_path)
    results = {}
    for name, bulk in (("one by one", 10**9), ("column-wise", 0)):
        monkeypatch.setattr(judging, "BULK", bulk)
        results[name] = measure(svc, by="site,date", columns=COLUMNS)
    old, new = results["one by one"], results["column-wise"]
    assert len(new.outcomes) > 900
    assert [repr(astuple(o)) for o in new.outcomes] == [repr(astuple(o)) for o in old.outcomes]
    assert new.to_json() == old.to_json()
    assert new.to_csv() == old.to_csv()
    assert new.to_text() == old.to_text()
    assert set(new.counts()) == set(old.counts())
    seen = {status for status, n in new.counts().items() if n}
    assert seen == {"pass", "fail", "too few", "no data", "implausible"}
    assert any(o.duplicates for o in new.outcomes)
    assert any(o.observed is not None and o.statistic == "each" for o in new.outcomes)

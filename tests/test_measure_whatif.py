"""A what-if counts a standard's cases again from its usable values: the same outcome as measuring."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from blueprint.measure import measure
from blueprint.measure.whatif import retarget, usable_values
from blueprint.model.service import Service
from measure_helpers import private_cache, service, standard  # noqa: F401 (the fixture keeps each cache private)

STANDARDS = (
    standard("each-le", target=3, unit="minutes", share=0.9),
    standard("each-ge", comparator=">=", target=30, unit="seconds", share=0.8),
    standard("each-lt", comparator="<", target=2, unit="minutes", share=0.5),
    standard("mean-le", target=150, unit="seconds", share=None, statistic="mean"),
    standard("median-le", target=2, unit="minutes", share=None, statistic="median"),
    standard("ready-90", metric="ready", comparator="==", target=True, unit="boolean", share=0.9),
    standard("stars-4", metric="stars", comparator=">=", target=4, unit="score", share=0.7),
)


def _dirty_data(folder, rows=600, seed=1):
    """Waits, readiness and ratings, with every kind of row the engine leaves out or merges."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "timestamp": pd.date_range("2025-01-01", periods=rows, freq="37min").astype(str),
            "metric": rng.choice(["wait", "ready", "stars"], rows),
            "value": rng.exponential(100, rows).round(0),
        }
    )
    frame.loc[frame["metric"] == "ready", "value"] = rng.integers(0, 2, (frame["metric"] == "ready").sum())
    frame.loc[frame["metric"] == "stars", "value"] = rng.integers(1, 6, (frame["metric"] == "stars").sum())
    frame.loc[::41, "value"] = -5.0  # negative
    frame.loc[7::53, "value"] = np.nan  # missing
    frame.loc[11::67, "timestamp"] = ""  # no timestamp
    frame = pd.concat([frame, frame.iloc[::29]])  # duplicate copies
    frame.to_csv(folder / "obs.csv", index=False)


def _without_mean(outcome):
    return {k: v for k, v in dataclasses.asdict(outcome).items() if k not in ("mean", "raw_mean")}


def _measured_again(svc, standard_id, target):
    """The slow way: a one-standard copy of the service with the new target, measured."""
    changed = svc.standards[standard_id].model_copy(update={"target": target})
    trial = Service(svc.info, metrics=list(svc.metrics.values()), standards=[changed], source=svc.source)
    return next(o for o in measure(trial, promises=False).outcomes if o.kind == "standard")


@pytest.mark.parametrize(
    ("standard_id", "targets"),
    [
        ("each-le", [0.5, 1, 2.5, 3, 4, 10]),
        ("each-ge", [0, 10, 30, 60, 200]),
        ("each-lt", [0.1, 1, 2, 5]),
        ("mean-le", [60, 100, 150, 400]),
        ("median-le", [0.5, 1, 1.2, 3]),
        ("ready-90", [True, False]),
        ("stars-4", [1, 3, 4, 5]),
    ],
)
def test_retarget_gives_the_outcome_a_measurement_gives(tmp_path, standard_id, targets):
    _dirty_data(tmp_path)
    svc = service(tmp_path, *STANDARDS)
    result = measure(svc, promises=False)
    baseline = next(o for o in result.outcomes if o.standard == standard_id and o.kind == "standard")
    values = usable_values(svc, standard_id)
    assert values is not None and sum(n for _, n in values) == baseline.observations > 0
    for target in targets:
        fast = retarget(svc, baseline, values, target, result.options)
        slow = _measured_again(svc, standard_id, target)
        # A measurement reports the mean only when one of its standards needs it: the one-standard
        # copy may lack it, while the what-if keeps the baseline's.
        assert (fast.mean, fast.raw_mean) == (baseline.mean, baseline.raw_mean)
        assert _without_mean(fast) == _without_mean(slow), target


def test_a_target_far_from_delivery_is_judged_implausible_as_measuring_judges_it(tmp_path):
    _dirty_data(tmp_path)
    svc = service(tmp_path, *STANDARDS)
    result = measure(svc, promises=False)
    baseline = next(o for o in result.outcomes if o.id == "each-le")
    values = usable_values(svc, "each-le")
    # 200 minutes over waits of a few minutes: the data look recorded in minutes, not seconds
    fast = retarget(svc, baseline, values, 200, result.options)
    assert fast.status == _measured_again(svc, "each-le", 200).status == "implausible"
    assert retarget(svc, baseline, values, 3, result.options).status == baseline.status != "implausible"


def test_no_usable_values_without_a_readable_source(tmp_path):
    svc = service(tmp_path, standard("w", source="missing.csv"), standard("v", source="bad.csv"))
    (tmp_path / "bad.csv").write_bytes(b"\x00\x01 not a table")
    assert usable_values(svc, "w") is None
    assert usable_values(svc, "v") is None

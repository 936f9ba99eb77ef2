"""The measurement refuses numbers it cannot count against, and data it must not read.

Each test builds a small service (a bank branch's queue, a hotel desk) and
data the way exports look, then checks that a bad number or a bad source
ends in a finding or a clear error, never a crash or a silent pass.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from blueprint.io.load import read_text
from blueprint.measure import measure
from blueprint.measure.scale import implausible
from measure_helpers import private_cache, service, standard  # noqa: F401 (the fixture keeps each cache private)

QUEUE = pd.DataFrame(
    {
        "timestamp": pd.date_range("2025-03-03 09:00", periods=60, freq="7min"),
        "site": ["high-street", "station"] * 30,
        "metric": "wait",
        "value": [45.0, 130.0, 250.0, 95.0, 610.0, 20.0] * 10,  # seconds
    }
)


def _promise(value: str, comparator_share: str = "") -> str:
    return (
        "- id: poster\n  channel: Poster in the window\n  text: Served in 5 minutes.\n"
        f"  standard: w\n  claims: {{value: {value}, unit: minutes{comparator_share}}}\n"
    )


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1e400"])
def test_a_claim_that_is_not_a_finite_number_is_refused_at_load(tmp_path, value):
    path = tmp_path / "desk.yaml"
    service(tmp_path, standard("w"), promises=_promise("3"))  # writes the file
    text = path.read_text(encoding="utf-8").replace("value: 3,", f"value: {value},")
    loaded = read_text(text, "desk.yaml")
    [finding] = [f for f in loaded.findings if f.rule == "BP011"]
    assert "not a finite number" in finding.message and finding.subject == "poster"
    line = text.splitlines()[finding.location.line - 1]
    assert line[finding.location.column - 1 :].startswith(value)
    assert not loaded.ok


@pytest.mark.parametrize("value", [".nan", ".inf", "1e400"])
def test_the_measurement_never_counts_against_a_non_finite_claim(tmp_path, value):
    # A service whose claim was not checked (built in code, or read despite its errors) is
    # measured without a crash; the promise is reported as not measured, never as passed.
    service(tmp_path, standard("w"), promises=_promise("3"))
    text = (tmp_path / "desk.yaml").read_text(encoding="utf-8").replace("value: 3,", f"value: {value},")
    svc = read_text(text, str(tmp_path / "desk.yaml")).service
    assert svc is not None and not math.isfinite(svc.promises["poster"].claims.value)
    result = measure(svc, tables={"obs.csv": QUEUE}, by="site")
    assert {r["standard"] for r in result.rows()} == {"w"}
    [finding] = [f for f in result.findings if f.rule == "BP011"]
    assert finding.subject == "poster" and "not measured" in finding.message
    assert finding.location is not None and finding.location.line is not None


def test_the_unit_guess_ignores_a_non_finite_target():
    assert implausible(observed=120.0, target=math.inf, data_unit="seconds") is None
    assert implausible(observed=120.0, target=math.nan, data_unit="seconds") is None
    assert implausible(observed=math.inf, target=3.0, data_unit="seconds") is None


@pytest.mark.parametrize("confidence", [1.5, 0.0, 1.0, -0.2, math.nan, math.inf])
def test_confidence_outside_0_to_1_is_refused(tmp_path, confidence):
    svc = service(tmp_path, standard("w"))
    with pytest.raises(ValueError, match=r"confidence .* between 0 and 1"):
        measure(svc, tables={"obs.csv": QUEUE}, confidence=confidence)


def test_min_observations_below_one_is_refused(tmp_path):
    svc = service(tmp_path, standard("w"))
    with pytest.raises(ValueError, match=r"min_observations -5 must be 1 or more"):
        measure(svc, tables={"obs.csv": QUEUE}, min_observations=-5)

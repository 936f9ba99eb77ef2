"""What the measurement, the report and the widgets share: the `by` keys, each moment's lowest share."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from blueprint import load
from blueprint.measure.columns import grouping_keys
from blueprint.measure.outcome import moment_shares
from blueprint.report.pipeline import ReportInputs

SHOESHINE = Path(__file__).parent / "data" / "durations" / "shoeshine.yaml"


@pytest.mark.parametrize(
    ("by", "keys"),
    [
        ("site,month", ("site", "month")),
        (" Station , hour ,", ("Station", "hour")),  # as typed on a command line
        ("", ()),
        (["site", " ", "weekday "], ("site", "weekday")),
        ((), ()),
    ],
)
def test_grouping_keys_read_a_comma_separated_text_or_a_sequence(by, keys):
    assert grouping_keys(by) == keys


def test_measure_refuses_a_key_written_twice_however_it_is_spaced(tmp_path):
    from blueprint.measure import measure

    with pytest.raises(ValueError, match="repeated"):
        measure(load(SHOESHINE), by="site , site", data=tmp_path)


def _shoeshine():
    return load(SHOESHINE)


def test_a_moment_takes_the_lowest_share_of_its_standards():
    # Shostack's shine: two standards on the shine itself, one on the wait for a chair.
    shares = {"shine-in-2-minutes": 0.82, "shoes-protected-always": 0.97, "wait-under-5-minutes": 0.99}
    assert moment_shares(_shoeshine(), shares) == {"shine": 0.82, "sit-down": 0.99}


def test_a_standard_the_service_does_not_hold_and_a_moment_without_data_are_left_out():
    assert moment_shares(_shoeshine(), {"shoes-protected-always": 1.0, "valet-parking": 0.1}) == {
        "shine": 1.0
    }
    assert moment_shares(_shoeshine(), {}) == {}


def _outcome(standard, met, n, required=0.9):
    return SimpleNamespace(kind="standard", standard=standard, met=met, observations=n, required=required)


def test_the_report_sums_the_months_before_taking_each_moments_lowest_share():
    months = [
        _outcome("shine-in-2-minutes", 18, 20),  # March 90%
        _outcome("shine-in-2-minutes", 6, 20),  # April 30%: 24 of 40 over the period
        _outcome("shoes-protected-always", 39, 40),
        _outcome("wait-under-5-minutes", 0, 0),  # no observation: no share
        _outcome("wait-under-5-minutes", 5, 5, required=None),  # reported only, not judged
    ]
    inputs = ReportInputs(_shoeshine(), [], monthly=SimpleNamespace(outcomes=months))
    assert inputs.moment_shares() == {"shine": pytest.approx(0.6)}


def test_the_widgets_take_each_moments_lowest_share_from_the_whole_period():
    from blueprint.widgets._measure import moment_shares as widget_shares

    baseline = {
        "shine-in-2-minutes": SimpleNamespace(share=0.95),
        "shoes-protected-always": SimpleNamespace(share=0.7),
        "wait-under-5-minutes": SimpleNamespace(share=None),  # no data
    }
    assert widget_shares(_shoeshine(), SimpleNamespace(baseline=baseline)) == {"shine": 0.7}

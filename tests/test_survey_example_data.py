"""The bundled hotel survey examples: reproducible from their seed and tied to the hotel's factors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import blueprint
from blueprint.survey import kano, read_instrument, servqual, tolerance
from blueprint.survey.example_data import HOTEL_ITEMS, KANO_ATTRIBUTES, hotel_frames, write_examples

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "data" / "survey"


def test_the_same_seed_gives_the_same_files(tmp_path):
    written = write_examples(tmp_path, service=blueprint.load(ROOT / "standards" / "hotel-stay.yaml"))
    for path in written:
        assert path.read_bytes() == (EXAMPLES / path.name).read_bytes(), f"regenerate {path.name}"


def test_examples_name_the_hotels_factors_with_their_dimensions():
    hotel = blueprint.load(ROOT / "standards" / "hotel-stay.yaml")
    items = read_instrument(EXAMPLES / "servqual-hotel-items.csv")
    for item, factor in HOTEL_ITEMS.items():
        assert hotel.factors[factor].dimension.value == items.dimension_of[item]
    assert set(KANO_ATTRIBUTES) <= set(hotel.factors)


def test_examples_show_what_they_are_meant_to_show():
    frames = hotel_frames()
    result = servqual(frames["servqual-hotel"])
    assert result.respondents == 200
    assert result.items.sort_values("gap").iloc[0]["item"] == "10"
    assert (result.dimensions["alpha_perception"] > 0.6).all()
    categories = kano(frames["kano-hotel"]).attributes.set_index("attribute")["category"]
    assert categories["checkin-speed"] == "M" and categories["payment-choice"] == "I"
    zone = tolerance(frames["tolerance-hotel"], scale="1-9").items.set_index("item")
    assert zone.loc["10", "position"] == "below"
    assert (
        isinstance(frames["ipa-hotel"], pd.DataFrame) and frames["ipa-hotel"]["respondent"].nunique() == 150
    )

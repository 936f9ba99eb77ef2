"""The report's blueprint is the slide panels of ``blueprint render --fit``, cut to print readably."""

from __future__ import annotations

import itertools
import re

import pytest

from blueprint.io.load import load
from blueprint.report.blueprint_section import MIN_PRINT_PT, blueprint_parts, parts_html, print_fit
from conftest import DATA, ROOT

pytestmark = pytest.mark.graphviz

HOTEL = ROOT / "standards" / "hotel-stay.yaml"
BRANCH = DATA / "journeys" / "bank-branch-16.yaml"
LANES = ("Physical evidence", "Customer actions", "Frontstage", "Backstage", "Support processes")


@pytest.mark.parametrize(
    ("path", "lang"), [(HOTEL, None), (HOTEL, "zh"), (BRANCH, None)], ids=["hotel", "hotel-zh", "branch"]
)
def test_every_part_is_a_panel_with_the_lanes_that_prints_readably(path, lang):
    service = load(path)
    parts = blueprint_parts(service, lang)
    assert len(parts) > 2
    assert parts[0].first == 0 and parts[-1].last == len(service.moments) - 1
    assert all(b.first == a.last + 1 for a, b in itertools.pairwise(parts))
    for part in parts:
        assert part.scale * 8.0 >= MIN_PRINT_PT, (part.first, part.last, part.scale)
        assert (part.orientation, part.scale) == print_fit(part.width, part.height)
        if lang is None:
            assert all(lane in part.svg for lane in LANES)
        assert part.svg.count("<svg") == 1


def test_the_fail_points_are_listed_under_each_panel_with_their_numbers():
    service = load(BRANCH)
    parts = blueprint_parts(service)
    drawn = {n: part for part in parts for n in re.findall(r">(F\d+)<", part.svg)}
    # F1 is the bare fail point at the reception queue, F2 the credit decision, F3 the offer letter
    assert sorted(drawn) == ["F1", "F2", "F3"]
    for label, part in drawn.items():
        listed = part.svg.split("Fail points", 1)
        assert len(listed) == 2 and label in listed[1], label  # the list under the panel names it
    bare = drawn["F1"].svg.split("Fail points", 1)[1]  # fail_point: true, nothing more said
    assert "Wait at the reception desk — no fail&#45;safe yet" in bare
    credit = drawn["F2"].svg.split("Fail points", 1)[1]
    assert "the credit bureau does not answer" in credit and "promises a call the same day" in credit


def test_a_moment_too_tall_for_a_page_with_its_list_gets_the_list_as_text_in_the_same_words():
    # the hotel's check-in has nine support steps: with its fail points drawn under it, it prints under 7 pt
    service = load(HOTEL)
    parts = blueprint_parts(service)
    listed = [part for part in parts if part.fail_points]
    assert [(p.first, p.last) for p in listed] == [(4, 4)]
    (part,) = listed
    assert part.scale * 8.0 >= MIN_PRINT_PT and "Fail points" not in part.svg
    assert [label for label, _ in part.fail_points] == re.findall(r">(F\d+)<", part.svg)
    page = parts_html(parts, "Overnight hotel stay", len(service.moments))
    assert page.count('<ul class="bp-fail-points">') == 1
    label, text = part.fail_points[0]
    assert f"<li><b>{label}</b> {text}" in page
    assert (label, text) == ("F4", "Check in at the front desk — no fail-safe yet")  # fail_point: true


def test_the_captions_name_the_stages_and_moments_of_each_part():
    service = load(BRANCH)
    parts = blueprint_parts(service)
    page = parts_html(parts, "Mortgage", len(service.moments))
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", page)
    assert len(captions) == len(parts)
    assert captions[0].startswith(f"Service blueprint, part 1 of {len(parts)}: Pre-service, moments 1–")
    mixed = next(c for c in captions if " and " in c)  # a panel across a stage boundary names both
    assert re.search(r"Pre-service and in-service|In-service and post-service", mixed)

"""The report's blueprint parts print readably; fail points are text where the drawing has no room."""

from __future__ import annotations

import pytest

from blueprint.io.load import load
from blueprint.report.blueprint_section import MIN_PRINT_PT, blueprint_parts, parts_html
from conftest import ROOT

pytestmark = pytest.mark.graphviz


def test_a_tall_part_lists_its_fail_points_beside_the_drawing_and_prints_readably():
    # check-in alone has nine support steps: with the fail points drawn under it, it printed under 7 pt
    service = load(ROOT / "standards" / "hotel-stay.yaml")
    parts = blueprint_parts(service)
    listed = [part for part in parts if part.fail_points]
    assert listed, "no part needed its fail points as text"
    for part in listed:
        assert part.scale * 8.0 >= MIN_PRINT_PT or part.first == part.last
        assert "fail points" not in part.svg.lower()  # the list under the drawing is left out
        labels = [label for label, _ in part.fail_points]
        assert all(label.startswith("F") for label in labels)
    page = parts_html(parts, "Overnight hotel stay", len(service.moments))
    assert page.count('<ul class="bp-fail-points">') == len(listed)
    first_label, first_text = listed[0].fail_points[0]
    assert f"<b>{first_label}</b>" in page and first_text.split()[0] in page

"""The Explorer driven from Python: selection, filters, language, paging, picture cache."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from blueprint.io.load import load, read_text
from blueprint.widgets import Explorer
from blueprint.widgets.svgview import node_targets

ROOT = Path(__file__).resolve().parent.parent
HOTEL = ROOT / "standards" / "hotel-stay.yaml"


@pytest.fixture(scope="module")
def hotel():
    return load(HOTEL)


@pytest.fixture
def explorer(hotel):
    return Explorer(hotel, picture=False)


def test_selecting_a_moment_shows_its_factors_and_standards(explorer, hotel):
    explorer.selected = "check-in"
    html = explorer.panel.value
    assert "Check in at the front desk" in html
    for factor in hotel.moments["check-in"].factors:
        assert factor.title in html
    assert "checkin-within-3-minutes" in html
    assert "Front Office Manager" in html
    assert "checkout-within-3-minutes" not in html


def test_selection_from_the_picture_and_the_list_agree(explorer):
    explorer.svg.selected = "room"  # what a click in the browser does
    assert explorer.selected == "room"
    assert explorer.picker.value == "room"
    assert explorer.picker.list.value == "room"
    explorer.picker.list.value = "eat"  # choosing in the list
    assert explorer.selected == "eat"
    assert explorer.svg.selected == "eat"


def test_unknown_moment_is_refused(explorer):
    with pytest.raises(Exception, match="not a moment"):
        explorer.selected = "no-such-moment"


def test_stage_filter_narrows_the_list_and_dims_the_rest(explorer, hotel):
    explorer.filters["stage"].value = "post-service"
    post = [m for m, moment in hotel.moments.items() if moment.stage.value == "post-service"]
    assert explorer.visible == post
    assert [value for _, value in explorer.picker.list.options] == post
    assert set(explorer.svg.dimmed) == set(hotel.moments) - set(post)
    explorer.filters["stage"].value = "(any)"
    assert explorer.svg.dimmed == []


def test_filters_combine(explorer, hotel):
    explorer.filters["element"].value = "people"
    explorer.filters["dimension"].value = "empathy"
    for moment_id in explorer.visible:
        factors = hotel.moments[moment_id].factors
        assert any(f.element.value == "people" for f in factors)
        assert any(f.dimension and f.dimension.value == "empathy" for f in factors)
    assert 0 < len(explorer.visible) < len(hotel.moments)


def test_lane_filter_uses_supporting_steps(explorer, hotel):
    explorer.filters["lane"].value = "backstage"
    assert "check-in" in explorer.visible
    for moment_id in explorer.visible:
        lanes = {hotel.steps[s].lane.value for s in explorer.facets.steps[moment_id]}
        assert "backstage" in lanes


def test_only_moments_with_findings(explorer):
    explorer.only_findings.value = True
    assert explorer.visible
    assert all(explorer.facets.findings[m] for m in explorer.visible)
    explorer.selected = explorer.visible[0]
    assert "Findings (" in explorer.panel.value and "no findings" not in explorer.panel.value


def test_search_box(explorer):
    explorer.picker.search.value = "room service"
    assert explorer.visible == ["order-room-service"]


def test_language_toggle_switches_titles(explorer):
    explorer.selected = "check-in"
    explorer.lang_toggle.value = "zh"
    assert explorer.lang == "zh"
    assert "在前台办理入住" in explorer.panel.value
    assert "在前台办理入住" in dict((v, k) for k, v in explorer.picker.list.options)["check-in"]
    explorer.lang = ""
    assert "Check in at the front desk" in explorer.panel.value


def test_findings_show_their_line(hotel):
    explorer = Explorer(hotel, picture=False)
    explorer.selected = "reserve"
    assert "line " in explorer.panel.value


def test_large_service_is_paged_and_waits_for_the_picture(monkeypatch):
    monkeypatch.setattr("blueprint.widgets.explorer.LARGE", 500)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import service_yaml

    service = read_text(service_yaml(1000, 1000, 500)).service
    explorer = Explorer(service)
    assert len(explorer.picker.list.options) == explorer.picker.page_size
    assert "press Draw picture" in explorer.svg.message
    assert explorer.svg.svg == ""
    explorer.selected = "m777"
    assert "m777" in [v for _, v in explorer.picker.list.options]
    assert "Moment number 777" in explorer.panel.value
    explorer.picker.next.click()
    assert explorer.picker.status.value.count("of 1000")


def test_picture_is_cached_per_view_and_language(hotel, monkeypatch):
    calls = []

    def fake_draw(service, view, lang, options):
        calls.append((view, lang))
        return f'<svg><g id="node1" class="node"><title>{view}:check-in</title></g></svg>', ""

    monkeypatch.setattr("blueprint.widgets._picture._draw", fake_draw)
    explorer = Explorer(hotel, picture=True)
    for moment_id in ("check-in", "room", "eat"):
        explorer.selected = moment_id
    explorer.view = "cycle"
    explorer.view = "blueprint"
    assert calls == [("blueprint", None), ("cycle", None)]
    assert explorer.svg.targets == {"blueprint:check-in": "check-in"}


def test_missing_picture_says_why(hotel, monkeypatch):
    monkeypatch.setattr(
        "blueprint.widgets._picture._draw", lambda *a: ("", "The cycle picture is not available yet: x.")
    )
    explorer = Explorer(hotel, picture=True)
    assert "not available yet" in explorer.svg.message


def test_node_targets_reads_graphviz_titles():
    svg = (
        '<g id="node3" class="node">\n<title>check&#45;in</title>\n</g>'
        '<g id="node4" class="node"><title>m_room</title></g>'
        '<g id="node5" class="node"><title>pms</title></g>'
    )
    assert node_targets(svg, ["check-in", "room"]) == {"check-in": "check-in", "m_room": "room"}


def test_with_data_the_panel_and_the_cycle_show_compliance(hotel, monkeypatch):
    from blueprint.measure.example_data import hotel_operations

    drawn = []

    def fake_draw(service, view, lang, options):
        drawn.append((view, options))
        return "<svg></svg>", ""

    monkeypatch.setattr("blueprint.widgets._picture._draw", fake_draw)
    explorer = Explorer(hotel, data=hotel_operations(seed=1))
    explorer.selected = "check-in"
    assert "gap 3" in explorer.panel.value and "pass 97%" in explorer.panel.value
    explorer.view = "cycle"
    view, options = drawn[-1]
    assert view == "cycle"
    # coloured by verdict, never by a share: a pass only when every standard of the moment passes
    from blueprint.model.queries import standards_of

    statuses = {explorer.compliance.baseline[s.id].status for s in standards_of(hotel, "check-in")}
    expected = "pass" if statuses == {"pass"} else options["status"]["check-in"]
    assert options["status"]["check-in"] == expected and expected in statuses
    assert options["notes"]["check-in"].startswith(expected)
    assert options["colors"]["fail"] != options["colors"]["pass"]
    assert set(options["status"]) <= set(hotel.moments)


def test_bad_data_is_a_note_not_an_error(hotel):
    explorer = Explorer(hotel, data=42, picture=False)
    explorer.selected = "check-in"
    assert "could not be measured" in explorer.panel.value


def test_filtering_out_the_selected_moment_clears_the_side_panel(explorer, hotel):
    explorer.selected = "check-out"
    assert "Check out" in explorer.panel.value
    explorer.filters["stage"].value = "pre-service"
    assert explorer.selected == "" and explorer.svg.selected == ""
    assert "Check out" not in explorer.panel.value


def test_the_explorer_opens_readable_and_notebook_pictures_fit_the_width(hotel):
    from blueprint.widgets.svgview import picture

    assert Explorer(hotel, picture=False).svg.fit == "readable"
    shown = picture(hotel, "cycle")
    assert shown.fit == "width" and shown.svg.startswith("<?xml")
    assert set(shown.targets.values()) <= set(hotel.moments) and shown.targets

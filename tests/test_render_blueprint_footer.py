"""The blueprint's fail point list, execution time line and step standard badges."""

from __future__ import annotations

import pytest

import blueprint
from blueprint.render import render
from conftest import DATA
from render_support import element_tags, svg_nodes

SHOESHINE = DATA / "journeys" / "shoeshine.yaml"
HOTEL = DATA / "journeys" / "hotel-bitner.yaml"


@pytest.mark.graphviz
def test_shoeshine_blueprint_numbers_its_fail_point_and_lists_cause_and_fail_safe():
    nodes = svg_nodes(render(blueprint.load(SHOESHINE)).svg())
    assert [n.text for name, n in nodes.items() if name.startswith("s:apply-polish#badge")] == ["F1", "S ✓"]
    listed = " ".join(nodes["_fails"].texts)
    assert listed.startswith("Fail points F1 Apply the polish: the shiner takes a tin of the wrong colour")
    assert "→ fail-safe: the shiner holds the open tin against the shoe" in listed
    # the list sits under the lanes and the execution time line
    assert nodes["_fails"].y > nodes["_time:label"].y > nodes["_lane:support"].y


@pytest.mark.graphviz
def test_shoeshine_blueprint_draws_the_execution_time_line_with_the_two_minute_standard():
    nodes = svg_nodes(render(blueprint.load(SHOESHINE)).svg())
    # brush 30 s + polish 30 s + buff 45 s feed the shine; paying takes 15 s: two minutes in all
    assert nodes["_time:shine"].texts == ["standard 1 min 45 s", "tolerable 2 min"]
    assert nodes["_time:wait-to-pay"].texts == ["standard 15 s", "tolerable 30 s"]
    assert nodes["_time:label"].texts == ["Execution time", "2 min · tolerable 5 min"]
    assert nodes["s:buff"].text.endswith("45 s")
    assert nodes["s:apply-polish"].text.endswith("30 s (≤ 45 s)")
    assert "_time:sit-down" not in nodes  # nothing timed there
    assert [n.text for name, n in nodes.items() if name.startswith("s:buff#badge")] == ["S ≤ 45 s"]
    assert "S" in nodes["_legend"].texts


@pytest.mark.graphviz
def test_hotel_blueprint_counts_a_step_that_feeds_two_moments_once():
    nodes = svg_nodes(render(blueprint.load(HOTEL)).svg())
    assert nodes["_time:wait-for-food"].texts == ["standard 25 min", "tolerable 35 min"]
    assert "_time:eat" not in nodes  # the tray was counted where it first arrives
    assert [name for name in nodes if name.endswith("#badge0") and nodes[name].text.startswith("F")] == [
        "m:check-in#badge0",
        "s:find-reservation#badge0",
        "s:prepare-food#badge0",
        "s:print-bill#badge0",
    ]
    listed = " ".join(nodes["_fails"].texts)
    assert "F1 Check in at the desk — no fail-safe yet F2" in listed  # fail_point: true, nothing more said
    assert "posted to the wrong room → no fail-safe yet" in listed


def test_a_blueprint_without_fail_points_or_times_has_no_footer():
    from blueprint.model.examples import tiny_service

    dot = render(tiny_service()).dot
    assert "_fails" not in dot and "_time:" not in dot


@pytest.mark.graphviz
def test_fail_point_text_is_escaped_in_the_picture():
    service = blueprint.load(SHOESHINE)
    hostile = '<script>alert("x")</script> & ]]> \\N {a|b}'
    service.replace("apply-polish", fail_point={"cause": hostile, "fail_safe": "<b>nod</b>"})
    svg = render(service).svg()
    assert "script" not in element_tags(svg) and "b" not in element_tags(svg)
    listed = " ".join(svg_nodes(svg)["_fails"].texts)
    assert hostile in listed and "<b>nod</b>" in listed


def test_a_page_of_the_blueprint_lists_only_its_own_fail_points():
    service = blueprint.load(HOTEL)
    first = render(service, columns=(0, 2)).dot
    assert "Clerk finds the reservation" in first.split('"_fails"')[1]
    assert "Kitchen prepares" not in first.split('"_fails"')[1]


def test_the_cycle_numbers_fail_points_as_the_blueprint_does():
    service = blueprint.load(HOTEL)
    cycle, plan = render(service, view="cycle").dot, render(service).dot
    assert "<B>F1</B>" in cycle.split('"m:check-in#badge0"')[1].split("\n")[0]
    assert "<B>F1</B>" in plan.split('"m:check-in#badge0"')[1].split("\n")[0]
    assert "<B>F2</B>" not in cycle  # F2 is a step: not on the cycle


def test_the_execution_time_line_speaks_the_pictures_language():
    service = blueprint.load(SHOESHINE)
    service.replace("shine", translations={"zh": "擦鞋"})
    dot = render(service, lang="zh").dot
    line = dot.split('"_time:shine"')[1].split("\n")[0]
    assert "标准 1 分钟 45 秒" in line and "可容忍 2 分钟" in line
    assert "30 秒 (≤ 45 秒)" in dot.split('"s:apply-polish"')[1].split("\n")[0]

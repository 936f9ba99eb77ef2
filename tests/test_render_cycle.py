"""The service-cycle view: a true circle in cycle order, closing edge, status colours, stages."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pytest

import blueprint
from blueprint.model.examples import tiny_service
from blueprint.model.queries import cycle_order
from blueprint.render import render
from blueprint.render.cycle_view import cycle_dot
from blueprint.render.status import default_status
from blueprint.render.theme import STAGES, STATUS
from blueprint.render.wrap import wrap
from conftest import DATA, EXAMPLES
from render_support import assert_golden, dot_positions, element_tags, svg_nodes

NAMES = [path.stem for path in EXAMPLES]


@pytest.fixture(scope="module", params=NAMES)
def example(request: pytest.FixtureRequest) -> blueprint.Service:
    return blueprint.load(Path("standards") / f"{request.param}.yaml")


def _fill(dot: str, name: str) -> str:
    line = next(line for line in dot.splitlines() if line.startswith(f'  "{name}" ['))
    found = re.search(r'fillcolor="(#[0-9a-f]{6})"', line)
    assert found, line
    return found.group(1)


@pytest.mark.parametrize("name", NAMES)
def test_golden_dot(name: str) -> None:
    service = blueprint.load(Path("standards") / f"{name}.yaml")
    assert_golden(f"{name}-cycle.dot", cycle_dot(service))


def test_moments_on_a_circle_clockwise_in_cycle_order(example: blueprint.Service) -> None:
    pos = dot_positions(cycle_dot(example))
    order = cycle_order(example)
    points = [pos[f"m:{m}"][:2] for m in order]
    cx = sum(x for x, _ in points) / len(points)
    cy = sum(y for _, y in points) / len(points)
    radii = [math.hypot(x - cx, y - cy) for x, y in points]
    assert max(radii) - min(radii) < 0.05 * max(radii)
    # Clockwise from twelve o'clock (Graphviz's y grows upwards).
    angles = [math.atan2(x - cx, y - cy) % (2 * math.pi) for x, y in points]
    assert angles[0] < 0.01 or angles[0] > 2 * math.pi - 0.01
    assert angles[1:] == sorted(angles[1:])


def test_boxes_never_overlap(example: blueprint.Service) -> None:
    pos = dot_positions(cycle_dot(example))
    boxes = [p for name, p in pos.items() if name.startswith("m:") and "#" not in name]
    for (x1, y1, w1, h1), (x2, y2, w2, h2) in itertools.combinations(boxes, 2):
        assert abs(x1 - x2) >= (w1 + w2) / 2 or abs(y1 - y2) >= (h1 + h2) / 2


def _bezier(points: list[tuple[float, float]], t: float) -> tuple[float, float]:
    p0, p1, p2, p3 = points
    u = 1 - t
    x = u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0]
    y = u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1]
    return x, y


def test_no_edge_runs_through_a_box(example: blueprint.Service) -> None:
    dot = cycle_dot(example)
    boxes = {k: v for k, v in dot_positions(dot).items() if k.startswith("m:") and "#" not in k}
    edges = re.finditer(r'^  "(m:[^"]+)" -> "(m:[^"]+)" \[.*pos="([^"]+)"', dot, re.M)
    for tail, head, pos in (m.groups() for m in edges):
        points = [tuple(map(float, p.split(","))) for p in pos.split() if not p.startswith("e,")]
        for i in range(0, len(points) - 3, 3):
            for t in (j / 40 for j in range(41)):
                x, y = _bezier(points[i : i + 4], t)  # type: ignore[arg-type]
                for name, (bx, by, bw, bh) in boxes.items():
                    inside = abs(x - bx) < bw / 2 - 1 and abs(y - by) < bh / 2 - 1
                    assert name in (tail, head) or not inside, f"{tail}->{head} runs through {name}"


def test_closing_edge_back_to_the_start() -> None:
    dot = cycle_dot(tiny_service())
    closing = [line for line in dot.splitlines() if line.startswith('  "m:check-out" -> "m:arrive"')]
    assert len(closing) == 1 and 'style="dashed"' in closing[0]
    assert "next visit" in dot


def test_default_status_counts_factors_with_a_standard() -> None:
    service = tiny_service()
    assert [default_status(service, m) for m in cycle_order(service)] == [
        "no factors",
        "all",
        "none",
        "no factors",
    ]
    dot = cycle_dot(service)
    assert _fill(dot, "m:check-in") == STATUS["all"]
    assert _fill(dot, "m:room-service") == STATUS["none"]
    assert "every key factor has a standard" in dot


def test_status_passed_in_with_colours_and_legend() -> None:
    dot = cycle_dot(tiny_service(), status={"arrive": "late", "check-in": "on time"},
                    colors={"late": "#ff0000"}, legend="Punctuality")  # fmt: skip
    assert _fill(dot, "m:arrive") == "#ff0000"
    assert _fill(dot, "m:check-in") not in ("#ff0000", "#eceff1")
    assert _fill(dot, "m:check-out") == "#eceff1"  # no status given
    assert "Punctuality" in dot and "on time" in dot


def test_numeric_status_is_a_red_to_green_scale() -> None:
    dot = cycle_dot(tiny_service(), status={"arrive": 0.0, "check-in": 0.6, "check-out": 1.0})
    red, mid, green = (_fill(dot, f"m:{m}") for m in ("arrive", "check-in", "check-out"))
    assert int(red[1:3], 16) > int(red[3:5], 16) and int(green[3:5], 16) > int(green[1:3], 16)
    assert len({red, mid, green}) == 3
    assert "no status given" in dot  # room-service has none


def test_shares_keep_their_place_on_a_zero_to_one_scale() -> None:
    high = cycle_dot(tiny_service(), status={"arrive": 0.9, "check-in": 0.95})
    assert _fill(high, "m:arrive") == _fill(cycle_dot(tiny_service(), status={"arrive": 0.9}), "m:arrive")
    scores = cycle_dot(tiny_service(), status={"arrive": 2, "check-in": 4})  # not shares: lowest to highest
    assert _fill(scores, "m:arrive") != _fill(scores, "m:check-in")


def test_stage_arcs_in_stage_colours(example: blueprint.Service) -> None:
    dot = cycle_dot(example)
    background = next(line for line in dot.splitlines() if "_background" in line)
    for stage in {m.stage.value for m in example.moments.values()}:
        assert STAGES[stage][0] in background
    assert "setlinewidth(7)" in background


@pytest.mark.graphviz
def test_svg_shows_every_title_and_the_stages(example: blueprint.Service) -> None:
    nodes = svg_nodes(render(example, view="cycle").svg())
    for moment in example.moments.values():
        assert nodes[f"m:{moment.id}"].text == " ".join(wrap(moment.title, 114, 10.5))
    stage_names = {n.text for name, n in nodes.items() if name.startswith("_stage:")}
    assert stage_names <= {"Pre-service", "In-service", "Post-service"} and stage_names


@pytest.mark.graphviz
def test_chinese_cycle() -> None:
    service = blueprint.load(Path("standards/hotel-stay.yaml"))
    nodes = svg_nodes(render(service, view="cycle", lang="zh").svg())
    assert {n.text for name, n in nodes.items() if name.startswith("_stage:")} == {"售前", "售中", "售后"}
    assert "标准覆盖" in nodes["_legend"].text


@pytest.mark.graphviz
def test_hostile_text_in_the_cycle() -> None:
    service = blueprint.load(DATA / "hostile-text.yaml")
    svg = render(service, view="cycle").svg()
    assert "script" not in element_tags(svg)
    assert "<script>alert(1)</" in svg_nodes(svg)["m:first"].text


@pytest.mark.graphviz
def test_cycle_png(tmp_path: Path) -> None:
    out = render(tiny_service(), view="cycle").save(tmp_path / "c.png")
    assert out.read_bytes().startswith(b"\x89PNG")

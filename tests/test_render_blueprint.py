"""The blueprint view: lanes, lines, badges, order, layout quality, hostile text, display."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

import blueprint
from blueprint.model.examples import tiny_service
from blueprint.model.queries import cycle_order
from blueprint.render import VIEWS, display_bundle, render
from blueprint.render.blueprint_layout import LABEL_W, LANE_ORDER, MARGIN, grid
from blueprint.render.blueprint_routes import route_edges
from blueprint.render.blueprint_view import blueprint_dot
from blueprint.render.output import GraphvizNotFound, Rendered
from blueprint.render.wrap import wrap
from conftest import DATA, EXAMPLES
from render_support import assert_golden, element_tags, svg_nodes

NAMES = [path.stem for path in EXAMPLES]
LANE_WORDS = ["Physical evidence", "Customer actions", "Frontstage", "Backstage", "Support processes"]
LINE_WORDS = ["line of interaction", "line of visibility", "line of internal interaction"]


@pytest.fixture(scope="module", params=NAMES)
def example(request: pytest.FixtureRequest) -> blueprint.Service:
    return blueprint.load(Path("standards") / f"{request.param}.yaml")


@pytest.fixture(scope="module")
def hostile() -> blueprint.Service:
    return blueprint.load(DATA / "hostile-text.yaml")


def test_three_examples_exist() -> None:
    assert {"hotel-stay", "sports-retail", "bank-card-service"} <= set(NAMES)


# -- DOT (no Graphviz needed) -------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_golden_dot(name: str) -> None:
    service = blueprint.load(Path("standards") / f"{name}.yaml")
    assert_golden(f"{name}-blueprint.dot", blueprint_dot(service))


def test_dot_is_deterministic(example: blueprint.Service) -> None:
    assert blueprint_dot(example) == blueprint_dot(blueprint.load(example.source))


def test_dot_without_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    picture = render(tiny_service())
    assert picture.dot is not None and picture.dot.startswith('digraph "tiny-hotel" {')
    with pytest.raises(GraphvizNotFound, match="apt-get install graphviz"):
        picture.svg()


def test_boxes_never_overlap(example: blueprint.Service) -> None:
    layout = grid(example)
    boxes = [item.box for item in layout.nodes.values()]
    for a, b in itertools.combinations(boxes, 2):
        apart = abs(a.x - b.x) >= (a.w + b.w) / 2 or abs(a.y - b.y) >= (a.h + b.h) / 2
        assert apart, f"boxes overlap at {a} and {b}"


def test_edges_never_cross_a_box(example: blueprint.Service) -> None:
    layout = grid(example)
    routes, _ = route_edges(example, layout)
    for route in routes:
        others = [p.box for key, p in layout.nodes.items() if key not in (route.tail, route.head)]
        for (x1, y1), (x2, y2) in itertools.pairwise(route.points):
            assert x1 == x2 or y1 == y2, f"{route.tail}->{route.head} has a slanted leg"
            for box in others:
                inside_x = min(x1, x2) < box.right - 0.5 and max(x1, x2) > box.left + 0.5
                inside_y = min(y1, y2) < box.bottom - 0.5 and max(y1, y2) > box.top + 0.5
                assert not (inside_x and inside_y), f"{route.tail}->{route.head} crosses a box at {box}"


def test_edges_keep_out_of_the_labels_and_headers(example: blueprint.Service) -> None:
    layout = grid(example)
    routes, _ = route_edges(example, layout)
    left = MARGIN + LABEL_W  # lane and line labels live left of this
    top = layout.lanes[LANE_ORDER[0]][0]  # title and stage headers live above this
    bottom = layout.lanes[LANE_ORDER[-1]][1]  # the legend lives below this
    for route in routes:
        for x, y in route.points:
            assert x > left and top <= y <= bottom, f"{route.tail}->{route.head} strays to {(x, y)}"


def test_steps_sit_in_their_lanes(example: blueprint.Service) -> None:
    layout = grid(example)
    for key, item in layout.nodes.items():
        top, bottom = layout.lanes[item.lane]
        assert top <= item.box.top and item.box.bottom <= bottom, key
        if item.kind == "step":
            assert item.lane == example.steps[item.subject].lane.value
    tops = [layout.lanes[lane][0] for lane in LANE_ORDER]
    assert tops == sorted(tops)


def test_step_follows_the_column_of_what_it_supports() -> None:
    service = tiny_service()
    layout = grid(service)
    assert layout.nodes["s:register-guest"].column == layout.nodes["m:check-in"].column
    assert layout.nodes["s:pms-record"].column == layout.nodes["s:register-guest"].column


def test_stacked_branches_share_a_column() -> None:
    service = blueprint.load(Path("standards/bank-card-service.yaml"))
    spread, stacked = grid(service), grid(service, branches="stack")
    assert stacked.columns < spread.columns
    assert len({p.column for p in spread.nodes.values() if p.kind == "moment"}) == len(service.moments)
    with pytest.raises(ValueError, match="spread"):
        blueprint_dot(service, branches="sideways")


def test_long_titles_wrap_into_their_box() -> None:
    service = tiny_service()
    long = "Guest waits for the night manager to find the reservation that the agency forgot to send"
    service.replace("check-in", title=long)
    label = grid(service).nodes["m:check-in"].label
    assert len(label.lines) > 2
    assert " ".join(label.lines) == long


# -- SVG (Graphviz) ---------------------------------------------------------------


@pytest.mark.graphviz
def test_svg_shows_lanes_lines_badges_and_ordered_moments(example: blueprint.Service) -> None:
    nodes = svg_nodes(render(example).svg())
    lanes = [nodes[f"_lane:{lane}"] for lane in LANE_ORDER]
    assert [n.text for n in lanes] == LANE_WORDS
    assert [n.y for n in lanes] == sorted(n.y for n in lanes)
    assert [nodes[f"_line:{line}"].text for line in ("interaction", "visibility", "internal")] == LINE_WORDS
    order = cycle_order(example)
    for moment_id in order:
        moment = example.moments[moment_id]
        assert nodes[f"m:{moment_id}"].text == " ".join(wrap(moment.title, 126, 10.5))
        badges = [n.text for name, n in nodes.items() if name.startswith(f"m:{moment_id}#badge")]
        assert any(re.fullmatch(r"F[0-9]+", b) for b in badges) == bool(moment.fail_point)
        assert any(b.startswith("W") for b in badges) == moment.wait_point
    xs = [nodes[f"m:{m}"].x for m in order]
    assert xs == sorted(xs) and len(set(xs)) == len(xs), "moments must run left to right in cycle order"


@pytest.mark.graphviz
def test_wait_badge_shows_the_time_standard() -> None:
    nodes = svg_nodes(render(tiny_service()).svg())
    assert nodes["m:check-in#badge0"].text == "W ≤ 3 min"
    assert {"F", "W"} <= set(nodes["_legend"].texts)


@pytest.mark.graphviz
def test_svg_is_byte_identical_between_runs() -> None:
    service = blueprint.load(Path("standards/hotel-stay.yaml"))
    assert render(service).svg() == render(service).svg()


@pytest.mark.graphviz
def test_chinese_titles_and_lane_names() -> None:
    service = blueprint.load(Path("standards/hotel-stay.yaml"))
    nodes = svg_nodes(render(service, lang="zh").svg())
    assert nodes["_lane:evidence"].text == "有形展示"
    assert nodes["_line:visibility"].text == "可视线"
    for moment in service.moments.values():
        shown = "".join(nodes[f"m:{moment.id}"].texts).replace(" ", "").replace("\xa0", "")
        assert shown == moment.title_in("zh").replace(" ", "")


@pytest.mark.graphviz
def test_hostile_text_renders_literally(hostile: blueprint.Service) -> None:
    svg = render(hostile).svg()
    assert "script" not in element_tags(svg) and "img" not in element_tags(svg)
    nodes = svg_nodes(svg)
    first = hostile.moments["first"].title
    assert nodes["m:first"].text == " ".join(wrap(first, 126, 10.5))
    assert "<script>alert(1)</" in nodes["m:first"].text
    assert nodes["s:click"].text.startswith("click --> here ; <img")
    assert '<b>sign</b> & "logo"' in nodes["e:first"].text
    assert hostile.info.title in nodes["_title"].text


@pytest.mark.graphviz
@pytest.mark.parametrize("name", NAMES)
def test_png_and_pdf(name: str, tmp_path: Path) -> None:
    picture = render(blueprint.load(Path("standards") / f"{name}.yaml"))
    assert picture.save(tmp_path / "b.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert picture.save(tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    assert picture.save(tmp_path / "b.dot").read_text(encoding="utf-8") == picture.dot


# -- Jupyter --------------------------------------------------------------------------


@pytest.mark.graphviz
def test_service_displays_as_svg() -> None:
    bundle = tiny_service()._repr_mimebundle_()
    assert bundle["image/svg+xml"].lstrip().startswith("<?xml")
    assert set(tiny_service()._repr_mimebundle_(include=["text/plain"])) <= {"text/plain"}


def test_broken_render_shows_an_error_not_an_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise ModuleNotFoundError("No module named 'blueprint.render.nonexistent'")

    monkeypatch.setitem(VIEWS, "blueprint", missing)
    bundle = display_bundle(tiny_service())
    assert "could not draw" in bundle["text/html"]
    assert "tiny-hotel" in bundle["text/plain"]


def test_missing_graphviz_shows_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    bundle = render(tiny_service())._repr_mimebundle_()
    assert "image/svg+xml" not in bundle
    assert "apt-get install graphviz" in bundle["text/html"]
    assert "brew install graphviz" in bundle["text/html"]


def test_error_note_escapes_the_message() -> None:
    picture = Rendered.from_dot("digraph { a [label=<<script>>] }")
    picture._graphviz = lambda fmt, dpi=None: (_ for _ in ()).throw(ValueError("<script>x</script>"))  # type: ignore[method-assign]
    html = picture._repr_mimebundle_()["text/html"]
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_unknown_view_is_named() -> None:
    with pytest.raises(ValueError, match="blueprint, cycle"):
        render(tiny_service(), view="sketch")


def test_a_run_of_columns_holds_only_its_moments_and_their_steps() -> None:
    from blueprint.io.load import load

    clinic = load(DATA / "clinic" / "clinic-visit.yaml")
    dot = blueprint_dot(clinic, columns=(3, 5))
    for kept in ("m:check-in", "m:wait", "m:vitals", "s:receptionist-registers", "s:nurse-prepares-room"):
        assert f'"{kept}"' in dot, kept
    for left_out in ("m:book", "m:arrive", "m:consult", "s:cashier-bills", "e:arrive"):
        assert f'"{left_out}"' not in dot, left_out
    assert '"m:wait" -> "m:vitals"' in dot and '"m:arrive" -> "m:check-in"' not in dot


def test_fold_lays_a_tall_stack_of_steps_side_by_side() -> None:
    from blueprint.io.load import load

    hotel = load(EXAMPLES[[p.name for p in EXAMPLES].index("hotel-stay.yaml")])
    column = cycle_order(hotel).index("check-in")
    tall = grid(hotel, span=(column, column))
    folded = grid(hotel, span=(column, column), fold=2)
    assert folded.height < tall.height * 0.8 and folded.columns == 2
    steps = [p for p in folded.nodes.values() if p.kind == "step"]
    assert {p.column for p in steps} == {0, 1}
    assert folded.nodes["m:check-in"].column == 0
    assert set(folded.nodes) == set(tall.nodes)  # every box kept


@pytest.mark.parametrize(
    ("option", "message"), [({"columns": (3, 1)}, "first <= last"), ({"fold": 0}, "fold")]
)
def test_bad_part_options_are_refused_with_what_to_give(option, message) -> None:
    with pytest.raises(ValueError, match=message):
        blueprint_dot(tiny_service(), **option)

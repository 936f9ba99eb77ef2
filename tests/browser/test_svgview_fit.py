"""The blueprint picture as a designer sees it in a notebook cell: it fits, and its labels can be read.

SvgView's front end (``static/svgview.js``) runs in Chromium on a plain page,
with a small stand-in for the widget model, on the hotel blueprint. The page
is a notebook cell's width (about 990 px).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blueprint.io.load import load
from blueprint.widgets._picture import PictureCache
from blueprint.widgets.svgview import SvgView, node_targets

from .conftest import page_of_size

pytestmark = [pytest.mark.browser, pytest.mark.graphviz]

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = (ROOT / "src" / "blueprint" / "widgets" / "static" / "svgview.js").read_text(encoding="utf-8")
STYLE = (ROOT / "src" / "blueprint" / "widgets" / "static" / "svgview.css").read_text(encoding="utf-8")
CELL = 990


@pytest.fixture(scope="module")
def hotel_blueprint():
    service = load(ROOT / "standards" / "hotel-stay.yaml")
    svg, message = PictureCache(service).get("blueprint")
    assert svg, message
    return svg, node_targets(svg, service.moments)


@pytest.fixture
def cell(browser, request, screenshots):
    yield from page_of_size(browser, request, screenshots, CELL + 40, 900)


def _show(page, svg: str, targets: dict[str, str], **traits) -> None:
    state = {"svg": svg, "targets": targets, "selected": "", "dimmed": [], "message": "", "height": 560,
             "wheel_zoom": False, "fit": "readable", "start": "left",
             "readable_scale": SvgView.readable_scale.default_value, **traits}  # fmt: skip
    module = SCRIPT.replace("export default { render };", "window.svgview = { render };")
    page.set_content(
        f"<style>body {{ margin: 0 }} #cell {{ width: {CELL}px }} {STYLE}</style><div id='cell'></div>"
        "<script>window.state = " + json.dumps(state) + ";"
        "window.handlers = {};"
        "window.model = { get: (k) => window.state[k], set: (k, v) => { window.state[k] = v; },"
        " save_changes() {}, on: (name, f) => { (window.handlers[name] ||= []).push(f); } };"
        "</script><script type='module'>" + module + "</script>"
    )
    page.wait_for_function("window.svgview !== undefined")
    page.evaluate("window.svgview.render({ model: window.model, el: document.getElementById('cell') })")
    page.wait_for_timeout(300)


def _set(page, name: str, value) -> None:
    page.evaluate(
        "([k, v]) => { window.state[k] = v; (window.handlers['change:' + k] || []).forEach((f) => f()); }",
        [name, value],
    )
    page.wait_for_timeout(200)


def _geometry(page) -> dict:
    return page.evaluate(
        """() => {
          const vp = document.querySelector('.bp-svgview-viewport').getBoundingClientRect();
          const svg = document.querySelector('svg.bp-svg').getBoundingClientRect();
          const sizes = Array.from(document.querySelectorAll('svg.bp-svg g.node text'))
            .map((t) => t.getBoundingClientRect().height).filter((h) => h > 0).sort((a, b) => a - b);
          return { vp: [vp.left, vp.top, vp.width, vp.height],
                   svg: [svg.left, svg.top, svg.width, svg.height],
                   median: sizes[Math.floor(sizes.length / 2)] };
        }"""
    )


def test_in_a_notebook_the_blueprint_fits_the_cell_width(cell, hotel_blueprint):
    svg, targets = hotel_blueprint
    _show(cell, svg, targets, fit="width")
    g = _geometry(cell)
    assert g["svg"][2] <= g["vp"][2] + 1  # no wider than the cell
    assert g["svg"][2] >= g["vp"][2] * 0.95  # and using its width
    assert (
        g["vp"][3] <= 560 + 4 and abs(g["vp"][3] - min(g["svg"][3], 560)) <= 4
    )  # no blank band (2 px border)


def test_the_explorer_opens_at_a_readable_zoom(cell, hotel_blueprint):
    svg, targets = hotel_blueprint
    _show(cell, svg, targets, fit="readable")
    assert _geometry(cell)["median"] >= 9  # labels readable, not about 6 px


def test_fit_fills_the_view_without_a_blank_band(cell, hotel_blueprint):
    svg, targets = hotel_blueprint
    _show(cell, svg, targets)
    cell.get_by_role("button", name="Fit the whole picture").click()
    g = _geometry(cell)
    assert abs(g["vp"][3] - g["svg"][3]) <= 4 or abs(g["vp"][2] - g["svg"][2]) <= 4  # the border is 2 px


def test_filtering_brings_the_matches_into_view(cell, hotel_blueprint):
    svg, targets = hotel_blueprint
    _show(cell, svg, targets)
    moments = sorted(set(targets.values()))
    keep = "welcome-back"  # the last moment: off to the right at the opening zoom
    _set(cell, "dimmed", [m for m in moments if m != keep])
    inside = cell.evaluate(
        """(id) => {
          const vp = document.querySelector('.bp-svgview-viewport').getBoundingClientRect();
          const r = document.querySelector(`g[data-moment="${id}"]`).getBoundingClientRect();
          return r.left >= vp.left && r.right <= vp.right && r.top >= vp.top && r.bottom <= vp.bottom;
        }""",
        keep,
    )
    assert inside


def test_the_hint_offers_a_click_only_where_there_are_moments(cell, hotel_blueprint):
    svg, targets = hotel_blueprint
    _show(cell, svg, targets)
    assert cell.locator(".bp-svgview-hint").inner_text().startswith("click a moment")
    _set(cell, "targets", {})  # a chart's points (Kano, IPA) are not moments
    assert cell.locator(".bp-svgview-hint").inner_text() == "drag to pan · ctrl+wheel to zoom"

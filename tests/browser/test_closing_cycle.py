"""The workshop's Closing tab: the cycle's moment names can be read, in a notebook and in the presenter.

The Closing tab's ring used to be scaled into half a notebook cell, its
labels about 7 px. In a notebook it now opens at a readable zoom (SvgView,
pan and Fit for the rest) with the moments named beside it; the presenter
names them in projector type. Measured in Chromium on plain pages built
from the widget's own HTML, CSS and front end: a notebook cell (990 px) and
a projector (1280×720).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blueprint.io.load import load
from blueprint.model.queries import cycle_order
from blueprint.widgets.closing import ClosingView
from blueprint.widgets.slide import presenter_style, workshop_style

from .conftest import page_of_size

pytestmark = [pytest.mark.browser, pytest.mark.graphviz]

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "blueprint" / "widgets" / "static"
SCRIPT = (STATIC / "svgview.js").read_text(encoding="utf-8")
STYLE = (STATIC / "svgview.css").read_text(encoding="utf-8")
CELL = 990
SERVICES = [ROOT / "standards" / "hotel-stay.yaml", ROOT / "tests" / "data" / "clinic" / "clinic-visit.yaml"]

#: the screen size of every visible text in ``root``, and of each moment's largest label in the ring
SIZES = """(root) => {
  const texts = [];
  const walker = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim() || el.closest('style, script, svg')) continue;
    const box = el.getBoundingClientRect();
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (box.width > 0 && box.height > 0) texts.push([size, node.textContent.trim()]);
  }
  const labels = [...document.querySelectorAll('svg.bp-svg g[data-moment]')].map((g) => {
    const sizes = [...g.querySelectorAll('text')].map((t) =>
      parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize) * t.getScreenCTM().a);
    return [g.getAttribute('data-moment'), Math.max(...sizes)];
  });
  return { texts, labels };
}"""


#: whether the moment's node lies inside the viewport
INSIDE = """(id) => {
  const vp = document.querySelector('.bp-svgview-viewport').getBoundingClientRect();
  const r = document.querySelector(`g[data-moment="${id}"]`).getBoundingClientRect();
  return r.left >= vp.left && r.right <= vp.right && r.top >= vp.top && r.bottom <= vp.bottom;
}"""


def _closing(path: Path, presenter: bool) -> ClosingView:
    closing = ClosingView(load(path), presenter=presenter)
    closing.refresh()
    return closing


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: p.stem)
def test_in_a_notebook_the_closing_ring_and_names_read_at_12_px(browser, request, screenshots, path):
    closing = _closing(path, presenter=False)
    ring = closing.cycle
    state = {"svg": ring.svg, "targets": ring.targets, "selected": "", "dimmed": [], "message": "",
             "height": ring.height, "wheel_zoom": False, "fit": ring.fit,
             "readable_scale": ring.readable_scale, "start": ring.start}  # fmt: skip
    module = SCRIPT.replace("export default { render };", "window.svgview = { render };")
    for page in page_of_size(browser, request, screenshots, CELL + 40, 900):
        page.set_content(
            f"<style>body {{ margin: 0; font-family: sans-serif }} #cell {{ width: {CELL}px; display: flex;"
            f" flex-flow: row wrap }} #ring {{ flex: 3 1 520px; min-width: 0 }} #names {{ flex: 1 1 240px }}"
            f" {STYLE}</style>{workshop_style()}"
            f"<div id='cell' class='bp-closing'><div class='bp-closing-cycle' style='display: contents'>"
            f"<div id='ring'></div><div id='names'>{closing.cycle_note.value}</div></div></div>"
            "<script>window.state = " + json.dumps(state) + "; window.handlers = {};"
            "window.model = { get: (k) => window.state[k], set: (k, v) => { window.state[k] = v; },"
            " save_changes() {}, on: (name, f) => { (window.handlers[name] ||= []).push(f); } };"
            "</script><script type='module'>" + module + "</script>"
        )
        page.wait_for_function("window.svgview !== undefined")
        page.evaluate("window.svgview.render({ model: window.model, el: document.getElementById('ring') })")
        page.wait_for_timeout(300)
        sizes = page.evaluate(SIZES, "#cell")
        page.screenshot(path=screenshots / f"closing-notebook-{path.stem}.png")
        moments = load(path).moments
        largest: dict[str, float] = {}
        for moment, label in sizes["labels"]:  # a moment's node, and its badges
            largest[moment] = max(largest.get(moment, 0), label)
        assert set(largest) == set(moments)
        small = [(m, round(size, 1)) for m, size in largest.items() if size < 12]
        assert small == [], small  # each moment's label in the ring, not about 7 px
        names = page.evaluate(SIZES, "#names")["texts"]
        assert names and min(size for size, _ in names) >= 12, names
        shown = " ".join(text for _, text in sizes["texts"])
        assert all(m.title in shown for m in moments.values())  # every moment named beside the ring
        first = page.evaluate(INSIDE, cycle_order(load(path))[0])
        assert first, "the ring opens on its first moment, at twelve o'clock"


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_in_the_presenter_the_cycle_names_read_at_16_px(browser, request, screenshots, size):
    closing = _closing(ROOT / "standards" / "hotel-stay.yaml", presenter=True)
    for page in page_of_size(browser, request, screenshots, *size):
        page.set_content(
            f"{presenter_style()}{workshop_style()}<div class='bp-presenter'><div class='bp-closing'>"
            f"{closing.cycle_note.value}</div></div>"
        )
        sizes = page.evaluate(SIZES, ".bp-presenter")
        page.screenshot(path=screenshots / f"closing-presenter-{size[0]}x{size[1]}.png")
        small = [(s, t) for s, t in sizes["texts"] if s < 16]
        assert small == [], small
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size[0]  # nothing scrolls sideways

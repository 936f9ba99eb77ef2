"""The designer's widgets in a real JupyterLab at laptop and projector sizes, measured as a person sees them.

One notebook (written here, on a working copy of the hotel) shows the
CycleDesigner, the Explorer, the GapDashboard with the example survey, a
FindingsTable and the Workshop. It runs once at 1280×720; the page is then
measured, resized to 1440×900 and measured again:

* the CycleDesigner's emotion curve sits inside the widget, its legend is
  written under it at 12 px or more, and nothing of the designer runs off to
  the side;
* the Explorer opens with its labels at 11 px or more, and Fit leaves no
  blank band;
* the Kano and IPA charts' point labels do not overlap, and gap 5 names its
  survey items by their wording;
* the lint shows as a table with rule names, not tuples;
* the workshop's Closing tab shows the cycle's moment labels at 12 px or more,
  with the moments named beside it.

Screenshots go to $BLUEPRINT_SCREENSHOTS (or a temp folder).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import page_of_size, shut_down_kernels
from .test_lab import open_and_run

pytestmark = pytest.mark.browser

CELLS = [
    "from pathlib import Path\n\nimport blueprint\nfrom blueprint import survey\n"
    "from blueprint.checks import lint\n"
    "from blueprint.io.workcopy import working_copy\n"
    "from blueprint.measure.example_data import hotel_operations\n"
    "from blueprint.survey.example_data import hotel_frames\n"
    "from blueprint.widgets import CycleDesigner, Explorer, FindingsTable, GapDashboard, Workshop\n\n"
    "service = blueprint.load(working_copy(Path.cwd().parent / 'standards' / 'hotel-stay.yaml'))\n"
    "frames = hotel_frames(seed=7)\n"
    "surveys = {'servqual': survey.servqual(frames['servqual-hotel']),\n"
    "           'kano': survey.kano(frames['kano-hotel']), 'ipa': survey.ipa(frames['ipa-hotel'])}",
    "CycleDesigner(service)",
    "Explorer(service)",
    "GapDashboard(service, data=hotel_operations(seed=1), survey=surveys)",
    "FindingsTable(lint(service), limit=8)",
    "workshop = Workshop(service, participants=['Desk clerk', 'Guest panel'], customers=['Guest panel'])\n"
    "workshop.closing_view()  # the Closing tab, drawn\nworkshop",
]

#: where the designer's parts sit against the designer and the notebook's output area
DESIGNER = """() => {
  const designer = document.querySelector('.bp-designer');
  const area = designer.closest('.jp-OutputArea-output');
  const curve = designer.querySelector('img');
  const legend = designer.querySelector('.bp-emotion-legend');
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const size = (t) => parseFloat(getComputedStyle(t).fontSize);
  const entries = [...designer.querySelectorAll('.bp-legend-item')].map((e) =>
    [e.textContent, Math.min(...[e, ...e.querySelectorAll('*')].map(size)), ...box(e)]);
  return { designer: box(designer), area: box(area), curve: box(curve),
           legend: legend ? box(legend) : null, entries,
           natural: [curve.naturalWidth, curve.naturalHeight],
           overflow: designer.scrollWidth - designer.clientWidth,
           page: document.documentElement.scrollWidth - document.documentElement.clientWidth };
}"""

#: the screen size of the text in each node of a picture, by moment where the node is one
LABELS = """(root) => [...document.querySelectorAll(`${root} svg.bp-svg g.node`)].map((g) => {
  const sizes = [...g.querySelectorAll('text')].map((t) =>
    parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize) * t.getScreenCTM().a);
  return [g.getAttribute('data-moment') || '', sizes.length ? Math.max(...sizes) : 0];
}).filter(([, size]) => size > 0)"""

#: the boxes of a chart's point labels (text not on an axis), to look for overlaps
CHART_LABELS = """(root) => [...document.querySelectorAll(`${root} svg text`)]
  .filter((t) => !t.closest('.bp-axis, .bp-quadrant') && t.getBoundingClientRect().width > 0)
  .map((t) => { const r = t.getBoundingClientRect();
    return [t.textContent, r.left, r.top, r.right, r.bottom]; })"""


@pytest.fixture
def laptop(browser, request, screenshots):
    yield from page_of_size(browser, request, screenshots, 1280, 720)


def _inside(inner: list[float], outer: list[float], slack: float = 1.5) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[2] <= outer[2] + slack
        and inner[1] >= outer[1] - slack
        and inner[3] <= outer[3] + slack
    )


def _overlapping(labels: list[list]) -> list[tuple[str, str]]:
    found = []
    for i, (a, *ra) in enumerate(labels):
        for b, *rb in labels[i + 1 :]:
            if ra[0] < rb[2] - 1 and rb[0] < ra[2] - 1 and ra[1] < rb[3] - 1 and rb[1] < ra[3] - 1:
                found.append((a, b))
    return found


def test_the_designers_widgets_at_1280x720_and_1440x900(laptop, lab, screenshots):
    import nbformat

    book = nbformat.v4.new_notebook()
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    book.cells = [nbformat.v4.new_code_cell(code) for code in CELLS]
    nbformat.write(book, Path(lab[2]) / "notebooks" / "room-audit.ipynb")
    page = laptop
    try:
        open_and_run(page, lab, "room-audit.ipynb")
        designer = page.locator(".bp-designer").first
        designer.locator("img").first.wait_for(state="visible")
        for width, height in ((1280, 720), (1440, 900)):
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(500)
            designer.scroll_into_view_if_needed()
            g = page.evaluate(DESIGNER)
            designer.screenshot(path=screenshots / f"lab-designer-{width}x{height}.png")
            # the curve and its legend (bottom right of the picture) inside the widget and the cell
            assert _inside(g["curve"], g["designer"]), g
            assert g["curve"][2] <= g["area"][2] + 1.5, g
            drawn = (g["curve"][2] - g["curve"][0]) / (g["curve"][3] - g["curve"][1])
            assert abs(drawn - g["natural"][0] / g["natural"][1]) < 0.02, g  # shown whole, not cropped
            assert g["overflow"] <= 1 and g["page"] <= 1, g
            # the legend, written under the picture: the hotel's fail and wait points, in type a person reads
            assert g["legend"] and g["legend"][1] >= g["curve"][3] - 1, g  # under the picture, not over it
            assert _inside(g["legend"], g["designer"]) and g["legend"][2] <= g["area"][2] + 1.5, g
            assert {e[0] for e in g["entries"]} >= {"Ffail point", "Wwait point"}, g["entries"]
            for text, size, *place in g["entries"]:
                assert size >= 12, (text, size)  # not about 5-6 px, as when drawn inside the picture
                assert place[2] > place[0] and _inside(place, g["designer"]), (text, place)

        page.set_viewport_size({"width": 1280, "height": 720})
        explorer = page.locator(".bp-explorer").first
        explorer.scroll_into_view_if_needed()
        explorer.locator("svg.bp-svg g.node").first.wait_for()
        sizes = sorted(size for _, size in page.evaluate(LABELS, ".bp-explorer"))
        explorer.screenshot(path=screenshots / "lab-explorer-opening.png")
        assert sizes[len(sizes) // 2] >= 11, sizes[:10]  # readable, not about 6 px
        explorer.get_by_role("button", name="Fit the whole picture").click()
        page.wait_for_timeout(300)
        band = page.evaluate(
            """() => { const e = document.querySelector('.bp-explorer');
              const vp = e.querySelector('.bp-svgview-viewport').getBoundingClientRect();
              const svg = e.querySelector('svg.bp-svg').getBoundingClientRect();
              return [Math.abs(vp.height - svg.height), Math.abs(vp.width - svg.width)]; }"""
        )
        assert min(band) <= 4, band  # the picture fills the view one way: no blank band

        dashboard = page.locator(".bp-gaps").first
        dashboard.scroll_into_view_if_needed()
        cut = page.evaluate(
            """() => [...document.querySelectorAll('.bp-gaps .lm-TabBar-tabLabel')]
              .filter((l) => l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent)"""
        )
        assert cut == [], cut  # every tab's name whole ("Compliance (gap 3)", not "Compliance (gap 3")
        dashboard.get_by_text("Customers (gap 5)", exact=True).click()
        gap5 = dashboard.locator(".bp-gap5").first
        gap5.wait_for(state="visible")
        wording = surveyed_wording(lab)
        assert any(text in gap5.inner_text() for text in wording), gap5.inner_text()[:300]
        dashboard.get_by_text("Kano and IPA", exact=True).click()
        for chart in (".bp-chart-kano", ".bp-chart-ipa"):
            dashboard.locator(f"{chart} svg.bp-svg circle").first.wait_for()
            labels = page.evaluate(CHART_LABELS, chart)
            assert len(labels) >= 3, labels
            assert _overlapping(labels) == [], _overlapping(labels)
        dashboard.screenshot(path=screenshots / "lab-kano-ipa.png")

        table = page.locator(".jp-OutputArea-output table").filter(has_text="rule").first
        table.scroll_into_view_if_needed()
        heads = [h.strip() for h in table.locator("th").all_inner_texts()]
        assert "rule" in heads, heads
        assert "[(" not in table.inner_text() and table.locator("tr").count() >= 3
        table.screenshot(path=screenshots / "lab-findings-table.png")

        closing = page.locator(".bp-closing").first
        closing.scroll_into_view_if_needed()
        closing.locator("svg.bp-svg g.node").first.wait_for()
        closing.locator(".bp-cycle-tile").first.wait_for()
        labels = page.evaluate(LABELS, ".bp-closing")
        largest: dict[str, float] = {}
        for moment, size in labels:
            if moment:
                largest[moment] = max(largest.get(moment, 0), size)
        assert largest and min(largest.values()) >= 12, sorted(largest.items(), key=lambda kv: kv[1])[:5]
        names = page.evaluate(
            """() => [...document.querySelectorAll('.bp-closing .bp-cycle-tile')]
              .map((e) => parseFloat(getComputedStyle(e).fontSize))"""
        )
        assert len(names) == 16 and min(names) >= 12, names
        closing.locator(".bp-closing-cycle").scroll_into_view_if_needed()
        page.screenshot(path=screenshots / "lab-closing.png")
    finally:
        shut_down_kernels(lab[0], lab[1])


def surveyed_wording(lab) -> list[str]:
    """The SERVQUAL items' wording (what gap 5 should name, not "item 7")."""
    from blueprint.survey.instrument import SERVQUAL_22_WORDING

    return list(SERVQUAL_22_WORDING.values())

"""The client report as a reader sees it in Chromium: on a 1280 px screen and printed to PDF.

The report is built from the clinic visit written for the tests (ten moments,
three stages). On screen every box label of the blueprint is at least 13 px
(its type size), every other word at least 11 px;
printed, the blueprint is the panels of ``blueprint render --fit`` cut to fit a
page, a part per page, and no word on those pages is under 7 pt. The PDF is
read back with poppler's pdftotext (the words and where they are) and pypdf
(the size each is printed at: the height of a word's box depends on the font's
ascent and descent, not only on its size).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest

from blueprint.io.load import load
from blueprint.report.pipeline import build_report

from .conftest import page_of_size

pytestmark = [pytest.mark.browser, pytest.mark.graphviz]

CLINIC = Path(__file__).resolve().parents[1] / "data" / "clinic"
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def _write_report(folder: Path, service: Path, data: Path) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BLUEPRINT_CACHE", str(folder / "query-cache"))
        page = build_report(load(service), data=data)
    path = folder / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_report(tmp_path_factory.mktemp("clinic-report"), CLINIC / "clinic-visit.yaml", CLINIC)


@pytest.fixture(scope="module")
def hotel_report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = Path(__file__).resolve().parents[2]
    folder = tmp_path_factory.mktemp("hotel-report")
    return _write_report(
        folder, root / "standards" / "hotel-stay.yaml", root / "examples" / "data" / "operations"
    )


@pytest.fixture(scope="module")
def branch_report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sixteen moments of a mortgage at a bank branch, written for the tests; no data."""
    path = Path(__file__).resolve().parents[1] / "data" / "journeys" / "bank-branch-16.yaml"
    folder = tmp_path_factory.mktemp("branch-report")
    (folder / "report.html").write_text(build_report(load(path)), encoding="utf-8")
    return folder / "report.html"


@pytest.fixture
def screen(browser, request, screenshots):
    yield from page_of_size(browser, request, screenshots, 1280, 900)


# Each text with its size in the drawing (points) and its type size on screen (CSS px): the
# drawing's font-size times the scale the page draws the SVG at.
_LABELS = """() => [...document.querySelectorAll('svg[aria-label^="Service blueprint"]')].map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return {
        label: svg.getAttribute('aria-label'),
        width: svg.getBoundingClientRect().width,
        texts: [...svg.querySelectorAll('text')].map(t => {
            const size = parseFloat(t.getAttribute('font-size'));
            return [t.textContent, size, size * scale];
        }),
    };
})"""


def _too_small(parts: list[dict]) -> list[tuple[str, str, float]]:
    """Box labels (9.5 pt and up in the drawing) under 13 px on screen, or any text under 11 px."""
    return [
        (p["label"], text, round(px, 1))
        for p in parts
        for text, pt, px in p["texts"]
        if text.strip() and (px < 11 or (pt >= 9.5 and px < 13))
    ]


def test_every_blueprint_box_label_is_at_least_13_px_at_1280(screen, report_file, screenshots):
    screen.goto(report_file.as_uri())
    parts = screen.evaluate(_LABELS)
    assert [p["label"].split(", ", 1)[1] for p in parts] == [
        "Pre-service, moments 1–2",
        "Pre-service and in-service, moments 3–4",
        "In-service, moments 5–7",
        "In-service and post-service, moments 8–10",
    ]
    small = _too_small(parts)
    assert not small, small
    assert min(px for p in parts for text, pt, px in p["texts"] if pt >= 9.5) >= 13
    # every moment's title is drawn, once, across the parts
    drawn = " ".join(text for p in parts for text, *_ in p["texts"])
    for title in ("Book an appointment by", "Wait in the waiting room", "Get a follow-up call"):
        assert drawn.count(title) == 1, title
    # at 1280 px each part fits the window: nothing to scroll sideways
    assert all(p["width"] <= 1280 for p in parts)
    assert screen.evaluate("document.scrollingElement.scrollWidth") <= 1280
    screen.locator("#service").scroll_into_view_if_needed()
    screen.screenshot(path=screenshots / "report-blueprint-1280.png")


def test_the_catalogue_fits_its_column_on_screen_and_in_print(screen, report_file):
    screen.goto(report_file.as_uri())
    overflow = (
        "() => { const t = document.querySelector('table.catalogue'); "
        "return [t.scrollWidth, t.parentElement.clientWidth]; }"
    )
    table, column = screen.evaluate(overflow)
    assert table <= column
    screen.set_viewport_size({"width": 768, "height": 1000})  # a tablet upright: cells break anywhere
    table, column = screen.evaluate(overflow)
    assert table <= column
    # printed, the catalogue has a landscape page: Letter's text width with 8 mm margins, in CSS px
    screen.emulate_media(media="print")
    screen.set_viewport_size({"width": 994, "height": 760})
    table, column = screen.evaluate(overflow)
    assert table <= column


class Printed(NamedTuple):
    """A printed page: its size, pdftotext's word boxes and the smallest text on it, in points."""

    width: float
    height: float
    body: str
    smallest: float


def _printed(browser, html: Path, pdf: Path, paper: str) -> list[Printed]:
    """The pages of ``html`` printed by Chromium on ``paper``."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    page = browser.new_page()
    try:
        page.goto(html.as_uri())
        page.pdf(path=str(pdf), format=paper, print_background=True)
    finally:
        page.close()
    listing = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    boxes = _PAGE.findall(listing.stdout)
    sizes = _text_sizes(pdf)
    assert len(sizes) == len(boxes)
    return [Printed(float(w), float(h), body, size) for (w, h, body), size in zip(boxes, sizes, strict=True)]


def _text_sizes(pdf: Path) -> list[float]:
    """The size of the smallest text printed on each page, in points (inf on a page without text)."""
    from pypdf import PdfReader

    smallest = []
    for page in PdfReader(pdf).pages:
        sizes = [float("inf")]

        def seen(text, cm, tm, font, size, sizes=sizes):  # the text matrix, then the page's transformation
            if text.strip():
                b, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
                sizes.append(size * (b * b + d * d) ** 0.5)

        page.extract_text(visitor_text=seen)
        smallest.append(min(sizes))
    return smallest


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printed_blueprint_is_the_slide_panels_with_words_of_7_pt(browser, report_file, tmp_path, paper):
    pages = _printed(browser, report_file, tmp_path / "report.pdf", paper)
    blueprint_pages = [page for page in pages if "Service blueprint, part" in _words(page.body)]
    stages = [
        re.search(r"part \d of \d: (.+?), moment", _words(page.body)).group(1) for page in blueprint_pages
    ]  # type: ignore[union-attr]
    assert stages == [
        "Pre-service",
        "Pre-service and in-service",
        "In-service",
        "In-service and post-service",
    ]
    for width, height, body, smallest in blueprint_pages:
        assert width > height  # landscape
        assert smallest >= 7.0, (paper, smallest)
        # the whole drawing is on the page: lane names and the legend both printed
        assert "Support" in _words(body) and "fail point" in _words(body)


def test_the_hotel_blueprint_prints_every_part_readably(browser, hotel_report_file, tmp_path):
    """Sixteen moments; check-in alone has nine support steps, laid side by side to fit a page."""
    pages = _printed(browser, hotel_report_file, tmp_path / "hotel.pdf", "Letter")
    parts = [(page, re.search(r"part (\d+) of (\d+)", _words(page.body))) for page in pages]
    found = [(page.body, int(m.group(1)), int(m.group(2)), page.smallest) for page, m in parts if m]
    assert [n for _, n, _, _ in found] == list(range(1, found[0][2] + 1))  # a part per page, in order
    for body, n, _, smallest in found:
        assert smallest >= 7.0, (n, smallest)
        assert "Support" in _words(body) and "fail point" in _words(body), n
    assert any("Check in at the front desk" in _words(body) for body, *_ in found)
    # the fail points are listed under the parts that show them, numbered as their badges
    listed = " ".join(
        _words(body).split("Fail points", 1)[1] for body, *_ in found if "Fail points" in _words(body)
    )
    assert "F1" in listed and "F7" in listed


def _words(body: str) -> str:
    return " ".join(text for *_, text in _WORD.findall(body))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_sixteen_moment_blueprint_prints_as_panels_with_their_fail_points(
    browser, branch_report_file, tmp_path, paper
):
    pages = _printed(browser, branch_report_file, tmp_path / "branch.pdf", paper)
    found = [page for page in pages if "Service blueprint, part" in _words(page.body)]
    assert len(found) > 3
    for page in found:
        assert page.smallest >= 7.0, (paper, page.smallest)
        words = _words(page.body)
        assert "Physical evidence" in words and "Support processes" in words  # lanes on each
    listed = " ".join(_words(page.body) for page in found)
    assert "F1 Wait at the reception desk — no fail-safe yet" in listed
    assert "F2" in listed and "the credit bureau does not answer" in listed


def test_the_sixteen_moment_blueprint_reads_at_13_px_at_1280(screen, branch_report_file):
    screen.goto(branch_report_file.as_uri())
    parts = screen.evaluate(_LABELS)
    assert len(parts) > 3 and all(p["width"] <= 1280 for p in parts)
    small = _too_small(parts)
    assert not small, small

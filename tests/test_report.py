"""The client report: self-contained, in survey-report order, numbers as measured, hostile text inert."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from blueprint.cli import main
from blueprint.io.catalogue import catalogue
from blueprint.io.load import load
from blueprint.measure import measure
from blueprint.report.layout import report_html
from blueprint.report.pipeline import build_report, gather, last_compliance
from blueprint.survey import kano, read_table
from conftest import DATA, ROOT

HOTEL = ROOT / "standards" / "hotel-stay.yaml"
OPERATIONS = ROOT / "examples" / "data" / "operations"
SURVEYS = ROOT / "examples" / "data" / "survey"
SECTIONS = ["purpose", "method", "results", "suggestions", "appendix"]

pytestmark = pytest.mark.graphviz


class _Page(HTMLParser):
    """Tags, attributes, visible text and compliance cells of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self.cells: dict[tuple[str, str], str] = {}
        self._cell: tuple[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = {k: v or "" for k, v in attrs}
        self.attrs.extend((tag, k, v) for k, v in values.items())
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "td" and "data-standard" in values:
            self._cell = (values["data-standard"], values["data-group"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self.cells[self._cell] = self.cells.get(self._cell, "") + data


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def hotel_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, object]:
    folder = tmp_path_factory.mktemp("report")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BLUEPRINT_CACHE", str(folder / "query-cache"))
        service = load(HOTEL)
        inputs = gather(service, data=OPERATIONS, survey=[SURVEYS])
        page = build_report(service, data=OPERATIONS, survey=[SURVEYS])
    return page, inputs


def test_self_contained_no_addresses(hotel_report):
    page, _ = hotel_report
    parsed = _parse(page)
    linked = [(t, k, v) for t, k, v in parsed.attrs if k in ("src", "href", "xlink:href", "srcset", "action")]
    assert all(not re.match(r"\s*(https?:|//|file:)", v, re.I) for _, _, v in linked), linked
    assert all(v.startswith("#") for _, _, v in linked)  # only links inside the page
    assert not {"script", "link", "iframe", "img", "object"} & set(parsed.tags)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:|//)", page, re.I)
    assert "<!DOCTYPE svg" not in page and "<?xml" not in page


def test_svg_parts_are_well_formed_xml(hotel_report):
    page, _ = hotel_report
    svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
    parts = page.count('aria-label="Service blueprint of')
    assert parts > 1  # the blueprint is drawn in panels, as the slides are
    assert len(svgs) == parts + 6  # blueprint parts, cycle, service types, SERVQUAL, tolerance, Kano, IPA
    for svg in svgs:
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg") and root.get("viewBox")
        assert root.get("width") is None  # scaled by the page, not fixed
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "ids repeat across pictures"


def test_sections_in_survey_report_order(hotel_report):
    page, _ = hotel_report
    parsed = _parse(page)
    assert set(SECTIONS) <= parsed.ids
    positions = [page.index(f'<section id="{name}"') for name in SECTIONS]
    assert positions == sorted(positions)
    for anchor in ("gaps", "compliance", "customers", "catalogue", "findings"):
        assert anchor in parsed.ids
    assert "@page" in page and "table-header-group" in page  # print rules inlined


def test_compliance_cells_equal_the_measurement(hotel_report, tmp_path, monkeypatch):
    page, _ = hotel_report
    monkeypatch.setenv("BLUEPRINT_CACHE", str(tmp_path / "cache"))
    result = measure(load(HOTEL), data=OPERATIONS, by="site,month", percentile=False)
    expected = {
        (o.standard, o.group): f"{o.share * 100:.1f}"
        for o in result.outcomes
        if o.kind == "standard" and o.observations and o.share is not None
    }
    cells = _parse(page).cells
    assert len(expected) > 300
    assert cells == expected


def test_gap_counts_and_catalogue_match_inputs(hotel_report):
    page, inputs = hotel_report
    failing = [o for o in inputs.grouped.outcomes if o.kind == "standard" and o.status == "fail"]
    assert re.search(rf'<span class="count bad">{len(failing)}</span>', page)
    worst = min(failing, key=lambda o: o.share)
    assert f"{worst.standard} — {worst.group}: {worst.share * 100:.1f}%" in page
    rows = catalogue(inputs.service, last_compliance(inputs.monthly))
    appendix = page[page.index('id="catalogue"') :]
    for row in rows:
        assert f"<td>{row['standard']}</td>" in appendix
        if row["last_compliance"] is not None:
            assert f"<td>{row['last_compliance'] * 100:.1f}%</td>" in appendix


def test_survey_numbers_shown(hotel_report):
    page, inputs = hotel_report
    for r in inputs.survey["servqual"].dimensions.itertuples():
        assert f"<td>{r.dimension}</td><td>{r.expectation:.2f}</td><td>{r.perception:.2f}</td>" in page
    for r in inputs.survey["tolerance"].dimensions.itertuples():
        doubt = f" ({r.evidence})" if r.evidence in ("not shown", "too few answers") else ""
        assert f"<td>{r.msa:+.2f}</td><td>{r.mss:+.2f}</td><td>{r.position}{doubt}</td>" in page


def test_hostile_titles_stay_text(tmp_path):
    shutil.copy(DATA / "widgets-hostile.yaml", tmp_path / "hostile.yaml")
    service = load(tmp_path / "hostile.yaml")
    answers = read_table(SURVEYS / "kano-hotel.csv")
    answers["attribute"] = answers["attribute"].replace("bed-comfort", "<script>alert(8)</script>")
    page = report_html(service, survey={"kano": kano(answers)}, generated="2025-01-01")
    parsed = _parse(page)
    assert "script" not in parsed.tags
    assert not {"img", "iframe", "object", "embed"} & set(parsed.tags)
    assert not [(t, k) for t, k, _ in parsed.attrs if k.startswith("on")]
    assert all(v.startswith("#") for _, k, v in parsed.attrs if k.endswith("href"))
    text = "".join(parsed.text)
    assert '<script>window.__bp_pwned = 1</script> Hotel & "friends"' in text
    assert "<img src=x onerror=alert(6)> 95% wait at most 2 minutes." in text
    assert "<b onmouseover=alert(7)>Boss</b>" in text
    assert "&lt;script&gt;alert(8)&lt;/script&gt;" in page  # in the Kano chart, as text


def test_cli_writes_the_report(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BLUEPRINT_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "report.html"
    code = main(["report", str(HOTEL), "--survey", str(SURVEYS / "kano-hotel.csv"), "-o", str(out)])
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert "No operational data given" in page and "Kano better–worse diagram" in page
    assert "Zone of tolerance</h4>" not in page


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--data", "no-such-folder"], "no such folder"),
        (["--survey", "no-such.csv"], "no such file"),
        (["-o", "out.pdf"], "name the file .html"),
        (["-o", "missing-folder/out.html"], "does not exist"),
        (["--by", "site,site", "--data", str(OPERATIONS)], "repeated"),
    ],
)  # fmt: skip
def test_cli_usage_errors(argv, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(HOTEL), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_unknown_survey_file_is_refused(tmp_path, capsys):
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["report", str(HOTEL), "--survey", str(odd), "-o", str(tmp_path / "r.html")]) == 1
    assert "cannot tell which survey" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_lang_translates_titles_and_pictures_but_not_the_report_s_words(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BLUEPRINT_CACHE", str(tmp_path / "cache"))
    english, chinese = tmp_path / "en.html", tmp_path / "zh.html"
    assert main(["report", str(HOTEL), "-o", str(english)]) == 0
    assert main(["report", str(HOTEL), "--lang", "zh", "-o", str(chinese)]) == 0
    service = load(HOTEL)
    moment = next(m for m in service.moments.values() if "zh" in m.translations)
    pages = {name: path.read_text(encoding="utf-8") for name, path in (("en", english), ("zh", chinese))}
    assert "<h1>酒店住宿</h1>" in pages["zh"] and "<h1>酒店住宿</h1>" not in pages["en"]
    assert "holds the service <b>酒店住宿</b>" in pages["zh"]
    for name, title in (("zh", moment.translations["zh"]), ("en", moment.title)):
        blueprint = re.search(r'<svg\b[^>]*aria-label="Service blueprint of.*?</svg>', pages[name], re.S)
        assert blueprint is not None and title in blueprint.group(0), name
    assert moment.translations["zh"] not in pages["en"]
    assert "1 Purpose" in pages["zh"] and "Standards catalogue" in pages["zh"]

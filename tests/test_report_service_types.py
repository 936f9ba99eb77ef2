"""The report's service-type part: each site typed over the whole period, chart inline, text escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from blueprint.io.load import load
from blueprint.report.pipeline import report_page
from conftest import DATA

CLINIC = DATA / "services" / "clinic.yaml"
HOSTILE = '<script>alert("x")</script> & $x$'
# Per site: (minutes waited by most patients, share of patients who had the treatment explained).
SITES = {
    "north": (5, 1.0),  # on time and kind: quality service
    "south": (5, 0.5),  # on time, nobody explains: by the book
    "east": (40, 1.0),  # late but kind: friendly but disorganised
    HOSTILE: (40, 0.5),  # late and nobody explains: indifferent
}

pytestmark = pytest.mark.graphviz


def _visits(folder, sites, per_month=20, months=("2026-02", "2026-03")):
    """Clinic visits as a booking system exports them: local times, a site column, yes/no cards.

    Each month alone has too few visits per site to judge (20 < 30); the two
    months together have enough, so only a site-level view types the sites.
    """
    lines = ["timestamp,site,wait-time,explained"]
    for site, (wait, explained) in sites.items():
        name = '"' + site.replace('"', '""') + '"'
        for month in months:
            for i in range(per_month):
                told = "yes" if i < explained * per_month else "no"
                lines.append(f"{month}-{1 + i % 28:02d} 09:{i % 60:02d}:00,{name},{wait + i % 3},{told}")
    (folder / "visits.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


class _Cells(HTMLParser):
    """The service-type table's rows, as visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._in, self._cell = False, None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("class", "service-types") in attrs:
            self._in = True
        elif self._in and tag == "tr":
            self.rows.append([])
        elif self._in and tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self._in = False
        elif self._in and tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


@pytest.fixture(scope="module")
def clinic_report(tmp_path_factory):
    folder = _visits(tmp_path_factory.mktemp("visits"), SITES)
    return report_page(load(CLINIC), data=folder)


def _part(page: str) -> str:
    start = page.index('<h3 id="service-types">')
    return page[start : page.index("<h3", start + 1)]


def test_each_site_is_typed_over_the_whole_period(clinic_report):
    page, inputs = clinic_report
    assert inputs.grouped.by == ("site", "month")
    # each month alone is too few to judge; the site's months together are typed
    assert {o.status for o in inputs.grouped.outcomes if o.kind == "standard"} == {"too few"}
    assert inputs.service_types.by == ("site",)
    types = {g["site"]: g["type"] for g in inputs.service_types.groups}
    assert types == {"north": "quality", "south": "procedural", "east": "friendly", HOSTILE: "indifferent"}
    parser = _Cells()
    parser.feed(_part(page))
    head, *rows = parser.rows
    assert head == ["site", "Procedural", "Personal", "Type"]
    shown = {row[0]: row for row in rows}
    assert shown["north"] == ["north", "100% of 1", "100% of 1", "quality service 优质服务"]
    assert shown["south"][3] == "by the book 按部就班"
    assert shown["east"][3] == "friendly but disorganised 热情友好"
    assert shown[HOSTILE][1:] == ["0% of 1", "0% of 1", "indifferent 漠不关心"]


def test_the_chart_is_well_formed_inline_svg_naming_the_sites(clinic_report):
    part = _part(clinic_report[0])
    svgs = re.findall(r"<svg\b.*?</svg>", part, re.S)
    assert len(svgs) == 1
    root = ET.fromstring(svgs[0])
    text = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "north" in text and "by the book" in text
    assert all(value.startswith("st-") for value in re.findall(r'\bid="([^"]+)"', svgs[0]))


def test_hostile_site_names_stay_text(clinic_report):
    part = _part(clinic_report[0])
    assert "<script>" not in part
    assert '<td>&lt;script&gt;alert("x")&lt;/script&gt; &amp; $x$</td>' in part  # the table
    assert "&lt;script&gt;alert(" in re.findall(r"<svg\b.*?</svg>", part, re.S)[0]  # the chart


def test_a_failing_standard_s_suggestion_cites_guideline_7(tmp_path):
    folder = _visits(tmp_path, {"north": (5, 1.0), "west": (40, 0.5)}, per_month=40, months=("2026-03",))
    page, inputs = report_page(load(CLINIC), data=folder)
    assert {o.standard for o in inputs.grouped.outcomes if o.status == "fail"} == {
        "seen-within-15",
        "treatment-explained",
    }
    suggestions = page[page.index('<section id="suggestions">') :]
    suggestions = suggestions[: suggestions.index("</section>")]
    items = re.findall(r"<li>(.*?)</li>", suggestions, re.S)
    failing = [i for i in items if "back to its target" in i]
    assert failing and all("Guideline 7: once set, no deviation is allowed" in i for i in failing)
    assert "标准一旦确定，就不允许出现偏差" in failing[0]
    assert not any("Guideline 7" in i for i in items if i not in failing)


def test_a_site_without_a_judged_side_shows_why(tmp_path):
    folder = _visits(tmp_path, {"harbour": (5, 1.0)}, per_month=10)  # 20 visits in all: too few
    page, inputs = report_page(load(CLINIC), data=folder, allow_unmeasured=True)
    assert [g["type"] for g in inputs.service_types.groups] == ["unknown"]
    parser = _Cells()
    parser.feed(_part(page))
    kind = parser.rows[1][3]
    assert kind.startswith("too few measured standards to tell")
    assert "no software-element (procedural) and no people-element (personal) standard was judged" in kind
    assert "Guideline 7" not in page  # nothing failed
    assert "<svg" not in _part(page)  # no group to place on the chart


def test_grouped_by_month_alone_each_month_is_typed(tmp_path):
    folder = _visits(tmp_path, {"north": (5, 1.0), "south": (5, 0.5)}, per_month=20)
    _, inputs = report_page(load(CLINIC), data=folder, by="month")
    assert inputs.service_types.by == ("month",)
    # each month has 40 visits (two sites of 20): half of them explained, all on time
    assert [(g["month"], g["type"]) for g in inputs.service_types.groups] == [
        ("2026-02", "procedural"),
        ("2026-03", "procedural"),
    ]


def test_without_data_the_part_says_so():
    page, inputs = report_page(load(CLINIC))
    assert inputs.service_types is None
    assert "No operational data given, so the service type is not diagnosed." in _part(page)


def test_a_bank_branch_export_with_its_own_headers_and_stopwatch_times(tmp_path):
    """A wide export as a branch system writes it: its own column names, m:ss queue times, local times.

    The cash machine (a hardware standard) fails everywhere and counts on neither side.
    """
    branches = {"Zürich Bahnhofstrasse": ("2:10", "Yes"), "Lyon Part-Dieu": ("2:10", "No"),
                "Porto Aliados": ("11:45", "Yes")}  # fmt: skip
    lines = ["Opened At,Branch,Queue Time (mm:ss),Greeted?,ATM up"]
    for branch, (queue, greeted) in branches.items():
        for day in range(1, 41):
            lines.append(f"2026-05-{1 + day % 28:02d} 10:{day % 60:02d},{branch},{queue},{greeted},no")
    (tmp_path / "branch-export.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    columns = {"timestamp": "Opened At", "site": "Branch", "queue-wait": "Queue Time (mm:ss)",
               "greeted": "Greeted?", "atm-up": "ATM up"}  # fmt: skip
    page, inputs = report_page(load(DATA / "services" / "bank-branch.yaml"), data=tmp_path, columns=columns)
    groups = {g["site"]: g for g in inputs.service_types.groups}
    assert {site: g["type"] for site, g in groups.items()} == {
        "Zürich Bahnhofstrasse": "quality",
        "Lyon Part-Dieu": "procedural",
        "Porto Aliados": "friendly",
    }
    assert all(g["procedural_standards"] == g["personal_standards"] == 1 for g in groups.values())
    parser = _Cells()
    parser.feed(_part(page))
    assert ["Porto Aliados", "0% of 1", "100% of 1", "friendly but disorganised 热情友好"] in parser.rows

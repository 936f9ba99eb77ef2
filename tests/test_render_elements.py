"""The elements view: moments × hardware, software, people, with factors and standards counted."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from blueprint.cli import main
from blueprint.io.load import load
from blueprint.render import render
from blueprint.render.elements_view import elements_table
from conftest import DATA

CALLS = DATA / "services" / "call-centre.yaml"


def test_each_moment_counts_its_factors_and_standards_by_element():
    table = elements_table(load(CALLS))
    assert table.elements == ["hardware", "software", "people"]
    rows = dict(zip(table.moments, table.cells, strict=True))
    assert rows["Waiting for an agent"] == [(0, 0), (1, 1), (0, 0)]
    assert rows["Agent takes the claim"] == [(0, 0), (0, 0), (1, 2)]  # fcr and the call-back serve it
    assert rows["Caller dials the hotline"] == [(0, 0), (0, 0), (0, 0)]


def test_the_picture_is_svg_with_every_moment_and_the_html_escapes_titles(tmp_path):
    service = load(CALLS)
    service.replace("ivr", title="Menu <script>alert(1)</script> & more")
    picture = render(service, view="elements")
    root = ET.fromstring(picture.svg())
    shown = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Waiting for an agent" in shown and "1 / 2" in shown
    html = picture.html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_command_draws_it(tmp_path, capsys):
    out = tmp_path / "elements.png"
    assert main(["render", str(CALLS), "--view", "elements", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG") and "elements view written" in capsys.readouterr().out


def test_with_compliance_each_cell_shows_the_worst_verdict_of_its_standards():
    service = load(CALLS)
    compliance = {"fcr": ("pass", 0.93), "callback-4h": ("fail", 0.81), "answer-20s": ("too few", None)}
    table = elements_table(service, compliance=compliance)
    rows = dict(zip(table.moments, table.verdicts, strict=True))
    assert rows["Agent takes the claim"] == [None, None, ("fail", 0.81)]  # fcr passes, the call-back fails
    assert rows["Waiting for an agent"] == [None, ("too few", None), None]
    picture = render(service, view="elements", compliance=compliance)
    assert "fail 81%" in picture.html and "too few" in picture.html
    assert elements_table(service).verdicts is None


def test_the_command_measures_the_data_for_the_elements_view_only(tmp_path, capsys):
    clinic = DATA / "clinic" / "clinic-visit.yaml"
    out = tmp_path / "elements.svg"
    assert (
        main(["render", str(clinic), "--view", "elements", "--data", str(clinic.parent), "-o", str(out)]) == 0
    )
    shown = " ".join(
        t.text or "" for t in ET.fromstring(out.read_bytes()).iter("{http://www.w3.org/2000/svg}text")
    )
    assert "fail" in shown and "pass" in shown
    assert main(["render", str(clinic), "--view", "cycle", "--data", str(clinic.parent), "-o", str(out)]) == 2
    assert "--data draws compliance on the elements view only" in capsys.readouterr().err

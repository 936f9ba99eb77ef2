"""The four service types of the sources (漠不关心, 按部就班, 热情友好, 优质服务), diagnosed from data."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from blueprint.cli import main
from blueprint.io.load import load
from blueprint.measure import measure
from blueprint.measure.service_types import diagnose
from conftest import DATA

CLINIC = DATA / "services" / "clinic.yaml"
# Per site: (minutes waited by most patients, share of patients who had their treatment explained).
SITES = {
    "north": (5, 1.0),  # on time and kind: quality service
    "south": (5, 0.5),  # on time, nobody explains: by the book
    "east": (40, 1.0),  # late but kind: friendly but disorganised
    "west": (40, 0.5),  # late and nobody explains: indifferent
}


def _visits(folder, sites=SITES, per_site=60):
    lines = ["timestamp,site,wait-time,explained"]
    for site, (wait, explained) in sites.items():
        for i in range(per_site):
            told = "yes" if i < explained * per_site else "no"
            lines.append(f"2026-03-{1 + i % 28:02d} 09:{i % 60:02d}:00,{site},{wait + i % 3},{told}")
    (folder / "visits.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_each_site_gets_the_type_its_two_sides_show(tmp_path):
    service = load(CLINIC)
    result = measure(service, data=_visits(tmp_path), by="site")
    groups = {g["site"]: g for g in diagnose(service, result).groups}
    assert {site: g["type"] for site, g in groups.items()} == {
        "north": "quality",
        "south": "procedural",
        "east": "friendly",
        "west": "indifferent",
    }
    assert groups["south"] == {
        "site": "south",
        "procedural": 1.0,
        "personal": 0.0,
        "procedural_standards": 1,
        "personal_standards": 1,
        "type": "procedural",
    }


def test_a_side_with_nothing_judged_leaves_the_type_unknown(tmp_path):
    service = load(CLINIC)
    result = measure(service, data=_visits(tmp_path, per_site=10), by="site")  # 10 < 30: too few
    assert {g["type"] for g in diagnose(service, result).groups} == {"unknown"}


def test_the_command_writes_versioned_json_and_a_chart(tmp_path, capsys):
    data = _visits(tmp_path)
    chart = tmp_path / "types.svg"
    code = main(["diagnose", str(CLINIC), "--data", str(data), "--by", "site", "--format", "json",
                 "--chart", str(chart)])  # fmt: skip
    assert code == 0
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == 1 and document["by"] == ["site"] and document["high"] == 0.8
    types = sorted(g["type"] for g in document["groups"])
    assert types == ["friendly", "indifferent", "procedural", "quality"]
    svg = ET.fromstring(chart.read_bytes())
    text = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    assert "by the book" in text and "west" in text


def test_the_table_names_the_seeds_types(tmp_path, capsys):
    assert main(["diagnose", str(CLINIC), "--data", str(_visits(tmp_path)), "--by", "site"]) == 0
    out = capsys.readouterr().out
    assert "west   0% of 1     0% of 1    indifferent 漠不关心" in out
    summary = "1 quality service, 1 by the book, 1 friendly but disorganised, 1 indifferent; high at 80%"
    assert out.rstrip().endswith(f"4 group(s): {summary}")


@pytest.mark.parametrize(
    ("extra", "said"),
    [(["--high", "1.5"], "--high 1.5"), (["--chart", "types.gif"], "--chart types.gif")],
)
def test_bad_options_are_usage_errors(tmp_path, capsys, extra, said):
    assert main(["diagnose", str(CLINIC), "--data", str(tmp_path), *extra]) == 2
    assert said in capsys.readouterr().err


def test_a_direction_override_in_a_site_name_ends_with_it_in_the_chart(tmp_path):
    """Two sites at one point share a label, 'NAME and 1 more': an RLO in the name must not reverse it."""
    sites = {"north \u202eannex": (5, 1.0), "south": (5, 1.0)}
    chart = tmp_path / "types.svg"
    code = main(["diagnose", str(CLINIC), "--data", str(_visits(tmp_path, sites)), "--by", "site",
                 "--chart", str(chart)])  # fmt: skip
    assert code == 0
    svg = ET.fromstring(chart.read_bytes())
    text = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    assert "north \u202eannex\u202c and 1 more" in text

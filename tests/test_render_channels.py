"""The channel matrix: table data, gaps, HTML escaping, chart output, no-channel message."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from blueprint.errors import BlueprintError
from blueprint.io.load import load
from blueprint.model.examples import tiny_service
from blueprint.render.channels import channel_matrix, channel_table
from conftest import DATA, ROOT

SVG = "{http://www.w3.org/2000/svg}"
BANK = ROOT / "standards" / "bank-card-service.yaml"


@pytest.fixture(scope="module")
def bank():
    return load(BANK)


@pytest.fixture(scope="module")
def hostile():
    return load(DATA / "hostile-text.yaml")


def test_bank_matrix_matches_the_moments_channels(bank):
    table = channel_table(bank)
    assert table.channels == [c.title for c in bank.channels.values()]
    assert len(table.cells) == len(bank.channels) and all(len(r) == len(bank.moments) for r in table.cells)
    row = list(bank.channels).index("phone-agent")
    column = table.moments.index(bank.moments["dispute"].title)
    assert table.cells[row][column]  # disputes go through the phone agent
    repay = table.moments.index(bank.moments["repay"].title)
    assert not table.cells[row][repay]  # ... which cannot take a repayment
    assert [table.moments[j] for j in table.unoffered] == ["See authorisations on hold"]  # the seed's own gap
    assert [table.moments[j] for j in table.unbacked] == ["Hear about offers and promotions"]
    few = [table.channels[i] for i in table.few]
    assert few == ["E-statement"]  # fewer than half of the phone agent's 12


def test_gaps_are_found_and_the_threshold_can_be_set(hostile):
    table = channel_table(hostile)
    assert [table.moments[j] for j in table.unoffered] == ["title: nobody offers {this}"]
    assert [table.channels[i] for i in table.few] == ["Phone | pipe"]
    assert channel_table(hostile, few=3).few == [0, 2]  # web offers 2, desk 3, phone none


def test_service_without_channels_gets_a_clear_message():
    with pytest.raises(BlueprintError, match=r"service 'tiny-hotel' has no channels.*channels:"):
        channel_matrix(tiny_service())


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]

    def handle_data(self, data):
        self.text.append(data)


def test_html_table_escapes_every_title(hostile, tmp_path):
    path = tmp_path / "matrix.html"
    channel_matrix(hostile).save(path)
    parser = _Collect()
    parser.feed(path.read_text(encoding="utf-8"))
    assert set(parser.tags) <= {
        "div",
        "style",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
    }
    assert not [a for a in parser.attributes if a.startswith("on") or a == "href"]
    text = "".join(parser.text)
    for title in [
        *(m.title for m in hostile.moments.values()),
        *(c.title for c in hostile.channels.values()),
    ]:
        assert title in text
    assert parser.text.count("✓") == sum(map(sum, channel_table(hostile).cells))


@pytest.mark.parametrize("service_name", ["bank", "hostile"])
def test_svg_parses_and_holds_every_title(service_name, request, tmp_path):
    service = request.getfixturevalue(service_name)
    path = tmp_path / "matrix.svg"
    channel_matrix(service).save(path)
    root = ET.fromstring(path.read_bytes())
    tags = {e.tag.removeprefix(SVG) for e in root.iter()}
    assert "script" not in tags and "a" not in tags
    desc = root.find(f"{SVG}desc").text
    for title in [
        *(m.title for m in service.moments.values()),
        *(c.title for c in service.channels.values()),
    ]:
        assert title in desc


def test_png_pdf_and_chinese(bank, tmp_path):
    picture = channel_matrix(bank, lang="zh")
    picture.save(tmp_path / "m.png")
    picture.save(tmp_path / "m.pdf")
    picture.save(tmp_path / "m.svg")
    assert (tmp_path / "m.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "m.pdf").read_bytes()[:5] == b"%PDF-"
    svg = (tmp_path / "m.svg").read_text(encoding="utf-8")
    assert "人工电话" in svg and "信用卡多渠道客户服务" in svg


def test_svg_is_byte_identical_run_to_run(bank, tmp_path):
    channel_matrix(bank).save(tmp_path / "a.svg")
    channel_matrix(bank).save(tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()

"""Pictures of services written from the literature, as a reader hovers over them and reads them.

The files are under tests/data/literature: Shostack's (1984) discount
brokerage, and a permit office written with hostile text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from blueprint.io.load import load
from blueprint.model.service import PhysicalEvidence
from blueprint.render import render
from conftest import DATA

LITERATURE = DATA / "literature"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}title"


def _hover_texts(svg: str) -> list[str]:
    return [a.attrib[XLINK] for a in ET.fromstring(svg).iter(f"{SVG}a") if XLINK in a.attrib]


@pytest.mark.graphviz
@pytest.mark.parametrize("view", ["blueprint", "cycle"])
def test_hovering_a_box_shows_its_whole_title_even_where_the_box_cuts_it(view):
    service = load(LITERATURE / "discount-brokerage.yaml")
    word = "Baugenehmigungsantragsformularbearbeitungsgebührenbescheid"
    long = "Hear the price confirmed " + " ".join(["while the market is still open"] * 6) + " " + word
    service.replace("hear-confirmation", title=long)
    hover = _hover_texts(render(service, view).svg())
    assert any(text.endswith(long) for text in hover), hover  # not cut at six lines, not split in the word
    assert not any("…" in text for text in hover)


@pytest.mark.graphviz
def test_hovering_the_evidence_shows_every_item_whole():
    service = load(LITERATURE / "discount-brokerage.yaml")
    items = [f"Item {n} of the welcome kit, with the fee schedule in full on page {n}" for n in range(6)]
    for n, title in enumerate(items):
        service.add(PhysicalEvidence(id=f"kit-{n}", title=title), moment="open-account")
    hover = _hover_texts(render(service, "blueprint").svg())
    shown = [text for text in hover if text.startswith("•")]
    assert shown and all(item in shown[0] for item in items), shown
    assert not re.search(r"\s{2,}", shown[0])

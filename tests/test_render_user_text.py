"""User text in pictures: what a reader hovers over and reads is the text as written.

The service is an airline check-in (tests/data/render-text/airline-checkin.yaml)
written the way a team pastes text in: Windows paths, Graphviz escapes such as
``\\N`` and ``\\G``, entities, quotes, emoji, Arabic and Hebrew.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from blueprint.io.load import load
from blueprint.render import render
from conftest import DATA

AIRLINE = DATA / "render-text" / "airline-checkin.yaml"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}title"


def _hover_texts(svg: str) -> list[str]:
    return [a.attrib[XLINK] for a in ET.fromstring(svg).iter(f"{SVG}a") if XLINK in a.attrib]


@pytest.mark.graphviz
@pytest.mark.parametrize("view", ["blueprint", "cycle"])
def test_hovering_shows_each_title_exactly_as_written(view: str) -> None:
    service = load(AIRLINE)
    hover = _hover_texts(render(service, view).svg())
    titles = [" ".join(m.title.split()) for m in service.moments.values()]
    if view == "blueprint":
        titles += [" ".join(s.title.split()) for s in service.steps.values()]
        assert "• E-ticket quoting \\N, \\G and R&amp;D" in hover
    for title in titles:
        assert any(text.endswith(title) for text in hover), (title, hover)
    assert "Book the flight (C:\\New folder\\itinerary.pdf)" in " ".join(hover)

"""DOT quoting and SVG/HTML escaping: hostile text stays text in every kind of value."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

import graphviz
import pytest

from blueprint.escaping import clean, error_html, escape_attr, escape_text
from blueprint.render.dot_quote import (
    HTML,
    attr_list,
    html_lines,
    html_text,
    number,
    quote_id,
    quote_plain,
    quote_string,
)
from render_support import element_tags, svg_nodes

HOSTILE = [
    'say "hi"',
    "back\\slash",
    "ends with a backslash\\",
    "line\nbreak",
    "< > & { } | ]]> <script>alert(1)</script>",
    "\\N \\G \\n \\l",
    "&amp; &#60; &lt;",
    "quote ' apostrophe",
    "中文 <b>粗</b>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_html_text_has_no_markup_left(text: str) -> None:
    escaped = html_text(text)
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped and "'" not in escaped
    assert html.unescape(escaped).replace("\\\\", "\\") == text


def test_quote_string_doubles_backslashes_and_escapes_quotes() -> None:
    assert quote_string('a "b" \\c') == '"a \\"b\\" \\\\c"'
    assert quote_string("x\\") == '"x\\\\"'  # a trailing backslash cannot escape the closing quote
    assert quote_string("one\ntwo") == '"one\\ntwo"'


def test_quote_id_is_always_quoted_and_single_line() -> None:
    assert quote_id("plain") == '"plain"'
    assert "\n" not in quote_id("a\nb")
    assert quote_id('a"b').count('"') == 3


def test_quote_plain_refuses_what_would_need_escaping() -> None:
    assert quote_plain("#aabbcc") == '"#aabbcc"'
    for bad in ('a"b', "a\\b", "a\nb"):
        with pytest.raises(ValueError):
            quote_plain(bad)


def test_attr_list_quotes_by_kind() -> None:
    text = attr_list(
        {"label": HTML("<B>x</B>"), "tooltip": 'a"b', "width": 1.5, "fixedsize": True, "x": None}
    )
    assert text == '[label=<<B>x</B>>, tooltip="a\\"b", width="1.5", fixedsize="true"]'


def test_numbers_are_stable() -> None:
    assert [number(v) for v in (1.0, 0.125, -0.004, 1e-9, 1234.5678)] == ["1", "0.12", "0", "0", "1234.57"]


def test_html_lines_escape_each_line() -> None:
    assert html_lines(["<a>", "b & c"], bold=True) == "<B>&lt;a&gt;<BR/>b &amp; c</B>"


def test_markup_escapes_and_drops_characters_xml_cannot_hold() -> None:
    assert clean("a\x00b\x1bc\ufffe") == "abc"
    assert escape_text("]]> <x>") == "]]&gt; &lt;x&gt;"
    assert escape_attr("'\"") == "&#x27;&quot;"
    note = error_html("<b>", "<script>x</script>", "a & b")
    assert "<script>" not in note and "&lt;script&gt;" in note and "a &amp; b" in note
    ET.fromstring(note.replace("<br/>", "<br></br>"))


@pytest.mark.graphviz
@pytest.mark.parametrize("text", HOSTILE)
def test_graphviz_draws_hostile_text_literally(text: str) -> None:
    lines = text.split("\n")
    source = "\n".join([
        "digraph G {",
        f"  {quote_id(text)} {attr_list({'label': HTML(html_lines(lines)), 'tooltip': text})};",
        f"  {quote_id(text)} -> {quote_id('other')};",
        "}",
    ])  # fmt: skip
    svg = graphviz.pipe("dot", "svg", source.encode("utf-8")).decode("utf-8")
    assert "script" not in element_tags(svg)
    node = next(n for n in svg_nodes(svg).values() if n.name != "other")
    shown = [t.replace("\xa0", " ") for t in node.texts]
    assert shown == lines
    assert 'xlink:title="' in svg  # the tooltip survived as an attribute, escaped


#: text a tooltip must show as written: Windows paths, every escape Graphviz knows, entities
TOOLTIPS = [
    "C:\\New folder\\itinerary.pdf",
    "\\N \\G \\E \\T \\H \\L \\n \\l \\r \\\\ end",
    "ends with a backslash\\",
    "R&amp;D &lt;b&gt; &#65; &foo; & x",
    'say "hi" \\" and \'bye\'',
    "two\nlines",
]


def _tooltips(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode("utf-8"))
    return [
        a.get("{http://www.w3.org/1999/xlink}title", "") for a in root.iter("{http://www.w3.org/2000/svg}a")
    ]


@pytest.mark.graphviz
@pytest.mark.parametrize("text", TOOLTIPS)
def test_graphviz_shows_tooltips_exactly_as_written(text: str) -> None:
    source = "\n".join([
        "digraph G {",
        f"  {quote_id('m:a')} {attr_list({'label': HTML('a'), 'tooltip': text})};",
        f"  {quote_id('m:b')} {attr_list({'label': HTML('b')})};",
        f"  {quote_id('m:a')} -> {quote_id('m:b')} {attr_list({'edgetooltip': text, 'labeltooltip': text})};",
        "}",
    ])  # fmt: skip
    svg = graphviz.pipe("dot", "svg", source.encode("utf-8")).decode("utf-8")
    assert _tooltips(svg) == [text, text]

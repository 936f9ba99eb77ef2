"""All DOT quoting in one place.

DOT has three kinds of values and each needs its own escaping:

* **IDs** (node and graph names): a double-quoted string in which only ``\\"``
  is special to the parser.
* **escString attributes** (``label``, ``xlabel``, ``URL``, ...): Graphviz also reads
  ``\\n``, ``\\l``, ``\\N`` and ``\\\\`` in them, so a backslash in user text
  must be doubled or it would turn into a line break or the node's name.
* **Tooltips** (``tooltip``, ``edgetooltip``, ...): Graphviz reads their
  entities (``&amp;``) once and their backslash escapes twice before it
  writes them into the SVG, so ``&`` is written as ``&amp;`` and a backslash
  four times (checked with the real ``dot`` in ``tests/test_dot_quote.py``).
* **HTML-like labels** ``<...>``: XML text, so ``& < > " '`` are escaped as
  entities. Graphviz still reads ``\\N``, ``\\G`` and ``\\\\`` in the text
  after the XML is parsed (even when written as ``&#92;``), so backslashes
  are doubled too. User text always travels this way; record shapes (where
  ``{ } |`` are structure) are never used.

Our own values (colours, positions, drawing operations) are passed through
:func:`quote_plain`, which refuses anything that would need escaping, so a
mistake shows up as an error instead of a broken file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..escaping import clean, contain, escape_attr

__all__ = [
    "HTML",
    "attr_list",
    "edge",
    "html_lines",
    "html_text",
    "node",
    "number",
    "quote_id",
    "quote_plain",
    "quote_string",
    "quote_tooltip",
]

#: attributes Graphviz reads as escString (backslash escapes are interpreted)
ESC_STRING = frozenset({"label", "xlabel", "headlabel", "taillabel", "URL", "href", "id"})
#: escString attributes Graphviz processes once more before writing them out as SVG tooltips
TOOLTIP = frozenset({"tooltip", "edgetooltip", "labeltooltip", "headtooltip", "tailtooltip"})


class HTML(str):
    """The inside of an HTML-like label, already escaped; written as ``<...>``."""

    __slots__ = ()


def quote_id(name: object) -> str:
    """A node or graph name as a quoted DOT ID.

    >>> quote_id('a "b"')
    '"a \\\\"b\\\\""'
    """
    text = clean(name).replace("\r", " ").replace("\n", " ")
    # Doubling backslashes keeps a trailing backslash from escaping the closing quote.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def quote_string(text: object) -> str:
    """User text for an escString attribute such as ``xlabel`` or ``URL``: shown literally.

    >>> quote_string('C:\\\\new "x"')
    '"C:\\\\\\\\new \\\\"x\\\\""'
    """
    value = contain(clean(text)).replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{value}"'


def quote_tooltip(text: object) -> str:
    r"""User text for a tooltip (``tooltip``, ``edgetooltip``, ...): shown literally in the SVG.

    >>> print(quote_tooltip(r'C:\New & "x"'))
    "C:\\\\New &amp; \"x\""
    """
    value = contain(clean(text)).replace("\r\n", "\n").replace("\r", "\n").replace("&", "&amp;")
    value = value.replace("\\", "\\" * 4).replace('"', '\\"').replace("\n", "\\n")
    return f'"{value}"'


def quote_plain(value: object) -> str:
    """One of our own values (colour, style, position) as a quoted DOT string.

    >>> quote_plain("#ff0000")
    '"#ff0000"'
    """
    text = value if isinstance(value, str) else number(value) if isinstance(value, float) else str(value)
    if '"' in text or "\\" in text or "\n" in text:
        raise ValueError(f"not a plain DOT value: {text!r}")
    return f'"{text}"'


def html_text(text: object) -> str:
    r"""User text for the inside of an HTML-like label.

    >>> html_text("a < b & {c|d}")
    'a &lt; b &amp; {c|d}'
    >>> html_text(r"C:\new")  # else Graphviz would read \n as a line break
    'C:\\\\new'
    """
    return escape_attr(text).replace("\\", "\\\\")


def html_lines(lines: Iterable[str], *, bold: bool = False) -> str:
    """Lines of user text joined by ``<BR/>``, each escaped."""
    parts = [html_text(line) for line in lines]
    body = "<BR/>".join(parts)
    return f"<B>{body}</B>" if bold and body else body


def number(value: float) -> str:
    """A coordinate or size with at most two decimals, the same on every machine.

    >>> number(3.0), number(2.345), number(-0.001)
    ('3', '2.35', '0')
    """
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def attr_list(attrs: Mapping[str, object]) -> str:
    """``[key=value, ...]`` with each value quoted the way its attribute needs.

    >>> attr_list({"shape": "box", "label": HTML("<B>x</B>"), "xlabel": 'a\\\\b'})
    '[shape="box", label=<<B>x</B>>, xlabel="a\\\\\\\\b"]'
    """
    items = []
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, HTML):
            text = f"<{value}>"
        elif key in TOOLTIP:
            text = quote_tooltip(value)
        elif key in ESC_STRING:
            text = quote_string(value)
        elif isinstance(value, bool):
            text = quote_plain("true" if value else "false")
        elif isinstance(value, (int, float)):
            text = quote_plain(number(float(value)))
        else:
            text = quote_plain(value)
        items.append(f"{key}={text}")
    return "[" + ", ".join(items) + "]"


def node(name: object, attrs: Mapping[str, object]) -> str:
    """A node statement, indented for the body of a graph.

    >>> node("m:a", {"shape": "box"})
    '  "m:a" [shape="box"];'
    """
    return f"  {quote_id(name)} {attr_list(attrs)};"


def edge(tail: object, head: object, attrs: Mapping[str, object]) -> str:
    """An edge statement of a directed graph, indented for the body of a graph."""
    return f"  {quote_id(tail)} -> {quote_id(head)} {attr_list(attrs)};"

"""SVG made fit to sit inside an HTML page: no prolog, unique ids, scaled by CSS.

Several pictures in one page share one id space: Graphviz names every
drawing's group ``graph0`` and matplotlib its clip paths by a hash, so two
pictures could point at each other's definitions. :func:`inline_svg` prefixes
every id and every reference to one. The prolog (XML declaration, DOCTYPE
with its remote DTD address, comments) is dropped, as are the fixed
``width``/``height``: the ``viewBox`` keeps the proportions and the page's CSS
sets the width.

>>> svg = ('<?xml version="1.0"?><svg width="10pt" height="5pt" viewBox="0 0 10 5">'
...        '<g id="a"/><use href="#a"/></svg>')
>>> inline_svg(svg, "p1")
'<svg viewBox="0 0 10 5" role="img" class="bp-svg"><g id="p1-a"/><use href="#p1-a"/></svg>'
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["figure_svg", "inline_svg"]

_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')
_ID = re.compile(r'\bid="([^"]+)"')
_URL = re.compile(r"url\(#([^)\s]+)\)")
_HREF = re.compile(r'((?:xlink:)?href)="#([^"]+)"')
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)


def inline_svg(svg: str, prefix: str, *, label: str | None = None) -> str:
    """``svg`` (a whole SVG document) as an element to place in HTML, its ids prefixed with ``prefix``."""
    from ..escaping import escape_attr

    start = svg.find("<svg")
    if start < 0:
        raise ValueError("not an SVG document: no <svg> element")
    body = _METADATA.sub("", svg[start:].rstrip())
    root = _ROOT.match(body)
    assert root is not None
    head = _SIZE.sub("", root.group(0)[:-1]).rstrip().rstrip("/")
    extra = ' role="img" class="bp-svg"'
    if label is not None:
        extra += f' aria-label="{escape_attr(label)}"'
    body = head + extra + ">" + body[root.end() :]
    body = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', body)
    body = _URL.sub(lambda m: f"url(#{prefix}-{m.group(1)})", body)
    return _HREF.sub(lambda m: f'{m.group(1)}="#{prefix}-{m.group(2)}"', body)


def figure_svg(figure: Any, prefix: str, *, label: str | None = None) -> str:
    """A matplotlib figure as inline SVG (text kept as text, no date), ready for :func:`inline_svg`."""
    from .figure import figure_bytes

    return inline_svg(figure_bytes(figure, "svg").decode("utf-8"), prefix, label=label)

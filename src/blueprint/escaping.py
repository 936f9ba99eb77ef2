"""Escaping for everything Blueprint writes as SVG or HTML, and for the terminal's tables.

User text (titles, statements, notes) reaches SVG and HTML only through these
functions, so a title like ``<script>`` or ``]]>`` stays text. Characters
that XML 1.0 forbids (most control characters, lone surrogates) are dropped:
they cannot be written into an SVG file at all, escaped or not.
"""

from __future__ import annotations

import html
import re

__all__ = ["clean", "error_html", "escape_attr", "escape_text", "terminal"]

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """``text`` as a string without the characters XML cannot hold.

    >>> clean("bell\\x07 ok")
    'bell ok'
    """
    return _NOT_XML.sub("", str(text))


#: what a terminal would act on rather than show: control characters (an escape sequence
#: recolours or clears the screen) and line breaks (a new line in the middle of a table row)
_NOT_SHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def terminal(text: object) -> str:
    """``text`` for a terminal's table: control characters and line breaks written as escapes.

    >>> terminal("Mitte\x1b[31m"), terminal("Bahn\nhof")
    ('Mitte\\x1b[31m', 'Bahn\\nhof')
    """
    text = str(text)
    if _NOT_SHOWN.search(text) is None:
        return text
    return _NOT_SHOWN.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


def escape_text(text: object) -> str:
    """Text for an element's content: ``& < >`` escaped.

    >>> escape_text("<b> & ]]>")
    '&lt;b&gt; &amp; ]]&gt;'
    """
    return html.escape(clean(text), quote=False)


def escape_attr(text: object) -> str:
    """Text for an attribute value (or any HTML-like label): ``& < > " '`` escaped.

    >>> escape_attr('say "hi" & \\'bye\\'')
    'say &quot;hi&quot; &amp; &#x27;bye&#x27;'
    """
    return html.escape(clean(text), quote=True)


def error_html(title: str, message: object, hint: str | None = None) -> str:
    """A short, styled HTML note for a notebook cell where a picture could not be shown."""
    from .style import colour

    parts = [
        f'<div style="font-family:sans-serif;border-left:4px solid {colour("fail")};'
        f'padding:6px 10px;background:{colour("fail-bg")};color:{colour("ink")}">',
        f"<b>{escape_text(title)}</b><br/>",
        f'<span style="white-space:pre-wrap">{escape_text(message)}</span>',
    ]
    if hint:
        parts.append(f'<br/><span style="color:{colour("muted")}">{escape_text(hint)}</span>')
    parts.append("</div>")
    return "".join(parts)

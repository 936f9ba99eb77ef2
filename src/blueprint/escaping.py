"""Escaping for everything Blueprint writes as SVG or HTML, for the terminal and for spreadsheets.

User text (titles, statements, notes) reaches SVG and HTML only through these
functions, so a title like ``<script>`` or ``]]>`` stays text. Characters
that XML 1.0 forbids (most control characters, lone surrogates) are dropped:
they cannot be written into an SVG file at all, escaped or not. On a terminal
(:func:`terminal`) they are shown as escapes instead, so a message stays on
its line and no escape sequence reaches the terminal. In a CSV file
(:func:`inert`), text that a spreadsheet would run as a formula is kept text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = [
    "FORMULA_START", "clean", "contain", "error_html", "escape_attr", "escape_text", "inert", "left_to_right",
    "terminal",
]  # fmt: skip

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """``text`` as a string without the characters XML cannot hold.

    >>> clean("bell\\x07 ok")
    'bell ok'
    """
    return _NOT_XML.sub("", str(text))


#: bidirectional embeddings and overrides (LRE RLE LRO RLO), ended by PDF; isolates (LRI RLI FSI), by PDI
_EMBED, _POP_EMBED = "\u202a\u202b\u202d\u202e", "\u202c"
_ISOLATE, _POP_ISOLATE = "\u2066\u2067\u2068", "\u2069"
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def contain(text: str) -> str:
    """``text`` with every direction embedding, override or isolate it opens and leaves open ended.

    A right-to-left override (U+202E) pasted into a title would otherwise
    reverse every word written after the title on the same line: Blueprint's
    own words, a cause, a verdict. The user's text itself is left as written.

    >>> contain("Check-in \u202eonline") == "Check-in \u202eonline\u202c", contain("Check in")
    (True, 'Check in')
    """
    if _BIDI.search(text) is None:
        return text
    stack: list[str] = []
    for ch in text:
        if ch in _EMBED:
            stack.append(_POP_EMBED)
        elif ch in _ISOLATE:
            stack.append(_POP_ISOLATE)
        elif ch == _POP_EMBED and stack and stack[-1] == _POP_EMBED:
            stack.pop()
        elif ch == _POP_ISOLATE and _POP_ISOLATE in stack:  # ends its isolate and what it holds
            while stack.pop() != _POP_ISOLATE:
                pass
    return text + "".join(reversed(stack))


#: what a terminal acts on rather than shows: control characters (C0, DEL, C1; an escape
#: sequence recolours or clears the screen), line and paragraph separators (a new line in the
#: middle of a row), and the bidirectional overrides and isolates that reorder the text around them
_TERMINAL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal(text: object) -> str:
    """``text`` for one line of a terminal: each control character written as its escape.

    >>> print(terminal("Collect the\\npermit \\x1b[31mRED"))
    Collect the\\npermit \\x1b[31mRED
    """
    text = str(text)
    if _TERMINAL.search(text) is None:
        return text
    return _TERMINAL.sub(lambda found: repr(found.group())[1:-1], text)


def left_to_right(line: str) -> str:
    """A line of Blueprint's own words around user text, marked to be laid out left to right.

    Graphviz (Pango) and matplotlib take a line's direction from its first
    letter: a moment titled in Arabic or Hebrew at the start of
    ``"<title>: <cause> → no fail-safe yet"`` would turn the whole line right
    to left, the title shown last. A left-to-right mark (U+200E, drawn as
    nothing) first keeps the line's order; a line with no right-to-left
    letter is returned as it is. Not for a title standing alone, whose own
    first letter should decide.

    >>> left_to_right("צ'ק-אין: queue") == "\u200e" + "צ'ק-אין: queue", left_to_right("Check in")
    (True, 'Check in')
    """
    if any(unicodedata.bidirectional(c) in ("R", "AL") for c in line):
        return "\u200e" + line
    return line


def escape_text(text: object) -> str:
    """Text for an element's content: ``& < >`` escaped, direction overrides ended (:func:`contain`).

    >>> escape_text("<b> & ]]>")
    '&lt;b&gt; &amp; ]]&gt;'
    """
    import html  # on first use: the lint quotes titles through this module, and needs no HTML

    return html.escape(contain(clean(text)), quote=False)


def escape_attr(text: object) -> str:
    """Text for an attribute value (or any HTML-like label): ``& < > " '`` escaped, overrides ended.

    >>> escape_attr('say "hi" & \\'bye\\'')
    'say &quot;hi&quot; &amp; &#x27;bye&#x27;'
    """
    import html  # on first use: the lint quotes titles through this module, and needs no HTML

    return html.escape(contain(clean(text)), quote=True)


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


#: what a spreadsheet reads as the start of a formula (OWASP's list, with tab and carriage return)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """``value`` safe to open in a spreadsheet: text that would start a formula gets a leading ``'``.

    Every CSV file Blueprint writes passes its text through this: a site named
    ``=HYPERLINK(...)`` in an export, or a title, shows as typed and does not run.

    >>> inert("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> inert("-2 minutes"), inert(0.95)
    ("'-2 minutes", 0.95)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value

"""User text made safe for Mermaid: every character its grammar or HTML could read is an entity code.

Mermaid turns the codes (``#quot;``, ``#35;``) back into the literal
characters when it draws, and ``blueprint import`` decodes them the same way.
"""

from __future__ import annotations

from ..escaping import clean

__all__ = ["mermaid_text", "task_name"]

# Characters that are syntax somewhere in Mermaid or in the HTML it produces.
# Named codes where HTML has one everybody knows, numeric codes otherwise.
_NAMED = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;"}
_ALWAYS = set('"<>&#;`%') | {"\ufb02", "\u00b6"}  # the last two are Mermaid's own placeholders
_IN_JOURNEY = set(":,")
# A journey line starting with one of these words is read as that statement.
_JOURNEY_KEYWORDS = ("title", "section", "acctitle", "accdescr")


def mermaid_text(value: str, *, journey: bool = False) -> str:
    """``value`` on one line with every character Mermaid could read as syntax encoded.

    ``journey`` also encodes ``:`` and ``,``, which separate a journey task's
    name, score and actors (and the channels in a flowchart label).

    >>> mermaid_text('Say "hi" <b>; #1')
    'Say #quot;hi#quot; #lt;b#gt;#59; #35;1'
    >>> mermaid_text("Pay: card, cash", journey=True)
    'Pay#58; card#44; cash'
    >>> task_name("Section 2: pay")
    '#83;ection 2#58; pay'
    """
    special = _ALWAYS | _IN_JOURNEY if journey else _ALWAYS
    # newlines and tabs would end the statement; control characters (an escape sequence) would act
    # in a terminal showing the file and break the SVG Mermaid draws: left out, as XML has no room
    flat = " ".join(clean(value).split())
    return "".join(_NAMED.get(c, f"#{ord(c)};") if c in special else c for c in flat)


def task_name(value: str) -> str:
    """``value`` as the name of a journey task, never read as a keyword (``section x`` stays a task)."""
    text = mermaid_text(value, journey=True)
    if text.lower().startswith(_JOURNEY_KEYWORDS):
        text = f"#{ord(text[0])};{text[1:]}"
    return text

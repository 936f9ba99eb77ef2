"""Blueprint's design tokens: one stylesheet of colours, type and spacing for every screen.

``tokens.css`` beside this module declares the tokens as CSS custom properties
(``--bp-fail``, ``--bp-ink``, ``--bp-size-room``, ``--bp-space-2`` …). The
report, the widgets, the presenter and the phone vote page put :func:`sheet`
in front of their own stylesheet and write ``var(--bp-…)`` instead of
colours; the pictures drawn in Python (Graphviz, matplotlib, inline SVG) read
the same values from :func:`tokens`, so a fail point is the same red
everywhere. Nothing heavy is imported: the sheet is read once, on first use.

>>> colour("fail")
'#c0392b'
>>> tokens()["class-basic"] == colour("chart-red")
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from types import MappingProxyType

__all__ = ["IPA_TOKENS", "KANO_TOKENS", "colour", "sheet", "tokens", "with_tokens"]

#: Kano letter -> the token of its class (its BPM word: M basic, O performance, A motivation)
KANO_TOKENS = {"M": "class-basic", "O": "class-performance", "A": "class-motivation",
               "I": "class-indifferent", "R": "class-reverse", "Q": "class-questionable"}  # fmt: skip
#: IPA quadrant -> its token
IPA_TOKENS = {"concentrate here": "chart-red", "keep up the good work": "chart-teal",
              "low priority": "chart-grey", "possible overkill": "chart-gold"}  # fmt: skip

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_DECLARATION = re.compile(r"--bp-([a-z0-9-]+)\s*:\s*([^;]+);")
_REFERENCE = re.compile(r"var\(--bp-([a-z0-9-]+)\)")
_HEX = re.compile(r"#[0-9a-f]{6}")


@cache
def sheet() -> str:
    """The token stylesheet's text (``tokens.css``), to put in front of any other sheet."""
    return files(__package__).joinpath("tokens.css").read_text(encoding="utf-8")


def with_tokens(css: str) -> str:
    """``css`` with the token sheet in front, so its ``var(--bp-…)`` resolve."""
    return sheet() + css


@cache
def tokens() -> Mapping[str, str]:
    """Every token by its name without ``--bp-`` (``"fail"``), a ``var()`` replaced by its value.

    >>> tokens()["size-room"]
    '16px'
    """
    text = _COMMENT.sub("", sheet())
    declared = {name: " ".join(value.split()) for name, value in _DECLARATION.findall(text)}

    def value(name: str, seen: tuple[str, ...] = ()) -> str:
        if name in seen or name not in declared:
            problem = "used in a circle" if name in seen else "not declared"
            raise ValueError(f"tokens.css: --bp-{name} is {problem}")
        return _REFERENCE.sub(lambda m: value(m.group(1), (*seen, name)), declared[name])

    return MappingProxyType({name: value(name) for name in declared})


def colour(name: str) -> str:
    """The colour token ``name`` (``"fail"``, ``"class-basic"``) as ``#rrggbb``.

    >>> colour("no-such")
    Traceback (most recent call last):
    ...
    KeyError: 'no colour token --bp-no-such in tokens.css'
    """
    found = tokens().get(name, "")
    if not _HEX.fullmatch(found):
        raise KeyError(f"no colour token --bp-{name} in tokens.css")
    return found

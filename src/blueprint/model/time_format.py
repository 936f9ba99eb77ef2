"""Formats of timestamps written as local text, as DuckDB's ``strptime`` reads them.

>>> format_problem("%d/%m/%Y %H:%M") is None
True
>>> format_problem("dd/mm/yyyy")
"'dd/mm/yyyy' has no % directive: write it strftime-style, e.g. '%d/%m/%Y %H:%M'"
"""

from __future__ import annotations

import re

__all__ = ["DIRECTIVES", "format_problem"]

#: the directives DuckDB's strptime knows (a ``-`` after the ``%`` allows unpadded numbers)
DIRECTIVES = "aAwdbBmyYHIpMSfgnzZjUWcxX%"

_DIRECTIVE = re.compile(r"%(-?)(.?)")


def format_problem(fmt: str) -> str | None:
    """Why ``fmt`` cannot be a timestamp format, or None when it can (``excel``: Excel serial dates)."""
    if fmt == "excel":
        return None
    if not fmt.strip():
        return "the timestamp format is empty: write it strftime-style, e.g. '%d/%m/%Y %H:%M'"
    found = list(_DIRECTIVE.finditer(fmt))
    if not found:
        return f"{fmt!r} has no % directive: write it strftime-style, e.g. '%d/%m/%Y %H:%M'"
    for match in found:
        letter = match.group(2)
        if not letter or letter not in DIRECTIVES:
            return (
                f"{fmt!r}: '%{match.group(1)}{letter}' is not a date or time directive; use %d %m %Y %y "
                "%H %I %p %M %S %f %b %B %z, e.g. '%d/%m/%Y %H:%M'"
            )
    if not any(m.group(2) in "Yy" for m in found) and not any(m.group(2) in "cx" for m in found):
        return f"{fmt!r} has no year (%Y or %y): a timestamp needs the date"
    return None

"""A unit written in a column's header (``Wait (min)``, ``Answer [s]``) held against the metric's unit.

An export that says its waits are in minutes, measured as seconds, passes a
"within 30 seconds" standard with every call answered in under thirty
minutes; the unit heuristic (:mod:`.scale`) only catches it when delivery
and target lie far apart. The header is the export's own word, so a
duration header whose unit disagrees with the unit the metric is recorded
in stops that metric's standards, with a finding that says which unit to
set, instead of a reading in the wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..model.vocabulary import Quantity

__all__ = ["header_clock", "header_stopwatch", "header_unit", "unit_issue"]

#: the words a header puts in brackets for each duration unit (lower case)
_WORDS = {
    "seconds": ("s", "sec", "secs", "second", "seconds"),
    "minutes": ("m", "min", "mins", "minute", "minutes"),
    "hours": ("h", "hr", "hrs", "hour", "hours"),
    "days": ("d", "day", "days"),
}
_UNIT = {word: unit for unit, words in _WORDS.items() for word in words}
_BRACKETED = re.compile(r"[(\[]\s*(?:in\s+)?([a-z]+)\.?\s*[)\]]")
#: ``h:mm``, ``hh:mm``, ``[h]:mm`` (Excel's format code), ``hrs:mins``, not followed by a seconds field
_HOURS_MINUTES = re.compile(r"(?<![\w:])\[?(?:hh?|hrs?|hours?)\]?\s*:\s*(?:mm|mins?|minutes?)\b(?!\s*:)")


def header_clock(header: str) -> bool:
    """Whether ``header`` says its readings are hours and minutes (``1:05`` is an hour and five minutes).

    A reading of two fields is otherwise a stopwatch's m:ss; a dealer-management
    or ticketing system writing h:mm says so in its header, and its readings
    taken as m:ss would be sixty times too short.

    >>> header_clock("Call (h:mm)"), header_clock("Lead time [hh:mm]"), header_clock("Wait [h]:mm")
    (True, True, True)
    >>> header_clock("Wait (m:ss)"), header_clock("Talk (hh:mm:ss)"), header_clock("Shift (hours)")
    (False, False, False)
    """
    return _HOURS_MINUTES.search(header.casefold()) is not None


#: ``m:ss``, ``mm:ss``, ``min:sec``, ``mins:secs``, not preceded by an hours field
_MINUTES_SECONDS = re.compile(r"(?<![\w:])(?:mm?|mins?|minutes?)\s*:\s*(?:ss?|secs?|seconds?)\b(?!\s*:)")


def header_stopwatch(header: str) -> bool:
    """Whether ``header`` says its readings of two fields are minutes and seconds (``1:05`` is 65 s).

    >>> header_stopwatch("Wait (m:ss)"), header_stopwatch("Answer [mm:ss]"), header_stopwatch("Talk (h:mm)")
    (True, True, False)
    """
    return _MINUTES_SECONDS.search(header.casefold()) is not None


def header_unit(header: str) -> str | None:
    """The duration unit ``header`` names in brackets, or None.

    >>> header_unit("Wait (min)"), header_unit("Answer [s]"), header_unit("Time (in hours)")
    ('minutes', 'seconds', 'hours')
    >>> header_unit("Wait (m:ss)"), header_unit("Wait"), header_unit("Score (1-5)")
    (None, None, None)
    """
    found = {_UNIT.get(word) for word in _BRACKETED.findall(header.casefold())} - {None}
    return found.pop() if len(found) == 1 else None


def unit_issue(
    column: str, metrics: Mapping[str, Quantity], units: Mapping[str, str]
) -> tuple[str, str, tuple[str, ...]] | None:
    """The message, fix and metrics stopped when ``column``'s header names another duration unit.

    ``metrics`` are the metrics read from the column (one in the wide layout,
    every metric of the source in the long one); ``units`` their data units
    (seconds where none is given). None when the header agrees or names none.
    """
    said = header_unit(column)
    if said is None:
        return None
    unit = {m: units.get(m, "seconds") for m in metrics}
    wrong = sorted(m for m, q in metrics.items() if q is Quantity.DURATION and unit[m] != said)
    if not wrong:
        return None
    recorded = unit[wrong[0]]
    names = ", ".join(map(repr, wrong))
    message = (
        f"column {column!r} says its values are in {said}, but metric {names} is recorded in {recorded}: "
        "they are not read in the wrong unit"
    )
    hint = f"set the metric's unit: {said} in the service file, or export the column in {recorded}"
    return message, hint, tuple(wrong)

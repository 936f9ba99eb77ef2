"""An interval report measured as a list of cases: its header says each row is a period.

A phone system's interval report writes a row per quarter or half hour
(``Interval``, ``Calls Offered``, ``Answered``, ``ASA``, ``Service Level``).
A standard on each call measured on it counts every row as one case: "80 % of
calls answered within 20 seconds" becomes "80 % of half hours whose average
answer took at most 20 seconds", a different number that can pass where the
calls fail. The header tells the two kinds of export apart: a column of calls
offered or presented, or one named for the interval, belongs to a report of
periods; a list of calls has neither. :func:`interval_issue` finds such a
column and warns (BP353); a standard meant per period is measured as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .prepare import Issue

__all__ = ["interval_issue"]

#: a count of calls or contacts per period: Offered, Calls Offered, Contacts Presented, 呼入量 (a call
#: list may time when a call was "presented" to an agent: only a count of calls or contacts says so)
_COUNTED = re.compile(r"(?i)^\s*offered\s*$|\b(?:calls?|contacts?|chats?)\s+(?:offered|presented)\b|呼入量")
#: the period itself: Interval, Interval Start, Half Hour, 15 min interval
_PERIOD = re.compile(r"(?i)^\s*(?:interval|half[ -]?hour|quarter[ -]?hour|\d+\s*min(?:ute)?s?\s+interval)\b")


def interval_issue(names: Iterable[str]) -> Issue | None:
    """BP353 when a column of the source's header belongs to an interval report; None otherwise."""
    found = next((name for name in names if _COUNTED.search(name) or _PERIOD.search(name)), None)
    if found is None:
        return None
    return Issue(
        "BP353",
        f"the column {found!r} says the export is an interval report, a row per period: each row is "
        "counted as one observation, so a share is of periods, not of calls or customers",
        "for a standard on each call or customer, export a row per call (the call detail records); a "
        "standard meant per period (90% of half hours with ...) is measured as written",
        found,
    )

"""The findings a measurement gives: gap 3 (performance), gap 4 with data, and bad data.

These are not lint rules: they need operational data, so they live here rather
than in the lint registry (``blueprint.checks``), which holds the gap checks
that read the service file alone (BP301-BP329). Their ids share the ``BP3xx``
block so that CI dashboards group every gap finding together; the ranges never
overlap (a test holds both lists apart).

Each code has a title, a default severity and the gap it measures; bad-data
codes have no gap because they say the numbers cannot be trusted, not that the
service falls short.
"""

from __future__ import annotations

from typing import NamedTuple

from ..model.findings import Finding, Location
from ..model.vocabulary import Severity

__all__ = ["CODES", "Code", "finding"]


class Code(NamedTuple):
    """One kind of measurement finding."""

    title: str
    severity: Severity
    gap: int | None
    explanation: str
    #: the short name reports carry beside the id, as lint rules have
    name: str


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

#: every measurement finding, by id
CODES: dict[str, Code] = {
    "BP330": Code(
        "delivery meets the standard", _E, 3,
        "The share of observations meeting the target is below the required share "
        "(or the mean/median misses the target) in at least one group.", "standard-met",
    ),
    "BP331": Code(
        "enough observations to judge", _W, 3,
        "A group has fewer valid observations than min_observations; its status is "
        "'too few', never a pass. Where every group with data has too few, the standard is not "
        "measured: BP334 says so instead.", "enough-observations",
    ),
    "BP332": Code(
        "the source is there", _W, 3,
        "A source file or backend table named in measurement.source is not found; the standards "
        "on it are not measured (BP334 says so per standard).", "source-found",
    ),
    "BP333": Code(
        "delivery keeps the promise", _E, 4,
        "What customers are promised is delivered less often than the promise says "
        "(a promise without a share is read as every time).", "promise-kept",
    ),
    "BP334": Code(
        "every standard and promise is measured", _E, 3,
        "Data was given but a standard or promise got no valid observation (its source is missing, "
        "names no data, or lacks its metric, or every value is unreadable), or too few to judge it in any "
        "group; unmeasured is never passed. Mark a standard measured "
        "outside Blueprint with measurement: {elsewhere: ...}, or pass --allow-unmeasured knowingly "
        "(the finding becomes a warning).", "standard-measured",
    ),
    "BP340": Code(
        "the source can be read", _E, None,
        "The source file is missing, unreadable, not a table, or outside the project folder.",
        "source-readable",
    ),
    "BP341": Code(
        "the source has the columns", _E, None,
        "A column the measurement needs (metric, value, timestamp or a grouping key) is missing, or a "
        "column is named with the prefix of Blueprint's working columns (_bp_).", "columns-present",
    ),
    "BP342": Code(
        "values are numbers", _W, None,
        "Values that are not numbers (or not yes/no for a yes/no metric, or not a duration such as 1:52 or "
        "PT1M52S for a duration metric) are left out and counted; a column of the wrong type leaves the "
        "standards on it unmeasured.",
        "values-are-numbers",
    ),
    "BP343": Code(
        "no missing values", _W, None,
        "Empty or NaN values are left out and counted.", "no-missing-values",
    ),
    "BP344": Code(
        "values are possible", _W, None,
        "Negative durations or counts, shares outside 0-1, scores off the scale are left out and counted.",
        "values-possible",
    ),
    "BP345": Code(
        "values are in the metric's unit", _E, None,
        "The values sit so far from the target that they look recorded in another unit "
        "(a seconds metric given in minutes); the standard is marked 'implausible', not passed.",
        "values-in-unit",
    ),
    "BP346": Code(
        "no duplicate observations", _W, None,
        "Rows identical in every mapped column (metric, value, timestamp, id, dimensions) are "
        "counted once; the extra copies are left out and counted.", "no-duplicates",
    ),
    "BP347": Code(
        "the source has rows", _E, None,
        "The source holds no observations at all.", "source-has-rows",
    ),
    "BP348": Code(
        "metric names are known", _W, None,
        "Rows name a metric the service does not define; they are not used.", "metrics-known",
    ),
    "BP349": Code(
        "timestamps are readable", _W, None,
        "Rows whose timestamp is empty or cannot be read as a date and time are left out and counted; "
        "for text, the finding names the timestamp_format that reads it.",
        "timestamps-readable",
    ),
    "BP350": Code(
        "the metric's data unit is stated", _I, None,
        "The metric has no unit, so the data is taken to be in the standard's unit.", "data-unit-stated",
    ),
    "BP351": Code(
        "the id column proves the rows distinct", _I, None,
        "The source's declared id column (--columns id=NAME; in the long layout, with the metric) names "
        "every row differently, so no two rows are identical: the duplicate check is done without "
        "hashing the rows.", "unique-ids",
    ),
    "BP352": Code(
        "no totals or averages among the observations", _W, None,
        "A row of a text export (CSV, TSV, Excel) with a cell saying Total, Sum, Average, 合计 ... sums or "
        "averages the rows above it: it is no observation, so it is left out of every metric and counted, "
        "and the finding names its line.", "no-summary-rows",
    ),
    "BP353": Code(
        "each row is one case, not a period", _W, None,
        "A column of the source's header (Calls Offered, Presented, Interval, Half Hour ...) says the "
        "export is an interval report, a row per quarter or half hour: each row is counted as one "
        "observation, so a standard on each call is measured on periods instead.", "rows-are-cases",
    ),
    "BP354": Code(
        "readings with a colon are read as their column is written", _W, None,
        "A duration column mixes values written with their unit (9 min, 1 h 5 min) with readings of two "
        "fields and no unit (0:12) under a header that does not say h:mm or m:ss: those are read as the "
        "other cells show (hours and minutes among minutes, minutes and seconds among seconds), and the "
        "finding names the first one's line and the header that settles it.", "colon-readings-settled",
    ),
    "BP360": Code(
        "the roster covers the staff the standard needs", _E, 3,
        "A group (a site's hour on a weekday) has fewer people on the roster than the wait standard "
        "needs under Erlang C (or Erlang A), after shrinkage: the standard cannot be kept there "
        "(blueprint staff --roster).", "roster-covers",
    ),
    "BP362": Code(
        "the roster names the plan's groups", _W, None,
        "A row of the roster given to blueprint staff --roster names a site (or another key read from the "
        "data) that no group of the plan has, often the same name written another way: its people count "
        "for no group, and the group it was meant for is planned with nobody on duty.", "roster-names-groups",
    ),
    "BP363": Code(
        "the hours are the site's own", _W, None,
        "The times of a source that blueprint staff counts arrivals from carry a UTC offset (+02:00, Z) "
        "or a time zone: they are grouped in UTC hours, so a plan by hour is for hours on the UTC clock, "
        "not for the site's own opening hours.", "local-hours",
    ),
    "BP364": Code(
        "the wait standard is on a wait point", _W, None,
        "The standard given to blueprint staff serves no moment marked wait_point, while the service marks "
        "others: Erlang C plans the time customers wait in the queue before they are served, and a standard "
        "on the service itself (at the counter, on the call) is not such a wait.", "staff-a-wait",
    ),
    "BP361": Code(
        "the arrivals are calls, not intervals", _W, None,
        "Every time of a source that blueprint staff counts arrivals from falls on the quarter hour with "
        "no seconds (09:00, 09:15, 09:30): the export looks like an interval report, a row per quarter or "
        "half hour, which would count each interval as one call; or the times are booked appointments, "
        "which do not arrive at random.", "arrivals-are-calls",
    ),
}  # fmt: skip


def finding(
    code: str,
    message: str,
    hint: str | None = None,
    *,
    subject: str | None = None,
    location: Location | None = None,
) -> Finding:
    """A :class:`Finding` for measurement code ``code`` with its severity and gap."""
    entry = CODES[code]
    return Finding(code, entry.severity, message, hint, subject=subject, gap=entry.gap, location=location)

"""One cell's value as a number: numbers written as text, durations, yes/no words, shares with a %.

:func:`read_number` turns a raw value column into ``_bp_x`` (a float in the
metric's data unit) and ``_bp_bad`` (why it cannot be used, a
:data:`~.reasons.CODE`), on any Ibis backend.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .durations import TICKS_PER_SECOND, interval_seconds, text_seconds, time_seconds
from .reasons import CODE, MISSING, NOT_A_NUMBER

__all__ = ["decimal_comma", "read_number"]

# Each word has its opposite: a "no" the list lacked would be left out, and only the "yes" counted.
_TRUE = ("true", "t", "yes", "y", "1", "1.0", "pass", "passed", "ok")
_FALSE = ("false", "f", "no", "n", "0", "0.0", "fail", "failed", "not ok", "nok", "ko", "not passed")


def read_number(
    raw: Any,
    words: Any,
    empty: str = MISSING,
    per: Any = None,
    backend: str = "duckdb",
    tick: str | None = None,
    pct: Any = None,
    hours: Any = False,
    labelled: Any = None,
) -> dict[str, Any]:
    """``_bp_x`` (float) and ``_bp_bad`` (why it is unusable) from a raw value column.

    ``words`` is True, False or a boolean expression saying on which rows
    yes/no words count as 1 and 0. ``empty`` is the reason given to empty
    cells: a missing value in the long layout, a metric not observed on that
    row in the wide one (a cancelled order has no delivery time). ``per``
    (an expression, null on rows of other metrics) is the seconds in a
    duration metric's data unit: text, time and interval values on those
    rows are read as durations (:mod:`.durations`); numbers are left as they are.
    ``tick``: the integers are durations in this unit (``ns``). ``pct`` (an
    expression, null on rows of other metrics) is what one percent is in a
    share or percent metric's data unit: text such as ``92.5%`` or ``87,5 %``
    on those rows is read with it (0.925 for a share, 92.5 for a percent).
    ``hours``: a duration written with two fields (``1:05``) is hours and
    minutes, as the column's header says (``(h:mm)``) or its other cells show
    (:mod:`.clock_evidence`), not a stopwatch's m:ss; a boolean expression
    says on which rows (a long table's metrics).
    ``labelled`` is True or a boolean expression saying on which rows (a score
    metric's) an answer written with its label, as form tools write the ends
    of a scale (``1 - Very dissatisfied``), is read as its number.
    """
    import ibis

    kind, blank = raw.type(), CODE[empty]
    ticks = tick is not None and kind.is_integer()
    if kind.is_interval() or kind.is_time() or ticks:  # a duration, or a time of day: time since midnight
        if ticks:
            seconds = raw.cast("float64") / TICKS_PER_SECOND[str(tick)]
        else:
            seconds = interval_seconds(raw, backend) if kind.is_interval() else time_seconds(raw)
        x = seconds / per if per is not None else ibis.null("float64")
        bad = ibis.cases((raw.isnull(), blank), (x.isnull(), CODE[NOT_A_NUMBER]), else_=0)
        return {"_bp_x": x, "_bp_bad": bad.cast("int8")}
    if kind.is_boolean() or kind.is_integer():  # no NaN or infinity to look for
        x = raw.cast("float64")
        return {"_bp_x": x, "_bp_bad": ibis.ifelse(raw.isnull(), blank, 0).cast("int8")}
    if kind.is_numeric():
        x = raw.cast("float64")
        bad = ibis.cases(
            (raw.isnull(), blank), (x.isnan(), CODE[MISSING]), (x.isinf(), CODE[NOT_A_NUMBER]), else_=0
        )
        return {"_bp_x": x, "_bp_bad": bad.cast("int8")}
    text = raw.strip()  # text: numbers written as text, durations (1:52, PT1M52S), yes/no words
    x = decimal_comma(text, text.try_cast("float64"))
    if per is not None:  # only where a number failed: plain numbers cost nothing more
        x = ibis.cases((x.notnull(), x), else_=text_seconds(text, hours) / per)
    if pct is not None:  # a share as a spreadsheet shows it: 92.5%, 87,5 %
        bare = text.re_extract(_PERCENT, 1)
        x = ibis.cases((x.notnull(), x), else_=decimal_comma(bare, bare.try_cast("float64")) * pct)
    if labelled is not None and labelled is not False:  # '1 - Very dissatisfied' is the answer 1
        lead = text.re_extract(_LABELLED, 1)
        number = decimal_comma(lead, lead.try_cast("float64"))
        x = ibis.cases((x.notnull(), x), (labelled, number), else_=x)
    if words is not None and words is not False:
        lower = text.lower()
        word = ibis.cases((lower.isin(_TRUE), 1.0), (lower.isin(_FALSE), 0.0), else_=ibis.null("float64"))
        x = word if words is True else ibis.cases((words, word), else_=x)
    bad = ibis.cases(
        (text.isnull() | (text == ""), blank),
        (x.isnan(), CODE[MISSING]),
        (x.isnull() | x.isinf(), CODE[NOT_A_NUMBER]),
        else_=0,
    )
    return {"_bp_x": x, "_bp_bad": bad.cast("int8")}


#: a number followed by a percent sign (ASCII or full width), spaces allowed before it
_PERCENT = r"^([+-]?[0-9]+(?:[.,][0-9]+)?)\s*[%％]$"
#: an answer with its label: a number, a dash, colon, equals sign or bracket, then a word (not a number)
_LABELLED = r"^([0-9]+(?:[.,][0-9]+)?)\s*[-–—:=)]\s*[^\s0-9.,+-]"
#: a number with a decimal comma (``3,8``, ``-0,25``) ...
_DECIMAL_COMMA = r"^[+-]?[0-9]+,[0-9]+$"
#: ... unless the comma could be a thousands separator (``1,234``, ``12,345,678``): then it is not read
_THOUSANDS = r"^[+-]?[1-9][0-9]{0,2}(,[0-9]{3})+$"


def decimal_comma(text: Any, x: Any) -> Any:
    """``x``, or where it is null the number ``text`` writes with a decimal comma (an Excel CSV of Europe).

    ``3,8`` is 3.8 and ``0,125`` is 0.125; ``1,234`` is left unread (null), since
    it is 1.234 with a decimal comma and 1234 with a thousands separator.
    """
    import ibis

    comma = text.re_search(_DECIMAL_COMMA) & ~text.re_search(_THOUSANDS)
    return ibis.cases((x.notnull(), x), (comma, text.replace(",", ".").try_cast("float64")), else_=x)


def metric_names(column: Any, one: str | None) -> Any:
    """The metric each row names, as text; ``one`` where the file is known to hold only that metric
    (a Parquet file's statistics say so), and the column is then not read at all."""
    import ibis

    return (
        ibis.literal(one, "string")
        if one is not None and column.type().is_string()
        else column.cast("string")
    )


def trimmed(column: Any, backend: str) -> Any:
    """A text column without the spaces around its values: ``'Leeds '`` padded by a fixed-width export
    is the branch ``'Leeds'``. On DuckDB, spaces alone: trimming every kind of white space cost a
    fifth of a million-row measurement's query, trimming spaces next to nothing."""
    return _space_trim()(column) if backend == "duckdb" else column.strip()


@lru_cache(maxsize=1)
def _space_trim() -> Any:
    import ibis

    @ibis.udf.scalar.builtin(name="trim")
    def trim(text: str) -> str:  # type: ignore[empty-body]  # DuckDB's own trim, of spaces
        """Spaces trimmed from both ends."""

    return trim

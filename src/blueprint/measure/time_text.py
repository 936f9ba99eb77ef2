"""Reading timestamps: ISO 8601 text, typed times, and local text in a declared format.

Exports write times the way their country does: ``07/12/2026 09:30`` (day
first), ``12/07/2026 9:30 AM`` (month first), ``07.12.2026 09:30:15``,
``2026年12月7日 9:30``. None of these is ISO 8601, so without a declared
format their rows are left out (BP349). A source's standards declare the
format in ``measurement: {timestamp_format: ...}``; ``--timestamp-format``
gives it to the sources that declare none. :mod:`.time_advice` says which
format to declare when none was.
"""

from __future__ import annotations

from functools import cache
from typing import Any

__all__ = ["CANDIDATES", "EXCEL", "java_pattern", "serial_hint", "strptime", "time_key", "timestamp_of"]

#: the format of Excel serial dates: days since 30 December 1899, the time of day as the fraction
EXCEL = "excel"
#: the serials of 1 January 1960 and 31 December 2099: numbers all between them look like dates
_SERIALS = (21916.0, 73051.0)

_DATES = (
    "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%m.%d.%Y", "%d-%m-%Y", "%m-%d-%Y", "%Y/%m/%d", "%Y.%m.%d",
    "%d-%b-%Y", "%d %b %Y", "%b %d %Y", "%Y年%m月%d日", "%d/%m/%y", "%m/%d/%y", "%d.%m.%y", "%Y-%m-%d",
)  # fmt: skip
_TIMES = (" %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p", "", "T%H:%M:%S", " %H:%M:%S.%f")
#: the shapes tried on unreadable values, in order of preference
CANDIDATES = tuple(d + t for d in _DATES for t in _TIMES)


@cache
def _try_strptime() -> Any:
    import ibis
    import ibis.expr.datatypes as dt

    def try_strptime(text: str, fmt: str) -> None: ...  # DuckDB's own function

    return ibis.udf.scalar.builtin(
        try_strptime, name="try_strptime", signature=((dt.string, dt.string), dt.Timestamp(timezone="UTC"))
    )


#: DuckDB's strptime directives as Java's DateTimeFormatter (Spark) writes them; the others have none
_JAVA = {
    "d": "d", "m": "M", "Y": "yyyy", "y": "yy", "H": "H", "I": "h", "p": "a", "M": "m", "S": "s",
    "f": "SSSSSS", "b": "MMM", "B": "MMMM", "a": "E", "A": "EEEE", "z": "Z", "j": "D",
}  # fmt: skip


def java_pattern(fmt: str) -> str | None:
    """``fmt`` as Spark's ``to_timestamp`` pattern, or None when a directive has no counterpart.

    Letters outside directives are quoted; one-letter fields read one or two digits.

    >>> java_pattern("%d/%m/%Y %I:%M %p"), java_pattern("%Y年%m月%d日 T%H"), java_pattern("%U")
    ('d/M/yyyy h:m a', "yyyy年M月d日 'T'H", None)
    """
    out, i = [], 0
    while i < len(fmt):
        if fmt[i] == "%":
            letter = fmt[i + 1 : i + 3].lstrip("-")[:1] if fmt[i + 1 : i + 2] == "-" else fmt[i + 1 : i + 2]
            i += 3 if fmt[i + 1 : i + 2] == "-" else 2
            if letter == "%":
                out.append("%")
            elif letter in _JAVA:
                out.append(_JAVA[letter])
            else:
                return None
        else:
            char = fmt[i]
            out.append(f"'{char}'" if char.isascii() and char.isalpha() else "''" if char == "'" else char)
            i += 1
    return "".join(out)


@cache
def _try_to_timestamp() -> Any:
    import ibis
    import ibis.expr.datatypes as dt

    def try_to_timestamp(text: str, fmt: str) -> None: ...  # Spark's own function

    return ibis.udf.scalar.builtin(
        try_to_timestamp, name="try_to_timestamp", signature=((dt.string, dt.string), dt.timestamp)
    )


def strptime(text: Any, fmt: str) -> Any:
    """The timestamps of the text column ``text`` read in ``fmt`` on DuckDB; null where one does not match.

    A format with an offset (``%z``) gives UTC times; one without keeps the
    local times as written, with no daylight saving shift.
    """
    return _try_strptime()(text, fmt).cast("timestamp")


def timestamp_of(raw: Any, backend: str = "duckdb", fmt: str | None = None) -> Any:
    """The time of each row; text with a UTC offset is converted to UTC, text without one kept as written.

    DuckDB drops the offset when it reads text as a plain timestamp, so there
    text is read as a time with a zone, on a connection whose zone is UTC (as
    Spark's is): ``2025-03-31T23:30:00-05:00`` is 04:30 on 1 April, and
    ``2025-03-30 02:30:00`` stays 02:30, whatever daylight saving does there.
    Text in a declared format ``fmt`` is read with ``try_strptime`` (Spark: ``try_to_timestamp``
    with the format in Java's letters):
    a time that does not match is null, like any unreadable one.
    """
    kind = raw.type()
    if kind.is_timestamp():
        return raw
    if kind.is_date():
        return raw.cast("timestamp")
    if fmt == EXCEL:
        return _serial(raw)
    if fmt and backend == "pyspark":
        return _try_to_timestamp()(raw.strip(), java_pattern(fmt) or fmt)
    if fmt:
        return strptime(raw.strip(), fmt)
    if backend == "duckdb":
        return raw.strip().try_cast("timestamp('UTC')").cast("timestamp")
    return raw.strip().try_cast("timestamp")


def _serial(raw: Any) -> Any:
    """The times of Excel serial dates (numbers, or numbers as text): ``46363.395833`` is 7 Dec 2026 09:30."""
    import ibis

    days = raw.cast("float64") if raw.type().is_numeric() else raw.strip().try_cast("float64")
    seconds = (days * 86400).round().cast("int64")
    fits = days.between(1, 2958465)  # 1 January 1900 to 31 December 9999
    stamp = ibis.timestamp("1899-12-30 00:00:00") + seconds.as_interval("s")
    return ibis.ifelse(fits, stamp, ibis.null("timestamp"))


def serial_hint(column: Any) -> str | None:
    """How to read ``column``, a column of numbers, when all of them look like Excel serial dates."""
    if not column.type().is_numeric() or column.type().is_boolean():
        return None
    low, high = (column.min().execute(), column.max().execute())
    if low is None or high is None or not (_SERIALS[0] <= low and high <= _SERIALS[1]):
        return None
    return (
        f"the numbers ({low:g} to {high:g}) look like Excel serial dates: declare timestamp_format: "
        f"{EXCEL} in the standards' measurement (or --timestamp-format {EXCEL}), or export the column "
        "as dates and times"
    )


def time_key(stamp: Any, key: str) -> Any:
    """An integer (or date) that sorts and groups like the time key; labelled afterwards."""
    # As 64-bit integers: Polars gives the month as an 8-bit one, which 3 * 100 overflows (Ibis
    # takes it for 32 bits and would drop a cast to those).
    year, month = stamp.year().cast("int64"), stamp.month().cast("int64")
    if key == "year":
        return year
    if key == "quarter":
        return year * 10 + stamp.quarter().cast("int64")
    if key == "month":
        return year * 100 + month
    if key == "date":
        return year * 10000 + month * 100 + stamp.day().cast("int64")
    if key == "weekday":
        return stamp.day_of_week.index()
    return stamp.hour()

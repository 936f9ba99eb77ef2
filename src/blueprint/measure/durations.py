"""Durations as people write them, read as seconds: stopwatch readings, ISO 8601, interval types.

A duration metric's values arrive in many shapes. Plain numbers are in the
metric's unit (``Metric.unit``) and are read as such; everything else is
read as a length of time and converted to that unit:

- stopwatch readings written as text: ``1:52`` and ``01:52`` are minutes and
  seconds (m:ss), ``1:02:05`` is hours, minutes and seconds (h:mm:ss), and
  the seconds may carry a fraction (``0:00:45.5``). The fields after the first
  have one or two digits and are below 60; the first may be any size
  (``125:30`` is 125 minutes and 30 seconds);
- ISO 8601 durations: ``PT1M52S``, ``PT2H``, ``P1DT2H``, ``PT0.5S``, ``P2W``
  (a day is 24 hours; years and months are refused: their length varies);
- hours, minutes and seconds with their letters, as stopwatch apps and
  spreadsheets write them: ``1m 20s``, ``2 min``, ``45 sec``, ``1h 5m``,
  ``1 hr 20 mins`` (``m`` is always minutes);
- interval and duration types (Parquet and Arrow durations, DuckDB
  ``INTERVAL``, pandas ``Timedelta``);
- time-of-day types (a Parquet ``time`` column, an Excel cell formatted as a
  time, which Excel keeps as a fraction of a day): the time since midnight.

Text that is none of these is a value that is not a number, counted and left
out like any other. Only text, time and interval columns are parsed: a
numeric column is read as it always was, at no extra cost.

>>> stopwatch_seconds("1:52"), stopwatch_seconds("1:02:05"), stopwatch_seconds("0:00:45.5")
(112.0, 3725.0, 45.5)
>>> iso_seconds("PT1M52S"), iso_seconds("P1DT2H"), iso_seconds("P1Y")
(112.0, 93600.0, None)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

__all__ = [
    "ISO", "STOPWATCH", "TICKS_PER_SECOND", "WORDS", "arrow_durations", "as_text", "interval_seconds",
    "iso_seconds", "stopwatch_seconds", "text_seconds", "time_seconds", "word_seconds",
]  # fmt: skip

#: ``[h:]m:ss[.f]``: groups first field, second field, third field (h:mm:ss only), fraction
STOPWATCH = r"^(\d+):(\d{1,2})(?::(\d{1,2}))?(\.\d+)?$"
_NUMBER = r"(\d+(?:\.\d+)?)"
#: ``PnWnDTnHnMnS``, each part optional: groups weeks, days, hours, minutes, seconds
ISO = rf"^P(?:{_NUMBER}W)?(?:{_NUMBER}D)?(?:T(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?$"
_ISO_SECONDS = (604800.0, 86400.0, 3600.0, 60.0, 1.0)
#: ``1h 5m``, ``1m 20s``, ``2 min``, ``45 sec``, ``1 hr 20 mins`` (lower case, each part optional):
#: groups hours, minutes, seconds
WORDS = (
    rf"^(?:{_NUMBER} ?h(?:rs?|ours?)?)? ?(?:{_NUMBER} ?m(?:ins?|inutes?)?)? ?"
    rf"(?:{_NUMBER} ?s(?:ecs?|econds?)?)?$"
)
_WORD_SECONDS = (3600.0, 60.0, 1.0)
#: ticks of each unit of an interval or duration type in a second
TICKS_PER_SECOND = {"ns": 1e9, "us": 1e6, "ms": 1e3, "s": 1.0}


def stopwatch_seconds(text: str, hours: bool = False) -> float | None:
    """Seconds in a stopwatch reading (m:ss or h:mm:ss), as the query reads it; None if it is not one.

    ``hours``: two fields are hours and minutes (h:mm), as under a header that
    says so (:func:`.header_units.header_clock`).

    >>> stopwatch_seconds("1:05"), stopwatch_seconds("1:05", hours=True), stopwatch_seconds("1:05:00", True)
    (65.0, 3900.0, 3900.0)
    """
    match = re.fullmatch(STOPWATCH, text.strip(), re.ASCII)
    if match is None:
        return None
    first, second, third, fraction = match.groups()
    if int(second) >= 60 or (third is not None and int(third) >= 60):
        return None
    if third is None and hours:
        return (int(first) * 60 + int(second) + float(fraction or 0)) * 60.0
    whole = (
        int(first) * 60 + int(second) if third is None else (int(first) * 60 + int(second)) * 60 + int(third)
    )
    return whole + float(fraction or 0)


def iso_seconds(text: str) -> float | None:
    """Seconds in an ISO 8601 duration (``PT1M52S``), as the query reads it; None if it is not one."""
    match = re.fullmatch(ISO, text.strip().upper(), re.ASCII)
    if match is None or all(part is None for part in match.groups()):
        return None
    return sum(float(part) * size for part, size in zip(match.groups(), _ISO_SECONDS, strict=True) if part)


def word_seconds(text: str) -> float | None:
    """Seconds in a duration written with unit letters (``1m 20s``), as the query reads it; else None."""
    match = re.fullmatch(WORDS, text.strip().lower(), re.ASCII)
    if match is None or all(part is None for part in match.groups()):
        return None
    return sum(float(part) * size for part, size in zip(match.groups(), _WORD_SECONDS, strict=True) if part)


def as_text(value: Any) -> str | None:
    """A cell as text that reads back as the same value: a duration as ISO 8601, a time as h:mm:ss.

    For columns mixing kinds, which are read as text (a pandas ``Timedelta``
    would otherwise become ``0 days 00:01:52``, which is no duration).

    >>> as_text(dt.timedelta(minutes=1, seconds=52.5)), as_text(dt.time(0, 1, 52)), as_text(7)
    ('PT112.5S', '00:01:52', '7')
    """
    if value is None or value != value:  # None, NaN, NaT
        return None
    if isinstance(value, dt.timedelta):
        return "PT" + f"{value.total_seconds():.6f}".rstrip("0").rstrip(".") + "S"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.time, dt.date)):
        return value.isoformat()
    return str(value)


def text_seconds(text: Any, hours: Any = False) -> Any:
    """Seconds (float64) in each stopwatch reading or ISO 8601 duration of a text column; else null.

    ``text`` is stripped already. The same expression runs on every Ibis
    backend: it needs only regular expressions and casts. ``hours``: a
    reading of two fields is hours and minutes (h:mm), not m:ss; True, False
    or a boolean expression saying on which rows (a long table's metrics).
    """
    import ibis

    def part(pattern: str, group: int, of: Any = text) -> Any:
        return of.re_extract(pattern, group).try_cast("float64")  # '' (DuckDB) or null: absent

    first, second, third, fraction = (part(STOPWATCH, g) for g in (1, 2, 3, 4))
    minutes = ibis.cases((third.isnull(), first), else_=first * 60.0 + second)
    stopwatch = minutes * 60.0 + ibis.cases((third.isnull(), second), else_=third) + fraction.fill_null(0.0)
    # h:mm: the two fields are a minute apart from m:ss, so the reading is sixty times as long
    if hours is True:
        stopwatch = ibis.cases((third.isnull(), stopwatch * 60.0), else_=stopwatch)
    elif hours is not False and hours is not None:  # h:mm on some rows only
        stopwatch = ibis.cases((third.isnull() & hours, stopwatch * 60.0), else_=stopwatch)
    in_range = (second < 60.0) & (third.isnull() | (third < 60.0))
    upper = text.upper()
    parts = [part(ISO, g, upper) for g in range(1, 6)]
    iso = sum(
        (p.fill_null(0.0) * size for p, size in zip(parts, _ISO_SECONDS, strict=True)), ibis.literal(0.0)
    )
    some = parts[0].notnull()
    for p in parts[1:]:
        some = some | p.notnull()
    lower = text.lower()
    spelt = [part(WORDS, g, lower) for g in range(1, 4)]
    words = sum(
        (p.fill_null(0.0) * size for p, size in zip(spelt, _WORD_SECONDS, strict=True)), ibis.literal(0.0)
    )
    any_word = spelt[0].notnull() | spelt[1].notnull() | spelt[2].notnull()
    return ibis.cases(
        (text.re_search(STOPWATCH) & in_range, stopwatch),
        (upper.re_search(ISO) & some, iso),
        (lower.re_search(WORDS) & any_word, words),
        else_=ibis.null("float64"),
    )


def interval_seconds(raw: Any, backend: str) -> Any:
    """Seconds (float64) in an interval column: DuckDB ``INTERVAL``, an Arrow or Polars duration."""
    import ibis

    if backend == "duckdb":  # DuckDB cannot cast an interval to a number; it can count from a date
        start = ibis.timestamp("2000-01-01 00:00:00")
        return (start + raw).delta(start, unit="microsecond").cast("float64") / 1e6
    unit = getattr(raw.type().unit, "short", "us")
    # Rounded to the nanosecond: Polars divides a little off (123 s came out as 123.00000000000001).
    return (raw.cast("int64").cast("float64") / TICKS_PER_SECOND.get(unit, 1e6)).round(9)


def time_seconds(raw: Any) -> Any:
    """Seconds since midnight (float64) in a time-of-day column."""
    return (
        raw.hour().cast("float64") * 3600.0
        + raw.minute().cast("float64") * 60.0
        + raw.second().cast("float64")
        + raw.microsecond().cast("float64") / 1e6
    )


#: Arrow's time units, as its schema numbers them
_ARROW_UNITS = ("s", "ms", "us", "ns")
#: the type of a field that is a duration, in Arrow's schema (``Type.Duration``)
_ARROW_DURATION = 18


def arrow_durations(encoded: bytes) -> dict[str, str]:
    """The duration columns in a Parquet file's Arrow schema (``ARROW:schema``): name -> unit.

    Parquet has no duration type: Arrow writes a duration as a plain 64-bit
    integer (nanoseconds, say) and keeps its real type in the file's
    metadata, which DuckDB does not read. This reads that schema (a
    base64-encoded flatbuffer) just far enough to find the durations, without
    importing PyArrow. Anything unexpected gives no durations.
    """
    import base64
    import struct

    try:
        buf = base64.b64decode(encoded)
        if buf[:4] == b"\xff\xff\xff\xff":  # the stream's continuation marker, then the length
            buf = buf[8:]

        def u32(at: int) -> int:
            return int(struct.unpack_from("<I", buf, at)[0])

        def field(table: int, index: int) -> int | None:
            """Where field ``index`` of the table at ``table`` is stored, or None when absent."""
            vtable = table - struct.unpack_from("<i", buf, table)[0]
            if 4 + 2 * index >= struct.unpack_from("<H", buf, vtable)[0]:
                return None
            offset = struct.unpack_from("<H", buf, vtable + 4 + 2 * index)[0]
            return table + offset if offset else None

        def target(at: int) -> int:  # follow an offset stored at ``at``
            return at + u32(at)

        message = target(0)
        schema_at = field(message, 2)  # Message.header: the Schema
        fields_at = field(target(schema_at), 1) if schema_at is not None else None  # Schema.fields
        if fields_at is None:
            return {}
        vector = target(fields_at)
        found: dict[str, str] = {}
        for i in range(u32(vector)):
            item = target(vector + 4 + 4 * i)
            name_at, kind_at, type_at = field(item, 0), field(item, 2), field(item, 3)
            if name_at is None or kind_at is None or buf[kind_at] != _ARROW_DURATION:
                continue
            text = target(name_at)
            name = buf[text + 4 : text + 4 + u32(text)].decode("utf-8")
            unit_at = field(target(type_at), 0) if type_at is not None else None
            unit = struct.unpack_from("<h", buf, unit_at)[0] if unit_at is not None else 1  # default ms
            found[name] = _ARROW_UNITS[unit]
        return found
    except (ValueError, IndexError, struct.error, UnicodeDecodeError):
        return {}

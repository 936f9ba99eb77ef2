"""Which column of an operational table holds what: metric, value, timestamp, id, dimensions.

Operational data is a table of observations, one row each: which metric was
measured, the value, when, and optional dimensions (site, channel, shift,
team, touchpoint). Exports rarely use our names, so every role can be mapped
to the table's own column name.

>>> cols = Columns.parse("value=duration_s,timestamp=started_at,site=hotel")
>>> cols.value, cols.timestamp, cols.dimensions
('duration_s', 'started_at', {'site': 'hotel'})
>>> cols.column_for("site"), cols.column_for("shift")
('hotel', 'shift')
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace

__all__ = ["ROLES", "TIME_KEYS", "Columns", "closest", "grouping_keys", "spelt"]

#: the roles a column can play besides dimensions
ROLES = ("metric", "value", "timestamp", "id")

#: grouping keys derived from the timestamp rather than read from a column
TIME_KEYS = ("year", "quarter", "month", "date", "weekday", "hour")


@dataclass(frozen=True)
class Columns:
    """Column names for each role; dimensions map a grouping key to the table's column.

    ``id`` names an observation id column when there is one. With it (as
    with a timestamp) the duplicate check applies, but a duplicate is still a
    row identical in every column, not a row sharing another's id. The id
    only lets the check prove there is no copy without hashing the rows, when
    every row (with its metric, in the long layout) carries a different id
    (BP351).

    ``timestamp_format`` says how the timestamp column writes local times
    that are not ISO 8601, strftime-style as DuckDB's ``strptime`` reads them
    (``%d/%m/%Y %H:%M``), or ``excel`` for Excel serial dates; None reads
    ISO 8601 text only. A source whose standards declare a format
    (``measurement.timestamp_format``) is read in theirs.
    """

    metric: str = "metric"
    value: str = "value"
    timestamp: str = "timestamp"
    id: str | None = None
    dimensions: dict[str, str] = field(default_factory=dict)
    timestamp_format: str | None = None

    @classmethod
    def parse(cls, text: str | None) -> Columns:
        """Read ``role=column,...`` as written on the command line (``--columns``).

        Roles are ``metric``, ``value``, ``timestamp`` and ``id``; any other
        name is a dimension: ``site=hotel`` groups ``--by site`` on the
        column ``hotel``.
        """
        if not text:
            return cls()
        return cls().with_mapping(_pairs(text))

    def with_mapping(self, mapping: dict[str, str]) -> Columns:
        """A copy with some roles or dimensions mapped to other column names."""
        roles = {k: v for k, v in mapping.items() if k in ROLES}
        dims = {k: v for k, v in mapping.items() if k not in ROLES}
        for name in (*roles.values(), *dims.values()):
            if not name:
                raise ValueError("a column mapping needs a column name after '='")
        if any(key in TIME_KEYS for key in dims):
            clash = next(key for key in dims if key in TIME_KEYS)
            raise ValueError(f"{clash!r} is derived from the timestamp; map timestamp=COLUMN instead")
        return replace(self, **roles, dimensions={**self.dimensions, **dims})

    def matched(self, names: Iterable[str]) -> Columns:
        """A copy naming each column as the table spells it: ``--columns value=DURATION`` finds ``Duration``.

        A name the table lacks is matched to the one column equal to it in
        any letter case (and spaces around it); a name matching none, or two,
        is kept as written, for the check that reports it missing.

        >>> Columns.parse("timestamp=logged at,site=SITE").matched(["Logged At", "Site", "Value"]).timestamp
        'Logged At'
        """
        names = list(names)
        roles = {role: spelt(getattr(self, role), names) for role in ROLES if getattr(self, role) is not None}
        return replace(self, **roles, dimensions={k: spelt(v, names) for k, v in self.dimensions.items()})

    def column_for(self, key: str) -> str:
        """The table column a grouping key (or role) reads."""
        if key in ROLES:
            return str(getattr(self, key))
        return self.dimensions.get(key, key)


def spelt(name: str, names: Collection[str]) -> str:
    """``name`` as ``names`` spell it: itself if there, else the one name equal in any letter case,
    else the one name equal also when spaces, ``_`` and ``-`` between words are left aside.

    >>> spelt("duration", ["Started", "Duration"]), spelt("x", ["X", "x "]), spelt("Site", [])
    ('Duration', 'x', 'Site')
    >>> spelt("timestamp", ["Time Stamp", "Branch"]), spelt("queue-wait", ["Queue Wait", "queue_wait"])
    ('Time Stamp', 'queue-wait')

    A name may offer alternatives, ``Call start|Date``, for exports that name one
    column differently (``--columns`` maps one set of names for every source):
    the first that ``names`` has, as above, is taken.

    >>> spelt("Call start|Date", ["date", "Wait"]), spelt("Call start|Date", ["Call Start", "Date"])
    ('date', 'Call Start')
    """
    if name in names:
        return name
    if "|" in name:
        for alternative in filter(None, (part.strip() for part in name.split("|"))):
            if (chosen := spelt(alternative, names)) in names:
                return chosen
        return name
    for same in (_case, _words):
        found = [n for n in names if same(n) == same(name)]
        if found:
            return found[0] if len(found) == 1 else name
    return name


def closest(name: str, names: Collection[str]) -> str | None:
    """``did you mean 'X'?`` for the column of ``names`` most like ``name``, or None when none is.

    >>> closest("id-checked", ["timestamp", "id-checkd"]), closest("wait", ["site"])
    ("did you mean 'id-checkd'?", None)
    """
    import difflib

    spelt_as = {_words(n): n for n in names}
    found = difflib.get_close_matches(_words(name), list(spelt_as), n=1)
    return f"did you mean {spelt_as[found[0]]!r}?" if found else None


def _case(name: str) -> str:
    return name.strip().casefold()


def _words(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name.casefold())


def grouping_keys(by: Iterable[str] | str) -> tuple[str, ...]:
    """The grouping keys of a ``by`` option: a comma-separated text or a sequence, blanks dropped.

    >>> grouping_keys(" site, month ,"), grouping_keys(["hour", " "])
    (('site', 'month'), ('hour',))
    """
    return tuple(k.strip() for k in (by.split(",") if isinstance(by, str) else by) if k.strip())


def _pairs(text: str) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"{part!r}: write ROLE=COLUMN, e.g. value=duration_s")
        mapping[key.strip()] = value.strip()
    return mapping

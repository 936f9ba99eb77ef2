"""A unit finding (BP345) on durations written h:mm but read as m:ss: name the header, not the unit.

A reading of two fields (``1:10``) is a stopwatch's minutes and seconds unless
the column's header says h:mm (:func:`.header_units.header_clock`). Delays a
dealer-management system writes as hours and minutes, under a plain header,
then look sixty times too short, and the unit check stops their standard
saying they "look recorded in days". Setting the metric's unit, as that
finding's fix says, would not help: the readings are converted to whatever
unit the metric has. :func:`advise` adds the likelier cause and its fix when
the column holds such readings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..model.findings import Finding
from ..model.vocabulary import Quantity
from .columns import Columns, spelt
from .duck import View
from .header_units import header_clock

if TYPE_CHECKING:
    from .duck import Engine
    from .specs import Spec

__all__ = ["advise"]

#: a reading of two fields, as h:mm and m:ss both write it
_TWO_FIELDS = r"^[0-9]+:[0-9]{1,2}$"


def advise(
    findings: list[Finding], engine: Engine, opened: Mapping[str, tuple[Any, Columns, str]], specs: list[Spec]
) -> list[Finding]:
    """``findings`` with each unit finding on a column of two-field readings saying they may be h:mm.

    ``opened`` holds each source measured: the table as the engine opened it, the columns as mapped
    for it and its layout (``long`` or ``wide``).
    """
    at = [i for i, f in enumerate(findings) if f.rule == "BP345" and "look recorded in" in f.message]
    if not at:
        return findings
    by_id = {spec.id: spec for spec in specs}
    found = list(findings)
    for i in at:
        spec = by_id.get(found[i].subject or "")
        source = spec.source if spec is not None and spec.quantity is Quantity.DURATION else None
        if spec is None or source is None or source not in opened:
            continue
        shown = _two_fields(engine, *opened[source], spec.metric)
        if shown is None:
            continue
        column, example = shown
        old = found[i]
        found[i] = replace(
            old,
            message=f"{old.message}; or its readings written like {example!r}, read as minutes and "
            "seconds (m:ss), are hours and minutes",
            hint=f"if they are hours and minutes, say so in the column's header: {column + ' (h:mm)'!r}; "
            f"else {old.hint}",
        )
    return found


def _two_fields(
    engine: Engine, source: Any, cols: Columns, layout: str, metric: str
) -> tuple[str, str] | None:
    """The column ``metric`` is read from and its first reading of two fields, if it is text holding one."""
    table = engine.con.table(source.name) if isinstance(source, View) else source
    names = list(table.columns)
    column = spelt(cols.value if layout == "long" else cols.dimensions.get(metric, metric), names)
    if column not in names or not table[column].type().is_string() or header_clock(column):
        return None
    rows = table
    if layout == "long":
        rows = table.filter(table[spelt(cols.metric, names)].cast("string") == metric)
    text = rows[column].strip()
    first = rows.filter(text.re_search(_TWO_FIELDS)).select(v=text).order_by("v").limit(1).execute()["v"]
    return (column, str(first.iloc[0])) if len(first) else None

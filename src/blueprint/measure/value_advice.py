"""Which values were left out as not a number: the finding shows some, so the fix can be found.

``12 of 40 rows left out: not a number`` sends the data owner through the
whole file; ``e.g. '3,8', 'about 2 min'`` says at once what the export
writes. :func:`advise` reads a few distinct values that did not read from
each text column the not-a-number finding (BP342) names, with the same
reading the measurement uses (:func:`.prepare.read_number`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..model.findings import Finding, Location
from ..model.units import UNITS
from ..model.vocabulary import Quantity
from .columns import Columns, spelt
from .duck import View
from .prepare import CODE, NOT_A_NUMBER, read_number
from .source_lines import first_line

if TYPE_CHECKING:
    from .duck import Engine
    from .specs import Spec

__all__ = ["EXAMPLES", "advise"]

#: how many distinct values that did not read are shown, at most
EXAMPLES = 3
#: longer values are cut to this many characters (a pasted paragraph says nothing more)
_LONGEST = 40


def advise(
    findings: list[Finding],
    engine: Engine,
    source_table: Any,
    cols: Columns,
    specs: list[Spec],
    layout: str,
    path: str | None = None,
) -> list[Finding]:
    """``findings`` with the not-a-number finding (BP342) naming values that did not read.

    ``source_table`` is the source as the engine opened it; ``layout`` is
    ``long`` (one value column, a metric column) or ``wide`` (a column per metric).
    ``path``: the source file, where a text file places the finding at the
    first line holding one of those values (:mod:`.source_lines`).
    """
    at = [i for i, f in enumerate(findings) if f.rule == "BP342" and "not a number" in f.message]
    if not at:
        return findings
    table = engine.con.table(source_table.name) if isinstance(source_table, View) else source_table
    names = list(table.columns)
    examples: list[str] = []
    placed: tuple[int, int] | None = None
    for metric, quantity, unit in _metrics(specs):
        column = spelt(cols.value if layout == "long" else cols.dimensions.get(metric, metric), names)
        if column not in names or not table[column].type().is_string():
            continue  # only text holds values that are no number (an infinity aside)
        rows = table
        if layout == "long":
            rows = table.filter(table[spelt(cols.metric, names)].cast("string") == metric)
        per = UNITS.get(unit, (quantity, 1.0))[1] if quantity is Quantity.DURATION else None
        pct = 0.01 / UNITS[unit][1] if quantity is Quantity.PROPORTION and unit in UNITS else None
        import ibis

        reading = read_number(rows[column], quantity is Quantity.BINARY, per=None if per is None
                              else ibis.literal(per), backend=engine.name,
                              pct=None if pct is None else ibis.literal(pct))  # fmt: skip
        bad = rows.filter(reading["_bp_bad"] == CODE[NOT_A_NUMBER])
        found = bad.select(v=bad[column].strip()).distinct().order_by("v").limit(EXAMPLES).execute()["v"]
        examples += [str(v) for v in found if str(v) not in examples]
        if placed is None and path is not None and len(found):
            placed = first_line(path, column, [str(v) for v in found])
        if len(examples) >= EXAMPLES:
            break
    if not examples:
        return findings
    shown = ", ".join(repr(v if len(v) <= _LONGEST else v[: _LONGEST - 1] + "…") for v in examples[:EXAMPLES])
    old = findings[at[0]]
    new = replace(old, message=f"{old.message}, e.g. {shown}")
    if placed is not None and old.location is not None:  # where a CI annotation points, and the fixer starts
        new = replace(new, message=f"{new.message} (first at line {placed[0]})",
                      location=Location(old.location.file, *placed))  # fmt: skip
    return [*findings[: at[0]], new, *findings[at[0] + 1 :]]


def _metrics(specs: list[Spec]) -> list[tuple[str, Quantity, str]]:
    """Each metric of ``specs`` once, with its quantity and the unit its data are in."""
    seen: dict[str, tuple[str, Quantity, str]] = {}
    for spec in specs:
        seen.setdefault(spec.metric, (spec.metric, spec.quantity, spec.data_unit))
    return list(seen.values())

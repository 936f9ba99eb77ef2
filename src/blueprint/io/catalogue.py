"""The standards catalogue: one row per standard, as operations teams pass it around.

:func:`catalogue` builds the table once; the report's appendix and the
``blueprint export --to xlsx|csv|json`` writers all read it. Compliance is an
input (standard id -> :class:`LastCompliance`), computed by whoever measured
the data, so this module needs no measurement engine.

>>> from blueprint.model.examples import tiny_service
>>> rows = catalogue(tiny_service())
>>> rows[0]["standard"], rows[0]["status"]
('checkin-3min', 'draft')
>>> list(rows[0]) == list(COLUMNS)
True
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..escaping import FORMULA_START, inert

if TYPE_CHECKING:
    from ..model.objects import Standard, Training
    from ..model.service import Service

__all__ = [
    "COLUMNS",
    "JSON_VERSION",
    "LastCompliance",
    "catalogue",
    "target_text",
    "to_csv",
    "to_json",
    "to_xlsx",
]

#: version of the JSON layout
JSON_VERSION = 1

#: column name -> heading, in the order every writer uses
COLUMNS: dict[str, str] = {
    "moment": "Moment",
    "factor": "Key factor",
    "standard": "Standard",
    "statement": "Statement",
    "target": "Target",
    "share": "Share required",
    "owner": "Owner",
    "training": "Staff training",
    "measurement": "Measurement",
    "status": "Status",
    "last_period": "Last period",
    "last_compliance": "Last compliance",
    "last_result": "Last result",
}


@dataclass(frozen=True)
class LastCompliance:
    """A standard's most recent measured period: ``2025-12``, 0.963 of cases met, ``pass``."""

    period: str
    share: float | None
    status: str


def catalogue(
    service: Service, compliance: Mapping[str, LastCompliance] | None = None, *, lang: str | None = None
) -> list[dict[str, Any]]:
    """One record per standard, in file order, with the keys of :data:`COLUMNS`.

    ``moment`` and ``factor`` join several titles with ``"; "`` when a
    standard serves more than one factor; a standard on a step (``steps:``)
    names the step in ``factor`` (``step: Buff the shoes``); ``moment`` holds
    the moments it serves (:func:`~blueprint.model.queries.moments_of_standard`:
    its factors' and those its steps feed, but for a misfiled step, BP210). ``status`` is ``agreed`` when
    someone signed the standard off (``agreed_by``), else ``draft``. The
    ``last_*`` fields are empty without ``compliance``.
    """
    from ..model.queries import moments_of_standard

    rows = []
    for standard in service.standards.values():
        factors = [service.factors[f] for f in standard.factors if f in service.factors]
        steps = [service.steps[s] for s in standard.steps if s in service.steps]
        moment_titles = [service.moments[m].title_in(lang) for m in moments_of_standard(service, standard.id)]
        last = (compliance or {}).get(standard.id)
        rows.append(
            {
                "moment": "; ".join(moment_titles),
                "factor": "; ".join(
                    [*(f.title_in(lang) for f in factors), *(f"step: {s.title_in(lang)}" for s in steps)]
                ),
                "standard": standard.id,
                "statement": standard.translations.get(lang, standard.statement)
                if lang
                else standard.statement,
                "target": target_text(standard),
                "share": standard.share,
                "owner": standard.owner or "",
                "training": "; ".join(_training_text(session) for session in standard.training),
                "measurement": _measurement_text(standard),
                "status": "agreed" if standard.agreed_by else "draft",
                "last_period": last.period if last else "",
                "last_compliance": last.share if last else None,
                "last_result": last.status if last else "",
            }
        )
    return rows


def _training_text(session: Training) -> str:
    """``briefing: Shift briefing (2026-10-05)``."""
    text = session.method.value + (f": {session.title}" if session.title else "")
    return f"{text} ({session.date.isoformat()})" if session.date else text


def target_text(standard: Standard) -> str:
    """The target as people read it: ``≤ 3 minutes``, ``≤ 1 minute``, ``true``, ``mean ≥ 4 score``.

    Never starts with ``=``, so a spreadsheet does not take it for a formula.
    """
    from ..model.units import unit_word

    target = standard.target
    value = str(target).lower() if isinstance(target, bool) else f"{target:g}"
    unit = "" if standard.unit in ("boolean", "count") or isinstance(target, bool) else f" {standard.unit}"
    if unit:
        unit = " " + unit_word(target, standard.unit)
    statistic = "" if standard.statistic.value == "each" else f"{standard.statistic.value} "
    sign = _SIGNS[standard.comparator.value]
    return f"{statistic}{sign}{value}{unit}".strip()


_SIGNS = {"<=": "≤ ", "<": "< ", ">=": "≥ ", ">": "> ", "==": ""}


def _measurement_text(standard: Standard) -> str:
    m = standard.measurement
    if m is None:
        return ""
    parts = [m.method.value, m.source or "", m.frequency or ""]
    if m.elsewhere:  # who measures it outside Blueprint: the reader of the catalogue needs to know
        parts.append(f"measured elsewhere: {m.elsewhere}")
    return ", ".join(p for p in parts if p)


def to_csv(rows: list[dict[str, Any]], *, bom: bool = False) -> str:
    """The catalogue as CSV with the column names as header; cells that would start a formula are quoted.

    With ``bom`` the text starts with a byte-order mark, which a spreadsheet
    needs to read a CSV file as UTF-8 (without it Excel shows ``≤`` and
    Chinese titles as mojibake).
    """
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: inert(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def to_json(rows: list[dict[str, Any]], service_id: str | None = None) -> str:
    """The catalogue as a versioned JSON document (values as they are; JSON runs no formulas)."""
    document = {"version": JSON_VERSION, "service": service_id, "columns": list(COLUMNS), "standards": rows}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


_PERCENT_COLUMNS = ("share", "last_compliance")
_WIDTHS = {"statement": 60, "measurement": 40}


def to_xlsx(rows: list[dict[str, Any]], *, title: str = "Standards") -> bytes:
    """The catalogue as an Excel workbook: bold frozen header, a filter on every column.

    Text is always stored as text, never as a formula: a cell starting with
    ``=`` (or ``+ - @``) is written as a string with Excel's quote prefix, so
    it shows as typed and does not run. Characters a workbook cannot hold
    (control codes, which a service file may write as escapes) are left out.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from ..escaping import clean

    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(title)
    names = list(COLUMNS)
    sheet.append(list(COLUMNS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="264653")
        cell.alignment = Alignment(vertical="center")
    for r, row in enumerate(rows, start=2):
        for c, name in enumerate(names, start=1):
            value = row.get(name)
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                value = clean(value)  # control codes a file may hold as escapes: a workbook cannot
                cell.value = value
                cell.data_type = "s"  # never "f": text that looks like a formula stays text
                if value.startswith(FORMULA_START):
                    cell.quotePrefix = True
            else:
                cell.value = value
            if name in _PERCENT_COLUMNS and isinstance(value, float):
                cell.number_format = "0.0%"
            cell.alignment = Alignment(vertical="top", wrap_text=name in _WIDTHS)
    for c, name in enumerate(names, start=1):
        longest = max([_width(COLUMNS[name]), *(_width(_shown(row.get(name))) for row in rows)])
        sheet.column_dimensions[get_column_letter(c)].width = min(longest + 2, _WIDTHS.get(name, 45))
    last = get_column_letter(len(names))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(rows)) + 1}"
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _width(text: str) -> int:
    """How many columns ``text`` takes in a spreadsheet: a Chinese or Japanese character takes two."""
    import unicodedata

    lines = text.splitlines() or [""]
    return max(
        sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line) for line in lines
    )


def _shown(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:.1%}" if isinstance(value, float) else str(value)


def _sheet_title(title: str) -> str:
    """A legal sheet name: at most 31 characters, none of ``[]:*?/\\``, not Excel's own ``History``."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip("' ")[:31].strip("' ")
    if cleaned.casefold() == "history":  # Excel keeps that name for itself and refuses the workbook
        return "history standards"
    return cleaned or "Standards"

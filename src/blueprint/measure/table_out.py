"""The JSON records and CSV lines of outcomes kept as columns, written without a dict per row.

:meth:`.MeasureResult.to_json` writes each result as one line, the way the
JSON encoder writes :meth:`.Outcome.as_row`'s dict; here the parts that are
the same for a spec's rows (its id, metric, target...) and for a group's
(its keys) are encoded once, and each line joins them with the row's own
numbers. Half a million results took longer to turn into dicts and encode
than to measure.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..escaping import inert
from .outcome import STATUSES

if TYPE_CHECKING:
    import numpy as np

    from .outcome_table import OutcomeTable

__all__ = ["csv_fields", "csv_lines", "json_records", "plain", "text_rows"]

#: the fields of a flat record other than the grouping keys
FIELDS = frozenset({
    "kind", "standard", "metric", "source", "status", "observations", "met", "share", "required_share",
    "ci_low", "ci_high", "observed", "quantile", "comparator", "target", "unit", "statistic", "rows",
    "excluded", "excluded_why",
})  # fmt: skip


def plain(table: OutcomeTable) -> bool:
    """Whether no grouping key is named like a field (a record's dict would then differ)."""
    return not any(FIELDS & set(keys) for keys in table.labels)


def json_records(table: OutcomeTable, dumps: Callable[[Any], str], indent: str = "") -> list[str]:
    """Each row as ``dumps`` writes its record (see :func:`plain`), after ``indent``."""
    heads, columns = table.row_columns(arrays=True)
    spec_parts = [
        (
            f'{indent}{{"kind": {dumps(h[0])}, "standard": {dumps(h[1])}',
            f', "metric": {dumps(h[2])}, "source": {dumps(h[3])}, "status": ',
            f', "required_share": {dumps(h[4])}, "ci_low": ',
            f', "quantile": {dumps(h[5])}, "comparator": {dumps(h[6])}, "target": {dumps(h[7])}, '
            f'"unit": {dumps(h[8])}, "statistic": {dumps(h[9])}, "rows": ',
        )
        for h in heads
    ]
    group_parts = [", ".join(f"{dumps(k)}: {dumps(v)}" for k, v in keys.items()) for keys in table.labels]
    group_parts = [f", {part}" if part else "" for part in group_parts]
    statuses = [dumps(s) for s in STATUSES]
    spec, group, status, n, met, share, low, high, seen, rows, out, why = columns
    share, low, high, seen = (_numbers(c, dumps) for c in (share, low, high, seen))
    reasons = [dumps(w) if w else '""' for w in why]
    lines = []
    for s, g, st, n_, met_, sh, lo, hi, ob, rw, ex, wy in zip(
        spec, group, status, n, met, share, low, high, seen, rows, out, reasons, strict=True
    ):
        a, b, c, d = spec_parts[s]
        lines.append(
            f'{a}{group_parts[g] if g >= 0 else ""}{b}{statuses[st]}, "observations": {n_}, "met": {met_}, '
            f'"share": {sh}{c}{lo}, "ci_high": {hi}, "observed": {ob}{d}{rw}, "excluded": {ex}, '
            f'"excluded_why": {wy}}}'
        )
    return lines


def csv_lines(table: OutcomeTable, by: tuple[str, ...]) -> list[str]:
    """Each row as :mod:`csv` writes it (``kind``, ``standard``, the keys in ``by``, ...), no newline.

    A field is quoted as the csv module quotes it; numbers never need it, and
    what repeats (a spec's fields, a group's keys) is written once.
    """
    heads, columns = table.row_columns(arrays=True)
    # Text from the user's files (the source's name, the groups' keys) that a spreadsheet would run as
    # a formula is kept text; the comparator (==) is Blueprint's own word and stays as it is.
    spec_parts = [
        (csv_fields(h[:2]), csv_fields([h[2], inert(h[3])]), csv_fields(h[4:5]), csv_fields(h[5:10]))
        for h in heads
    ]
    keys = [f",{csv_fields([inert(k.get(name, '')) for name in by])}" if by else "" for k in table.labels]
    blank = f",{csv_fields([''] * len(by))}" if by else ""
    spec, group, status, n, met, share, low, high, seen, rows, out, why = columns
    share, low, high, seen = (_numbers(c, repr, "") for c in (share, low, high, seen))
    reasons = [csv_fields([w]) if w else "" for w in why]
    lines = []
    for s, g, st, n_, met_, sh, lo, hi, ob, rw, ex, wy in zip(
        spec, group, status, n, met, share, low, high, seen, rows, out, reasons, strict=True
    ):
        a, b, r, q = spec_parts[s]
        lines.append(
            f"{a}{keys[g] if g >= 0 else blank},{b},{STATUSES[st]},{n_},{met_},{sh},{r},{lo},{hi},{ob},{q},"
            f"{rw},{ex},{wy}"
        )
    return lines


def csv_fields(values: Any) -> str:
    """``values`` as one line of :mod:`csv` fields (an empty or None field written as nothing)."""
    import csv
    import io

    out = io.StringIO()
    # The csv module quotes a field holding a character of the line terminator: with CRLF, a field
    # with a line break or carriage return (a site name from the data) is quoted, as it must be.
    csv.writer(out, lineterminator="\r\n").writerow(["" if v is None else v for v in values])
    text = out.getvalue()[:-2]
    return "" if text == '""' and len(values) == 1 else text


def text_rows(table: OutcomeTable, by: tuple[str, ...]) -> tuple[list[list[str]], list[str]]:
    """The terminal table's rows of the measured outcomes, and the names of those with no data."""
    from ..model.units import unit_word

    heads, columns = table.row_columns()
    shown = []
    for s, h in zip(table.specs, heads, strict=True):
        target = str(h[7]).lower() if isinstance(h[7], bool) else f"{h[7]:g}"
        unit = "" if s.unit in ("count", "score", "boolean") else f" {unit_word(h[7], s.unit)}"
        required = f"{s.required * 100:g}%" if s.required is not None else s.statistic.value
        name = s.id if s.kind == "standard" else f"{s.id} (promise)"
        shown.append((name, required, f"{h[6]} {target}{unit}"))
    keys = [[str(k.get(name, "")) for name in by] for k in table.labels]
    named = [
        f" ({', '.join(f'{k} {v}' for k, v in keys_.items())})" if keys_ else "" for keys_ in table.labels
    ]
    blank = [""] * len(by)
    no_data = STATUSES.index("no data")
    body, missing = [], []
    for s, g, status, n, _, share, low, high, seen, rows, left, why in zip(*columns, strict=True):
        if status == no_data:
            where = named[g] if g >= 0 else ""
            if rows and rows == left and why == f"{left} summary row":  # a group a totals row alone makes
                where = f"{where[:-1]}: {why} left out)" if where else f" ({why} left out)"
            missing.append(table.specs[s].id + where)
            continue
        name, required, target = shown[s]
        body.append([
            name, *(keys[g] if g >= 0 else blank), STATUSES[status], f"{n:,}",
            f"{share * 100:.1f}%" if share is not None else "-", required,
            f"{low * 100:.1f}-{high * 100:.1f}%" if low is not None and high is not None else "-",
            f"{seen:.4g}" if isinstance(seen, float) else "-", target,
        ])  # fmt: skip
    return body, missing


def _numbers(values: np.ndarray, dumps: Callable[[Any], str], null: str = "null") -> list[str]:
    """Numbers as JSON writes them: a float's repr, ``null`` for NaN (None), ``dumps`` for infinities.

    Each distinct number is written once: shares and bounds repeat across groups.
    """
    import numpy as np

    known = ~np.isnan(values)
    if np.any((values == 0) & np.signbit(values)):  # -0.0 sorts as 0.0: write each on its own
        return [null if v != v else repr(v) if math.isfinite(v) else dumps(v) for v in values.tolist()]
    distinct, inverse = np.unique(values[known], return_inverse=True)
    texts = np.array(
        [repr(v) if math.isfinite(v) else dumps(v) for v in distinct.tolist()] or [""], dtype=object
    )
    out = np.full(len(values), null, dtype=object)
    out[known] = texts[inverse.reshape(-1)] if len(distinct) else out[known]
    return list(out.tolist())

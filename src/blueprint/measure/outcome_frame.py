"""A measurement's outcomes as a pandas DataFrame, built from their columns.

:meth:`.MeasureResult.frame` used to build a dict per outcome and let pandas
gather them; with half a million outcomes that cost more than the query.
Here each column is handed to pandas whole, as the list or array pandas
would have made of the records: the same columns in the same order, with the
same types and the same missing values (``NaN`` where a record had no key,
``None`` kept where a column holds nothing else).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .outcome import STATUSES

if TYPE_CHECKING:
    import numpy as np

    from .outcome_table import OutcomeTable

__all__ = ["outcome_frame"]

#: the record's fields after the grouping keys, in :meth:`.OutcomeTable.rows_of`'s order
_AFTER = (
    "metric", "source", "status", "observations", "met", "share", "required_share", "ci_low", "ci_high",
    "observed", "quantile", "comparator", "target", "unit", "statistic", "rows", "excluded", "excluded_why",
)  # fmt: skip
#: the fields every spec gives all its rows: where each is in a head of :meth:`.OutcomeTable.row_columns`
_HEAD = {"kind": 0, "standard": 1, "metric": 2, "source": 3, "required_share": 4, "quantile": 5,
         "comparator": 6, "target": 7, "unit": 8, "statistic": 9}  # fmt: skip


def outcome_frame(table: OutcomeTable, kind: str | None = None) -> Any:
    """The outcomes of ``table`` (those of ``kind`` when given) as :meth:`.MeasureResult.frame` shows them.

    The table must still be column-wise (:attr:`.OutcomeTable.columnar`); None when
    it holds no outcome of ``kind``.
    """
    import numpy as np
    import pandas as pd

    heads, (spec, group, status, n, met, share, low, high, seen, read, out, why) = table.row_columns(
        arrays=True
    )
    spec, group = np.asarray(spec, np.int64), np.asarray(group, np.int64)
    at = np.arange(len(spec))
    if kind is not None:
        of_kind = np.array([h[0] == kind for h in heads] or [False])
        at = np.flatnonzero(of_kind[spec])
    if not len(at):
        return None
    spec, group = spec[at], group[at]
    whole: dict[str, Any] = {}
    for name, index in _HEAD.items():
        whole[name] = _object_array([h[index] for h in heads])[spec].tolist()
    whole.update({
        "status": np.asarray(status, np.int64)[at], "observations": np.asarray(n, np.int64)[at],
        "met": np.asarray(met, np.int64)[at], "share": _floats(share[at]), "ci_low": _floats(low[at]),
        "ci_high": _floats(high[at]), "observed": _floats(seen[at]), "rows": np.asarray(read, np.int64)[at],
        "excluded": np.asarray(out, np.int64)[at], "excluded_why": _object_array(why)[at].tolist(),
    })  # fmt: skip
    whole["status"] = _object_array(list(STATUSES))[whole["status"]].tolist()
    keys = _key_order(table.labels, group)
    for key in keys:
        values = _object_array([label.get(key, float("nan")) for label in table.labels] + [float("nan")])
        whole[key] = values[np.where(group >= 0, group, len(table.labels))].tolist()
    first = table.labels[group[0]] if group[0] >= 0 else {}
    order = [
        "kind",
        "standard",
        *[k for k in keys if k in first],
        *_AFTER,
        *[k for k in keys if k not in first],
    ]
    frame = pd.DataFrame({name: whole[name] for name in order})
    frame["status"] = pd.Categorical(frame["status"], categories=list(STATUSES))
    return frame


def _key_order(labels: list[Any], group: np.ndarray) -> list[str]:
    """The grouping keys in the order the rows first show them."""
    import numpy as np

    used, first = np.unique(group[group >= 0], return_index=True)
    keys: dict[str, None] = {}
    for g in used[np.argsort(first)].tolist():
        keys.update(dict.fromkeys(labels[g]))
    return list(keys)


def _floats(values: np.ndarray) -> Any:
    """A float column as pandas makes it of records: NaN for None, unless nothing else is there."""
    import numpy as np

    missing = np.isnan(values)
    if missing.all():
        return [None] * len(values)
    return values.astype(np.float64)


def _object_array(values: list[Any]) -> np.ndarray:
    import numpy as np

    kept = np.empty(len(values), dtype=object)
    kept[:] = values
    return kept

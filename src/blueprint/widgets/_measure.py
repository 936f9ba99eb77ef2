"""Gap 3 for the widgets: run the measurement once, then re-measure one standard for a what-if.

The numbers all come from :func:`blueprint.measure.measure`. A what-if
counts a standard's cases again for the new target from its usable
observations, read once (:mod:`blueprint.measure.whatif`), so moving a slider
costs no query; where they cannot be read, it measures a one-standard copy of
the service with the new target, on a DuckDB connection kept open with the
data already registered.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..measure.outcome import Outcome
    from ..measure.result import MeasureResult
    from ..model.service import Service

__all__ = [
    "STATUS_TONE",
    "Compliance",
    "cycle_verdicts",
    "measured",
    "moment_shares",
    "standard_status",
    "status_labels",
]

#: measurement status -> badge tone
STATUS_TONE = {"pass": "good", "fail": "bad", "too few": "warn", "no data": "muted", "implausible": "warn"}
NOT_YET = "Gap 3 (compliance with operational data) is not available in this version of Blueprint."


class Compliance:
    """The measurement of a service on ``data`` (a folder, or source name -> table), with what-ifs."""

    def __init__(self, service: Service, data: Any) -> None:
        from ..measure import measure
        from ..measure.ibis_queries import connect

        self.service = service
        self._measure = measure
        self.con = connect()
        self.folder, self.tables = _split(data)
        self.tables = {name: self._register(name, table) for name, table in self.tables.items()}
        self.result: MeasureResult = measure(service, **self._where())
        #: the ungrouped outcome of each standard, as measured against its written target
        self.baseline: dict[str, Outcome] = {
            o.standard: o for o in self.result.outcomes if o.kind == "standard"
        }
        #: each standard's usable observations, read at its first what-if (None: measure instead)
        self._values: dict[str, list[tuple[float, int]] | None] = {}

    def _where(self) -> dict[str, Any]:
        return {"data": self.folder, "tables": self.tables, "backend": self.con}

    def _register(self, name: str, table: Any) -> Any:
        # A DataFrame registered once is scanned in place by every later query.
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - pandas is a dependency
            return table
        if isinstance(table, pd.DataFrame):
            return self.con.create_table(f"bp_{len(self.tables)}_{abs(hash(name))}", table)
        return table

    def grouped(self, by: tuple[str, ...]) -> MeasureResult:
        """The standards measured again by ``by`` (``("site",)``) at their written targets."""
        return self._measure(self.service, by=by, promises=False, **self._where())

    def what_if(self, standard_id: str, target: float | bool) -> Outcome:
        """The standard measured again with ``target`` instead of its written one.

        The first what-if of a standard reads its usable observations; later
        ones count the cases again from those, without a query.
        """
        from ..measure.whatif import retarget, usable_values
        from ..model.service import Service

        if standard_id not in self._values:
            self._values[standard_id] = usable_values(self.service, standard_id, **self._where())
        values, baseline = self._values[standard_id], self.baseline.get(standard_id)
        if values is not None and baseline is not None and sum(n for _, n in values) == baseline.observations:
            return retarget(self.service, baseline, values, target, self.result.options)
        standard = self.service.standards[standard_id].model_copy(update={"target": target})
        metric = self.service.metrics.get(standard.metric)
        trial = Service(self.service.info, metrics=[metric] if metric else [], standards=[standard],
                        source=self.service.source)  # fmt: skip
        result = self._measure(trial, promises=False, **self._where())
        found = [o for o in result.outcomes if o.kind == "standard"]
        return found[0] if found else self.baseline[standard_id]


def standard_status(service: Service, data: Any) -> tuple[dict[str, tuple[str, str]] | None, str | None]:
    """``(label and tone per standard, note)`` for the Explorer; both None without data."""
    compliance, note = measured(service, data)
    if compliance is None:
        return (None, None) if note is None else ({}, note)
    return status_labels(compliance), None


def measured(service: Service, data: Any) -> tuple[Compliance | None, str | None]:
    """The measurement of ``service`` on ``data``, or None and why not (None, None without data)."""
    if data is None:
        return None, None
    if isinstance(data, Compliance):
        return data, None
    try:
        return Compliance(service, data), None
    except ImportError:
        return None, NOT_YET
    except Exception as exc:  # bad data is reported by the measurement; never break the panel
        return None, f"Gap 3 could not be measured: {type(exc).__name__}: {exc}"


def status_labels(compliance: Compliance) -> dict[str, tuple[str, str]]:
    """``pass 97%`` (and a tone) per standard, from the ungrouped measurement."""
    status = {}
    for standard_id, outcome in compliance.baseline.items():
        label = outcome.status if outcome.share is None else f"{outcome.status} {outcome.share:.0%}"
        status[standard_id] = (label, STATUS_TONE.get(outcome.status, "plain"))
    return status


def moment_shares(service: Service, compliance: Compliance) -> dict[str, float]:
    """Per moment, the lowest share of cases meeting one of its standards (moments with data only)."""
    from ..measure.outcome import moment_shares as lowest_per_moment

    shares = {sid: o.share for sid, o in compliance.baseline.items() if o.share is not None}
    return lowest_per_moment(service, shares)


def cycle_verdicts(service: Service, compliance: Compliance) -> dict[str, Any]:
    """Options for the cycle view: each moment coloured by its standards' verdict, the share written."""
    from ..render.status import moment_verdicts, verdict_text
    from ..render.theme import VERDICT

    per_standard = {
        standard_id: (o.status, o.share if o.required is not None else None)
        for standard_id, o in compliance.baseline.items()
    }
    moments = moment_verdicts(service, per_standard)
    return {
        "status": {m: verdict for m, (verdict, _) in moments.items()},
        "colors": VERDICT,
        "legend": "Verdict on the moment's standards",
        "notes": {m: verdict_text(*v) for m, v in moments.items() if v[0] != "no standard"},
    }


def _split(data: Any) -> tuple[str | None, dict[str, Any]]:
    """A folder of source files, or a mapping of source names to tables."""
    if data is None:
        return None, {}
    if isinstance(data, (str, os.PathLike)):
        folder = Path(data)
        if not folder.is_dir():
            raise ValueError(f"{folder}: not a folder of operational data")
        return str(folder), {}
    if isinstance(data, Mapping):
        return None, dict(data)
    raise TypeError("data must be a folder of operational data or a mapping {source: table}")

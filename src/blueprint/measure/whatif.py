"""A standard held against another target without measuring again: what a slider needs.

Only the count of cases meeting the target depends on the target; which
observations are usable, how many there are and the observed percentile do
not. :func:`usable_values` reads a standard's usable observations once, as
value and count; :func:`retarget` then counts the cases for any target and
judges the outcome with the same :func:`~.verdicts.finish` as a measurement,
so both give the same numbers (``tests/test_measure_whatif.py`` holds them
to it).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import duck
from .columns import Columns
from .copies import counted_view
from .ibis_queries import usable_values as usable_values_query
from .prepare import prepare
from .source_lookup import Place, open_source
from .specs import spec_for_standard
from .summary_rows import looked_for, text_export
from .verdicts import finish

if TYPE_CHECKING:
    from ..model.service import Service
    from .outcome import Outcome

__all__ = ["retarget", "usable_values"]


def usable_values(
    service: Service,
    standard_id: str,
    *,
    data: str | os.PathLike[str] | None = None,
    tables: Mapping[str, Any] | None = None,
    backend: Any = None,
    duplicates: bool = True,
    allow_outside: bool = False,
    root: str | os.PathLike[str] | None = None,
) -> list[tuple[float, int]] | None:
    """``(value, observations)`` pairs of the standard's usable observations, in the data unit.

    None when the standard is not measured from a source, or the source
    cannot be read: the caller then measures as usual, which reports why.
    The arguments mean what they mean for :func:`~.run.measure`.
    """
    spec = spec_for_standard(service, service.standards[standard_id])
    if spec is None or spec.source is None:
        return None
    engine = duck.Engine(backend)
    place = Place(service, data, root, allow_outside)
    try:
        table, issue, where = open_source(engine, spec.source, place, tables or {})
        if issue is not None:
            return None
        counted, ticks = None, {}
        summaries = looked_for(where, table.files if isinstance(table, duck.View) else ())
        if isinstance(table, duck.View):
            ticks = dict(table.durations)
            counted = counted_view(engine.duck, table, Columns()) if duplicates else None
            table = engine.con.table((counted or table).name)
        metrics = {spec.metric: spec.quantity}
        prepared, _ = prepare(
            table, Columns(), (), metrics, duplicates=duplicates, counted=counted is not None,
            units={spec.metric: spec.data_unit}, backend=engine.name, ticks=ticks,
            summaries=summaries, text=text_export(where),
        )  # fmt: skip
        if prepared is None:
            return None
        found = engine.con.to_pyarrow(usable_values_query(prepared, spec))
    except Exception:  # the measurement reports a source that breaks; here it only means "not fast"
        return None
    return list(zip(found.column("_bp_x").to_pylist(), found.column("n").to_pylist(), strict=True))


def retarget(
    service: Service,
    outcome: Outcome,
    values: list[tuple[float, int]],
    target: float | bool,
    options: Mapping[str, Any],
) -> Outcome:
    """``outcome`` (a standard, ungrouped) as it would be with ``target``, judged as measured.

    ``values`` come from :func:`usable_values`; ``options`` are the measurement's
    (:attr:`~.result.MeasureResult.options`).
    """
    from ..model.service import Service

    standard = service.standards[outcome.standard].model_copy(update={"target": target})
    metric = service.metrics[standard.metric]
    trial = Service(service.info, metrics=[metric], standards=[standard], source=service.source)
    spec = spec_for_standard(trial, standard)
    assert spec is not None  # the metric is in the trial service
    moved = dataclasses.replace(
        outcome,
        keys=dict(outcome.keys),
        excluded=dict(outcome.excluded),
        target=spec.shown_target,
        met=sum(n for value, n in values if spec.meets(value)),
        share=None,
        ci_low=None,
        ci_high=None,
    )
    finish(trial, [moved], [spec], options["min_observations"], options["confidence"],
           options["scale_check"], {})  # fmt: skip
    return moved

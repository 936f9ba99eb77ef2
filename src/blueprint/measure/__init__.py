"""Measurement: data in, numbers out (compliance of operational data with the standards).

Operational data is measured with :func:`measure`: every standard's
``measurement.source`` is read (CSV, Parquet, a DataFrame or a warehouse
table), each standard is compiled into an aggregate Ibis expression and run
on DuckDB (or any Ibis backend), and the result holds per standard and group
the observations, the share meeting the target, the required share, the
observed percentile, a Wilson interval and a status. Survey analysis lives in
:mod:`blueprint.survey`.

Names are imported on first use, so ``import blueprint.measure`` loads
neither Ibis nor pandas.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "CODES",
    "Columns",
    "MeasureResult",
    "Outcome",
    "example_data",
    "measure",
    "resolve_source",
    "whole_period_compliance",
]

_LAZY = {
    "CODES": "codes",
    "Columns": "columns",
    "MeasureResult": "result",
    "Outcome": "outcome",
    "measure": "run",
    "resolve_source": "paths",
    "whole_period_compliance": "run",
}


def __getattr__(name: str) -> Any:
    if name == "example_data":
        return import_module(f"{__name__}.example_data")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)

"""Deprecated: the Ibis queries of a measurement are :mod:`blueprint.measure.ibis_queries`.

This path keeps working for one release and warns when imported.
"""

import warnings

from .ibis_queries import (
    INLINE_SPECS,
    QUERY_LAYOUT,
    REASONS,
    SPEC_SCHEMA,
    Measured,
    Ran,
    aggregate,
    collect,
    connect,
    quantiles,
    run,
    spec_columns,
    usable_values,
)

__all__ = [
    "INLINE_SPECS", "QUERY_LAYOUT", "REASONS", "SPEC_SCHEMA", "Measured", "Ran", "aggregate", "collect",
    "connect", "quantiles", "run", "spec_columns", "usable_values",
]  # fmt: skip

warnings.warn(
    "blueprint.measure.engine is deprecated: import from blueprint.measure.ibis_queries",
    DeprecationWarning,
    stacklevel=2,
)

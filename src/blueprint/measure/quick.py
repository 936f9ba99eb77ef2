"""Deprecated: see :mod:`blueprint.measure.duck` (the DuckDB engine) and :mod:`.query_cache` (kept queries).

This path keeps working for one release and warns when imported.
"""

import warnings

from .duck import ISO_TIME, LOAD_BELOW, Engine, View, memory_size, open_view, size_in_bytes
from .query_cache import ARROW_ABOVE, cache_folder, key, lookup, remember
from .spec_table import SPEC_TABLE, fetch, make_spec_table

__all__ = [
    "ARROW_ABOVE", "ISO_TIME", "LOAD_BELOW", "SPEC_TABLE", "Engine", "View", "cache_folder", "fetch", "key",
    "lookup", "make_spec_table", "memory_size", "open_view", "remember", "size_in_bytes",
]  # fmt: skip

warnings.warn(
    "blueprint.measure.quick is deprecated: import the DuckDB engine from blueprint.measure.duck "
    "and the kept query from blueprint.measure.query_cache",
    DeprecationWarning,
    stacklevel=2,
)

"""Deprecated: moved to :mod:`blueprint.measure.source_lookup` (finding and opening a data source).

This path keeps working for one release and warns when imported.
"""

import warnings

from .source_lookup import Place, open_file_source, open_source, shown_path

__all__ = ["Place", "open_file_source", "open_source", "shown_path"]

warnings.warn(
    "blueprint.measure.locate is deprecated: import from blueprint.measure.source_lookup",
    DeprecationWarning,
    stacklevel=2,
)

"""Deprecated: moved to :mod:`blueprint.io.text_positions` (where a record is written, from the text).

This path keeps working for one release and warns when imported.
"""

import warnings

from .text_positions import TextLocator

__all__ = ["TextLocator"]

warnings.warn(
    "blueprint.io.textlocate is deprecated: import from blueprint.io.text_positions",
    DeprecationWarning,
    stacklevel=2,
)

"""Deprecated: moved to :mod:`blueprint.checks.numbers` (the numbers a standard's statement states).

This path keeps working for one release and warns when imported.
"""

import warnings

from .numbers import Mention, mentions, simplified, speaks_of_average

__all__ = ["Mention", "mentions", "simplified", "speaks_of_average"]

warnings.warn(
    "blueprint.checks.figures is deprecated: import from blueprint.checks.numbers",
    DeprecationWarning,
    stacklevel=2,
)

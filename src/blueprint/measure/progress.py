"""Deprecated: moved to :mod:`blueprint.progress` (progress bars of long work: measurement, survey, report).

This path keeps working for one release and warns when imported.
"""

import warnings

from ..progress import AFTER, wanted, watching

__all__ = ["AFTER", "wanted", "watching"]

warnings.warn(
    "blueprint.measure.progress is deprecated: import from blueprint.progress",
    DeprecationWarning,
    stacklevel=2,
)

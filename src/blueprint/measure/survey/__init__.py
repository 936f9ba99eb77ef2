"""Deprecated: customer surveys moved to :mod:`blueprint.survey`; this path goes in the next release."""

import warnings

from blueprint.survey import *  # noqa: F403
from blueprint.survey import __all__ as __all__

warnings.warn(
    "blueprint.measure.survey is deprecated: import from blueprint.survey instead",
    DeprecationWarning,
    stacklevel=2,
)

"""Deprecated: moved to :mod:`blueprint.survey.importance`; this path goes in the next release."""

import warnings

from blueprint.survey.importance import *  # noqa: F403
from blueprint.survey.importance import __all__ as __all__

warnings.warn(
    "blueprint.measure.survey.importance is deprecated: import from blueprint.survey.importance instead",
    DeprecationWarning,
    stacklevel=2,
)

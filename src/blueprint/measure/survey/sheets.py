"""Deprecated: moved to :mod:`blueprint.survey.sheets`; this path goes in the next release."""

import warnings

from blueprint.survey.sheets import *  # noqa: F403
from blueprint.survey.sheets import __all__ as __all__

warnings.warn(
    "blueprint.measure.survey.sheets is deprecated: import from blueprint.survey.sheets instead",
    DeprecationWarning,
    stacklevel=2,
)

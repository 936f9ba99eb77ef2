"""Deprecated: moved to :mod:`blueprint.survey.kano`; this path goes in the next release."""

import warnings

from blueprint.survey.kano import *  # noqa: F403
from blueprint.survey.kano import __all__ as __all__

warnings.warn(
    "blueprint.measure.survey.kano is deprecated: import from blueprint.survey.kano instead",
    DeprecationWarning,
    stacklevel=2,
)

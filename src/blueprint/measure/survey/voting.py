"""Deprecated: moved to :mod:`blueprint.workshop.votes`; this path goes in the next release."""

import warnings

from blueprint.workshop.votes import *  # noqa: F403
from blueprint.workshop.votes import __all__ as __all__

warnings.warn(
    "blueprint.measure.survey.voting is deprecated: import from blueprint.workshop.votes instead",
    DeprecationWarning,
    stacklevel=2,
)

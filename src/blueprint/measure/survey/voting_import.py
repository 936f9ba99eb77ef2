"""Deprecated: moved to :mod:`blueprint.workshop.vote_import`; this path goes in the next release."""

import warnings

from blueprint.workshop.vote_import import *  # noqa: F403
from blueprint.workshop.vote_import import __all__ as __all__

warnings.warn(
    "blueprint.measure.survey.voting_import is deprecated: "
    "import from blueprint.workshop.vote_import instead",
    DeprecationWarning,
    stacklevel=2,
)

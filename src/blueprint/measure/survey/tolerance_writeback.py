"""Deprecated: moved to :mod:`blueprint.survey.tolerance_writeback`; this path goes in the next release."""

import warnings

from blueprint.survey.tolerance_writeback import *  # noqa: F403
from blueprint.survey.tolerance_writeback import __all__ as __all__

warnings.warn(
    "blueprint.measure.survey.tolerance_writeback is deprecated: "
    "import from blueprint.survey.tolerance_writeback instead",
    DeprecationWarning,
    stacklevel=2,
)

"""Deprecated: moved to :mod:`blueprint.survey.example_data`; this path goes in the next release."""

import warnings

from blueprint.survey.example_data import *  # noqa: F403
from blueprint.survey.example_data import __all__ as __all__

warnings.warn(
    "blueprint.measure.survey.example_data is deprecated: import from blueprint.survey.example_data instead",
    DeprecationWarning,
    stacklevel=2,
)

if __name__ == "__main__":
    main()  # noqa: F405

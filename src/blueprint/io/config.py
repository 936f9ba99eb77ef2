"""Deprecated: moved to :mod:`blueprint.io.project_config` (the lint settings in pyproject.toml).

This path keeps working for one release and warns when imported.
"""

import warnings

from .project_config import ConfigError, find_config, load_config

__all__ = ["ConfigError", "find_config", "load_config"]

warnings.warn(
    "blueprint.io.config is deprecated: import from blueprint.io.project_config",
    DeprecationWarning,
    stacklevel=2,
)

"""Deprecated: moved to :mod:`blueprint.checks.lint_config` (the lint's settings as plain data).

This path keeps working for one release and warns when imported.
"""

import warnings

from .lint_config import RULE_IDS, THRESHOLDS, LintConfig

__all__ = ["RULE_IDS", "THRESHOLDS", "LintConfig"]

warnings.warn(
    "blueprint.checks.config is deprecated: import from blueprint.checks.lint_config",
    DeprecationWarning,
    stacklevel=2,
)

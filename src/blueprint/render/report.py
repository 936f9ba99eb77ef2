"""Deprecated: moved to :mod:`blueprint.report.layout`.

This path keeps working for one release and warns when imported.
"""

import warnings

from ..report.layout import report_html

__all__ = ["report_html"]

warnings.warn(
    "blueprint.render.report is deprecated: import from blueprint.report.layout",
    DeprecationWarning,
    stacklevel=2,
)

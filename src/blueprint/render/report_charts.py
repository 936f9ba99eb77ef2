"""Deprecated: moved to :mod:`blueprint.report.charts`.

This path keeps working for one release and warns when imported.
"""

import warnings

from ..report.charts import servqual_chart, tolerance_chart

__all__ = ["servqual_chart", "tolerance_chart"]

warnings.warn(
    "blueprint.render.report_charts is deprecated: import from blueprint.report.charts",
    DeprecationWarning,
    stacklevel=2,
)

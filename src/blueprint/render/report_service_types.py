"""Deprecated: moved to :mod:`blueprint.report.service_types`.

This path keeps working for one release and warns when imported.
"""

import warnings

from ..report.service_types import service_type_part, service_type_rows, unknown_reason

__all__ = ["service_type_part", "service_type_rows", "unknown_reason"]

warnings.warn(
    "blueprint.render.report_service_types is deprecated: import from blueprint.report.service_types",
    DeprecationWarning,
    stacklevel=2,
)

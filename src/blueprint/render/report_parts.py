"""Deprecated: moved to :mod:`blueprint.report.parts`.

This path keeps working for one release and warns when imported.
"""

import warnings

from ..report.parts import (
    GAP_NAMES,
    catalogue_table,
    client_hint,
    compliance_tables,
    findings_table,
    gap_table,
    percent,
    table,
    worst_groups,
)

__all__ = [
    "GAP_NAMES",
    "catalogue_table",
    "client_hint",
    "compliance_tables",
    "findings_table",
    "gap_table",
    "percent",
    "table",
    "worst_groups",
]

warnings.warn(
    "blueprint.render.report_parts is deprecated: import from blueprint.report.parts",
    DeprecationWarning,
    stacklevel=2,
)

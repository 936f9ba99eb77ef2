"""Deprecated: moved to :mod:`blueprint.report.pipeline` (the HTML report's pipeline).

This path keeps working for one release and warns when imported.
"""

import warnings

from .report.pipeline import (
    SURVEY_KINDS,
    ReportInputs,
    build_report,
    catalogue_compliance,
    gather,
    last_compliance,
    read_survey_exports,
    read_surveys,
    report_page,
)

__all__ = [
    "SURVEY_KINDS",
    "ReportInputs",
    "build_report",
    "catalogue_compliance",
    "gather",
    "last_compliance",
    "read_survey_exports",
    "read_surveys",
    "report_page",
]

warnings.warn(
    "blueprint.reporting is deprecated: import from blueprint.report.pipeline",
    DeprecationWarning,
    stacklevel=2,
)

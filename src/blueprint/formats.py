"""Deprecated: moved to :mod:`blueprint.findings_output` (findings as text, JSON, JUnit, SARIF, GitHub).

This path keeps working for one release and warns when imported.
"""

import warnings

from .findings_output import (
    FORMATS,
    JSON_VERSION,
    Results,
    github_report,
    json_report,
    junit_report,
    report,
    sarif_report,
    text_report,
    use_colour,
)

__all__ = [
    "FORMATS",
    "JSON_VERSION",
    "Results",
    "github_report",
    "json_report",
    "junit_report",
    "report",
    "sarif_report",
    "text_report",
    "use_colour",
]

warnings.warn(
    "blueprint.formats is deprecated: import from blueprint.findings_output",
    DeprecationWarning,
    stacklevel=2,
)

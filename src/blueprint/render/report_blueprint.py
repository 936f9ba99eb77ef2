"""Deprecated: moved to :mod:`blueprint.report.blueprint_section`.

This path keeps working for one release and warns when imported.
"""

import warnings

from ..report.blueprint_section import MIN_PRINT_PT, PAGES, Part, blueprint_parts, parts_html, print_fit

__all__ = ["MIN_PRINT_PT", "PAGES", "Part", "blueprint_parts", "parts_html", "print_fit"]

warnings.warn(
    "blueprint.render.report_blueprint is deprecated: import from blueprint.report.blueprint_section",
    DeprecationWarning,
    stacklevel=2,
)

"""Deprecated: moved to :mod:`blueprint.escaping` (the one module that escapes user text).

This path keeps working for one release and warns when imported.
"""

import warnings

from ..escaping import clean, error_html, escape_attr, escape_text

__all__ = ["clean", "error_html", "escape_attr", "escape_text"]

warnings.warn(
    "blueprint.render.markup is deprecated: import from blueprint.escaping instead",
    DeprecationWarning,
    stacklevel=2,
)

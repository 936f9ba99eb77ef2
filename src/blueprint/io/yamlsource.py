"""Deprecated: the two YAML parsers are :mod:`blueprint.io.yaml_located` and :mod:`blueprint.io.yaml_fast`.

This path keeps working for one release and warns when imported; ``LIMITS``
here is the same dict as ``blueprint.io.yaml_located.LIMITS``.
"""

from __future__ import annotations

import warnings

from .yaml_fast import parse_fast
from .yaml_located import LIMITS, Mapping, Sequence, Span, YamlProblem, parse, span_at, too_large

__all__ = [
    "LIMITS",
    "Mapping",
    "Sequence",
    "Span",
    "YamlProblem",
    "parse",
    "parse_fast",
    "span_at",
    "too_large",
]

warnings.warn(
    "blueprint.io.yamlsource is deprecated: import from blueprint.io.yaml_located (or yaml_fast) instead",
    DeprecationWarning,
    stacklevel=2,
)

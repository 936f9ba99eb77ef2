"""Reading YAML text: the careful, located parser and the fast one, under one name.

The two parsers live in :mod:`blueprint.io.yaml_located` and
:mod:`blueprint.io.yaml_fast`; this module keeps the names they had when they
were one, and is where :data:`LIMITS` is documented for users (docs/limits.md):
it is the same dict, so changing it here changes it for both.
"""

from __future__ import annotations

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

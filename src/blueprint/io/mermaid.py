"""Deprecated: moved to :mod:`blueprint.io.mermaid_read` (reading a Mermaid journey).

This path keeps working for one release and warns when imported.
"""

import warnings

from .mermaid_read import (
    EMOTION_COMMENT,
    emotion_to_score,
    read_journey,
    score_to_emotion,
    service_yaml,
    write_service_yaml,
)

__all__ = [
    "EMOTION_COMMENT",
    "emotion_to_score",
    "read_journey",
    "score_to_emotion",
    "service_yaml",
    "write_service_yaml",
]

warnings.warn(
    "blueprint.io.mermaid is deprecated: import from blueprint.io.mermaid_read",
    DeprecationWarning,
    stacklevel=2,
)

"""Gap-3 status of each standard from operational data, for the widgets' tables.

The measurement layer decides; this module only turns its results into short
labels and tones. Until the measurement API is available, it says so rather
than guessing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["standard_status"]

NOT_YET = "Gap 3 (compliance with operational data) is not available yet in this version of Blueprint."


def standard_status(service: Service, data: Any) -> tuple[dict[str, tuple[str, str]] | None, str | None]:
    """``(status per standard, note)``; both None when no data was given."""
    if data is None:
        return None, None
    return {}, NOT_YET

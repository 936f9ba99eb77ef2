"""Why a row of operational data is left out: the reasons, in the order they are tested, and their codes.

Each prepared row carries the code of its reason (``_bp_bad``; 0 when the row
is usable); the engine counts the rows per reason, so no number is computed
from rows that vanished without a word.
"""

from __future__ import annotations

from .summary_rows import SUMMARY

__all__ = [
    "BLANK", "CODE", "DUPLICATE", "MISSING", "NEGATIVE", "NOT_A_NUMBER", "NO_TIMESTAMP", "OUT_OF_RANGE",
    "REASONS", "SUMMARY",
]  # fmt: skip

MISSING, NOT_A_NUMBER = "missing value", "not a number"
NEGATIVE, OUT_OF_RANGE, NO_TIMESTAMP = "negative", "out of range", "missing timestamp"
#: an empty cell in the wide layout: the metric was not observed on that row (not an error)
BLANK = "empty cell"
#: a further copy of a row identical in every column: counted as a duplicate, not measured
DUPLICATE = "duplicate"
#: why a row is left out, in the order they are tested; rows carry the code (index + 1, 0 = usable)
REASONS = (DUPLICATE, BLANK, MISSING, NOT_A_NUMBER, NO_TIMESTAMP, NEGATIVE, OUT_OF_RANGE, SUMMARY)
CODE = {why: i + 1 for i, why in enumerate(REASONS)}

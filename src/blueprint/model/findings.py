"""Findings: what every check and the loader return instead of printing.

A finding is data. The CLI, the pytest plugin, the widgets and the report only
format findings; none of them decides what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .vocabulary import Severity

__all__ = ["Finding", "Location", "worst"]


@dataclass(frozen=True)
class Location:
    """A place in a file; line and column count from 1, as editors show them."""

    file: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file or "<service>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Finding:
    """One problem (or remark) about one subject, with where it is and how to fix it.

    ``path`` is the position inside the document (``("standards", 3, "target")``)
    that the loader turns into a line and column; checks that know the subject
    id may leave it empty and let the service locate the subject.
    """

    rule: str
    severity: Severity
    message: str
    hint: str | None = None
    subject: str | None = None
    gap: int | None = None
    location: Location | None = None
    path: tuple[Any, ...] = field(default=(), compare=False)

    def at(self, location: Location | None) -> Finding:
        """A copy of this finding placed at ``location``."""
        return replace(self, location=location)

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        text = f"{where}{self.severity.value} {self.rule} {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


def worst(findings: list[Finding]) -> Severity | None:
    """The most severe level among ``findings``, or None when there are none."""
    return max((f.severity for f in findings), key=lambda s: s.rank, default=None)

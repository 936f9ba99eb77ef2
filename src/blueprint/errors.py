"""The one exception family. Raised at the edges; messages name file, line, column and the fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model.findings import Finding

__all__ = ["BlueprintError", "LoadError", "SaveConflict", "SaveError", "SaveFailed"]


class BlueprintError(Exception):
    """Base of every error Blueprint raises on purpose."""


class LoadError(BlueprintError):
    """A service file could not be turned into a valid service; ``findings`` says why."""

    def __init__(self, source: str, findings: list[Finding]) -> None:
        self.source = source
        self.findings = findings
        lines = [f"{source}: {len(findings)} problem(s)"] + [f"  {f}" for f in findings]
        super().__init__("\n".join(lines))


class SaveError(BlueprintError):
    """A service could not be written back."""


class SaveConflict(SaveError):
    """The file changed on disk since it was loaded; saving would overwrite someone's work."""


class SaveFailed(SaveError, OSError):
    """The system refused the write (disk full, no permission, read-only disk); the file is as it was.

    Also an ``OSError`` with the system's ``errno``, as the write raised it.
    """

    def __str__(self) -> str:  # the message, not OSError's "[Errno n] ..."
        return str(self.args[0]) if self.args else ""

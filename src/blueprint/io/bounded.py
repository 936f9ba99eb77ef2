"""Keep a file's findings bounded: past a limit per rule, findings are only counted.

A file of 300,000 unknown keys would otherwise give 300,000 findings: seconds
to build, a gigabyte to hold and a hundred megabytes to print, and nobody
reads past the first screen. After ``LIMITS["max_findings_per_rule"]``
findings of one rule, the rest are counted, and one finding at the first of
them says how many more there are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ..model.findings import Finding, Location
from ..model.vocabulary import Severity
from .yaml_located import LIMITS

__all__ = ["FindingLimit"]


class FindingLimit:
    """Counts findings per rule and says whether one more may be listed."""

    def __init__(self) -> None:
        self.limit = LIMITS["max_findings_per_rule"]
        self.counts: Counter[str] = Counter()
        self.first_left: dict[str, Location | None] = {}

    def admit(self, rule: str, where: Callable[[], Location | None]) -> bool:
        """Whether a finding of ``rule`` may be listed; ``where`` places the first one that may not."""
        self.counts[rule] += 1
        if self.counts[rule] <= self.limit:
            return True
        if rule not in self.first_left:
            self.first_left[rule] = where()
        return False

    def summaries(self) -> list[Finding]:
        """One finding per rule with findings left out, saying how many, at the first of them."""
        return [
            Finding(
                rule,
                Severity.ERROR,
                f"{self.counts[rule] - self.limit:,} more {rule} findings like those above are not listed "
                f"(only the first {self.limit:,} of each kind are)",
                "fix the ones listed and check again, or raise "
                "blueprint.io.yaml_located.LIMITS['max_findings_per_rule']",
                location=where,
            )
            for rule, where in self.first_left.items()
        ]

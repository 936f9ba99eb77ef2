"""Findings as text for people and machines; the only place that formats them."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TextIO

from .model.findings import Finding

__all__ = ["text_report", "use_colour"]

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET, _BOLD, _DIM = "\033[0m", "\033[1m", "\033[2m"


def use_colour(stream: TextIO | None = None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    stream = stream or sys.stdout
    return stream.isatty() and "NO_COLOR" not in os.environ


def text_report(results: Iterable[tuple[str, list[Finding], str | None]], *, colour: bool = False) -> str:
    """Findings grouped by file, one ``file:line:col`` line each, then a fix hint.

    ``results`` holds (file, findings, summary) triples; the summary line is
    shown for files without findings.
    """
    out: list[str] = []
    for source, findings, summary in results:
        if not findings:
            out.append(f"{source}: ok" + (f" — {summary}" if summary else ""))
            continue
        out.append(_paint(f"{source}: {_count(findings)}", _BOLD, colour))
        for finding in findings:
            where = str(finding.location) if finding.location else source
            level = _paint(finding.severity.value, _COLOURS[finding.severity.value], colour)
            out.append(f"  {where}: {level} {finding.rule} {finding.message}")
            if finding.hint:
                out.append(_paint(f"      fix: {finding.hint}", _DIM, colour))
    return "\n".join(out)


def _count(findings: list[Finding]) -> str:
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.severity.value] = counts.get(finding.severity.value, 0) + 1
    return ", ".join(f"{n} {level}{'s' if n != 1 else ''}" for level, n in counts.items())


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{_RESET}" if colour else text

"""Findings as text for people and machines; the only place that formats them."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TextIO

from .model.findings import Finding

__all__ = [
    "FORMATS",
    "JSON_VERSION",
    "github_report",
    "json_report",
    "junit_report",
    "report",
    "sarif_report",
    "text_report",
    "use_colour",
]

Results = Iterable[tuple[str, list[Finding], "str | None"]]

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET, _BOLD, _DIM = "\033[0m", "\033[1m", "\033[2m"


def use_colour(stream: TextIO | None = None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    stream = stream or sys.stdout
    return stream.isatty() and "NO_COLOR" not in os.environ


def text_report(
    results: Iterable[tuple[str, list[Finding], str | None]], *, colour: bool = False, show: str = "info"
) -> str:
    """Findings grouped by file, one ``file:line:col`` line each, then a fix hint.

    ``results`` holds (file, findings, summary) triples; the summary line is
    shown for files without findings. Findings below the severity ``show`` are
    counted but not listed, so a file's advice does not bury its problems.
    """
    from .escaping import terminal
    from .model.vocabulary import Severity

    lowest = Severity(show).rank
    out: list[str] = []
    for source, findings, summary in results:
        listed = [f for f in findings if f.severity.rank >= lowest]
        hidden = [f for f in findings if f.severity.rank < lowest]
        more = f" (and {_count(hidden)}: --show {_lowest(hidden)} lists them)" if hidden else ""
        if not listed:
            out.append(f"{terminal(source)}: ok" + (f" — {terminal(summary)}" if summary else "") + more)
            continue
        out.append(_paint(f"{terminal(source)}: {_count(listed)}{more}", _BOLD, colour))
        for finding in listed:  # user text in a message or a path is shown with its escapes, on one line
            where = terminal(finding.location if finding.location else source)
            level = _paint(finding.severity.value, _COLOURS[finding.severity.value], colour)
            out.append(f"  {where}: {level} {finding.rule} {terminal(finding.message)}")
            if finding.hint:
                out.append(_paint(f"      fix: {terminal(finding.hint)}", _DIM, colour))
    return "\n".join(out)


def _count(findings: list[Finding]) -> str:
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.severity.value] = counts.get(finding.severity.value, 0) + 1
    return ", ".join(f"{n} {level}{'s' if n != 1 else ''}" for level, n in counts.items())


def _lowest(findings: list[Finding]) -> str:
    return min((f.severity for f in findings), key=lambda severity: severity.rank).value


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{_RESET}" if colour else text


# -- machine formats --------------------------------------------------------------
# Each takes the same (file, findings, summary) triples as text_report.

#: version of the JSON report's layout; raised on any incompatible change
JSON_VERSION = 1
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def json_report(results: Results) -> str:
    """Findings as versioned JSON (layout documented in docs/ci.md)."""
    import json

    files, totals = [], {"error": 0, "warning": 0, "info": 0}
    for source, findings, summary in results:
        for finding in findings:
            totals[finding.severity.value] += 1
        files.append(
            {
                "path": source,
                "ok": not any(f.severity.value == "error" for f in findings),
                "summary": summary,
                "findings": [_as_dict(f, source) for f in findings],
            }
        )
    from ._version import __version__

    document = {
        "version": JSON_VERSION,
        "tool": {"name": "blueprint", "version": __version__},
        "counts": {"files": len(files), **totals},
        "files": files,
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def junit_report(results: Results, *, fail_on: str = "error") -> str:
    """JUnit XML: a test suite per file, a test case per subject; findings at or above ``fail_on`` fail it."""
    import xml.etree.ElementTree as ET

    from .model.vocabulary import Severity

    threshold = Severity(fail_on).rank
    root = ET.Element("testsuites", name="blueprint")
    for source, findings, _ in results:
        suite = ET.SubElement(root, "testsuite", name=source)
        by_subject: dict[str, list[Finding]] = {}
        for finding in findings:
            by_subject.setdefault(finding.subject or "file", []).append(finding)
        for subject, found in by_subject.items() or [("file", [])]:
            case = ET.SubElement(suite, "testcase", classname=source, name=subject, file=source)
            failing = [f for f in found if f.severity.rank >= threshold]
            if failing:
                first = failing[0]
                failure = ET.SubElement(
                    case, "failure", type=first.rule, message=f"{_titled(first.rule)}: {first.message}"
                )
                failure.text = "\n".join(_junit_line(f) for f in failing)
            if len(failing) < len(found):
                rest = (_junit_line(f) for f in found if f not in failing)
                ET.SubElement(case, "system-out").text = "\n".join(rest)
        cases = suite.findall("testcase")
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
        suite.set("errors", "0")
    root.set("tests", str(sum(int(s.get("tests", "0")) for s in root)))
    root.set("failures", str(sum(int(s.get("failures", "0")) for s in root)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def github_report(results: Results) -> str:
    """GitHub Actions workflow commands: one ``::error file=...,line=...::`` annotation per finding."""
    lines = []
    for source, findings, _ in results:
        for finding in findings:
            where = finding.location
            props = {
                "file": (where.file if where and where.file else source),
                "line": where.line if where else None,
                "col": where.column if where else None,
                "title": f"{finding.rule} {_rule_name(finding.rule)}",
            }
            fields = ",".join(f"{k}={_escape(str(v), True)}" for k, v in props.items() if v is not None)
            text = finding.message + (f"\nfix: {finding.hint}" if finding.hint else "")
            lines.append(f"::{_GITHUB_LEVEL[finding.severity.value]} {fields}::{_escape(text)}")
    return "\n".join(lines)


def sarif_report(results: Results) -> str:
    """SARIF 2.1.0 for code-scanning uploads, with every rule described in the tool's driver."""
    import json

    from ._version import __version__

    catalogue = _catalogue()
    index = {rule["id"]: i for i, rule in enumerate(catalogue)}
    found = []
    for source, findings, _ in results:
        for finding in findings:
            where = finding.location
            region = {
                k: v
                for k, v in (
                    ("startLine", where.line if where else None),
                    ("startColumn", where.column if where else None),
                )
                if v
            }
            physical: dict[str, object] = {
                "artifactLocation": {"uri": _uri(where.file if where and where.file else source)}
            }
            if region:
                physical["region"] = region
            text = finding.message + (f" Fix: {finding.hint}" if finding.hint else "")
            result: dict[str, object] = {
                "ruleId": finding.rule,
                "level": _SARIF_LEVEL[finding.severity.value],
                "message": {"text": text},
                "locations": [{"physicalLocation": physical}],
                "properties": {"subject": finding.subject, "gap": finding.gap},
            }
            if finding.rule in index:
                result["ruleIndex"] = index[finding.rule]
            found.append(result)
    run = {
        "tool": {"driver": {"name": "blueprint", "version": __version__, "rules": catalogue}},
        "results": found,
        "columnKind": "unicodeCodePoints",
    }
    document = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False)


def report(
    fmt: str, results: Results, *, colour: bool = False, fail_on: str = "error", show: str = "info"
) -> str:
    """The findings in format ``fmt``: one of :data:`FORMATS`; ``show`` only affects text."""
    if fmt == "text":
        return text_report(results, colour=colour, show=show)
    if fmt == "junit":
        return junit_report(results, fail_on=fail_on)
    return {"json": json_report, "github": github_report, "sarif": sarif_report}[fmt](results)


FORMATS = ("text", "json", "junit", "github", "sarif")


def _as_dict(finding: Finding, source: str) -> dict[str, object]:
    where = finding.location
    return {
        "rule": finding.rule,
        "name": _rule_name(finding.rule),
        "severity": finding.severity.value,
        "message": finding.message,
        "hint": finding.hint,
        "subject": finding.subject,
        "gap": finding.gap,
        "file": where.file if where and where.file else source,
        "line": where.line if where else None,
        "column": where.column if where else None,
    }


def _rule_name(rule_id: str) -> str:
    """The rule's short name, whichever part of Blueprint gives it: loader, lint or measurement."""
    from .checks import RULES
    from .measure.codes import CODES
    from .model.integrity import LOADER_RULES

    if rule_id in RULES:
        return RULES[rule_id].name
    if rule_id in CODES:
        return CODES[rule_id].name
    return LOADER_RULES.get(rule_id, "")


def _titled(rule_id: str) -> str:
    """``BP330 standard-met``: the id and, when known, the name."""
    name = _rule_name(rule_id)
    return f"{rule_id} {name}" if name else rule_id


def _junit_line(finding: Finding) -> str:
    where = f"{finding.location}: " if finding.location else ""
    text = f"{where}{finding.severity.value} {_titled(finding.rule)}: {finding.message}"
    return f"{text} (fix: {finding.hint})" if finding.hint else text


def _catalogue() -> list[dict[str, object]]:
    from .checks import RULES
    from .measure.codes import CODES
    from .model.integrity import LOADER_RULES

    rules: list[dict[str, object]] = [
        {
            "id": rule_id,
            "name": name,
            "shortDescription": {"text": name.replace("-", " ")},
            "defaultConfiguration": {"level": "error"},
            "properties": {"see": "docs/format.md"},
        }
        for rule_id, name in LOADER_RULES.items()
    ]
    for rule in sorted(RULES.values(), key=lambda r: r.id):
        rules.append(
            {
                "id": rule.id,
                "name": rule.name,
                "shortDescription": {"text": rule.title},
                "fullDescription": {"text": rule.rationale},
                "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity.value]},
                "properties": {"gap": rule.gap, "cites": list(rule.cites)},
            }
        )
    for code_id, code in CODES.items():  # findings that need operational data
        rules.append(
            {
                "id": code_id,
                "name": code.name,
                "shortDescription": {"text": code.title},
                "fullDescription": {"text": code.explanation},
                "defaultConfiguration": {"level": _SARIF_LEVEL[code.severity.value]},
                "properties": {"gap": code.gap, "see": "docs/measure.md"},
            }
        )
    return rules


def _uri(path: str) -> str:
    from pathlib import PurePath

    return PurePath(path).as_posix()


def _escape(text: str, in_property: bool = False) -> str:
    """Escape text for a GitHub workflow command (``%``, newlines; also ``:`` and ``,`` in properties)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text

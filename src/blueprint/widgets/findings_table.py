"""FindingsTable: the lint's findings as a readable table in a notebook cell.

One row per finding: how serious, the rule by name, what is wrong and what to
do in plain words, and where (the subject and its line). The rule code stays
in a small detail. Errors and warnings are counted apart from infos.

>>> import blueprint
>>> from blueprint.checks import lint
>>> table = FindingsTable(lint(blueprint.load("standards/hotel-stay.yaml")))
>>> table.rows[0]["rule"] != "" and "<=" not in repr(table)
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..checks.plain import plain_hint, plain_message
from ..checks.registry import RULES
from ._html import Safe, badge, esc, note, rule_detail, style

if TYPE_CHECKING:
    from ..model.findings import Finding

__all__ = ["FindingsTable", "counts_text"]

_TONE = {"error": "bad", "warning": "warn", "info": "info"}
_ORDER = {"error": 0, "warning": 1, "info": 2}


def counts_text(findings: Iterable[Finding]) -> str:
    """``2 errors, 5 warnings (and 31 infos)``: infos counted apart, as they ask nothing urgent."""
    count = Counter(f.severity.value for f in findings)

    def many(n: int, word: str) -> str:
        return f"{n} {word}" + ("" if n == 1 else "s")

    text = f"{many(count['error'], 'error')}, {many(count['warning'], 'warning')}"
    return text + (f" (and {many(count['info'], 'info')})" if count["info"] else "")


class FindingsTable:
    """``findings`` shown as a table (HTML in a notebook, aligned text elsewhere); ``limit`` rows at most."""

    def __init__(self, findings: Iterable[Finding], *, limit: int = 50) -> None:
        self.findings = sorted(findings, key=lambda f: _ORDER.get(f.severity.value, 3))
        self.limit = limit
        self.rows = [self._row(f) for f in self.findings]

    @staticmethod
    def _row(finding: Finding) -> dict[str, str]:
        known = RULES.get(finding.rule)
        where = finding.subject or ""
        if finding.location is not None and finding.location.line is not None:
            where = f"{where}, line {finding.location.line}" if where else f"line {finding.location.line}"
        return {
            "level": finding.severity.value,
            "rule": known.title if known else finding.rule,
            "code": finding.rule,
            "what": plain_message(finding),
            "to do": plain_hint(finding) or "",
            "where": where,
        }

    def __len__(self) -> int:
        return len(self.rows)

    def _repr_html_(self) -> str:
        if not self.rows:
            return str(style()) + str(note("The lint finds nothing.", "good"))
        body = []
        for finding, row in zip(self.findings[: self.limit], self.rows, strict=False):
            level = badge(row["level"], _TONE.get(row["level"], "plain"))
            body.append(
                f"<tr><td>{level}</td><td>{esc(row['rule'])}{rule_detail(finding)}</td>"
                f'<td>{esc(row["what"])}<div class="bp-hint">{esc(row["to do"])}</div></td>'
                f"<td>{esc(row['where'])}</td></tr>"
            )
        more = len(self.rows) - self.limit
        tail = note(f"… and {more} more") if more > 0 else ""
        head = "<tr><th></th><th>rule</th><th>what is wrong, and what to do</th><th>where</th></tr>"
        return str(Safe(
            f'{style()}<div class="bp-panel"><p>{esc(counts_text(self.findings))}</p>'
            f'<table class="bp-table"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>{tail}</div>'
        ))  # fmt: skip

    def __repr__(self) -> str:
        lines = [counts_text(self.findings)]
        for row in self.rows[: self.limit]:
            lines.append(f"{row['level']:<8} {row['rule']} ({row['code']}) — {row['what']}  [{row['where']}]")
            if row["to do"]:
                lines.append(f"{'':9}{row['to do']}")
        if len(self.rows) > self.limit:
            lines.append(f"… and {len(self.rows) - self.limit} more")
        return "\n".join(lines)

"""What :func:`~blueprint.measure.measure` returns: outcomes, exclusions and findings.

The outcomes are plain records, so the command line prints them without
loading pandas; :meth:`MeasureResult.frame` gives the DataFrame a notebook
wants. ``to_dict`` is the versioned JSON layout documented in docs/measure.md.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..escaping import inert, terminal
from ..model.findings import Finding
from ..model.units import unit_word
from ..model.vocabulary import Severity
from .codes import CODES
from .coverage import summary, unmeasured_ids
from .outcome import NO_DATA, STATUSES, Outcome
from .outcome_frame import outcome_frame
from .outcome_table import OutcomeTable
from .table_out import csv_fields, csv_lines, json_records, plain, text_rows

__all__ = [
    "JSON_VERSION",
    "MeasureResult",
    "finding_dict",
]

#: version of the JSON layout; raised on any incompatible change
JSON_VERSION = 1


@dataclass
class MeasureResult:
    """Every standard and promise measured, per group, with the findings they give."""

    #: a list, or an :class:`.OutcomeTable` that makes its outcomes when they are first read
    outcomes: Sequence[Outcome]
    by: tuple[str, ...]
    findings: list[Finding]
    exclusions: list[dict[str, Any]] = field(default_factory=list)
    service: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    #: standards measured outside Blueprint (``measurement.elsewhere``), with what each says
    elsewhere: dict[str, str] = field(default_factory=dict)

    @property
    def groups(self) -> int:
        """How many results there are (a standard or promise in a group), without making them one by one."""
        return len(self.outcomes)

    @property
    def ok(self) -> bool:
        """No finding at error level: every measured group passed and the data could be trusted."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def rows(self, kind: str | None = None) -> list[dict[str, Any]]:
        """The outcomes as flat records; ``kind`` keeps ``"standard"`` or ``"promise"`` rows only."""
        if isinstance(self.outcomes, OutcomeTable):
            return self.outcomes.rows_of(kind)
        return [o.as_row() for o in self.outcomes if kind is None or o.kind == kind]

    def frame(self, kind: str | None = None) -> Any:
        """The outcomes as a pandas DataFrame, one row per standard (or promise) and group."""
        import pandas as pd

        if isinstance(self.outcomes, OutcomeTable) and self.outcomes.columnar:
            made = outcome_frame(self.outcomes, kind)  # column by column: no dict per row
            if made is not None:
                return made
        rows = self.rows(kind)
        frame = pd.DataFrame(rows, columns=_columns(self.by) if not rows else None)
        if not frame.empty:
            frame["status"] = pd.Categorical(frame["status"], categories=list(STATUSES))
        return frame

    @property
    def standards(self) -> Any:
        """The standards' outcomes as a DataFrame."""
        return self.frame("standard")

    @property
    def promises(self) -> Any:
        """The promises' outcomes as a DataFrame."""
        return self.frame("promise")

    @property
    def unmeasured(self) -> dict[str, str]:
        """Each standard or promise not measured, with why: ``no data`` or ``implausible``."""
        return unmeasured_ids(self.outcomes)

    def coverage(self) -> str:
        """``3 of 12 standards and promises not measured (3 no data)``; ``all 12 ... measured``."""
        return summary(self.outcomes, self.elsewhere, allowed=bool(self.options.get("allow_unmeasured")))

    def counts(self) -> dict[str, int]:
        """How many groups got each status."""
        if isinstance(self.outcomes, OutcomeTable):
            return self.outcomes.counts()
        counts = dict.fromkeys(STATUSES, 0)
        for outcome in self.outcomes:
            counts[outcome.status] += 1
        return counts

    def to_dict(self, rows: bool = True) -> dict[str, Any]:
        """The versioned JSON document (``rows`` false: without the results)."""
        return {
            "version": JSON_VERSION,
            "service": self.service,
            "by": list(self.by),
            "options": self.options,
            "counts": self.counts(),
            "unmeasured": self.unmeasured,
            "elsewhere": self.elsewhere,
            "results": self.rows() if rows else [],
            "exclusions": self.exclusions,
            "findings": [finding_dict(f) for f in self.findings],
        }

    def to_json(self) -> str:
        """The JSON document, indented, with each result, exclusion and finding on a line of its own.

        A record per line reads and diffs well however many groups there are,
        and Python's fast JSON encoder writes it: indenting every field goes
        through the slow one, which took 40 s for 500,000 groups.
        """
        table = self._table()  # when kept as columns, the results are written from them
        parts = []
        for key, value in self.to_dict(rows=table is None).items():
            if key == "results" and table is not None and len(table):
                records = ",\n".join(json_records(table, _dumps, "    "))
                text = f"[\n{records}\n  ]"
            elif isinstance(value, list) and value:
                records = ",\n".join(f"    {_dumps(record)}" for record in value)
                text = f"[\n{records}\n  ]"
            else:
                text = json.dumps(value, indent=2, ensure_ascii=False, default=str).replace("\n", "\n  ")
            parts.append(f"  {_dumps(key)}: {text}")
        return "{\n" + ",\n".join(parts) + "\n}\n"

    def to_csv(self) -> str:
        """One line per standard (or promise) and group; excluded rows and reasons included."""
        out = io.StringIO()
        names = _columns(self.by)
        out.write(csv_fields(names) + "\n")
        table = self._table()
        if table is None:
            users = {*self.by, "source"}  # text from the user's files: kept text in a spreadsheet
            for row in self.rows():
                out.write(csv_fields([inert(row.get(n)) if n in users else row.get(n) for n in names]) + "\n")
        else:
            lines = csv_lines(table, self.by)
            out.write("\n".join(lines) + ("\n" if lines else ""))
        return out.getvalue()

    def _table(self) -> OutcomeTable | None:
        """The outcomes while they are kept as columns and can be written from them."""
        table = self.outcomes
        return table if isinstance(table, OutcomeTable) and table.columnar and plain(table) else None

    def to_text(self) -> str:
        """A table for a terminal: status, observations, share, interval, observed and target."""
        head = ["standard", *self.by, "status", "n", "share", "required", "95% CI", "observed", "target"]
        if self.options.get("confidence", 0.95) != 0.95:
            head[len(self.by) + 6] = f"{self.options['confidence'] * 100:g}% CI"
        table = self.outcomes if isinstance(self.outcomes, OutcomeTable) and self.outcomes.columnar else None
        if table is not None:
            body, unmeasured = text_rows(table, self.by)
        else:
            body = [_text_row(o, self.by) for o in self.outcomes if o.status != NO_DATA]
            unmeasured = [  # with the group, when only some group had nothing to measure
                o.id + (f" ({', '.join(f'{k} {v}' for k, v in o.keys.items())})" if o.keys else "")
                for o in self.outcomes
                if o.status == NO_DATA
            ]
        # Group keys come from the data: a control character or line break is shown, not obeyed.
        rows = [[terminal(cell) for cell in row] for row in (head, *body)]
        unmeasured = [terminal(name) for name in unmeasured]
        widths = [max(map(len, column)) for column in zip(*rows, strict=True)]  # every cell is text
        line = "  ".join(f"{{:<{w}}}" for w in widths).format  # each cell padded as str.ljust pads it
        lines = [line(*r).rstrip() for r in rows]
        if unmeasured:
            lines += ["", f"no data ({len(unmeasured)}): " + ", ".join(unmeasured)]
        counts = ", ".join(f"{n} {s}" for s, n in self.counts().items() if n)
        total = f"{len(self.outcomes)} results" + (f": {counts}" if counts else "")
        return "\n".join([*lines, "", f"{total}; {self.coverage()}"]) + "\n"

    def _repr_html_(self) -> str:  # pragma: no cover - notebook display
        try:
            return str(self.frame().to_html(index=False))
        except Exception:  # never let display raise in a notebook
            return "<pre>" + self.to_text().replace("&", "&amp;").replace("<", "&lt;") + "</pre>"

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {s}" for s, n in self.counts().items() if n)
        return f"<MeasureResult {self.service or ''}: {len(self.outcomes)} results ({counts})>"


def _columns(by: tuple[str, ...]) -> list[str]:
    return [
        "kind", "standard", *by, "metric", "source", "status", "observations", "met", "share",
        "required_share", "ci_low", "ci_high", "observed", "quantile", "comparator", "target", "unit",
        "statistic", "rows", "excluded", "excluded_why",
    ]  # fmt: skip


def _text_row(o: Outcome, by: tuple[str, ...]) -> list[str]:
    name = o.id if o.kind == "standard" else f"{o.id} (promise)"
    share = f"{o.share * 100:.1f}%" if o.share is not None else "-"
    required = f"{o.required * 100:g}%" if o.required is not None else o.statistic
    ci = (
        f"{o.ci_low * 100:.1f}-{o.ci_high * 100:.1f}%"
        if o.ci_low is not None and o.ci_high is not None
        else "-"
    )
    observed = f"{o.observed:.4g}" if isinstance(o.observed, float) else "-"
    target = f"{o.comparator} {str(o.target).lower() if isinstance(o.target, bool) else f'{o.target:g}'}"
    unit = "" if o.unit in ("count", "score", "boolean") else f" {unit_word(o.target, o.unit)}"
    keys = [str(o.keys.get(k, "")) for k in by]
    return [name, *keys, o.status, f"{o.observations:,}", share, required, ci, observed, target + unit]


#: one encoder for every record: json.dumps would make one per call
_dumps = json.JSONEncoder(ensure_ascii=False, default=str).encode


def finding_dict(f: Finding) -> dict[str, Any]:
    """A finding as the JSON outputs write it: rule, its name, severity, gap, text and place."""
    where = f.location
    return {
        "rule": f.rule,
        "name": CODES[f.rule].name if f.rule in CODES else "",
        "severity": f.severity.value,
        "gap": f.gap,
        "subject": f.subject,
        "message": f.message,
        "hint": f.hint,
        "file": where.file if where else None,
        "line": where.line if where else None,
        "column": where.column if where else None,
    }

"""HTML pieces of the client report: tables of gaps, compliance, survey results and the catalogue.

Every function returns an HTML string in which all user text went through
:func:`~blueprint.escaping.escape_text` or
:func:`~blueprint.escaping.escape_attr`. Measurement results are read
as duck-typed records (``outcomes``, ``by``), so this module needs no
measurement engine.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..escaping import escape_attr, escape_text

if TYPE_CHECKING:
    from ..model.findings import Finding

__all__ = [
    "GAP_NAMES",
    "catalogue_table",
    "client_hint",
    "compliance_tables",
    "findings_table",
    "gap_table",
    "percent",
    "survey_doubt",
    "survey_said",
    "table",
    "worst_groups",
]

GAP_NAMES = {
    1: "Listening: customer expectations vs management's view of them",
    2: "Design and standards: management's view vs the written standards",
    3: "Performance: the standards vs the service delivered",
    4: "Communication: the service delivered vs what is promised",
    5: "Customer: what customers expect vs what they perceive",
}
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
_STATUS_CLASS = {"pass": "ok", "fail": "bad", "too few": "few", "implausible": "few", "no data": "none"}


def percent(share: float | None) -> str:
    """``96.3%``; a dash when there is no share."""
    return "–" if share is None else f"{share * 100:.1f}%"


def delivered(o: Any) -> str:
    """What a group delivered against its standard, in the terms its verdict is given.

    ``84.4% of 32 met, 90.0% required`` for a standard on a share of cases;
    ``median 23 minutes against <= 20 minutes`` for one on a mean or median,
    which is judged on that value, not on a share.
    """
    if o.required is None and o.observed is not None:
        return f"{o.statistic} {_value(o.observed, o.unit)} against {o.comparator} {_value(o.target, o.unit)}"
    return f"{percent(o.share)} of {o.observations:,} met, {percent(o.required)} required"


def _value(value: Any, unit: str) -> str:
    """A statistic or target as the standard writes it: ``23 minutes``, ``4.66``, ``92.5%``."""
    from ..model.units import amount

    if isinstance(value, bool):
        return str(value).lower()
    short = float(f"{float(value):.3g}")
    if unit == "share":
        return f"{short * 100:g}%"
    if unit == "percent":
        return f"{short:g}%"
    return f"{short:g}" if unit in ("count", "score") else amount(short, unit)


def table(head: Sequence[str], rows: Iterable[Sequence[str]], *, cls: str = "", raw: bool = False) -> str:
    """A table with a repeated header; cells are escaped unless ``raw`` (then they are HTML already)."""
    th = "".join(f"<th>{escape_text(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{c if raw else escape_text(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f'<table class="{escape_attr(cls)}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def worst_groups(result: Any, few: int | None = None) -> list[Any]:
    """Failing standard groups, lowest share first."""
    failing = [o for o in result.outcomes if o.kind == "standard" and o.status == "fail"]
    failing.sort(key=lambda o: (o.share if o.share is not None else 1.0, o.standard))
    return failing if few is None else failing[:few]


def gap_table(
    findings: Sequence[Finding], grouped: Any, survey: dict[str, Any], *, few: int = 5
) -> tuple[str, dict[int, int | None]]:
    """One row per gap: how many problems, and the worst offenders; also the counts."""
    counts: dict[int, int | None] = {}
    rows = []
    for gap, name in GAP_NAMES.items():
        offenders: list[str]
        if gap == 3:
            if grouped is None:
                counts[gap], offenders = None, ["no operational data was given"]
            else:
                worst = worst_groups(grouped)
                counts[gap] = len(worst)
                offenders = [f"{o.standard} — {o.group}: {delivered(o)}" for o in worst[:few]]
                offenders += [
                    f.message for f in findings if f.gap == 3 and f.rule != "BP330" and not _is_note(f)
                ][: few - len(offenders)]
                missed = dict(getattr(grouped, "unmeasured", {}) or {})
                if missed:  # unmeasured is no pass: never 'none' and a green 0 where nothing was judged
                    kinds = sorted(set(missed.values()))
                    offenders.append(
                        f"{len(missed)} standard(s) and promise(s) not measured ({', '.join(kinds)}): "
                        f"{', '.join(sorted(missed)[:few])}{' ...' if len(missed) > few else ''}; "
                        "see all findings"
                    )
                    counts[gap] = len(worst) or None
        elif gap == 5:
            servqual = survey.get("servqual")
            if servqual is None:
                counts[gap], offenders = None, ["no SERVQUAL survey was given"]
            else:
                below = servqual.items[servqual.items["gap"] < 0].sort_values("gap")
                # a gap its answers do not show (too few, or an interval spanning 0) is not counted as one
                unsure = below["evidence"].isin(_DOUBTS) if "evidence" in below else None
                unsure_count = 0 if unsure is None else int(unsure.sum())
                if unsure is not None:
                    below = below[~unsure]
                counts[gap] = len(below)
                offenders = [
                    f"item {r.item} ({r.dimension}{', ' + str(r.factor) if _has(r, 'factor') else ''}): "
                    f"gap {r.gap:+.2f}"
                    for r in below.head(few).itertuples()
                ]
                if unsure_count:
                    offenders.append(
                        f"{unsure_count} more item(s) below expectation that the answers do not show "
                        "(too few, or the interval spans 0): not counted"
                    )
        else:
            found = sorted((f for f in findings if f.gap == gap and not _is_note(f)),
                           key=lambda f: (_SEVERITY_RANK.get(f.severity.value, 3), f.rule))  # fmt: skip
            counts[gap] = len(found)
            offenders = [f"{f.rule} {f.message}" for f in found[:few]]
        count = counts[gap]
        shown = "–" if count is None else str(count)
        tone = "none" if count is None else ("bad" if count else "ok")
        items = "".join(f"<li>{escape_text(o)}</li>" for o in offenders) or "<li>none</li>"
        rows.append(
            [f"<b>Gap {gap}</b><br/>{escape_text(name)}", f'<span class="count {tone}">{shown}</span>',
             f"<ul>{items}</ul>{_notes_line([f for f in findings if f.gap == gap and _is_note(f)])}"]
        )  # fmt: skip
    return table(["Gap", "Count", "Worst offenders"], rows, cls="gaps", raw=True), counts


# What only makes sense at a command line: a command, a flag, or a placeholder to fill in.
_COMMAND = re.compile(
    r"\bblueprint (?:check|suggest|rules|schema|summary|export|report|import|survey|lab|render|measure"
    r"|example-data)\b|(?<![\w-])--[a-z]|\b(?:FILE|DIR|NAME|ITEMS)\b"
)
# What only makes sense to whoever edits the service file: a field to write, an example value.
_FILE_EDIT = re.compile(r"\b(?:write|under) [a-z_]+:|\b[a-z]+_[a-z_]+\b|[{\[]")
_CLAUSE = re.compile(r"(,? (?:and|or) )")


def client_hint(hint: str | None) -> str | None:
    """``hint`` as advice to the client: no commands to type, no fields and example values to write.

    A clause about editing the file is cut off with what follows it; a hint
    that is all command line, or starts by editing the file, is left out (None).

    >>> client_hint("review it with staff and write last_reviewed: 2026-12-07")
    'review it with staff'
    >>> client_hint("collect more observations, group more coarsely, or lower min_observations knowingly")
    'collect more observations, group more coarsely'
    >>> client_hint("write one: blueprint suggest FILE --factor x") is None
    True
    """
    if not hint or _COMMAND.search(hint):
        return None
    kept: list[str] = []
    for piece in _CLAUSE.split(hint):
        if _FILE_EDIT.search(piece):
            break
        kept.append(piece)
    if kept and _CLAUSE.fullmatch(kept[-1]):
        kept.pop()
    text = "".join(kept).strip().rstrip(",;:")
    return text or None


def _is_note(finding: Finding) -> bool:
    """An info finding: advice worth reading, not a problem to count."""
    return finding.severity.value == "info"


def _notes_line(notes: Sequence[Finding]) -> str:
    """``and 10 notes (BP111 published to customers …)``, or nothing: notes are listed, never counted."""
    if not notes:
        return ""
    rules = sorted({f.rule for f in notes})
    word = "note" if len(notes) == 1 else "notes"
    return (
        f'<p class="note notes">and {len(notes)} {word} ({escape_text(", ".join(rules))}), '
        'listed under <a href="#findings">all findings</a></p>'
    )


def compliance_tables(result: Any, titles: dict[str, str]) -> str:
    """Share of cases meeting each standard, per group: rows by the first keys, columns by the last."""
    keys: tuple[str, ...] = tuple(result.by)
    outcomes = [o for o in result.outcomes if o.kind == "standard" and o.observations > 0]
    if not outcomes:
        return '<p class="note">No standard has observations in the data.</p>'
    column_key = keys[-1]
    row_keys = keys[:-1]
    columns = sorted({str(o.keys.get(column_key)) for o in outcomes})
    cells: dict[tuple[str, tuple[str, ...]], dict[str, Any]] = defaultdict(dict)
    for o in outcomes:
        cells[(o.standard, tuple(str(o.keys.get(k)) for k in row_keys))][str(o.keys.get(column_key))] = o
    head = "".join(f"<th>{escape_text(k)}</th>" for k in ("standard", *row_keys))
    head += "".join(f'<th class="num">{escape_text(c)}</th>' for c in columns)
    body = []
    previous = None
    for (standard, group), by_column in cells.items():
        first = standard != previous
        previous = standard
        tip = escape_attr(titles.get(standard, ""))
        name = (
            f'<td class="std" title="{tip}"><code>{escape_text(standard)}</code></td>'
            if first
            else "<td></td>"
        )
        row = name + "".join(f"<td>{escape_text(v)}</td>" for v in group)
        for column in columns:
            o = by_column.get(column)
            if o is None:
                row += '<td class="num none">·</td>'
                continue
            if o.required is None and o.observed is not None:  # judged on its mean or median: show that
                tip, shown = f"{delivered(o)}; {o.status}", _value(o.observed, o.unit)
            else:
                tip = f"{o.met:,} of {o.observations:,} met; {percent(o.required)} required; {o.status}"
                shown = f"{o.share * 100:.1f}" if o.share is not None else "–"
            tone = _STATUS_CLASS.get(o.status, "none")
            row += (f'<td class="num {tone}" data-standard="{escape_attr(standard)}" '
                    f'data-group="{escape_attr(o.group)}" title="{escape_attr(tip)}">'
                    f"{escape_text(shown)}</td>")  # fmt: skip
        body.append(f'<tr class="{"first" if first else ""}">{row}</tr>')
    return f'<table class="compliance"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def findings_table(findings: Sequence[Finding]) -> str:
    """Every finding: rule, severity, gap, where and what."""
    ordered = sorted(findings, key=lambda f: (f.gap or 9, _SEVERITY_RANK.get(f.severity.value, 3), f.rule))
    rows = [
        [f.rule, f.severity.value, str(f.gap or ""), f.subject or "",
         str(f.location) if f.location else "", " — ".join(filter(None, (f.message, client_hint(f.hint))))]
        for f in ordered
    ]  # fmt: skip
    return table(["Rule", "Severity", "Gap", "Subject", "Where", "Message"], rows, cls="findings")


def catalogue_table(rows: Sequence[dict[str, Any]], columns: dict[str, str]) -> str:
    """The standards catalogue (one row per standard)."""
    shown = [
        [_cell(name, row.get(name)) for name in columns]
        for row in rows
    ]  # fmt: skip
    return table(list(columns.values()), shown, cls="catalogue")


def _cell(name: str, value: Any) -> str:
    if name in ("share", "last_compliance") and isinstance(value, float):
        return percent(value)
    return "" if value is None else str(value)


def _has(row: Any, name: str) -> bool:
    value = getattr(row, name, None)
    return value is not None and value == value and str(value) != ""


#: evidence words that keep a survey result from being a verdict (see blueprint.survey.precision)
_DOUBTS = ("not shown", "too few answers")


def survey_said(result: Any) -> str:
    """' (not shown)' or ' (too few answers)' after a survey result the answers do not show, else ''."""
    evidence = result.get("evidence") if isinstance(result, dict) else getattr(result, "evidence", None)
    return f" ({evidence})" if evidence in _DOUBTS else ""


def survey_doubt(evidence: object, spans: str) -> str:
    """Why a survey result is no ground for a verdict ('' when it is: shown, or no answers to count)."""
    if evidence == "too few answers":
        return "rests on fewer than 5 answers"
    if evidence == "not shown":
        return f"is not shown by the answers ({spans})" if spans else "is not shown by the answers"
    return ""

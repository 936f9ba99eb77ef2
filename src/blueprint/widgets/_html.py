"""Small HTML builders for the widgets' panels; every piece of user text is escaped here.

Panels are plain HTML strings shown by ``ipywidgets.HTML``, which inserts
them without sanitising. So nothing reaches a panel except through
:func:`esc` or as :class:`Safe` text built by these helpers: a moment titled
``<img src=x onerror=alert(1)>`` shows as those characters.

>>> str(cell("<b>"))
'&lt;b&gt;'
>>> str(table(["id"], [["<x>"]])).count("&lt;x&gt;")
1
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from ..checks.plain import plain_hint, plain_message
from ..escaping import escape_attr
from ..style import with_tokens

if TYPE_CHECKING:
    from ..model.findings import Finding

__all__ = [
    "Safe",
    "badge",
    "bpm_badge",
    "cell",
    "esc",
    "findings_list",
    "note",
    "panel",
    "rule_detail",
    "style",
    "table",
]


class Safe(str):
    """Text that is already HTML built by these helpers, so it is not escaped again."""


def esc(value: object) -> Safe:
    """``value`` as HTML text: ``& < > " '`` escaped (as the pictures do), None as ``""``."""
    if value is None:
        return Safe("")
    return Safe(escape_attr(value))


def cell(value: object) -> Safe:
    """``value`` escaped unless it is already :class:`Safe`."""
    return value if isinstance(value, Safe) else esc(value)


def badge(text: str, tone: str = "plain", *, title: str | None = None) -> Safe:
    """A small coloured label; ``tone`` is one of plain, good, bad, warn, info, muted, fail, wait,
    stage-pre-service, stage-in-service, stage-post-service.

    ``fail`` and ``wait`` mark a fail point and a wait point in the colours of their badges in the
    pictures (the tokens ``--bp-fail`` and ``--bp-wait``); a stage tag wears its stage's tint.
    """
    hover = f' title="{esc(title)}"' if title else ""
    return Safe(f'<span class="bp-badge bp-{esc(tone)}"{hover}>{esc(text)}</span>')


#: the Kano class each BPM class matches, as its letter and name: the secondary hint beside the BPM word
KANO = {"basic": ("M", "must-be"), "performance": ("O", "one-dimensional"), "motivation": ("A", "attractive"),
        "indifferent": ("I", "indifferent"), "reverse": ("R", "reverse")}  # fmt: skip


def bpm_badge(value: str) -> Safe:
    """The BPM class in words (``basic``), with its Kano letter as a small hint (``M``, must-be)."""
    letter, name = KANO.get(value, ("", ""))
    hint = f' <span class="bp-kano" title="Kano: {esc(name)}">{esc(letter)}</span>' if letter else ""
    return Safe(f"{badge(value, title=f'Kano: {name}' if name else None)}{hint}")


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, empty: str = "none") -> Safe:
    """An HTML table; cells are escaped unless :class:`Safe`."""
    body = ["<tr>" + "".join(f"<td>{cell(value)}</td>" for value in row) + "</tr>" for row in rows]
    if not body:
        return note(empty)
    head = "<tr>" + "".join(f"<th>{esc(h)}</th>" for h in headers) + "</tr>"
    return Safe(f'<table class="bp-table"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>')


def note(text: str, tone: str = "muted") -> Safe:
    """A one-line remark (``not available yet``, ``none``)."""
    return Safe(f'<p class="bp-note bp-{esc(tone)}">{esc(text)}</p>')


_SEVERITY_TONE = {"error": "bad", "warning": "warn", "info": "info"}


def findings_list(
    findings: Sequence[Finding], *, where: dict[int, str] | None = None, codes: bool = True
) -> Safe:
    """Findings in plain words: severity badge, message, what to do, and the line when known.

    The rule's code and name stay in a small detail at the end (with the
    exact hint, which may name file keys, as its tooltip); ``codes=False``
    leaves that detail out (the presenter shows the room words only).
    """
    if not findings:
        return note("no findings")
    items = []
    for number, finding in enumerate(findings):
        level = finding.severity.value
        line = (where or {}).get(number)
        place = f' <span class="bp-where">{esc(line)}</span>' if line else ""
        advice = plain_hint(finding)
        hint = f'<div class="bp-hint">{esc(advice)}</div>' if advice else ""
        detail = rule_detail(finding) if codes else ""
        items.append(
            f"<li>{badge(level, _SEVERITY_TONE.get(level, 'plain'))} "
            f"{esc(plain_message(finding))}{place}{hint}{detail}</li>"
        )
    return Safe(f'<ul class="bp-findings">{"".join(items)}</ul>')


def rule_detail(finding: Finding) -> Safe:
    """The rule's code as a small detail; its name and the exact hint as the tooltip."""
    from ..checks.registry import RULES

    known = RULES.get(finding.rule)
    tip = " — ".join(t for t in (known.name if known else "", finding.hint or "") if t)
    return Safe(f' <span class="bp-rule" title="{esc(tip)}">{esc(finding.rule)}</span>')


def panel(*parts: str) -> Safe:
    """Parts joined inside one styled block, with the widget stylesheet in front."""
    return Safe(f'{style()}<div class="bp-panel">{"".join(cell(p) for p in parts)}</div>')


@cache
def style() -> Safe:
    """The design tokens and the panels' stylesheet (``static/panel.css``) as a ``<style>`` element."""
    css = with_tokens(files(__package__).joinpath("static", "panel.css").read_text(encoding="utf-8"))
    return Safe(f"<style>{css}</style>")

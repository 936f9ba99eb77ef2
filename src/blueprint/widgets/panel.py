"""The Explorer's side panel: one moment with its key factors, standards, steps and findings.

Built as escaped HTML from records the :class:`~blueprint.widgets.facets.Facets`
already indexed, so selecting a moment on a large service costs one small
string, not a rescan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..io.catalogue import target_text as written_target
from ..model.queries import moments_of_standard
from ._html import Safe, badge, bpm_badge, esc, findings_list, note, panel, table

if TYPE_CHECKING:
    from ..model.objects import KeyFactor, MomentOfTruth, Standard
    from ..model.service import Service
    from .facets import Facets

__all__ = ["empty_panel", "moment_panel", "target_text"]

#: gap-3 status per standard: (label, tone) as the measurement reports it
Status = Mapping[str, tuple[str, str]]


def moment_panel(
    service: Service,
    moment_id: str,
    facets: Facets,
    *,
    lang: str | None = None,
    status: Status | None = None,
    status_note: str | None = None,
    max_findings: int = 50,
) -> Safe:
    """The side panel for ``moment_id``; ``status`` adds a gap-3 column when data is given."""
    moment = service.moments[moment_id]
    standards = _standards_of(service, moment, facets.steps.get(moment_id, []))
    findings = facets.findings.get(moment_id, [])
    shown = findings[:max_findings]
    where = {i: line for i, f in enumerate(shown) if (line := _line(service, f.subject, f.path))}
    more = note(f"and {len(findings) - len(shown)} more") if len(findings) > len(shown) else ""
    return panel(
        _header(moment, lang),
        Safe("<h4>Key factors</h4>"),
        table(
            ["factor", "tags", "importance", "std."],
            (
                [f.title_in(lang), _tags(f), _weight(f.importance), _count(service, f.id)]
                for f in moment.factors
            ),
            empty="no key factors tagged yet",
        ),
        Safe("<h4>Standards</h4>"),
        _standards_table(standards, lang, status),
        note(status_note) if status_note else "",
        Safe("<h4>Supported by</h4>"),
        table(
            ["step", "lane"],
            ([service.steps[s].title_in(lang), service.steps[s].lane.value] for s in facets.steps[moment_id]),
            empty="no steps below the line of interaction",
        ),
        _fail_points(service, moment, facets.steps.get(moment_id, []), lang),
        Safe(f"<h4>Findings ({len(findings)})</h4>"),
        findings_list(shown, where=where),
        more,
    )


def empty_panel(text: str = "Click a moment in the blueprint, or choose one from the list.") -> Safe:
    """The panel before anything is selected."""
    return panel(note(text))


def target_text(standard: Standard) -> str:
    """``≤ 3 minutes for 95%``: the target as the catalogue writes it, with the share."""
    text = written_target(standard)
    return text if standard.share is None else f"{text} for {standard.share * 100:g}%"


def _tags(factor: KeyFactor) -> Safe:
    marks = [badge(f"{factor.element.value} / {factor.sub_item}", "info")]
    if factor.bpm:
        marks.append(bpm_badge(factor.bpm.value))
    if factor.dimension:
        marks.append(badge(factor.dimension.value, "muted"))
    return Safe(" ".join(marks))


def _weight(importance: float | None) -> str:
    return "" if importance is None else f"{importance:g}"


def _count(service: Service, factor_id: str) -> object:
    return len(service.standards_of_factor.get(factor_id, [])) or badge("none", "warn")


def _header(moment: MomentOfTruth, lang: str | None) -> Safe:
    marks = [badge(moment.stage.value, f"stage-{moment.stage.value}")]
    if moment.fail_point:
        marks.append(badge("F fail point", "fail"))
    if moment.wait_point:
        marks.append(badge("W wait point", "wait"))
    for flag in ("choice", "ritual", "optional"):
        if getattr(moment, flag):
            marks.append(badge(flag))
    if moment.emotion is not None:
        tone = "good" if moment.emotion > 0 else "bad" if moment.emotion < 0 else "plain"
        marks.append(badge(f"emotion {moment.emotion:+d}", tone))
    return Safe(
        f"<h3>{esc(moment.title_in(lang))}</h3>"
        f'<div class="bp-sub"><code>{esc(moment.id)}</code> {" ".join(marks)}</div>'
    )


def _fail_points(service: Service, moment: MomentOfTruth, steps: list[str], lang: str | None) -> Safe:
    """The fail points of the moment and of the steps that feed it: cause, then fail-safe."""
    from ..model.queries import fail_point_of

    rows = []
    for record in (moment, *(service.steps[s] for s in steps)):
        point = fail_point_of(record)
        if point is not None:
            kind = f" ({point.poka_yoke.value})" if point.poka_yoke else ""
            guard = f"{point.fail_safe}{kind}" if point.fail_safe else badge("none yet", "warn")
            rows.append([record.title_in(lang), point.cause or "", guard])
    if not rows:
        return Safe("")
    return Safe("<h4>Fail points</h4>" + table(["where", "cause", "fail-safe"], rows))


def _standards_of(service: Service, moment: MomentOfTruth, steps: list[str]) -> list[Standard]:
    """The standards on the moment's factors, then those on the steps that feed it, but for a standard
    whose step feeds none of its own factors' moments (BP210: it serves those, not this one)."""
    ids = dict.fromkeys(s for f in moment.factors for s in service.standards_of_factor.get(f.id, []))
    on_steps = (s for step in steps for s in service.standards_of_step.get(step, []))
    ids.update(dict.fromkeys(s for s in on_steps if moment.id in moments_of_standard(service, s)))
    return [service.standards[s] for s in ids if s in service.standards]


def _standards_table(standards: list[Standard], lang: str | None, status: Status | None) -> Safe:
    headers = ["standard", "target", "owner"]
    if status is not None:
        headers.append("gap 3")
    rows = []
    for s in standards:
        marks = [badge(s.kind.value, "muted")]
        if s.visible:
            marks.append(badge("published", "good"))
        row: list[object] = [
            Safe(f"<code>{esc(s.id)}</code> {' '.join(marks)}<br>{esc(_statement(s, lang))}"),
            target_text(s),
            s.owner or badge("no owner", "warn"),
        ]
        if status is not None:
            label, tone = status.get(s.id, ("no data", "muted"))
            row.append(badge(label, tone))
        rows.append(row)
    return table(headers, rows, empty="no standard yet: this moment is not covered (gap 2)")


def _statement(standard: Standard, lang: str | None) -> str:
    return standard.translations.get(lang, standard.statement) if lang else standard.statement


def _line(service: Service, subject: str | None, path: tuple[object, ...]) -> str | None:
    if subject is None or service.locator is None:
        return None
    try:
        where = service.locator(subject, path or None)  # type: ignore[arg-type]
    except (KeyError, LookupError, ValueError):
        return None
    return f"line {where.line}" if where is not None and where.line else None

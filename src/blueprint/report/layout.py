"""The client report: one self-contained HTML file, laid out like a survey report.

Purpose, method, results, improvement suggestions, appendix (DOMAIN.md §8).
The report computes nothing: findings, measurement results, survey results
and the standards catalogue come in as arguments (see
:func:`blueprint.report.pipeline.build_report`, which gathers them). Pictures are
inline SVG, the stylesheet is inlined, and nothing refers to another file or
address, so the report opens anywhere and prints to PDF on A4 or Letter.

>>> from blueprint.model.examples import tiny_service
>>> page = report_html(tiny_service(), pictures=False, generated="2025-01-01")
>>> page.startswith("<!DOCTYPE html>") and "Improvement suggestions" in page
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..escaping import escape_text
from ..style import with_tokens
from .parts import (
    catalogue_table,
    client_hint,
    compliance_tables,
    delivered,
    findings_table,
    gap_table,
    survey_doubt,
    survey_said,
    table,
    worst_groups,
)

if TYPE_CHECKING:
    from ..model.findings import Finding
    from ..model.service import Service

__all__ = ["report_html"]

_SECTIONS = (
    ("purpose", "1 Purpose"),
    ("method", "2 Method"),
    ("results", "3 Results"),
    ("suggestions", "4 Improvement suggestions"),
    ("appendix", "5 Appendix"),
)


def report_html(
    service: Service,
    *,
    findings: Sequence[Finding] = (),
    measured: Any = None,
    grouped: Any = None,
    cycle_status: dict[str, tuple[str, float | None]] | None = None,
    survey: dict[str, Any] | None = None,
    survey_notes: Sequence[str] = (),
    catalogue: Sequence[dict[str, Any]] | None = None,
    data: str | None = None,
    generated: str | None = None,
    pictures: bool = True,
    lang: str | None = None,
    service_types: Any = None,
    what_if: Any = None,
) -> str:
    """The report of ``service`` as an HTML document (a string).

    ``measured`` and ``grouped`` are measurement results (by month, and by
    site and month or whatever keys were asked for); ``cycle_status`` colours
    the cycle by verdict (per standard, its whole-period verdict and share, as
    :meth:`blueprint.report.pipeline.ReportInputs.standard_verdicts` gives them);
    ``survey`` maps
    ``servqual``, ``tolerance``, ``kano`` and ``ipa`` to their results;
    ``catalogue`` is :func:`blueprint.io.catalogue.catalogue`'s table.
    ``pictures=False`` leaves out the drawings (no Graphviz or matplotlib).
    ``lang`` draws the pictures and names the service with its translated
    titles (``zh``), where the service file has them. ``service_types`` is
    the diagnosis of the four service types
    (:meth:`blueprint.report.pipeline.ReportInputs.diagnose`); with data but without
    it, the part says it was not diagnosed. When moments or steps carry a
    ``duration``, the service part shows each path's execution time and cost,
    and ``what_if`` (:func:`blueprint.model.margin.what_if`) adds the margin.
    """
    from ..io.catalogue import COLUMNS
    from ..io.catalogue import catalogue as build_catalogue
    from .service_types import service_type_part
    from .timing import timing_part

    survey = survey or {}
    rows = list(catalogue) if catalogue is not None else build_catalogue(service, lang=lang)
    title = service.info.title_in(lang)
    day = generated or dt.date.today().isoformat()
    gaps_html, counts = gap_table(findings, grouped or measured, survey)
    parts = [
        f"<header><h1>{escape_text(title)}</h1>"
        f'<p class="lead">Service quality report · <code>{escape_text(service.info.id)}</code> · '
        f"{escape_text(day)}</p>"
        "</header>",
        _toc(),
        _purpose(service, title),
        _method(service, measured, grouped, survey_notes, data),
        '<section id="results">',
        _pictures(service, cycle_status, lang) if pictures else "<h2>3 Results</h2>",
        timing_part(service, what_if, pictures=pictures, lang=lang),
        f'<h3 id="gaps">3.2 The five gaps</h3>{gaps_html}',
        _compliance(service, grouped),
        service_type_part(service_types, measured=(grouped or measured) is not None, pictures=pictures),
        _customers(survey, pictures),
        "</section>",
        _suggestions(service, findings, grouped or measured, survey, counts),
        '<section id="appendix">',
        '<div class="catalogue-page"><h2>5 Appendix</h2>'
        f'<h3 id="catalogue">A. Standards catalogue</h3><p class="note">'
        f"{len(rows)} standards. Status: agreed when staff signed the standard off, else draft. Last "
        f"compliance: the latest month with data.</p>{catalogue_table(rows, COLUMNS)}</div>",
        f'<h3 id="findings">B. All findings</h3>{findings_table(findings) if findings else "<p>None.</p>"}',
        "</section>",
        f"<footer>Made with Blueprint from {escape_text(service.source or service.info.id)} on "
        f"{escape_text(day)}. Every number comes from the service file, the operational data and the "
        "surveys named under Method.</footer>",
    ]
    css = with_tokens(files("blueprint.report").joinpath("report.css").read_text(encoding="utf-8"))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
        f"<title>{escape_text(title)} — service quality report</title>"
        f"<style>\n{css}</style></head><body>\n" + "\n".join(p for p in parts if p) + "\n</body></html>\n"
    )


def _toc() -> str:
    items = "".join(f'<li><a href="#{key}">{escape_text(name[2:])}</a></li>' for key, name in _SECTIONS)
    return f'<nav class="toc"><h3>Contents</h3><ol>{items}</ol></nav>'


def _purpose(service: Service, title: str) -> str:
    return (
        '<section id="purpose" class="first"><h2>1 Purpose</h2>'
        f"<p>This report holds the service <b>{escape_text(title)}</b> against its own "
        "standards and against what its customers say. It follows the gap model: where customers' "
        "expectations are misread (gap 1), where what matters has no measurable standard (gap 2), where "
        "the standards are not met (gap 3), where promises exceed delivery (gap 4), and where customers "
        "perceive less than they expect (gap 5). It ends with suggestions, in order of urgency.</p>"
        '<dl class="facts">'
        f"<dt>Moments of truth</dt><dd>{len(service.moments)}</dd>"
        f"<dt>Key factors</dt><dd>{len(service.factors)}</dd>"
        f"<dt>Standards</dt><dd>{len(service.standards)}</dd>"
        f"<dt>Promises</dt><dd>{len(service.promises)}</dd></dl></section>"
    )


def _method(service: Service, measured: Any, grouped: Any, notes: Sequence[str], data: str | None) -> str:
    steps = [
        "The service was broken down into its cycle of moments of truth, and each moment's key factors "
        "and standards read from the service file.",
        "The file was checked against the guidelines for good standards and the gap rules (gaps 1, 2 and 4).",
    ]
    if measured is not None:
        sources = sorted({o.source for o in measured.outcomes if o.source and o.observations})
        rows = sum(o.observations for o in measured.outcomes if o.kind == "standard")
        # compliance is always taken month by month; the table's keys add to that, each named once
        keys = ["month", *(k for k in (grouped.by if grouped is not None else ()) if k != "month")]
        by = " and ".join([", ".join(keys[1:]), "month"]) if len(keys) > 1 else "month"
        folder = Path(data).resolve().name if data else ""  # '.' names no folder a reader knows
        counted = f"{escape_text(folder) + ': ' if folder else ''}{len(sources)} source"
        counted += "" if len(sources) == 1 else "s"
        steps.append(
            f"Operational data ({counted}, {rows:,} observations over all standards) was measured "
            f"against every standard, by {escape_text(by)}. "
            f"A group with fewer than {measured.options.get('min_observations', 30)} valid observations is "
            "marked <i>too few</i> and not judged; a standard passes in a group when the share of cases "
            "meeting its target reaches the share it requires."
        )
    else:
        steps.append("No operational data was given, so gap 3 is not measured.")
    if notes:
        items = "".join(f"<li>{escape_text(n)}</li>" for n in notes)
        steps.append(f"Customer surveys were analysed: <ul>{items}</ul>")
    else:
        steps.append("No customer survey was given, so gap 5 is not measured.")
    body = "".join(f"<li>{s}</li>" for s in steps)
    return f'<section id="method"><h2>2 Method</h2><ol>{body}</ol></section>'


def _pictures(
    service: Service, verdicts: dict[str, tuple[str, float | None]] | None, lang: str | None = None
) -> str:
    from ..render import render
    from ..render.inline_svg import inline_svg
    from ..render.status import moment_verdicts, verdict_text
    from ..render.theme import VERDICT

    def draw(view: str, **options: Any) -> str:
        return str(render(service, view=view, lang=lang, **options).svg())

    title = service.info.title_in(lang)
    cycle_options: dict[str, Any] = {}
    if verdicts is not None:
        odd = [key for key, value in verdicts.items() if not (isinstance(value, tuple) and len(value) == 2)]
        if odd:
            raise ValueError(
                f"cycle_status maps standard ids to (verdict, share), as ReportInputs.standard_verdicts() "
                f"gives them; {odd[0]!r} has {verdicts[odd[0]]!r}"
            )
        moments = moment_verdicts(service, verdicts)
        cycle_options = {
            "status": {m: verdict for m, (verdict, _) in moments.items()},
            "colors": VERDICT,
            "legend": "Verdict over the whole period",
            "notes": {m: verdict_text(*v) for m, v in moments.items() if v[0] != "no standard"},
        }
    from .blueprint_section import blueprint_parts, parts_html

    parts = blueprint_parts(service, lang)
    blueprint = (
        '<h2>3 Results</h2><h3 id="service">3.1 The service</h3>'
        f"<p>The service blueprint follows in {len(parts)} part{'s' if len(parts) != 1 else ''}, "
        "the panels of the workshop slides cut to be read on a page (in print, one page each), the lanes "
        "on every part: customer actions, frontstage, backstage and support processes, with fail and "
        "wait points marked and the fail points listed under the drawing. Then the cycle "
        "of service.</p>" + parts_html(parts, title, len(service.moments))
    )
    cycle = inline_svg(draw("cycle", **cycle_options), "cy", label=f"Cycle of {title}")
    caption = (
        "Each moment coloured by the verdict on its standards over the whole period, with the share of "
        "cases meeting the target: pass only when every standard of the moment is met, else its worst "
        "standard's verdict (fail, too few cases to judge, no data)."
        if verdicts is not None
        else "Each moment coloured by how many of its key factors have a standard."
    )
    return (
        f"{blueprint}"
        f'<figure class="keep">{cycle}<figcaption>The cycle of service. {caption}</figcaption></figure>'
    )


def _compliance(service: Service, grouped: Any) -> str:
    head = '<h3 id="compliance">3.3 Compliance by standard, site and month</h3>'
    if grouped is None:
        return head + '<p class="note">No operational data given, so compliance is not measured.</p>'
    titles = {s.id: s.statement for s in service.standards.values()}
    measured = {o.standard for o in grouped.outcomes if o.kind == "standard" and o.observations}
    elsewhere: dict[str, str] = getattr(grouped, "elsewhere", {})
    unmeasured = [s for s in service.standards if s not in measured and s not in elsewhere]
    legend = (
        '<p class="legend note">Share of cases meeting the standard, in per cent (for a standard on '
        "a mean or median, that value, in the standard's unit): "
        '<span class="ok">met</span><span class="bad">not met</span>'
        '<span class="few">too few cases to judge</span> · no data.</p>'
    )
    note = (
        f'<p class="note">Not measured (no data): {escape_text(", ".join(unmeasured))}.</p>'
        if unmeasured
        else ""
    )
    if elsewhere:
        shown = "; ".join(f"{sid} ({what})" for sid, what in elsewhere.items())
        note += f'<p class="note">Measured elsewhere: {escape_text(shown)}.</p>'
    return head + legend + compliance_tables(grouped, titles) + note


def _customers(survey: dict[str, Any], pictures: bool) -> str:
    out = ['<h3 id="customers">3.5 What customers say</h3>']
    if not survey:
        return out[0] + '<p class="note">No survey given, so nothing is shown of what customers say.</p>'
    servqual = survey.get("servqual")
    if servqual is not None:
        dims = servqual.dimensions
        rows = [
            [str(r.dimension), f"{r.expectation:.2f}", f"{r.perception:.2f}", f"{r.gap:+.2f}{survey_said(r)}",
             "" if r.weight is None or r.weight != r.weight else f"{r.weight:g}"]
            for r in dims.itertuples()
        ]  # fmt: skip
        o = servqual.overall
        out.append(
            '<div class="keep"><h4>SERVQUAL by dimension (gap 5)</h4>'
            + table(["Dimension", "Expectation", "Perception", "Gap P − E", "Weight"], rows, cls="servqual")
            + f'<p class="note">Overall gap {o["unweighted"]:+.2f}{survey_said(o)} '
            f"(weighted {o['weighted']:+.2f}), {o.get('n') or '–'} respondents. A gap marked "
            "<i>not shown</i> has an interval that spans 0; one marked <i>too few answers</i> rests "
            "(partly) on fewer than 5.</p></div>"
        )
        if pictures:
            out.append(_chart("servqual", servqual, "SERVQUAL expectation and perception by dimension"))
    zone = survey.get("tolerance")
    if zone is not None:
        frame = zone.dimensions if zone.dimensions is not None else zone.items
        label = "dimension" if zone.dimensions is not None else "item"
        rows = [
            [str(getattr(r, label)), f"{r.adequate:.2f}", f"{r.desired:.2f}", f"{r.perceived:.2f}",
             f"{r.msa:+.2f}", f"{r.mss:+.2f}", f"{r.position}{survey_said(r)}"]
            for r in frame.itertuples()
        ]  # fmt: skip
        head = [label.title(), "Adequate", "Desired", "Perceived", "MSA", "MSS", "Position"]
        out.append(f'<div class="keep"><h4>Zone of tolerance</h4>{table(head, rows, cls="tolerance")}</div>')
        if pictures:
            out.append(_chart("tolerance", zone, "Zone of tolerance: adequate to desired, and perceived"))
    if pictures:
        for name, caption in (
            ("kano", "Kano better–worse diagram"),
            ("ipa", "Importance–performance analysis"),
        ):
            if name in survey:
                out.append(_chart(name, survey[name], caption, heading=True))
    return "".join(out)


def _chart(name: str, result: Any, caption: str, *, heading: bool = False) -> str:
    from ..render.figure import chart_style
    from ..render.inline_svg import figure_svg

    with chart_style():  # texts take their fonts when made: Chinese names need the CJK font then
        if name in ("servqual", "tolerance"):
            from .charts import servqual_chart, tolerance_chart

            figure = (servqual_chart if name == "servqual" else tolerance_chart)(result)
        else:
            from ..render.survey_charts import better_worse_chart, ipa_chart

            figure = (better_worse_chart if name == "kano" else ipa_chart)(result, size=(7.5, 5.5))
        svg = figure_svg(figure, name, label=caption)
    head = f"<h4>{escape_text(caption)}</h4>" if heading else ""
    return f'<figure class="chart keep">{head}{svg}<figcaption>{escape_text(caption)}</figcaption></figure>'


def _suggestions(
    service: Service,
    findings: Sequence[Finding],
    result: Any,
    survey: dict[str, Any],
    counts: dict[int, int | None],
) -> str:
    from ..checks.reference import CITED

    items: list[str] = []
    # delivery that deviates from a standard (BP330) goes against guideline 7
    g7 = (
        f'<span class="guideline">Guideline 7: {escape_text(CITED["G7"])} '
        "(标准一旦确定，就不允许出现偏差).</span>"
    )
    if result is not None:
        by_standard: dict[str, list[Any]] = {}
        for o in worst_groups(result):
            by_standard.setdefault(o.standard, []).append(o)
        for standard_id, failing in by_standard.items():
            standard = service.standards.get(standard_id)
            owner = f" Owner: {escape_text(standard.owner)}." if standard and standard.owner else ""
            worst = failing[0]
            statement = escape_text(standard.statement.rstrip(". ")) if standard else ""
            items.append(
                f"<b>Bring <code>{escape_text(standard_id)}</code> back to its target</b> ({statement}): "
                f"not met in {len(failing)} group(s), worst {escape_text(worst.group)}: "
                f"{escape_text(delivered(worst))}.{owner} {g7}"
            )
    for f in findings:
        if f.gap == 4 and f.rule in ("BP322", "BP333"):
            advice = client_hint(f.hint)
            hint = f" {escape_text(advice[:1].upper() + advice[1:].rstrip('.: '))}." if advice else ""
            items.append(
                f"<b>Align the promise with delivery</b>: {escape_text(f.message.rstrip('. '))}.{hint}"
            )
    servqual = survey.get("servqual")
    if servqual is not None:
        for r in servqual.dimensions.sort_values("gap").itertuples():
            doubt = survey_doubt(getattr(r, "evidence", None), "the interval of the gap spans 0")
            if r.gap < 0 and doubt:
                items.append(
                    f"<b>Ask more customers about {escape_text(r.dimension)}</b> before closing a gap there: "
                    f"its gap ({r.gap:+.2f}) {doubt}."
                )
            elif r.gap < 0:
                items.append(
                    f"<b>Close the {escape_text(r.dimension)} gap</b>: customers perceive {r.perception:.2f} "
                    f"against an expectation of {r.expectation:.2f} ({r.gap:+.2f})."
                )
    ipa = survey.get("ipa")
    if ipa is not None:
        rows = ipa.attributes[ipa.attributes["quadrant"] == "concentrate here"].to_dict("records")
        focus = [str(r["attribute"]) for r in rows if not survey_doubt(r.get("evidence"), "")]
        unsure = [str(r["attribute"]) for r in rows if survey_doubt(r.get("evidence"), "")]
        if focus:
            items.append(
                "<b>Concentrate here</b> (important to customers, performed below the rest): "
                + ", ".join(escape_text(a) for a in focus)
                + "."
            )
        if unsure:
            items.append(
                "<b>Ask more customers before concentrating on</b> "
                + escape_text(", ".join(unsure))
                + ": the answers do not show that they belong there (too few, or too close to the crosshair)."
            )
    for gap in (1, 2):
        if counts.get(gap):
            items.extend(_design_suggestions(service, findings, gap))
    body = "".join(f"<li>{i}</li>" for i in items) or "<li>No gap needs action.</li>"
    return (
        '<section id="suggestions"><h2>4 Improvement suggestions</h2>'
        f'<ol class="suggestions">{body}</ol></section>'
    )


def _design_suggestions(service: Service, findings: Sequence[Finding], gap: int) -> list[str]:
    """Gaps 1 and 2 for the client: per guideline not yet met, what it asks and where (no notes)."""
    from ..checks import RULES

    by_rule: dict[str, list[str]] = {}
    for f in findings:
        if f.gap == gap and f.severity.value != "info":
            names = by_rule.setdefault(f.rule, [])
            name = _subject_name(service, f.subject)
            if name and name not in names:
                names.append(name)
    out = []
    for rule_id, names in sorted(by_rule.items()):
        rule = RULES.get(rule_id)
        wanted = rule.title if rule else rule_id
        shown = ", ".join(escape_text(n) for n in names[:6]) + (
            f" and {len(names) - 6} more" if len(names) > 6 else ""
        )
        where = f" — not yet so for {shown}" if names else ""
        out.append(f"<b>Gap {gap}: {escape_text(wanted)}</b>{where}.")
    return out


def _subject_name(service: Service, subject: str | None) -> str:
    """A finding's subject as the client knows it: a moment's, factor's or step's title, else its id."""
    if not subject:
        return ""
    if subject == service.info.id:
        return "the service as a whole"
    for records in (service.moments, service.factors, service.steps):
        record = records.get(subject)
        if record is not None:
            return str(record.title)
    return subject

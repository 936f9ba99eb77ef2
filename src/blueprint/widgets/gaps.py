"""GapDashboard: the five gaps at a glance, compliance with what-ifs, and what customers say.

Tabs:

* **Five gaps** — one card per gap with its count and worst offenders: gaps
  1, 2 and 4 from the lint, gap 3 from the operational data, gap 5 from the
  SERVQUAL survey.
* **Compliance (gap 3)** — one row per measured standard with a slider on its
  target: moving it re-measures that standard only and updates its share,
  status and the gap-3 card.
* **Customers (gap 5)** — SERVQUAL by dimension and the zone of tolerance.
* **Kano and IPA** — the better-worse diagram and the quadrant chart.
* **Service type** — the four service types (quality service, by the book,
  friendly but disorganised, indifferent) as a quadrant chart and a table, for
  the service as a whole or for each group of ``by``.
* **Staffing (what-if)** — with ``staffing=``, the staff each hour needs to
  keep a wait standard: move its target, share or shrinkage and see the staff
  per hour; with a roster, staff needed against rostered and the hours short.

A part whose input was not given says so instead of showing numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..checks.plain import plain_message, plain_text
from ..measure.columns import grouping_keys
from ..model.units import amount
from ._html import Safe, badge, esc, note, panel, rule_detail, style
from ._measure import STATUS_TONE, Compliance
from .facets import lint_unlocated
from .panel import target_text
from .service_type_view import ServiceTypeView
from .staffing_view import StaffingView
from .survey_view import SurveyView

if TYPE_CHECKING:
    from ..measure.outcome import Outcome
    from ..model.findings import Finding
    from ..model.service import Service

__all__ = ["GAP_NAMES", "GapDashboard"]

GAP_NAMES = {
    1: "listening",
    2: "design & standards",
    3: "performance",
    4: "communication",
    5: "customer",
}
_RANK = {"error": 0, "warning": 1, "info": 2}
NO_DATA = "No operational data yet: open the dashboard with the service's data exports to measure gap 3."
NO_SURVEY = "No SERVQUAL survey yet: open the dashboard with the survey results to see gap 5."


class GapDashboard(w.VBox):  # type: ignore[misc]
    """The gap model of ``service``; ``data`` is operational data, ``survey`` customer surveys.

    ``data`` is a folder holding the standards' sources or a mapping from
    source name (as in ``measurement.source``) to a DataFrame. ``survey``
    maps ``servqual``, ``tolerance``, ``kano`` and ``ipa`` to their results
    (from :mod:`blueprint.survey`) or to tables to analyse with the
    defaults. ``by`` (``"site"``) types each group on the service-type tab
    (measured once more, grouped); without it the service as a whole is typed.
    ``staffing`` plans the staff a wait standard needs on ``data``: a mapping
    with ``standard`` and ``handle`` (ids; the first wait standard and a
    handling metric by default), ``by`` (default ``"site,hour"``), ``roster``
    (a roster CSV file), ``shrinkage`` and ``columns``; see docs/staffing.md.
    """

    def __init__(self, service: Service, data: Any = None, survey: Any = None, *,
                 page_size: int = 10, config: Any = None, by: Sequence[str] | str = (),
                 staffing: Mapping[str, Any] | None = None) -> None:  # fmt: skip
        self.service, self.page_size, self.page = service, page_size, 0
        self.findings = lint_unlocated(service, config)
        self.compliance: Compliance | None = None
        self.data_note = NO_DATA
        if data is not None:
            try:
                self.compliance = Compliance(service, data)
                self.data_note = ""
            except ImportError:
                self.data_note = "Gap 3 is not available: the measurement layer is not installed."
            except Exception as exc:  # bad data must not break the dashboard; say what happened
                self.data_note = f"The operational data could not be measured: {type(exc).__name__}: {exc}"
        self.outcomes: dict[str, Outcome] = dict(self.compliance.baseline) if self.compliance else {}
        self.targets: dict[str, float | bool] = {}
        self.survey = SurveyView(survey, {f.id: f.title for f in service.factors.values()})
        self.cards = w.HTML()
        self.rows = w.VBox()
        self.page_label = w.HTML()
        self.previous = w.Button(
            icon="chevron-left", tooltip="previous standards", layout=w.Layout(width="36px")
        )
        self.next = w.Button(icon="chevron-right", tooltip="next standards", layout=w.Layout(width="36px"))
        self.previous.on_click(lambda _: self._turn(-1))
        self.next.on_click(lambda _: self._turn(1))
        self.reset = w.Button(description="Reset targets", icon="undo")
        self.reset.on_click(lambda _: self.reset_targets())
        self._labels: dict[str, w.HTML] = {}
        # Standards with observations first: they are the ones a what-if can move.
        self.measured = sorted((s for s in service.standards if s in self.outcomes),
                               key=lambda s: self.outcomes[s].observations == 0)  # fmt: skip
        compliance = w.VBox([w.HTML(self._compliance_head()), self.rows,
                             w.HBox([self.previous, self.next, self.page_label, self.reset])])  # fmt: skip
        self.service_types = ServiceTypeView(service)
        self._show_service_types(by)
        self.staffing = StaffingView(service, data if staffing is not None else None, staffing)
        if staffing is None:
            self.staffing.text.value = panel(Safe("<h4>Staffing</h4>"), note(
                "Name a wait standard and the handling time measured for it (with the operational data) "
                "to plan the staff it needs per hour."))  # fmt: skip
        tabs = w.Tab(children=[self.cards, compliance, self.survey.gap5(), self.survey.charts(),
                               self.service_types.widget, self.staffing.widget])  # fmt: skip
        titles = ["Five gaps", "Compliance (gap 3)", "Customers (gap 5)", "Kano and IPA", "Service type",
                  "Staffing (what-if)"]  # fmt: skip
        for i, title in enumerate(titles):
            tabs.set_title(i, title)
        head = panel(Safe(f"<h3>{esc(service.info.title)}: the gap model</h3>"))
        super().__init__([w.HTML(head), tabs], layout=w.Layout(width="100%"))
        self.add_class("bp-gaps")
        self._show_cards()
        self._show_page()

    def _show_service_types(self, by: Sequence[str] | str) -> None:
        keys = grouping_keys(by)
        if self.compliance is None:
            self.service_types.missing(self.data_note)
        elif not keys:
            self.service_types.show(self.compliance.baseline.values())
        else:
            try:
                result = self.compliance.grouped(keys)
                errors = [f.message for f in result.findings if f.severity.value == "error" and f.gap != 3]
                diagnosis = self.service_types.show(result.outcomes, keys)
                if not diagnosis.groups and errors:  # e.g. no column for a key: say which
                    self.service_types.missing(f"Could not group by {', '.join(keys)}: {'; '.join(errors)}")
            except Exception as exc:  # a bad grouping must not break the dashboard; say what happened
                self.service_types.missing(
                    f"Could not group by {', '.join(keys)}: {type(exc).__name__}: {exc}"
                )

    # -- what-if -------------------------------------------------------------------------

    def what_if(self, standard_id: str, target: float | bool) -> Outcome:
        """Re-measure ``standard_id`` with ``target`` and update its row and the gap cards."""
        if self.compliance is None:
            raise ValueError(self.data_note)
        outcome = self.compliance.what_if(standard_id, target)
        self.targets[standard_id] = target
        self.outcomes[standard_id] = outcome
        if standard_id in self._labels:
            self._labels[standard_id].value = self._result_html(outcome)
        self._show_cards()
        return outcome

    def reset_targets(self) -> None:
        """Back to the written targets."""
        if self.compliance is not None:
            self.outcomes = dict(self.compliance.baseline)
        self.targets.clear()
        self._show_page()
        self._show_cards()

    # -- the five gaps -----------------------------------------------------------------------

    def gap_counts(self) -> dict[int, int | None]:
        """Errors and warnings per gap (gap 3: failing standards; gap 5: items below expectation).

        None when unknown. Infos are counted apart, by :meth:`gap_infos`.
        """
        counts: dict[int, int | None] = {
            g: sum(f.gap == g and f.severity.value != "info" for f in self.findings) for g in (1, 2, 4)
        }
        counts[3] = sum(o.status == "fail" for o in self.outcomes.values()) if self.compliance else None
        counts[5] = self.survey.items_below()
        return dict(sorted(counts.items()))

    def gap_infos(self) -> dict[int, int]:
        """Infos per gap: remarks that ask nothing urgent, shown apart from the count."""
        return {g: sum(f.gap == g and f.severity.value == "info" for f in self.findings) for g in (1, 2, 4)}

    def _show_cards(self) -> None:
        counts, infos = self.gap_counts(), self.gap_infos()
        cards = []
        for gap, name in GAP_NAMES.items():
            count = counts[gap]
            if count is None:
                why = self.data_note if gap == 3 else NO_SURVEY
                cards.append(f'<div class="bp-gap bp-unavailable"><b>Gap {gap}</b> {esc(name)}'
                             f'<div class="bp-count">–</div><div>{esc(why)}</div></div>')  # fmt: skip
                continue
            worst = self._worst(gap)
            items = "".join(f"<li>{w}</li>" for w in worst) or "<li>nothing to show</li>"
            tone = "bp-bad" if count else "bp-good"
            what = {3: "standards failing", 5: "items shown below expectation"}.get(
                gap, "errors and warnings"
            )
            apart = f" (and {infos[gap]} info{'' if infos[gap] == 1 else 's'})" if infos.get(gap) else ""
            cards.append(
                f'<div class="bp-gap"><b>Gap {gap}</b> {esc(name)}<div class="bp-count {tone}">'
                f'{count}</div><div class="bp-muted">{what}{apart}</div>'
                f'<ul class="bp-findings">{items}</ul></div>'
            )
        self.cards.value = (
            str(style()) + f'<div class="bp-panel"><div class="bp-gap-grid">{"".join(cards)}</div></div>'
        )

    def _worst(self, gap: int, few: int = 3) -> list[str]:
        if gap == 3:
            failing = sorted(
                (o for o in self.outcomes.values() if o.status == "fail"), key=lambda o: o.share or 0
            )
            return [
                f"<code>{esc(o.standard)}</code> {o.share:.0%} met"
                for o in failing[:few]
                if o.share is not None
            ]
        if gap == 5:
            return [esc(text) for text in self.survey.worst_items(few)]
        urgent = (f for f in self.findings if f.gap == gap and f.severity.value != "info")
        found: list[Finding] = sorted(urgent, key=lambda f: _RANK.get(f.severity.value, 3))
        return [f"{esc(plain_message(f))}{rule_detail(f)}" for f in found[:few]]

    # -- compliance rows ----------------------------------------------------------------------

    def _compliance_head(self) -> Safe:
        if self.compliance is None:
            return panel(note(self.data_note))
        return panel(note("Move a target to see how compliance and the gap-3 status would change. "
                          "Nothing is written to the file.", "info"))  # fmt: skip

    def _turn(self, step: int) -> None:
        pages = max(1, -(-len(self.measured) // self.page_size))
        self.page = max(0, min(pages - 1, self.page + step))
        self._show_page()

    def _show_page(self) -> None:
        start = self.page * self.page_size
        shown = self.measured[start : start + self.page_size]
        self._labels = {}
        self.rows.children = [self._row(s) for s in shown]
        self.previous.disabled = self.page == 0
        self.next.disabled = start + self.page_size >= len(self.measured)
        total = len(self.measured)
        self.page_label.value = (
            f'<span class="bp-muted">{start + 1 if shown else 0}–{start + len(shown)} of {total}</span>'
        )

    def _row(self, standard_id: str) -> w.Widget:
        standard = self.service.standards[standard_id]
        title = w.HTML(panel(Safe(f"<code>{esc(standard.id)}</code> {esc(standard.statement)}"
                                  f'<div class="bp-sub">{esc(target_text(standard))}</div>')),
                       layout=w.Layout(width="420px"))  # fmt: skip
        result = w.HTML(self._result_html(self.outcomes[standard_id]), layout=w.Layout(width="260px"))
        self._labels[standard_id] = result
        if isinstance(standard.target, bool):
            return w.HBox([title, w.HTML(panel(note("yes/no target"))), result])
        value = float(self.targets.get(standard_id, standard.target))
        top = max(value * 4, value + 1)
        slider = w.FloatSlider(value=value, min=0, max=top, step=_step(top), continuous_update=False,
                               description="target", readout=False,
                               layout=w.Layout(width="100%", min_width="360px"))  # fmt: skip
        slider.add_class(f"bp-target-{standard_id}")
        shown = w.HTML(self._target_html(standard_id, value), layout=w.Layout(min_width="110px"))
        shown.add_class("bp-target-value")

        def moved(change: Any) -> None:
            shown.value = self._target_html(standard_id, float(change["new"]))
            self.what_if(standard_id, float(change["new"]))

        slider.observe(moved, "value")
        control = w.HBox([slider, shown], layout=w.Layout(flex="1 1 auto", align_items="center"))
        return w.HBox([title, control, result], layout=w.Layout(align_items="center", width="100%"))

    def _target_html(self, standard_id: str, value: float) -> str:
        """The slider's value as people read it: ``≤ 3 minutes``."""
        standard = self.service.standards[standard_id]
        return str(
            panel(
                Safe(
                    f"<b>{esc(plain_text(standard.comparator.value))} {esc(amount(value, standard.unit))}</b>"
                )
            )
        )

    def _result_html(self, outcome: Outcome) -> Safe:
        tone = STATUS_TONE.get(outcome.status, "plain")
        if outcome.share is None:
            return panel(badge(outcome.status, tone))
        need = "" if outcome.required is None else f" (needs {outcome.required:.0%})"
        bar = f'<span class="bp-bar" style="width:{round(outcome.share * 100)}px"></span>'
        return panel(Safe(f"{badge(outcome.status, tone)} {outcome.share:.1%} met{need}<br>{bar} "
                          f'<span class="bp-muted">{outcome.observations} observations</span>'))  # fmt: skip


def _step(top: float) -> float:
    """A slider step giving about four hundred positions, fine enough for small moves."""
    step = top / 400
    magnitude = 10 ** int(f"{step:e}".split("e")[1])
    return max(round(step / magnitude) * magnitude, 1e-6)

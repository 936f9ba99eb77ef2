"""The GapDashboard's staffing panel: move a wait standard's target or share, see the staff each hour needs.

The data is read once per standard and handling metric
(:func:`blueprint.staffing.plan.demand`); a slider then only recomputes the
queueing maths (:func:`~blueprint.staffing.plan.plan`), which takes
milliseconds. With a roster, the chart draws the people needed against those
rostered and every hour short of the standard is listed. Group keys and
findings are user text and are escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ._html import Safe, esc, note, panel, table

if TYPE_CHECKING:
    from ..model.service import Service
    from ..staffing.demand import Demand
    from ..staffing.output import StaffPlan

__all__ = ["StaffingView", "handle_metrics", "wait_standards"]


def wait_standards(service: Service) -> list[str]:
    """The standards a staffing plan can keep: a longest wait for a share of customers, with a source."""
    from ..model.vocabulary import Comparator, Quantity, Statistic

    found = []
    for standard in service.standards.values():
        metric = service.metrics.get(standard.metric)
        if (
            metric is not None and metric.quantity is Quantity.DURATION
            and standard.comparator in (Comparator.LE, Comparator.LT)
            and standard.statistic is Statistic.EACH
            and standard.share is not None and 0 < standard.share < 1
            and standard.measurement is not None and standard.measurement.source
        ):  # fmt: skip
            found.append(standard.id)
    return found


def handle_metrics(service: Service) -> list[str]:
    """The duration metrics some standard reads from a source: candidates for the handling time."""
    from ..model.vocabulary import Quantity

    names = []
    for standard in service.standards.values():
        metric = service.metrics.get(standard.metric)
        has_source = standard.measurement is not None and standard.measurement.source
        if (
            metric is not None
            and metric.quantity is Quantity.DURATION
            and has_source
            and metric.id not in names
        ):
            names.append(metric.id)
    return names


class StaffingView:
    """The panel: pickers, sliders for the target, share and shrinkage, a table and a chart."""

    def __init__(self, service: Service, data: Any = None, options: Mapping[str, Any] | None = None) -> None:
        options = dict(options or {})
        self.service, self.data = service, data
        self.by = options.get("by", "site,hour")
        self.columns = options.get("columns")
        self.roster = options.get("roster")
        self.found: Demand | None = None
        self.plan: StaffPlan | None = None
        self.error = ""
        standards = wait_standards(service)
        handles = handle_metrics(service)
        standard = options.get("standard") or (standards[0] if standards else None)
        handle = options.get("handle") or _default_handle(service, standard, handles)
        self.text = w.HTML()
        self.image = w.Image(format="svg+xml", layout=w.Layout(width="100%"))
        self.image.layout.display = "none"
        picked = standard if standard in standards else None  # another is explained when planned
        self.standard = w.Dropdown(options=standards, value=picked, description="standard")
        self.handle = w.Dropdown(options=handles, value=handle if handle in handles else None,
                                 description="handling")  # fmt: skip
        self.target = w.FloatSlider(description="target", continuous_update=False, min=0.0, max=1.0)
        self.share = w.FloatSlider(description="share", min=0.5, max=0.99, step=0.01, continuous_update=False)
        lost = float(options.get("shrinkage", 0.0))
        self.shrinkage = w.FloatSlider(value=lost, min=0.0, max=0.6, step=0.05, description="shrinkage",
                                       continuous_update=False)  # fmt: skip
        self._quiet = False
        self.standard.observe(lambda _: self.select(self.standard.value, self.handle.value), "value")
        self.handle.observe(lambda _: self.select(self.standard.value, self.handle.value), "value")
        for slider in (self.target, self.share, self.shrinkage):
            slider.observe(lambda _: self._moved(), "value")
        controls = w.HBox(
            [w.VBox([self.standard, self.handle]), w.VBox([self.target, self.share, self.shrinkage])]
        )
        self.widget = w.VBox([controls, self.text, self.image])
        if data is None:
            self._say(
                "No operational data yet: open the dashboard with the service's data "
                "to plan the staff a wait standard needs."
            )
        elif standard is None or handle is None:
            self._say("The service has no wait standard with a source, or no duration metric for the "
                      "handling time: a plan needs both.")  # fmt: skip
        else:
            self.select(standard, handle)

    # -- the model ---------------------------------------------------------------------------

    def select(self, standard: str | None, handle: str | None) -> StaffPlan | None:
        """Read the demand for ``standard`` with ``handle`` as the handling time, and plan at its target."""
        from ..model.units import converter
        from ..staffing.plan import demand

        if standard is None or handle is None or self.data is None:
            return None
        written = self.service.standards[standard]
        try:
            self.found = demand(self.service, standard, handle, by=self.by, columns=self.columns,
                                **_where(self.data))  # fmt: skip
        except Exception as exc:  # bad data or a wrong pick must not break the dashboard; say what happened
            self.found, self.plan = None, None
            self._say(f"No plan for {standard} with {handle}: {exc}")
            return None
        self._quiet = True  # the sliders move to the standard's own numbers without planning twice
        try:
            target = float(written.target)
            self.target.max = max(target * 4, target + 1)
            self.target.step = max(self.target.max / 100, 1e-3)
            self.target.value = target
            self.target.description = f"target ({written.unit})"
            self.share.value = float(written.share or 0.8)
        finally:
            self._quiet = False
        self._to_seconds = converter(written.unit, "seconds")
        return self.move()

    def move(
        self, *, target: float | None = None, share: float | None = None, shrinkage: float | None = None
    ) -> StaffPlan | None:
        """The plan with another target (in the standard's unit), share or shrinkage; sliders follow."""
        from ..staffing.plan import plan

        if self.found is None:
            return None
        self._quiet = True
        try:
            if target is not None:
                self.target.value = target
            if share is not None:
                self.share.value = share
            if shrinkage is not None:
                self.shrinkage.value = shrinkage
        finally:
            self._quiet = False
        try:
            self.plan = plan(self.found, within=self._to_seconds(self.target.value), share=self.share.value,
                             shrinkage=self.shrinkage.value, roster=self.roster)  # fmt: skip
        except Exception as exc:  # a bad roster, a share the sliders cannot reach: say so
            self.plan = None
            self._say(f"No plan: {exc}")
            return None
        self._show()
        return self.plan

    def short(self) -> list[str]:
        """The messages of the hours short of the standard on the roster."""
        return [f.message for f in (self.plan.findings if self.plan else []) if f.rule == "BP360"]

    # -- the view ------------------------------------------------------------------------------

    def _moved(self) -> None:
        if not self._quiet:
            self.move()

    def _say(self, why: str) -> None:
        self.text.value = panel(Safe("<h4>Staffing</h4>"), note(why))
        self.image.layout.display = "none"

    def _show(self) -> None:
        from ..render.figure import chart_style, figure_bytes
        from ..render.staffing_chart import staffing_chart

        result = self.plan
        assert result is not None
        rostered = result.roster is not None
        head = [*result.by, "arrivals/h", "staff", "level", "rostered", *(["on roster"] if rostered else [])]
        rows = [
            [*(need.keys[k] for k in result.by), f"{need.arrivals_per_hour:.2f}", need.staff,
             f"{need.service_level:.1%}", need.rostered, *([need.on_roster] if rostered else [])]
            for need in result.groups
        ]  # fmt: skip
        short = self.short()
        parts = [
            Safe("<h4>Staffing</h4>"),
            note(result.summary(), "info"),
            table(head, rows, empty="No arrivals in the data."),
        ]
        if short:
            items = "".join(f"<li>{esc(m)}</li>" for m in short)
            parts.append(Safe(f"<p>{len(short)} hour(s) short of the standard:</p><ul>{items}</ul>"))
        self.text.value = panel(*parts)
        labels = [" ".join(str(need.keys[k]) for k in result.by) or "all" for need in result.groups]
        needed = [need.rostered for need in result.groups]
        on = [need.on_roster or 0 for need in result.groups] if rostered else None
        if labels:
            with chart_style():
                self.image.value = figure_bytes(staffing_chart(labels, needed, on), "svg")
            self.image.layout.display = None


def _default_handle(service: Service, standard: str | None, handles: list[str]) -> str | None:
    """A handling metric other than the wait itself, from the wait's own source when there is one."""
    if standard is None:
        return None
    wait = service.standards[standard]
    others = [h for h in handles if h != wait.metric]
    source = wait.measurement.source if wait.measurement else None
    same = [
        s.metric for s in service.standards.values()
        if s.metric in others and s.measurement is not None and s.measurement.source == source
    ]  # fmt: skip
    chosen = same or others
    return chosen[0] if chosen else None


def _where(data: Any) -> dict[str, Any]:
    """``data`` as the staffing reader takes it: a folder, or tables by source name."""
    if isinstance(data, Mapping):
        return {"tables": dict(data)}
    return {"data": data}

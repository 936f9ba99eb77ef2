"""The GapDashboard's service-type tab: the four types as a quadrant chart and a table.

The procedural side is the share of judged standards on software-element
factors that are met, the personal side the same for people-element factors
(:mod:`blueprint.measure.service_types`). The numbers come from the
dashboard's own measurement at the written targets; this module only lays
them out. Group keys are user text and are escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ._html import Safe, note, panel, table

if TYPE_CHECKING:
    from ..measure.outcome import Outcome
    from ..measure.service_types import Diagnosis
    from ..model.service import Service

__all__ = ["ServiceTypeView"]

_HOW = (
    "Procedural side: the share of judged standards on software-element factors that are met; personal "
    "side: the same for people-element factors. A side is high at {high:.0%} or above. Measured at the "
    "written targets (the what-ifs do not move it)."
)


class ServiceTypeView:
    """The tab: a note on how the type is decided, the chart (SVG) and one row per group."""

    def __init__(self, service: Service, *, high: float = 0.8) -> None:
        self.service, self.high = service, high
        self.diagnosis: Diagnosis | None = None
        self.text = w.HTML()
        self.image = w.Image(format="svg+xml", layout=w.Layout(width="560px", max_width="100%"))
        self.image.layout.display = "none"
        self.widget = w.VBox([self.text, self.image])

    def show(self, outcomes: Iterable[Outcome], by: Sequence[str] = ()) -> Diagnosis:
        """Type each group of ``outcomes`` (grouped by ``by``) and draw them."""
        from ..measure.service_types import diagnose_outcomes, service_type_rows
        from ..render.figure import chart_style, figure_bytes

        elements = {
            s.id: {self.service.factors[f].element.value for f in s.factors if f in self.service.factors}
            for s in self.service.standards.values()
        }
        diagnosis = diagnose_outcomes(outcomes, elements, by=by, high=self.high)
        self.diagnosis = diagnosis
        head = [*(str(k) for k in by), "procedural", "personal", "type"]
        rows: list[list[Any]] = [list(row) for row in service_type_rows(diagnosis)]
        if not by:
            head, rows = ["group", *head], [["all", *row] for row in rows]
        self.text.value = panel(
            Safe("<h4>Service type (程序特性 × 个人特性)</h4>"),
            note(_HOW.format(high=self.high), "info"),
            table(head, rows, empty="No standard has data."),
        )
        if any(g["type"] != "unknown" for g in diagnosis.groups):
            with chart_style():
                self.image.value = figure_bytes(diagnosis.chart(), "svg")
            self.image.layout.display = None
        else:
            self.image.layout.display = "none"
        return diagnosis

    def missing(self, why: str) -> None:
        """No measurement: say why, as the other tabs do."""
        self.diagnosis = None
        self.text.value = panel(Safe("<h4>Service type</h4>"), note(why))
        self.image.layout.display = "none"

"""Shostack's profitability what-if in a notebook: slide the execution time, watch the margin fall.

The service's timing (each path's standard time and cost) is computed once;
the sliders move the execution time (from the standard up to what customers
tolerate and beyond), the price and the labour cost per hour, and the panel
shows the margin per customer and per hour at that time beside the margin at
the standard time, with the chart of the whole curve.

>>> import blueprint
>>> from blueprint.widgets.margin import MarginSlider
>>> slider = MarginSlider(blueprint.load("tests/data/journeys/shoeshine.yaml"), price=2.5, labour_per_hour=30,
...                       chart=False)
>>> slider.time.value = 4.0
>>> slider.margin.per_customer
0.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w

from ._html import Safe, note, panel, table

if TYPE_CHECKING:
    from ..model.margin import Margin, WhatIf
    from ..model.service import Service

__all__ = ["MarginSlider"]


class MarginSlider(w.VBox):  # type: ignore[misc]
    """Sliders for the execution time (minutes), price and labour cost, and the margin they give.

    ``price`` and ``labour_per_hour`` start the sliders; ``cost`` (other costs
    per customer) defaults to the costs written on the longest path. Raises
    ``ValueError`` when no moment or step of ``service`` carries a ``duration``.
    """

    def __init__(
        self,
        service: Service,
        *,
        price: float,
        labour_per_hour: float,
        cost: float | None = None,
        chart: bool = True,
    ) -> None:
        from ..model.margin import what_if
        from ..model.timing import timing

        self.service = service
        self.found = timing(service)
        self.what_if: WhatIf = what_if(self.found, price=price, labour_per_hour=labour_per_hour, cost=cost)
        standard = self.what_if.standard_seconds / 60
        top = self.what_if.curve[-1].seconds / 60
        step = 0.05 if top < 10 else 0.5
        self.time = w.FloatSlider(value=standard, min=round(standard * 0.5, 2), max=round(top * 1.25, 2),
                                  step=step, description="minutes", continuous_update=False)  # fmt: skip
        self.price = w.FloatText(value=price, description="price")
        self.labour = w.FloatText(value=labour_per_hour, description="labour / h")
        self.text = w.HTML()
        self.image = w.Image(format="svg+xml", layout=w.Layout(width="560px", max_width="100%"))
        self.chart = chart
        if not chart:
            self.image.layout.display = "none"
        for control in (self.time, self.price, self.labour):
            control.observe(self._update, names="value")
        super().__init__([w.HBox([self.time, self.price, self.labour]), self.text, self.image])
        self.margin: Margin = self._update()

    def _update(self, _change: object = None) -> Margin:
        from ..model.margin import margin, what_if

        try:
            self.what_if = what_if(self.found, price=self.price.value, labour_per_hour=self.labour.value,
                                   cost=self.what_if.cost)  # fmt: skip
            self.margin = margin(price=self.price.value, labour_per_hour=self.labour.value,
                                 seconds=self.time.value * 60, cost=self.what_if.cost)  # fmt: skip
        except ValueError as exc:
            self.text.value = panel(Safe("<h4>Margin</h4>"), note(str(exc), "warn"))
            return self.margin
        at = self.what_if.at_standard
        unit = f" ({self.what_if.currency})" if self.what_if.currency else ""
        rows = [
            [f"standard, {at.seconds / 60:.2f} min", f"{at.per_customer:.2f}", f"{at.per_hour:.2f}"],
            [
                f"now, {self.time.value:.2f} min",
                f"{self.margin.per_customer:.2f}",
                f"{self.margin.per_hour:.2f}",
            ],
        ]
        tolerable = self.what_if.tolerable_seconds
        said = "" if tolerable is None else f"; customers tolerate {tolerable / 60:.2f} min"
        said += f"; the time: {self.what_if.basis}" if self.what_if.basis else ""
        self.text.value = panel(
            Safe("<h4>Margin as the execution time grows</h4>"),
            note(f"other costs {self.what_if.cost:.2f} a customer{said}", "info"),
            table(["execution time", f"per customer{unit}", f"per hour{unit}"], rows),
        )
        if self.chart:
            from ..render.figure import chart_style, figure_bytes
            from ..render.margin_chart import margin_chart

            with chart_style():
                self.image.value = figure_bytes(margin_chart(self.what_if), "svg")
        return self.margin

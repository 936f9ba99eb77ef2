"""The survey side of the gap dashboard: SERVQUAL, the zone of tolerance, Kano and IPA.

Results come from :mod:`blueprint.survey` and charts from
:mod:`blueprint.render.survey_charts`; this module lays them out. Each part
that was not given says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from ..escaping import escape_text
from ._html import Safe, note, panel, table

__all__ = ["SurveyView"]

_ANALYSES = ("servqual", "tolerance", "kano", "ipa")


class SurveyView:
    """Survey results by analysis name, computed from tables where needed."""

    def __init__(self, survey: Mapping[str, Any] | None, names: Mapping[str, str] | None = None) -> None:
        #: what the charts call an attribute (a key factor's title), by attribute
        self.names = dict(names or {})
        self.results: dict[str, Any] = {}
        self.problems: dict[str, str] = {}
        unknown = set(survey or {}) - set(_ANALYSES)
        if unknown:
            raise ValueError(f"unknown survey analyses {sorted(unknown)}; use {', '.join(_ANALYSES)}")
        for name, value in (survey or {}).items():
            try:
                self.results[name] = _result(name, value)
            except Exception as exc:  # bad survey data is reported in its tab, not raised into the notebook
                self.problems[name] = f"{type(exc).__name__}: {exc}"

    def _missing(self, name: str) -> Safe:
        if name in self.problems:
            return note(f"The {name} survey could not be analysed: {self.problems[name]}", "bad")
        return note(f"No {name} survey yet: open the dashboard with its results to see this part.")

    # -- gap 5 -------------------------------------------------------------------------------

    def items_below(self) -> int | None:
        """SERVQUAL items whose perception falls short of expectation (None without SERVQUAL)."""
        result = self.results.get("servqual")
        if result is None:
            return None
        below = result.items["gap"] < 0
        if "evidence" in result.items:  # a gap the answers do not show is not counted as one
            below &= ~result.items["evidence"].isin(_DOUBTS)
        return int(below.sum())

    def worst_items(self, few: int = 3) -> list[str]:
        result = self.results.get("servqual")
        if result is None:
            return []
        from ..survey.instrument import SERVQUAL_22_WORDING

        worst = result.items.sort_values("gap").head(few)
        return [
            f"{SERVQUAL_22_WORDING.get(str(r.item), f'item {r.item}')} ({r.dimension}, item {r.item}) "
            f"{r.gap:+.2f}{_doubt(r)}"
            for r in worst.itertuples()
            if r.gap < 0
        ]

    def gap5(self) -> w.Widget:
        """SERVQUAL by dimension and the zone of tolerance."""
        parts: list[str] = [Safe("<h4>SERVQUAL: perception minus expectation by dimension</h4>")]
        servqual = self.results.get("servqual")
        if servqual is None:
            parts.append(self._missing("servqual"))
        else:
            rows = [
                [r.dimension, f"{r.expectation:.2f}", f"{r.perception:.2f}", _gap_cell(r.gap, _doubt(r)),
                 "" if r.weight is None else f"{r.weight:g}"]
                for r in servqual.dimensions.itertuples()
            ]  # fmt: skip
            parts.append(table(["dimension", "expectation", "perception", "gap P − E", "importance"], rows))
            overall = servqual.overall
            who = (
                f"{overall['n']} respondents" if overall.get("n") else "from item means (respondents unknown)"
            )
            text = (
                f"overall gap {overall['unweighted']:+.2f}{_doubt(overall)} "
                f"(weighted {overall['weighted']:+.2f}), {who}"
            )
            parts.append(note(text, "info"))
            parts.append(Safe("<h4>Items furthest below expectation</h4>"))
            parts.append(self._worst_table(servqual))
        parts.append(Safe("<h4>Zone of tolerance</h4>"))
        zone = self.results.get("tolerance")
        if zone is None:
            parts.append(self._missing("tolerance"))
        else:
            # items of no SERVQUAL dimension (a wait in minutes, a locker) are shown one by one
            frame, label = (zone.items, "item") if zone.dimensions is None else (zone.dimensions, "dimension")
            rows = [
                [str(getattr(r, label)), f"{r.adequate:.2f}", f"{r.desired:.2f}", f"{r.perceived:.2f}",
                 _gap_cell(r.msa), _gap_cell(r.mss), f"{r.position}{_doubt(r)}"]
                for r in frame.itertuples()
            ]  # fmt: skip
            parts.append(table([label, "adequate", "desired", "perceived", "MSA", "MSS", "position"], rows))
        html = w.HTML(panel(*parts))
        html.add_class("bp-gap5")
        return html

    def _worst_table(self, servqual: Any, few: int = 5) -> Safe:
        """The SERVQUAL items customers rate lowest against their expectation, by their wording."""
        from ..survey.instrument import SERVQUAL_22_WORDING

        worst = servqual.items.sort_values("gap").head(few)
        rows = [
            [SERVQUAL_22_WORDING.get(str(r.item), f"item {r.item}"), r.dimension, _gap_cell(r.gap, _doubt(r))]
            for r in worst.itertuples()
            if r.gap < 0
        ]
        return table(["item", "dimension", "gap P − E"], rows, empty="no item falls short of expectation")

    # -- charts ----------------------------------------------------------------------------------

    def charts(self) -> w.Widget:
        """The Kano better-worse diagram and the IPA chart, side by side; hover a point for its values."""
        from .survey_plots import ipa_svg, kano_svg
        from .svgview import SvgView

        boxes = []
        for name, draw, title in (("kano", kano_svg, "Kano: better–worse, in BPM classes"),
                                  ("ipa", ipa_svg, "Importance–performance")):  # fmt: skip
            result = self.results.get(name)
            head = w.HTML(panel(Safe(f"<h4>{title}</h4>")))
            if result is None:
                boxes.append(w.VBox([head, w.HTML(panel(self._missing(name)))]))
                continue
            chart = SvgView(svg=draw(result, self.names), fit="width", height=470)
            chart.add_class(f"bp-chart-{name}")
            boxes.append(w.VBox([head, chart], layout=w.Layout(flex="1 1 520px", min_width="420px")))
        return w.HBox(boxes, layout=w.Layout(flex_flow="row wrap", width="100%"))


def _result(name: str, value: Any) -> Any:
    """A result object as is; a table or file analysed with the defaults."""
    if hasattr(value, "to_dict") and not hasattr(value, "columns"):
        return value
    from .. import survey

    return getattr(survey, name)(value)


#: evidence words that keep a result from being a verdict (see blueprint.survey.precision)
_DOUBTS = ("not shown", "too few answers")


def _doubt(row: Any) -> str:
    """' (not shown)' or ' (too few answers)' after a result the answers do not show, else ''."""
    evidence = row.get("evidence") if isinstance(row, dict) else getattr(row, "evidence", None)
    return f" ({evidence})" if evidence in _DOUBTS else ""


def _gap_cell(value: float, doubt: str = "") -> Safe:
    tone = "bp-muted" if doubt else "bp-bad" if value < 0 else "bp-good"
    return Safe(f'<span class="{tone}">{value:+.2f}{escape_text(doubt)}</span>')

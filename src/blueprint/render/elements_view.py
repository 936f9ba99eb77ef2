"""View 5, the elements: each moment's key factors and standards by hardware, software and people.

The sources build every standard from three elements that go together (缺一不可).
Rows are the moments in cycle order, columns the three elements; a cell holds
the number of key factors of that element at the moment and, after a slash,
the standards serving them. Cells are shaded by factor count; a moment with
factors but none of an element shows an empty cell, and a column that stays
empty over a whole stage is where BP207 points.

>>> from blueprint.model.examples import tiny_service
>>> table = elements_table(tiny_service())
>>> table.moments[1], table.cells[1]
('Check in at the desk', [(0, 0), (1, 1), (0, 0)])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..escaping import contain, escape_attr
from ..model.queries import cycle_order
from ..model.vocabulary import Element
from .chart_text import has_wide, label_words, lines
from .figure import ChartPicture, chart_style, figure_bytes, new_figure, svg_describe
from .theme import STAGES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..model.service import Service
    from .output import Rendered

__all__ = ["ElementsTable", "elements_table", "elements_view"]

_ELEMENT_WORDS = {"zh": {"hardware": "服务硬件", "software": "服务软件", "people": "服务人员"}}
_NOTE = {"en": "cell: key factors / standards serving them", "zh": "格中：关键因素数 / 服务标准数"}
_NOTE_DATA = {
    "en": "cell: key factors / standards; the worst verdict among them, share met",
    "zh": "格中：关键因素数 / 服务标准数；其中最差的结论与达标比例",
}
_VERDICT_TEXT = "#b03a2e"
#: ink and outline of a cell not judged a pass: red only for a failure; amber, purple or grey
#: for too few cases, implausible data or none, which are not failures (the cycle's colours, darker)
_VERDICT_INK = {"fail": _VERDICT_TEXT, "too few": "#8a6100", "implausible": "#7d3c98", "no data": "#5f6b73"}
_SHADES = ("#ffffff", "#d7e6f5", "#9dc1e6", "#5b95d0", "#2a6ebb")  # 0, 1, 2, 3, 4+ factors


@dataclass(frozen=True)
class ElementsTable:
    """Moments × elements as data: ``cells[row][column]`` is (factors, standards)."""

    moments: list[str]
    stages: list[str]
    elements: list[str]
    cells: list[list[tuple[int, int]]]
    #: with compliance: each cell's worst verdict and its share met (``("fail", 0.91)``), else None
    verdicts: list[list[tuple[str, float | None] | None]] | None = None


#: verdicts from worst to best: a cell shows the worst of its standards'
_WORST_FIRST = ("fail", "implausible", "no data", "too few", "pass")


def elements_table(
    service: Service,
    lang: str | None = None,
    compliance: Mapping[str, tuple[str, float | None]] | None = None,
) -> ElementsTable:
    """The moments × elements counts of ``service``, moments in cycle order.

    ``compliance`` maps a standard's id to its verdict and share met over the
    period (``{"checkin-3min": ("pass", 0.97)}``); each cell then carries the
    worst verdict of its standards.
    """
    order = cycle_order(service)
    cells, verdicts = [], []
    for moment_id in order:
        row, judged = [], []
        for element in Element:
            factors = [f for f in service.moments[moment_id].factors if f.element is element]
            standards = {s for f in factors for s in service.standards_of_factor.get(f.id, [])}
            row.append((len(factors), len(standards)))
            found = [compliance[s] for s in sorted(standards) if compliance and s in compliance]
            judged.append(min(found, key=lambda v: _WORST_FIRST.index(v[0])) if found else None)
        cells.append(row)
        verdicts.append(judged)
    return ElementsTable(
        moments=[service.moments[m].title_in(lang) for m in order],
        stages=[service.moments[m].stage.value for m in order],
        elements=[element.value for element in Element],
        cells=cells,
        verdicts=verdicts if compliance is not None else None,
    )


def _verdict_text(verdict: tuple[str, float | None] | None) -> str:
    if verdict is None:
        return ""
    status, share = verdict
    return f"{status} {share:.0%}" if share is not None else status


def elements_view(service: Service, lang: str | None = None, **options: Any) -> Rendered:
    """The elements view as a picture: an HTML table, and an SVG, PNG or PDF chart."""
    table = elements_table(service, lang, options.get("compliance"))
    words = "服务硬件、服务软件、服务人员" if lang == "zh" else "hardware, software, people"
    heading = options.get("title") or f"{contain(service.info.title_in(lang))} — {words}"
    need_cjk = lang == "zh" or any(has_wide(t) for t in [heading, *table.moments])
    figure = _draw(table, heading, need_cjk, lang)
    description = "; ".join(
        f"{moment}: " + ", ".join(f"{e} {f}/{s}" for e, (f, s) in zip(table.elements, row, strict=True))
        for moment, row in zip(table.moments, table.cells, strict=True)
    )

    def produce(fmt: str) -> bytes:
        data = figure_bytes(figure, fmt, need_cjk=need_cjk)
        return svg_describe(data, heading, description) if fmt == "svg" else data

    return ChartPicture(produce, html=to_html(table, heading))


def _draw(table: ElementsTable, heading: str, need_cjk: bool, lang: str | None) -> Figure:
    from matplotlib.patches import Rectangle

    rows = len(table.moments)
    height = min(max(1.6 + 0.38 * rows, 3.0), 40.0)
    with chart_style(need_cjk):
        figure = new_figure(7.5, height)
        axes = figure.add_subplot()
        verdicts = table.verdicts or [[None] * len(table.elements) for _ in table.cells]
        for i, (stage, row) in enumerate(zip(table.stages, table.cells, strict=True)):
            axes.add_patch(Rectangle((-0.62, i - 0.5), 0.1, 1, color=STAGES[stage][0], lw=0))
            for j, (factors, standards) in enumerate(row):
                shade = _SHADES[min(factors, len(_SHADES) - 1)]
                axes.add_patch(
                    Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=shade, edgecolor="#c9c9c9", lw=0.7)
                )
                if factors:
                    colour = "white" if factors >= 3 else "#222222"
                    verdict = verdicts[i][j]
                    text = f"{factors} / {standards}" + (f"   {_verdict_text(verdict)}" if verdict else "")
                    if verdict and verdict[0] != "pass":
                        colour = _VERDICT_INK.get(verdict[0], _VERDICT_TEXT)
                        failed = verdict[0] == "fail"
                        axes.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="none", edgecolor=colour,
                                                 lw=1.6 if failed else 1.1, ls="-" if failed else "--",
                                                 zorder=3))  # fmt: skip
                    axes.text(j, i, text, ha="center", va="center", fontsize=9, color=colour, zorder=4)
        axes.set_xlim(-0.65, len(table.elements) - 0.5)
        axes.set_ylim(rows - 0.5, -0.5)
        axes.xaxis.tick_top()
        axes.set_xticks(range(len(table.elements)))
        axes.set_xticklabels(
            [_ELEMENT_WORDS.get(lang or "en", {}).get(e, e) for e in table.elements], fontsize=10
        )
        axes.set_yticks(range(rows))
        axes.set_yticklabels(
            [lines(t, 200, 9, max_lines=1) for t in table.moments], fontsize=9, parse_math=False
        )
        axes.tick_params(length=0)
        for spine in axes.spines.values():
            spine.set_visible(False)
        figure.suptitle(
            lines(heading, 500, 12, max_lines=2, ltr=True), fontsize=12, x=0.01, ha="left", parse_math=False
        )
        axes.xaxis.set_label_position("bottom")
        notes = _NOTE_DATA if table.verdicts is not None else _NOTE
        axes.set_xlabel(notes.get(lang or "en", notes["en"]), fontsize=8, color="#555555", loc="left")
    return figure


def to_html(table: ElementsTable, heading: str) -> str:
    """The table as standalone HTML; every text escaped."""
    e = escape_attr
    head = "".join(f'<th scope="col">{e(element)}</th>' for element in table.elements)
    body = []
    verdicts = table.verdicts or [[None] * len(table.elements) for _ in table.cells]
    for moment, stage, row, judged in zip(table.moments, table.stages, table.cells, verdicts, strict=True):
        cells = "".join(
            f'<td style="background:{_SHADES[min(f, len(_SHADES) - 1)]}">{f} / {s} {e(_verdict_text(v))}</td>'
            if f
            else "<td></td>"
            for (f, s), v in zip(row, judged, strict=True)
        )
        body.append(f'<tr><th scope="row" title="{e(label_words(stage, None))}">{e(moment)}</th>{cells}</tr>')
    return (
        '<table class="bp-elements"><caption>'
        f"{e(heading)}</caption><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )

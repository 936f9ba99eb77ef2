"""View 4, the channel matrix: which channel offers which moment, and where the gaps are.

Rows are the service's channels (in file order), columns its moments (in
cycle order); a filled cell means the moment lists the channel in its
``channels:``. Three kinds of gap are highlighted: a moment that no channel
offers (a red column), a channel that offers few of the moments (an
amber row: fewer than ``few`` of them, by default fewer than half as many as
the channel that offers most), and a channel offering a function that no
standard is behind (an outlined, not filled, tick: lint rule BP209). The
matrix is drawn both as an HTML table and as a chart (SVG, PNG, PDF); the
HTML table lists each channel's qualities (hours, cost, ...) under its name.

Examples
--------
>>> from blueprint.model.examples import tiny_service
>>> channel_matrix(tiny_service())
Traceback (most recent call last):
...
blueprint.render.output.RenderError: service 'tiny-hotel' has no channels: ...
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..escaping import contain, escape_attr
from ..model.queries import covered_moments, cycle_order
from .chart_text import bold_style, has_wide, label_words, lines
from .figure import ChartPicture, chart_style, figure_bytes, new_figure, svg_describe
from .output import RenderError
from .theme import STAGES

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..model.objects import Channel
    from ..model.service import Service
    from .output import Rendered

__all__ = ["ChannelMatrix", "channel_matrix", "channel_table"]

_ON, _ON_EDGE, _OFF, _GRID = "#2a6ebb", "#1d4f8a", "#ffffff", "#c9c9c9"
_GAP, _GAP_TEXT, _FEW, _FEW_TEXT = "#fbe3e0", "#b03a2e", "#fdf1dc", "#a86400"
_STAGE_COLOURS = {stage: strong for stage, (strong, _) in STAGES.items()}


@dataclass(frozen=True)
class ChannelMatrix:
    """The channels × moments table as data: titles, cells and the gaps found."""

    channels: list[str]  #: channel titles, rows
    moments: list[str]  #: moment titles, columns, in cycle order
    stages: list[str]  #: stage of each column
    cells: list[list[bool]]  #: cells[row][column]: the channel offers the moment
    unoffered: list[int]  #: columns no channel offers
    few: list[int]  #: rows offering fewer than the threshold
    threshold: int  #: a channel offering fewer moments than this is flagged
    unbacked: list[int] = field(default_factory=list)  #: columns offered with no standard behind them
    qualities: list[str] = field(default_factory=list)  #: each channel's qualities, one line per row


def channel_table(service: Service, lang: str | None = None, *, few: int | None = None) -> ChannelMatrix:
    """The channel matrix of ``service`` as data; raises RenderError when it has no channels."""
    if not service.channels:
        raise RenderError(
            f"service {service.info.id!r} has no channels: the channel matrix needs them; "
            "list the channels under 'channels:' and name them in each moment's 'channels: [...]'"
        )
    order = cycle_order(service)
    channel_ids = list(service.channels)
    cells = [[cid in service.moments[m].channels for m in order] for cid in channel_ids]
    most = max((sum(row) for row in cells), default=0)
    threshold = few if few is not None else max(2, math.ceil(most / 2))
    covered = covered_moments(service)
    return ChannelMatrix(
        channels=[service.channels[c].title_in(lang) for c in channel_ids],
        moments=[service.moments[m].title_in(lang) for m in order],
        stages=[service.moments[m].stage.value for m in order],
        cells=cells,
        unoffered=[j for j in range(len(order)) if not any(row[j] for row in cells)],
        few=[i for i, row in enumerate(cells) if sum(row) < threshold],
        threshold=threshold,
        unbacked=[j for j, m in enumerate(order) if service.moments[m].channels and m not in covered],
        qualities=[_qualities(service.channels[c], lang) for c in channel_ids],
    )


def _qualities(channel: Channel, lang: str | None) -> str:
    """The channel's qualities as one short line: ``24/7 · cost low · face to face``."""
    parts = [channel.hours] if channel.hours else []
    for name in ("cost", "stability", "security"):
        level = getattr(channel, name)
        if level is not None:
            parts.append(f"{label_words(name, lang)} {label_words(level.value, lang)}")
    if channel.face_to_face is not None:
        parts.append(label_words("face to face" if channel.face_to_face else "not face to face", lang))
    return " · ".join(parts)


def channel_matrix(service: Service, lang: str | None = None, **options: Any) -> Rendered:
    """The channel matrix as a picture: HTML table, and SVG, PNG or PDF chart.

    Parameters
    ----------
    service : Service
    lang : str, optional
        Language of the titles (``"zh"`` uses the translations).
    few : int, optional
        A channel offering fewer moments than this is highlighted (default: half
        of what the channel offering most has, at least 2).
    title : str, optional
        Heading; default: the service title.
    """
    table = channel_table(service, lang, few=options.get("few"))
    title = contain(service.info.title_in(lang))
    heading = options.get("title") or f"{title} — {label_words('channel matrix', lang)}"
    need_cjk = lang == "zh" or any(has_wide(t) for t in [heading, *table.channels, *table.moments])
    figure = _draw(table, heading, lang, need_cjk)
    description = _describe(table, lang)

    def produce(fmt: str) -> bytes:
        data = figure_bytes(figure, fmt, need_cjk=need_cjk)
        return svg_describe(data, heading, description) if fmt == "svg" else data

    return ChartPicture(produce, html=to_html(table, heading, lang))


def _describe(table: ChannelMatrix, lang: str | None) -> str:
    rows = [
        f"{channel}: " + ", ".join(m for m, on in zip(table.moments, cells, strict=True) if on)
        for channel, cells in zip(table.channels, table.cells, strict=True)
    ]
    gaps = [table.moments[j] for j in table.unoffered]
    if gaps:
        rows.append(f"{label_words('no channel', lang)}: " + ", ".join(gaps))
    unbacked = [table.moments[j] for j in table.unbacked]
    if unbacked:
        rows.append(f"{label_words('no standard', lang)}: " + ", ".join(unbacked))
    return "; ".join(rows)


# -- chart ----------------------------------------------------------------------------


def _draw(table: ChannelMatrix, heading: str, lang: str | None, need_cjk: bool) -> Figure:
    width, height = _size(table)
    with chart_style(need_cjk):
        figure = new_figure(width, height)
        axes = figure.add_subplot()
        _cells(axes, table)
        _labels(axes, table, lang)
        _legend(figure, table, lang, width)
        shown = lines(heading, width * 72 - 30, 13, max_lines=2, bold=True, ltr=True)
        figure.suptitle(shown, fontsize=13, x=0.01, ha="left", parse_math=False, **_bold(heading))
    return figure


def _size(table: ChannelMatrix) -> tuple[float, float]:
    """Figure size in inches from the content, so cells stay square and about 0.42 in."""
    cell, char = 0.42, 0.07  # inches per cell, per column of 9-10 pt text
    header = max((_columns(_header(t)) for t in table.moments), default=10) * char * 0.71
    labels = max((_columns(t) for t in table.channels), default=10) * char * 1.1 + 0.5
    width = labels + (len(table.moments) + 1) * cell + max(header - 2 * cell, 0) + 0.5
    height = 0.6 + header + 0.35 + (len(table.channels) + 0.6) * cell + 0.7
    return min(max(width, 5.0), 60.0), min(max(height, 3.5), 40.0)


def _header(title: str) -> str:
    return lines(title, 230, 9, max_lines=1)


def _columns(text: str) -> int:
    return sum(2 if has_wide(c) else 1 for c in text)


def _cells(axes: Axes, table: ChannelMatrix) -> None:
    from matplotlib.patches import FancyBboxPatch, Rectangle

    rows, cols = len(table.channels), len(table.moments)
    for j, stage in enumerate(table.stages):  # a thin stage strip above the grid
        axes.add_patch(Rectangle((j - 0.5, -0.85), 1, 0.22, color=_STAGE_COLOURS[stage], lw=0))
    for i in range(rows):
        for j in range(cols):
            gap = j in table.unoffered
            fill = _GAP if gap else _FEW if i in table.few else _OFF
            axes.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=fill, edgecolor=_GRID, lw=0.7))
            if table.cells[i][j]:
                bare = j in table.unbacked  # offered with no standard: an outlined tick
                box = FancyBboxPatch((j - 0.3, i - 0.3), 0.6, 0.6, boxstyle="round,pad=0,rounding_size=0.12",
                                     facecolor=_OFF if bare else _ON, edgecolor=_ON_EDGE,
                                     lw=1.4 if bare else 0.8, ls="--" if bare else "-", zorder=3)  # fmt: skip
                axes.add_patch(box)
                axes.text(j, i, "✓", ha="center", va="center", color=_ON if bare else "white", fontsize=10,
                          zorder=4, fontfamily="DejaVu Sans")  # fmt: skip
            elif not gap:
                axes.text(j, i, "·", ha="center", va="center", color="#b5b5b5", fontsize=11)
    for i, row in enumerate(table.cells):  # functions per channel, right of the grid
        colour = _FEW_TEXT if i in table.few else "#333333"
        axes.text(cols - 0.2, i, str(sum(row)), ha="left", va="center", color=colour, **_bold(""))
    for j in range(cols):  # channels per moment, below the grid
        count = sum(row[j] for row in table.cells)
        colour = _GAP_TEXT if j in table.unoffered else "#333333"
        axes.text(j, rows - 0.2, str(count), ha="center", va="top", color=colour, **_bold(""))
    axes.set_xlim(-0.5, cols + 0.4)
    axes.set_ylim(rows + 0.35, -0.9)
    for spine in axes.spines.values():
        spine.set_visible(False)


def _labels(axes: Axes, table: ChannelMatrix, lang: str | None) -> None:
    axes.xaxis.tick_top()
    cols, rows = len(table.moments), len(table.channels)
    axes.set_xticks([*range(cols), cols + 0.05])
    # One line each: at 45° neighbouring headers never touch; the full titles are in the SVG's <desc>.
    headers = [_header(t) for t in table.moments] + [label_words("moments offered", lang)]
    axes.set_xticklabels(headers, rotation=45, ha="left", va="bottom", rotation_mode="anchor",
                         multialignment="left", fontsize=9, parse_math=False)  # fmt: skip
    axes.get_xticklabels()[-1].set_color("#555555")
    axes.text(-0.62, rows - 0.2, label_words("channels offering", lang), ha="right", va="top",
              fontsize=9, color="#555555")  # fmt: skip
    axes.set_yticks(range(len(table.channels)))
    axes.set_yticklabels(
        [lines(t, 130, 10, max_lines=2) for t in table.channels], fontsize=10, parse_math=False
    )
    axes.tick_params(length=0, pad=4)
    axes.tick_params(axis="x", pad=14)  # clear of the stage strip
    for j in table.unoffered:
        axes.get_xticklabels()[j].set_color(_GAP_TEXT)
    for i in table.few:
        axes.get_yticklabels()[i].set_color(_FEW_TEXT)


def _legend(figure: Figure, table: ChannelMatrix, lang: str | None, width: float) -> None:
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=_ON, edgecolor=_ON_EDGE, label=label_words("offered", lang)),
               Patch(facecolor=_OFF, edgecolor=_GRID, label=label_words("not offered", lang))]  # fmt: skip
    if table.unbacked:
        handles.append(Patch(facecolor=_OFF, edgecolor=_ON_EDGE, ls="--", lw=1.4,
                             label=label_words("no standard", lang)))  # fmt: skip
    if table.unoffered:
        handles.append(Patch(facecolor=_GAP, edgecolor=_GRID, label=label_words("no channel", lang)))
    if table.few:
        text = f"{label_words('few', lang)} (< {table.threshold})"
        handles.append(Patch(facecolor=_FEW, edgecolor=_GRID, label=text))
    seen = dict.fromkeys(table.stages)
    handles += [Patch(facecolor=_STAGE_COLOURS[s], label=label_words(s, lang)) for s in seen]
    ncols = min(len(handles), max(2, int(width / 1.9)))  # wrap the legend on narrow figures
    figure.legend(handles=handles, loc="outside lower center", ncols=ncols, frameon=False, fontsize=9)


def _bold(text: str) -> dict[str, Any]:
    return bold_style(text)


# -- HTML -----------------------------------------------------------------------------

_CSS = """
.bp-channels{border-collapse:collapse;font:13px/1.3 system-ui,-apple-system,"Segoe UI","Noto Sans",
"Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#222}
.bp-channels caption{font-weight:600;font-size:15px;text-align:left;padding:4px 0 8px}
.bp-channels th,.bp-channels td{border:1px solid #c9c9c9;padding:4px 6px;text-align:center}
.bp-channels thead th.moment{writing-mode:vertical-rl;transform:rotate(180deg);text-align:left;
white-space:nowrap;max-height:18em;overflow:hidden;text-overflow:ellipsis;font-weight:500}
.bp-channels td{min-width:1.7em}
.bp-channels tbody th{text-align:left;font-weight:500;white-space:nowrap}
.bp-channels td.on{background:#2a6ebb;color:#fff}
.bp-channels td.off{background:#fff;color:#bbb}
.bp-channels td.unbacked{background:#fff;color:#2a6ebb;outline:2px dashed #1d4f8a;outline-offset:-4px}
.bp-channels tbody th small{display:block;font-weight:400;color:#666;font-size:11px}
.bp-channels tr.few th,.bp-channels tr.few td.count{color:#a86400;font-weight:700}
.bp-channels tr.few td.off{background:#fdf1dc}
.bp-channels .gap{background:#fbe3e0;color:#b03a2e;font-weight:700}
.bp-channels td.count,.bp-channels tfoot td{font-weight:600}
.bp-channels .pre-service{border-top:4px solid #9dbde6}
.bp-channels .in-service{border-top:4px solid #a7d39a}
.bp-channels .post-service{border-top:4px solid #c9a9dc}
"""


def to_html(table: ChannelMatrix, heading: str, lang: str | None = None) -> str:
    """The matrix as a standalone HTML table with its own scoped styles; every text escaped."""
    e = escape_attr
    head = "".join(
        f'<th scope="col" class="moment {s}{" gap" if j in table.unoffered else ""}" '
        f'title="{e(t)}">{e(t)}</th>'
        for j, (t, s) in enumerate(zip(table.moments, table.stages, strict=True))
    )
    body = []
    for i, (channel, row) in enumerate(zip(table.channels, table.cells, strict=True)):
        cells = "".join(
            f'<td class="on unbacked" title="{e(label_words("no standard", lang))}">✓</td>'
            if on and j in table.unbacked
            else f'<td class="on" title="{e(label_words("offered", lang))}">✓</td>' if on
            else f'<td class="{"gap" if j in table.unoffered else "off"}">·</td>'
            for j, on in enumerate(row)
        )  # fmt: skip
        few = ' class="few"' if i in table.few else ""
        quality = table.qualities[i] if i < len(table.qualities) else ""
        name = e(channel) + (f"<small>{e(quality)}</small>" if quality else "")
        body.append(f'<tr{few}><th scope="row">{name}</th>{cells}<td class="count">{sum(row)}</td></tr>')
    gap = ' class="gap"'
    counts = "".join(
        f"<td{gap if j in table.unoffered else ''}>{sum(r[j] for r in table.cells)}</td>"
        for j in range(len(table.moments))
    )
    return (
        f"<div><style>{_CSS}</style>"
        f'<table class="bp-channels"><caption>{e(heading)}</caption>'
        f'<thead><tr><th scope="col">{e(label_words("channels", lang))}</th>{head}'
        f'<th scope="col" class="moment">{e(label_words("moments offered", lang))}</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody>"
        f'<tfoot><tr><th scope="row">{e(label_words("channels offering", lang))}</th>'
        f"{counts}<td></td></tr></tfoot>"
        "</table></div>"
    )

"""View 3, the emotion curve: expected emotion at each moment along the cycle.

One point per moment, in cycle order, joined by a line; a moment without an
expected emotion leaves a gap (it is unknown, not neutral). Bands behind the
curve show the stages, badges mark fail (F) and wait (W) points, and the
x axis names the moments, wrapped so long titles stay readable.

Examples
--------
>>> from blueprint.model.examples import tiny_service
>>> picture = emotion_curve(tiny_service())
>>> picture.svg()[:5]
'<?xml'
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ..escaping import contain
from ..model.queries import cycle_order
from .chart_text import bold_style, has_wide, label_words, lines
from .figure import ChartPicture, chart_style, figure_bytes, new_figure, svg_describe
from .nodes import wait_standard
from .theme import BADGE, STAGES

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..model.service import Service
    from .output import Rendered

__all__ = ["emotion_curve", "emotion_legend"]

_STAGE_COLOURS = {stage: light for stage, (_, light) in STAGES.items()}
_LINE, _ZERO, _GRID = "#1f3b63", "#4d4d4d", "#d9d9d9"
_GOOD, _NEUTRAL = "#2e8b57", "#7f8c8d"
_FAIL, _WAIT = BADGE["F"][0], BADGE["W"][0]
_BAD = _FAIL  # a fall in emotion is drawn in the fail points' red
_TIME = "#a66d00"  # the time standard, in a darker shade of the wait badge so it reads as text
_Y_TOP, _Y_BOTTOM = 4.5, -3.75  # room above +3 for the badge row, below -3 for "not set"
_BADGE_Y, _LIMIT_Y, _UNSET_Y = 4.1, 3.7, -3.38


def emotion_curve(service: Service, lang: str | None = None, **options: Any) -> Rendered:
    """The emotion curve of ``service`` as a picture that displays and saves (SVG, PNG, PDF).

    Parameters
    ----------
    service : Service
    lang : str, optional
        Language of the titles (``"zh"`` uses the translations).
    width, height : float, optional
        Size in inches; by default the width grows with the number of moments.
    title : str, optional
        Heading above the chart; default: the service title.
    legend : bool, optional
        False leaves the legend out of the picture, for a screen that writes
        :func:`emotion_legend` beside it in its own type; default True.
    """
    figure, need_cjk, description = _draw(service, lang, **options)

    def produce(fmt: str) -> bytes:
        data = figure_bytes(figure, fmt, need_cjk=need_cjk)
        return svg_describe(data, *description) if fmt == "svg" else data

    return ChartPicture(produce)


def _draw(service: Service, lang: str | None, **options: Any) -> tuple[Figure, bool, tuple[str, str]]:
    order = cycle_order(service)
    moments = [service.moments[m] for m in order]
    titles = [m.title_in(lang) for m in moments]
    title = contain(service.info.title_in(lang))
    heading = options.get("title") or f"{title} — {label_words('expected emotion', lang)}"
    need_cjk = lang == "zh" or any(has_wide(t) for t in [*titles, heading])
    count = max(len(moments), 1)
    rotate = count > 7
    width = options.get("width") or min(max(8.0, 1.05 * count + 2.0), 60.0)
    height = options.get("height") or (5.6 if rotate else 5.0)
    with chart_style(need_cjk):
        figure = new_figure(width, height)
        axes = figure.add_subplot()
        _stage_bands(axes, [m.stage.value for m in moments], lang)
        _curve(axes, [m.emotion for m in moments], lang)
        _badges(axes, service, order, lang)
        _axes(axes, titles, rotate, lang)
        shown = lines(heading, width * 72 - 30, 13, max_lines=2, bold=True, ltr=True)
        figure.suptitle(shown, fontsize=13, **_bold(heading), x=0.01, ha="left", parse_math=False)
        if options.get("legend", True):
            _legend(figure, emotion_legend(service, lang))
    summary = "; ".join(
        f"{t}: {'not set' if m.emotion is None else f'{m.emotion:+d}'}"
        for t, m in zip(titles, moments, strict=True)
    )
    return figure, need_cjk, (heading, f"{label_words('expected emotion', lang)} — {summary}")


def _stage_bands(axes: Axes, stages: list[str], lang: str | None) -> None:
    """A shaded band per run of moments in one stage, named at the top."""
    start = 0
    for i in range(1, len(stages) + 1):
        if i < len(stages) and stages[i] == stages[start]:
            continue
        stage = stages[start]
        axes.axvspan(start - 0.5, i - 0.5, color=_STAGE_COLOURS[stage], zorder=0, lw=0)
        name = label_words(stage, lang)
        axes.text((start + i - 1) / 2, 1.015, name, transform=axes.get_xaxis_transform(), ha="center",
                  va="bottom", fontsize=10, color="#333333", **_bold(name))  # fmt: skip
        if start > 0:
            axes.axvline(start - 0.5, color="#b8b8b8", lw=0.8, zorder=1)
        start = i


def _curve(axes: Axes, emotions: list[int | None], lang: str | None) -> None:
    xs = list(range(len(emotions)))
    ys = [math.nan if e is None else e for e in emotions]
    axes.axhline(0, color=_ZERO, lw=1.1, zorder=2)
    axes.plot(xs, ys, color=_LINE, lw=2.4, zorder=3, solid_capstyle="round")
    for x, emotion in zip(xs, emotions, strict=True):
        if emotion is None:
            axes.scatter([x], [_UNSET_Y], s=70, facecolor="white", edgecolor=_NEUTRAL, lw=1.2, zorder=4)
            axes.text(x, _UNSET_Y, "?", ha="center", va="center", fontsize=8, color=_NEUTRAL, zorder=5)
            continue
        colour = _GOOD if emotion > 0 else _BAD if emotion < 0 else _NEUTRAL
        axes.scatter([x], [emotion], s=90, color=colour, edgecolor="white", linewidth=1.8, zorder=4)
        dx, dy, ha = _label_offset(ys, x)
        axes.annotate(f"{emotion:+d}".replace("-", "−") if emotion else "0", (x, emotion), xytext=(dx, dy),
                      textcoords="offset points", ha=ha, va="center", fontsize=9, color=colour,
                      zorder=5, **_bold(""))  # fmt: skip
    if all(e is None for e in emotions):
        axes.text(0.5, 0.5, label_words("no emotions", lang), transform=axes.transAxes, ha="center",
                  va="center", fontsize=11, color="#555555", zorder=6,
                  bbox={"boxstyle": "round,pad=0.6", "fc": "white", "ec": "#bbbbbb"})  # fmt: skip


def _label_offset(ys: list[float], x: int) -> tuple[float, float, str]:
    """Where a value label goes so the line does not run through it.

    Above a peak, below a trough; beside a point on a slope, on the side
    the line leaves free (upper left of a rise, upper right of a fall).
    """
    here = ys[x]
    before = ys[x - 1] if x > 0 else math.nan
    after = ys[x + 1] if x + 1 < len(ys) else math.nan
    lower = [v for v in (before, after) if not math.isnan(v)]
    if all(v <= here for v in lower):
        return 0, 12, "center"
    if all(v >= here for v in lower):
        return 0, -13, "center"
    rising = (after if not math.isnan(after) else here) > (before if not math.isnan(before) else here)
    return (-9, 9, "right") if rising else (9, 9, "left")


def _badges(axes: Axes, service: Service, order: list[str], lang: str | None) -> None:
    """F and W badges in a row above the curve, with the time standard of a wait point."""
    for x, moment_id in enumerate(order):
        moment = service.moments[moment_id]
        letters = ["F"] * bool(moment.fail_point) + ["W"] * moment.wait_point
        for n, letter in enumerate(letters):
            fill, ink = BADGE[letter]
            offset = (n - (len(letters) - 1) / 2) * 0.3
            axes.text(x + offset, _BADGE_Y, letter, ha="center", va="center", fontsize=9, **_bold(""),
                      color=ink, zorder=6,
                      bbox={"boxstyle": "circle,pad=0.25", "fc": fill, "ec": "none"})  # fmt: skip
        limit = wait_standard(service, moment_id, lang) if moment.wait_point else None
        if limit:
            axes.text(x, _LIMIT_Y, limit, ha="center", va="center", fontsize=8, color=_TIME, zorder=6)


def _axes(axes: Axes, titles: list[str], rotate: bool, lang: str | None) -> None:
    axes.set_xlim(-0.5, max(len(titles), 1) - 0.5)
    axes.set_ylim(_Y_BOTTOM, _Y_TOP)
    axes.set_yticks(range(-3, 4))
    axes.set_yticklabels(["−3", "−2", "−1", "0", "+1", "+2", "+3"])
    axes.set_ylabel(label_words("expected emotion (−3 … +3)", lang))
    axes.grid(axis="y", color=_GRID, lw=0.6, zorder=1)
    axes.set_axisbelow(True)
    axes.set_xticks(range(len(titles)))
    labels = [lines(t, 115 if rotate else 85, 10, max_lines=4) for t in titles]
    if rotate:
        axes.set_xticklabels(labels, rotation=35, ha="right", rotation_mode="anchor", parse_math=False)
    else:
        axes.set_xticklabels(labels, parse_math=False)
    axes.tick_params(axis="x", length=0, pad=6)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def emotion_legend(service: Service, lang: str | None = None) -> list[tuple[str, str]]:
    """The legend the curve of ``service`` needs, as ``(mark, words)`` pairs.

    ``F`` a fail point, ``W`` a wait point, ``?`` a moment whose emotion is
    not set; only the marks the curve shows.

    >>> from blueprint.model.examples import tiny_service
    >>> emotion_legend(tiny_service())
    [('W', 'wait point'), ('?', 'no emotion set')]
    """
    moments = list(service.moments.values())
    shown = {
        "F": any(m.fail_point for m in moments),
        "W": any(m.wait_point for m in moments),
        "?": any(m.emotion is None for m in moments),
    }
    words = {"F": "fail point", "W": "wait point", "?": "emotion not set"}
    return [(mark, label_words(words[mark], lang)) for mark, needed in shown.items() if needed]


def _legend(figure: Figure, entries: list[tuple[str, str]]) -> None:
    from matplotlib.legend_handler import HandlerTuple
    from matplotlib.lines import Line2D

    def badge(letter: str, fill: str, ink: str, edge: str | None = None) -> tuple[Line2D, Line2D]:
        disc = Line2D([], [], ls="", marker="o", ms=11, color=fill, mec=edge or fill)
        mark = Line2D([], [], ls="", marker=f"${letter}$", ms=6, color=ink)
        return disc, mark

    colours = {"F": BADGE["F"], "W": BADGE["W"], "?": ("white", _NEUTRAL, _NEUTRAL)}
    if not entries:
        return
    handles = [badge(mark, *colours[mark]) for mark, _ in entries]
    names = [words for _, words in entries]
    figure.legend(handles, names, loc="outside lower right", ncols=3, frameon=False,  # type: ignore[call-overload]
                  fontsize=9, handler_map={tuple: HandlerTuple(ndivide=1)}, handletextpad=0.4,
                  columnspacing=1.4)  # fmt: skip


def _bold(text: str) -> dict[str, Any]:
    return bold_style(text)

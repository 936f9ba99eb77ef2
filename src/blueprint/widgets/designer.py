"""CycleDesigner: shape the emotion curve moment by moment, with the sequence principles live.

Each moment gets a slider for its expected emotion (−3..+3), boxes for
choice and ritual, and up/down buttons that move it along the cycle (all
moments in one scrolling list). Every change re-runs the sequence principles (end strong,
pain early, combine pain, segment pleasure, choice, rituals) at once; the
curve is redrawn when a slider is released. Save writes the changed moments
back to the service file, refusing if the file changed on disk.

>>> from blueprint.model.examples import tiny_service
>>> designer = CycleDesigner(tiny_service(), curve=False)
>>> designer.set_emotion("check-out", -2)
>>> [f.rule for f in designer.findings]
['BP261', 'BP265', 'BP266']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..checks.sequence import sequence_findings
from ..errors import SaveConflict, SaveError
from ..render.emotion import emotion_legend
from ._html import Safe, esc, findings_list, note, panel
from ._picture import PictureCache
from .save_conflict import ConflictBar, conflict_text

if TYPE_CHECKING:
    from ..model.findings import Finding
    from ..model.service import Service

__all__ = ["CycleDesigner"]

#: above this many moments the curve waits for the Redraw button
LARGE = 120


class CycleDesigner(w.VBox):  # type: ignore[misc]
    """Design the order and feel of ``service``'s cycle; ``findings`` holds the sequence findings."""

    def __init__(self, service: Service, *, page_size: int | None = None, curve: bool | None = None) -> None:
        from ..model.queries import cycle_order

        self.service = service
        self.order = cycle_order(service)
        # Every moment in one scrolling list unless a page size is asked for.
        self.page_size, self.page = page_size or max(1, len(self.order)), 0
        self.findings: list[Finding] = []
        self._auto_curve = curve if curve is not None else len(self.order) <= LARGE
        self._pictures = PictureCache(service)
        # no side margin: at 100% width a margin pushed the picture, legend first, past the widget
        self.curve = w.Image(
            format="svg+xml", layout=w.Layout(width="100%", max_width="1100px", margin="2px 0")
        )
        # the legend is written here, in the panels' type, not drawn small inside the scaled picture
        self.legend = w.HTML(layout=w.Layout(width="100%", max_width="1100px", margin="2px 0"))
        self.curve_note = w.HTML()
        self.redraw = w.Button(description="Redraw curve", icon="refresh")
        self.redraw.on_click(lambda _: self._draw_curve(force=True))
        self.rows = w.VBox(layout=w.Layout(max_height="560px", overflow="auto"))
        self.previous = w.Button(
            icon="chevron-left", tooltip="previous moments", layout=w.Layout(width="36px")
        )
        self.next = w.Button(icon="chevron-right", tooltip="next moments", layout=w.Layout(width="36px"))
        self.page_label = w.HTML()
        self.previous.on_click(lambda _: self._turn(-1))
        self.next.on_click(lambda _: self._turn(1))
        self.findings_html = w.HTML()
        self.findings_html.add_class("bp-sequence-findings")
        self.save_button = w.Button(description="Save to file", icon="save", button_style="primary")
        self.save_button.on_click(lambda _: self.save())
        self.message = w.HTML()
        self.conflict = ConflictBar()
        head = panel(Safe(f"<h3>{esc(service.info.title)}: the cycle as the customer feels it</h3>"))
        pager = w.HBox([self.previous, self.next, self.page_label])
        pager.layout.display = "none" if self.page_size >= len(self.order) else ""
        controls = w.VBox([self.rows, pager])
        side = w.VBox([w.HTML(panel(Safe("<h4>Sequence principles</h4>"))), self.findings_html])
        super().__init__(
            [
                w.HTML(head),
                w.HBox([self.redraw]),
                self.curve,
                self.legend,
                self.curve_note,
                w.HBox([controls, side], layout=w.Layout(flex_flow="row wrap")),
                w.HBox([self.save_button]),
                self.message,
                self.conflict,
            ],
            layout=w.Layout(width="100%"),
        )
        self.add_class("bp-designer")
        self._show_page()
        self._check()
        self._draw_curve(force=self._auto_curve)

    # -- changes -----------------------------------------------------------------------

    def set_emotion(self, moment_id: str, value: int | None) -> None:
        """Change a moment's expected emotion (in the service) and re-check the sequence."""
        if self.service.moments[moment_id].emotion != value:
            self.service.replace(moment_id, emotion=value)
        self._check()

    def set_flag(self, moment_id: str, flag: str, value: bool) -> None:
        """Set ``choice`` or ``ritual`` on a moment and re-check the sequence."""
        if flag not in ("choice", "ritual"):
            raise ValueError(f"the designer sets choice or ritual, not {flag!r}")
        if getattr(self.service.moments[moment_id], flag) != value:
            self.service.replace(moment_id, **{flag: value})
        self._check()

    def move(self, moment_id: str, step: int) -> bool:
        """Swap ``moment_id`` with its neighbour ``step`` places along the cycle (−1 earlier, +1 later).

        The two moments trade places in the flow: what led to one now leads to
        the other, and each goes on where the other went. The sequence
        principles are checked again at once. The first moment starts the
        cycle and stays; False (with a message) when the move is not possible.
        """
        from ..model.queries import cycle_order

        at = self.order.index(moment_id)
        to = at + step
        if step not in (-1, 1) or not 0 <= to < len(self.order):
            return False
        other = self.order[to]
        first = next(iter(self.service.moments))
        if first in (moment_id, other):
            self.message.value = panel(note(
                "The first moment starts the cycle and stays first: move the moments after it.", "warn"
            ))  # fmt: skip
            return False
        for changed, following in _swapped_flow(self.service, moment_id, other).items():
            self.service.replace(changed, next=following)
        self.order = cycle_order(self.service)
        self.message.value = ""
        self._show_page()
        self._check()
        self._draw_curve()
        return True

    def _check(self) -> None:
        self.findings = sequence_findings(self.service)
        self.findings_html.value = panel(findings_list(self.findings))

    # -- the curve -------------------------------------------------------------------------

    def _draw_curve(self, force: bool = False) -> None:
        if not (force or self._auto_curve):
            self.curve_note.value = panel(
                note(f"{len(self.order)} moments: press Redraw curve to draw the emotion curve.")
            )
            return
        emotions = tuple(self.service.moments[m].emotion for m in self.order)
        svg, message = self._pictures.get("emotion", None, key=emotions, legend=False)
        self.curve_note.value = panel(note(message, "warn")) if message else ""
        if svg:
            self.curve.value = svg.encode("utf-8")
            self.legend.value = _legend_html(emotion_legend(self.service))

    # -- the paged controls ------------------------------------------------------------------

    def _turn(self, step: int) -> None:
        pages = max(1, -(-len(self.order) // self.page_size))
        self.page = max(0, min(pages - 1, self.page + step))
        self._show_page()

    def _show_page(self) -> None:
        start = self.page * self.page_size
        shown = self.order[start : start + self.page_size]
        self.rows.children = [self._row(m) for m in shown]
        self.previous.disabled = self.page == 0
        self.next.disabled = start + self.page_size >= len(self.order)
        self.page_label.value = (
            f'<span class="bp-muted">{start + 1}–{start + len(shown)} of {len(self.order)}</span>'
        )

    def _row(self, moment_id: str) -> w.Widget:
        moment = self.service.moments[moment_id]
        label = w.Label(moment.title, layout=w.Layout(width="340px"), tooltip=f"{moment.title} ({moment_id})")
        slider = w.IntSlider(value=moment.emotion or 0, min=-3, max=3, continuous_update=False,
                             layout=w.Layout(width="220px"), readout_format="+d")  # fmt: skip
        slider.add_class(f"bp-emotion-{moment_id}")
        choice = w.Checkbox(
            value=moment.choice, description="choice", indent=False, layout=w.Layout(width="80px")
        )
        ritual = w.Checkbox(
            value=moment.ritual, description="ritual", indent=False, layout=w.Layout(width="80px")
        )

        def emotion(change: dict[str, Any]) -> None:
            self.set_emotion(moment_id, int(change["new"]))
            self._draw_curve()

        slider.observe(emotion, "value")
        choice.observe(lambda c: self.set_flag(moment_id, "choice", bool(c["new"])), "value")
        ritual.observe(lambda c: self.set_flag(moment_id, "ritual", bool(c["new"])), "value")
        earlier = w.Button(icon="arrow-up", tooltip="earlier in the cycle", layout=w.Layout(width="32px"))
        later = w.Button(icon="arrow-down", tooltip="later in the cycle", layout=w.Layout(width="32px"))
        earlier.add_class(f"bp-earlier-{moment_id}")
        later.add_class(f"bp-later-{moment_id}")
        earlier.on_click(lambda _: self.move(moment_id, -1))
        later.on_click(lambda _: self.move(moment_id, 1))
        return w.HBox([label, slider, choice, ritual, earlier, later])

    # -- saving ----------------------------------------------------------------------------

    def save(self, *, force: bool = False) -> bool:
        """Write the changed moments to the service file; False (with a message) when refused."""
        self.conflict.hide()
        try:
            self.service.save(force=force)
        except SaveConflict:
            said = conflict_text(self.service, kept="your changes here are then dropped")
            self.message.value = panel(note(said, "bad"))
            self.conflict.show(self.reload, lambda: self.save(force=True))
            return False
        except (SaveError, OSError) as exc:
            self.message.value = panel(note(f"Not saved: {exc}", "bad"))
            return False
        self.message.value = panel(note(f"Saved to {self.service.source}.", "good"))
        return True

    def reload(self) -> bool:
        """Read the file again and show its cycle (unsaved changes here go); False if unreadable."""
        from ..model.queries import cycle_order

        if not self.conflict.reload(self.service, self.message):
            return False
        self.order = cycle_order(self.service)
        self._pictures = PictureCache(self.service)
        self._show_page()
        self._check()
        self._draw_curve(force=self._auto_curve)
        self.message.value = panel(note("Reloaded: this is the cycle as the file has it now.", "info"))
        return True


#: a legend mark -> the tone of its swatch (panel.css paints them in the pictures' token colours)
_MARK_TONE = {"F": "fail", "W": "wait", "?": "unset"}


def _legend_html(entries: list[tuple[str, str]]) -> str:
    """The emotion curve's legend as HTML: a round swatch like the picture's badge, then its words."""
    if not entries:
        return ""
    items = "".join(
        f'<span class="bp-legend-item"><span class="bp-legend-mark bp-{_MARK_TONE[mark]}">{esc(mark)}</span>'
        f"{esc(words)}</span>"
        for mark, words in entries
    )
    return panel(Safe(f'<div class="bp-emotion-legend">{items}</div>'))


def _swapped_flow(service: Service, a: str, b: str) -> dict[str, list[str]]:
    """The ``next`` lists that change when moments ``a`` and ``b`` trade places in the flow."""
    order = list(service.moments)

    def following(position: int, moment_id: str) -> list[str]:
        written = service.moments[moment_id].next
        if written is None:  # omitted: the next moment in the file
            return order[position + 1 : position + 2]
        return [t for t in written if t in service.moments]

    swap = {a: b, b: a}
    before = {m: following(i, m) for i, m in enumerate(order)}
    after = {m: [swap.get(t, t) for t in before[swap.get(m, m)]] for m in order}
    return {m: after[m] for m in order if after[m] != before[m]}

"""The workshop's closing view: the cycle coloured by coverage, what was agreed today, the open gaps.

Drawn when asked (the closing tab opened, or Refresh pressed), because it
lints the whole service and draws the cycle: on a large service that is a
second's work, not something to redo on every slide.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import ipywidgets as w

from ._html import Safe, badge, esc, findings_list, note, panel, style, table
from ._picture import PictureCache
from .facets import lint_unlocated
from .panel import target_text
from .roomwords import in_room_words
from .svgview import SvgView, node_targets

if TYPE_CHECKING:
    from ..model.findings import Finding
    from ..model.service import Service
    from ..workshop.votes import TagChange

__all__ = ["GAPS", "ClosingView", "cycle_strip", "open_gaps"]

#: the zoom the notebook's ring opens at: the cycle's 10 pt moment labels (13.3 px) at 12.7 px
READABLE_SCALE = 0.95
#: the gaps the service file alone can show, and their names
GAPS = {1: "listening", 2: "design & standards", 4: "communication"}


def open_gaps(service: Service) -> dict[int, list[Finding]]:
    """The lint's findings on gaps 1, 2 and 4, by gap, errors and warnings first."""
    rank = {"error": 0, "warning": 1, "info": 2}
    found: dict[int, list[Finding]] = {gap: [] for gap in GAPS}
    for finding in lint_unlocated(service):
        if finding.gap in found:
            found[finding.gap].append(finding)
    return {gap: sorted(items, key=lambda f: rank.get(f.severity.value, 3)) for gap, items in found.items()}


def cycle_strip(service: Service, lang: str | None = None) -> Safe:
    """The cycle in projector type: each moment in cycle order, coloured by its coverage.

    Coverage is how many of the moment's key factors have a standard; the
    strip ends by pointing back to the first moment, as the cycle closes.
    """
    from ..model.queries import cycle_order

    order = cycle_order(service)
    tiles = []
    for number, moment_id in enumerate(order, 1):
        moment = service.moments[moment_id]
        total = len(moment.factors)
        covered = sum(1 for f in moment.factors if service.standards_of_factor.get(f.id))
        tone = "muted" if not total else "good" if covered == total else "warn" if covered else "bad"
        noun = "factor" if total == 1 else "factors"
        count = f"{covered} of {total} {noun} with a standard" if total else "no key factors"
        tiles.append(
            f'<li class="bp-cycle-tile bp-{tone}" data-moment="{esc(moment_id)}">'
            f'<span class="bp-cycle-number">{number}</span> {esc(moment.title_in(lang))}'
            f'<span class="bp-cycle-count">{esc(count)}</span></li>'
        )
    back = esc(service.moments[order[0]].title_in(lang)) if order else ""
    return Safe(
        f'{style()}<div class="bp-panel bp-cycle-strip"><h3>The cycle, by coverage</h3>'
        f'<ol>{"".join(tiles)}</ol><p class="bp-cycle-back">↻ back to {back}: the next visit</p></div>'
    )


class ClosingView(w.VBox):  # type: ignore[misc]
    """What the session leaves behind; :meth:`refresh` redraws it from the service as it is now."""

    def __init__(
        self, service: Service, *, lang: str | None = None, shown: int = 6, presenter: bool = False
    ) -> None:
        self.service, self.lang, self.shown, self.presenter = service, lang, shown, presenter
        self.pictures = PictureCache(service)
        self.gaps: dict[int, list[Finding]] = {}
        # The ring at a zoom where its labels read at 12 px or more (pan and Fit for the rest); the
        # moments' names are listed beside it, so the whole cycle reads without zooming.
        self.cycle = SvgView(fit="readable", readable_scale=READABLE_SCALE, start="top", height=520)
        self.cycle_note = w.HTML()
        self.summary = w.HTML()
        self.refresh_button = w.Button(description="Refresh", icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self._agreed: list[str] = []
        self._changes: list[TagChange] = []
        names = w.VBox([self.cycle_note], layout=w.Layout(flex="1 1 240px", min_width="0"))
        side = w.VBox([self.summary], layout=w.Layout(flex="1 1 50%", min_width="480px"))
        if presenter:  # the names in projector type beside what the session agreed
            rows = [w.HBox([names, side], layout=w.Layout(flex_flow="row wrap", width="100%"))]
        else:  # the ring across the cell with the names beside it, what was agreed below
            ring = w.Box([self.cycle], layout=w.Layout(flex="3 1 520px", min_width="0"))
            cycle_box = w.HBox([ring, names], layout=w.Layout(flex_flow="row wrap", width="100%"))
            cycle_box.add_class("bp-closing-cycle")
            rows = [cycle_box, side]
        super().__init__(
            [w.HBox([self.refresh_button]), *rows],
            layout=w.Layout(width="100%"),
        )
        self.add_class("bp-closing")
        self.summary.value = panel(note("Open this tab at the end of the session to see what it agreed."))

    def refresh(self, agreed: list[str] | None = None, changes: list[TagChange] | None = None) -> None:
        """Redraw; ``agreed`` and ``changes`` are the standards and tag changes saved in this session."""
        if agreed is not None:
            self._agreed = agreed
        if changes is not None:
            self._changes = changes
        self.cycle_note.value = cycle_strip(self.service, self.lang)
        if self.presenter:  # the ring in projector type: a picture scaled to the screen cannot be read
            self.cycle.layout.display = "none"
        else:
            self.pictures.clear()
            svg, message = self.pictures.get("cycle", self.lang or None)
            self.cycle.message = message
            self.cycle.svg = svg
            self.cycle.targets = node_targets(svg, self.service.moments) if svg else {}
        self.gaps = open_gaps(self.service)
        self.summary.value = panel(
            Safe(f"<h3>{esc(self.service.info.title_in(self.lang))}: what this session agreed</h3>"),
            Safe("<h4>Standards agreed today</h4>"),
            self._agreed_table(),
            Safe("<h4>Tags changed by the votes</h4>"),
            self._changes_table(),
            Safe("<h4>Open gaps</h4>"),
            *self._gap_lists(),
        )

    def _agreed_table(self) -> Safe:
        rows = []
        for standard_id in dict.fromkeys(self._agreed):
            s = self.service.standards.get(standard_id)
            if s is not None:
                ident = "" if self.presenter else f"<code>{esc(s.id)}</code><br>"
                rows.append(
                    [
                        Safe(f"{ident}{esc(s.statement)}"),
                        target_text(s),
                        ", ".join(o.by for o in s.agreed_by),
                    ]
                )
        return table(["standard", "target", "agreed by"], rows, empty="none agreed yet")

    def _changes_table(self) -> Safe:
        from .proposal_html import TAG_WORDS as words

        rows = [
            [
                self.service.factors[c.factor].title_in(self.lang)
                if c.factor in self.service.factors
                else c.factor,
                "; ".join(f"{words.get(k, k)}: {_text(c.old[k])} → {_text(c.new[k])}" for k in c.new),
            ]
            for c in self._changes
        ]
        return table(["factor", "change"], rows, empty="none")

    def _gap_lists(self) -> list[Safe]:
        parts = []
        for gap, findings in self.gaps.items():
            tone = "good" if not findings else "warn"
            parts.append(
                Safe(f"<p>{badge(f'gap {gap} {GAPS[gap]}', 'info')} {badge(str(len(findings)), tone)}</p>")
            )
            if findings:
                shown = findings[: self.shown]
                if self.presenter:
                    shown = [
                        dataclasses.replace(f, message=in_room_words(self.service, f.message)) for f in shown
                    ]
                parts.append(findings_list(shown, codes=not self.presenter))
                if len(findings) > self.shown:
                    parts.append(note(f"and {len(findings) - self.shown} more"))
        return parts


def _text(value: object) -> str:
    if value is None:
        return "(none)"
    return f"{value:g}" if isinstance(value, float) else str(value)

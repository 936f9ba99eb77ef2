"""The workshop's blueprint tab: the 16:9 panel of the blueprint that holds the current moment.

The panels are cut once, as ``blueprint render --fit 16:9`` cuts them (see
:mod:`blueprint.render.blueprint_panels`), and each is drawn by Graphviz the
first time a moment on it is shown; turning to another moment of the same
panel costs nothing. A save that changes what the blueprint shows (a standard
agreed on a wait point changes its time badge) clears the drawings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ._html import Safe, esc

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["BlueprintSlide"]


class BlueprintSlide(w.HTML):  # type: ignore[misc]
    """An HTML widget showing the slide panel of the blueprint around one moment."""

    def __init__(self, service: Service, order: list[str], *, lang: str | None = None) -> None:
        super().__init__()
        self.add_class("bp-blueprint-slide")
        self.service, self.order, self.lang = service, order, lang
        self.panels: list[Any] | None = None
        self._drawn: dict[int, str] = {}

    def clear(self) -> None:
        """Forget the drawings (the service changed); the next :meth:`show` draws again."""
        self.panels, self._drawn = None, {}

    def show(self, position: int) -> None:
        """Show the panel holding the moment at ``position`` of the cycle order."""
        from ..errors import BlueprintError
        from ..render.blueprint_panels import fit_panels, panel_pictures
        from ..render.inline_svg import inline_svg

        try:
            if self.panels is None:
                self.panels = fit_panels(self.service, self.lang)
            number = next(i for i, p in enumerate(self.panels) if p.first <= position <= p.last)
            if number not in self._drawn:
                (picture,) = panel_pictures(self.service, [self.panels[number]], self.lang)
                self._drawn[number] = inline_svg(
                    picture.svg(), f"bp-panel{number}-", label="service blueprint"
                )
        except (BlueprintError, ValueError) as exc:  # no Graphviz, a service that cannot be drawn
            self.value = Safe(f'<p class="bp-note">The blueprint cannot be drawn here: {esc(str(exc))}</p>')
            return
        panel = self.panels[number]
        title = esc(self.service.moments[self.order[position]].title_in(self.lang))
        self.value = Safe(
            f'<div class="bp-panel-where" data-panel="{number + 1}">Panel {number + 1} of {len(self.panels)}'
            f" · moments {panel.first + 1}–{panel.last + 1} · now: <b>{title}</b></div>{self._drawn[number]}"
        )

"""Workshop: present the cycle moment by moment, let the room vote, agree standards, close.

Five tabs over one service, driven by Previous / Next (or the arrow keys)
around the cycle in cycle order; after the last moment comes the first again,
as the cycle closes:

* **Moment** — the presenter's slide in large type: the moment, what the
  customer sees, its key factors with their tags, the standards now;
* **Votes** — every participant classes the current moment's factors
  (basic / performance / motivation / indifferent / reverse) and rates their
  importance, or the votes come from a CSV export; the charts show the class
  distribution (Kano category by the survey's rule) and the importance
  ranking; accepted proposals are written back to the factors' tags;
* **Agree a standard** — a suggested draft for a factor, its target set with
  the room, signed off by the participants ticked, saved;
* **Closing** — the cycle coloured by coverage, the standards agreed and tags
  changed in this session, the open gaps;
* **Blueprint** — the 16:9 slide panel of the blueprint that holds the
  moment (as ``blueprint render --fit 16:9`` cuts it), lanes and lines on it.

Every save goes through the round-trip save: only the changed lines are
touched, comments are kept, and a file changed on disk since loading is not
overwritten (the widget says so instead).

>>> from blueprint.model.examples import tiny_service
>>> workshop = Workshop(tiny_service(), participants=["Ana", "Bo"])
>>> workshop.moment
'arrive'
>>> workshop.previous(); workshop.moment
'check-out'
>>> workshop.next(); workshop.next(); workshop.moment
'check-in'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as w
import traitlets

from ._html import Safe, esc, style
from .agree import AgreePanel
from .blueprint_slide import BlueprintSlide
from .closing import ClosingView
from .keys import ArrowKeys
from .live_voting import LiveVoting
from .slide import presenter_style, slide, workshop_style
from .voting import VotingPanel

if TYPE_CHECKING:
    from ..model.service import Service
    from ..workshop.votes import TagChange

__all__ = ["Workshop"]

#: tab titles, in order
TABS = ("Moment", "Votes", "Agree a standard", "Closing", "Blueprint")
#: above this many moments there is no jump-to list (a dropdown that long helps nobody)
JUMP_LIMIT = 300


class Workshop(w.VBox):  # type: ignore[misc]
    """Run a workshop on ``service`` with ``participants``; ``position`` is the index in the cycle.

    Parameters
    ----------
    service : Service
        Loaded from its file (``blueprint.load``), so that accepted votes and
        agreed standards can be saved back.
    participants : names
        Who votes and signs off; more can be added in the Votes tab or come
        with imported votes. They vote as staff unless named in ``customers``.
    customers : names
        Participants who speak for customers (a customer panel): only their
        importance ratings propose a factor's ``importance``; staff ratings
        propose ``assumed_importance``.
    scale : (low, high)
        The importance scale the room votes on; proposals rescale it to 0-1.
    today : date, optional
        The date written with a sign-off (default: today).
    lang : str, optional
        Show titles in this language where translated.
    presenter : bool
        Dress the workshop for a projector and a room (``blueprint workshop
        present``): projector type that scales with the screen, no file
        paths, no identifiers or file keys, no CSV import; proposals still
        need their quorum.
    voting_host, voting_port, votes_db : optional
        Where "Open voting" serves the phones' page: the address (default:
        this machine's LAN address), the port (default: a free one) and the
        votes database (default: ``<service-id>.votes.sqlite`` beside the file).
    """

    position = traitlets.Int(0)

    def __init__(
        self,
        service: Service,
        participants: Iterable[str] = (),
        *,
        customers: Iterable[str] = (),
        scale: tuple[int, int] = (1, 5),
        today: dt.date | None = None,
        lang: str | None = None,
        presenter: bool = False,
        voting_host: str | None = None,
        voting_port: int = 0,
        votes_db: str | Path | None = None,
    ) -> None:
        from ..model.queries import cycle_order

        if not service.moments:
            raise ValueError(f"service {service.info.id!r} has no moments to present")
        names = list(participants)
        self.service, self.lang, self.presenter = service, lang, presenter
        self.order = cycle_order(service)
        self.tag_changes: list[TagChange] = []
        self.slide = w.HTML()
        self.slide.add_class("bp-slide-html")
        self.voting = VotingPanel(
            service,
            names,
            customers=customers,
            scale=scale,
            lang=lang,
            on_saved=self._tags_saved,
            presenter=presenter,
        )
        self.agree = AgreePanel(
            service,
            names,
            lang=lang,
            today=today,
            on_saved=lambda _: self._saved(),
            presenter=presenter,
        )
        self.voting.after_reload = self.agree.after_reload = self._reloaded
        self.closing = ClosingView(service, lang=lang, presenter=presenter)
        self.live = LiveVoting(
            service, self.voting, host=voting_host, port=voting_port, db=votes_db,
            moment=lambda: self.moment, on_change=self._refresh_slide,
        )  # fmt: skip
        self.blueprint = BlueprintSlide(service, self.order, lang=lang)
        children = [self.slide, self.voting, self.agree, self.closing, self.blueprint]
        self.tabs = w.Tab(children=children, titles=TABS)
        self.tabs.observe(lambda _: self._tab_opened(), "selected_index")
        self.back = w.Button(description="Previous", icon="arrow-left", layout=w.Layout(width="150px"))
        self.forward = w.Button(
            description="Next", icon="arrow-right", button_style="primary", layout=w.Layout(width="150px")
        )
        self.back.add_class("bp-previous")
        self.forward.add_class("bp-next")
        self.back.on_click(lambda _: self.previous())
        self.forward.on_click(lambda _: self.next())
        self.arrows = ArrowKeys()
        self.arrows.on_step(self.step)
        self.where = w.HTML()
        self.where.add_class("bp-nav-title")
        controls: list[w.Widget] = [self.back, self.forward, self.where]
        self.jump: w.Dropdown | None = None
        if len(self.order) <= JUMP_LIMIT:
            self.jump = w.Dropdown(
                options=[(self._label(i), i) for i in range(len(self.order))], layout=w.Layout(width="320px")
            )
            self.jump.add_class("bp-jump")
            self.jump.observe(lambda c: self.go(int(c["new"])), "value")
            controls.append(self.jump)
        controls.extend([self.live, self.arrows])
        nav = w.HBox(controls, layout=w.Layout(flex_flow="row wrap"))
        nav.add_class("bp-nav")
        where = "" if presenter else f" · {esc(service.source or 'not saved to a file')}"
        head = w.HTML(
            Safe(
                f"{style()}{workshop_style()}{presenter_style() if presenter else ''}"
                f"<div class='bp-workshop-head'>"
                f"Workshop · {esc(service.info.title_in(lang))} · {len(self.order)} moments{where}</div>"
            )
        )
        super().__init__([head, nav, self.tabs], layout=w.Layout(width="100%"))
        self.add_class("bp-workshop")
        if presenter:
            self.add_class("bp-presenter")
        self._show()

    # -- navigation ------------------------------------------------------------------

    @property
    def moment(self) -> str:
        """The id of the moment shown."""
        return self.order[self.position]

    def go(self, position: int) -> None:
        """Show the moment at ``position`` in the cycle (taken round the cycle: -1 is the last)."""
        self.position = position % len(self.order)

    def step(self, step: int) -> None:
        """Move ``step`` moments along the cycle (negative: back)."""
        self.go(self.position + step)

    def next(self) -> None:
        """The next moment; after the last, the first (the cycle closes)."""
        self.step(1)

    def previous(self) -> None:
        """The previous moment; before the first, the last."""
        self.step(-1)

    def show_moment(self, moment_id: str) -> None:
        """Show the moment ``moment_id``."""
        self.go(self.order.index(moment_id))

    @traitlets.observe("position")
    def _moved(self, _change: object) -> None:
        self._show()

    def _show(self) -> None:
        self._refresh_slide()
        index = self.position
        self.where.value = f"<b>{index + 1}</b> / {len(self.order)}"
        if self.jump is not None and self.jump.value != index:
            self.jump.value = index
        self.live.show_moment()
        factors = [f.id for f in self.service.moments[self.moment].factors]
        self.voting.show_factors(factors)
        self._agree_factors = factors
        if self.tabs.selected_index == 2:
            self.agree.show_factors(factors)
        else:
            self.agree.clear()  # opened when the tab is: suggestions and lint cost time
        if self.tabs.selected_index == 4:
            self.blueprint.show(index)  # drawn when the tab is open: Graphviz costs time

    def _refresh_slide(self) -> None:
        shown = slide(self.service, self.order, self.position, lang=self.lang, identifiers=not self.presenter)
        self.slide.value = Safe(shown + self.live.join_html()) if self.live.is_open else shown

    def _label(self, index: int) -> str:
        return f"{index + 1}. {self.service.moments[self.order[index]].title_in(self.lang)}"

    def _tab_opened(self) -> None:
        if self.tabs.selected_index == 2 and (
            self.agree.editor is None or self.agree.factor.value not in self._agree_factors
        ):
            self.agree.show_factors(self._agree_factors)
        elif self.tabs.selected_index == 3:
            self.closing.refresh(self.agree.agreed, self.tag_changes)
        elif self.tabs.selected_index == 4:
            self.blueprint.show(self.position)

    def _saved(self) -> None:
        self.blueprint.clear()
        self._refresh_slide()

    def _reloaded(self) -> None:
        """The file was read again after a save conflict: show the service as it is now."""
        from ..model.queries import cycle_order

        self.order[:] = cycle_order(self.service)  # in place: the blueprint tab holds the same list
        self.blueprint.clear()
        self.position = min(self.position, len(self.order) - 1)
        if self.jump is not None:
            self.jump.options = [(self._label(i), i) for i in range(len(self.order))]
        self._show()

    def _tags_saved(self, changes: list[TagChange]) -> None:
        self.tag_changes.extend(changes)
        self._refresh_slide()

    # -- live voting from phones ---------------------------------------------------------

    def open_voting(self) -> str | None:
        """Start voting from phones ("Open voting"); the join URL, or None (with a message) if it cannot."""
        return self.live.open_voting()

    def close_voting(self) -> None:
        """Stop voting from phones; the votes stay in the database."""
        self.live.close_voting()

    def close(self) -> None:
        """Close the widget, and voting with it."""
        self.live.close_voting()
        super().close()

    # -- the session's outcome ---------------------------------------------------------

    def closing_view(self) -> ClosingView:
        """Show and return the closing view, drawn from the service as it is now."""
        self.tabs.selected_index = 3
        self.closing.refresh(self.agree.agreed, self.tag_changes)
        return self.closing

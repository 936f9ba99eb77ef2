"""Agreeing a standard in the room: pick a factor, take a draft, set the target, sign it off, save.

The form is the :class:`StandardEditor` (suggested drafts, live lint, the
round-trip save). The room adds who agreed: the participants ticked here are
written to the standard's ``agreed_by`` with today's date (guideline 1: staff
sign-off), and ``last_reviewed`` is set to the same day if empty.

>>> import datetime as dt
>>> from blueprint.model.examples import tiny_service
>>> agree = AgreePanel(tiny_service(), ["Ana"], today=dt.date(2026, 3, 2))
>>> agree.show_factors(["food-hot"])
>>> agree.editor.form.controls["target"].value = "30"
>>> agree.signers.children[0].value = True
>>> [s.by for s in agree.editor.candidate().agreed_by]
['Ana']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..model.objects import SignOff
from ._html import Safe, note, panel
from .editor import StandardEditor

if TYPE_CHECKING:
    from ..model.objects import Standard
    from ..model.service import Service

__all__ = ["ROOM_HIDDEN", "AgreePanel", "RoomEditor"]

#: the form's fields the presenter leaves out: identifiers, data plumbing, and what the ticks write
ROOM_HIDDEN = ("id", "metric", "source", "frequency", "agreed_by", "last_reviewed")


class RoomEditor(StandardEditor):
    """A StandardEditor whose standard carries the sign-off of the people ticked in the room."""

    def __init__(
        self,
        service: Service,
        factor_id: str,
        *,
        signers: Callable[[], list[str]],
        today: dt.date,
        presenter: bool = False,
        **options: Any,
    ) -> None:
        self._signers, self._today = signers, today
        self.identifiers = not presenter
        super().__init__(service, factor_id, **options)
        self.save_button.layout.display = "none"  # the room saves with "Agree and save"
        if presenter:  # the room sets what it decides; ids, data sources and sign-off text stay in the file
            rows = self.form.rows_shown
            for name in ROOM_HIDDEN:
                rows[name].layout.display = "none"

    def candidate(self) -> Standard:
        standard = super().candidate()
        known = {s.by for s in standard.agreed_by}
        added = [SignOff(by=name, date=self._today) for name in self._signers() if name not in known]
        if not added:
            return standard
        return standard.model_copy(
            update={
                "agreed_by": [*standard.agreed_by, *added],
                "last_reviewed": standard.last_reviewed or self._today,
            }
        )

    def relint(self) -> None:
        """Re-run the lint (after the signers changed)."""
        self._relint()


class AgreePanel(w.VBox):  # type: ignore[misc]
    """Agree standards for ``service``'s factors with ``participants``; ``agreed`` lists the saved ids."""

    def __init__(
        self,
        service: Service,
        participants: Iterable[str] = (),
        *,
        lang: str | None = None,
        today: dt.date | None = None,
        on_saved: Callable[[str], None] | None = None,
        presenter: bool = False,
    ) -> None:
        self.service, self.lang, self.presenter = service, lang, presenter
        self.today = today or dt.date.today()
        self.on_saved = on_saved
        self.agreed: list[str] = []
        self.editor: RoomEditor | None = None
        #: called after the form's Reload read the file again
        self.after_reload: Callable[[], None] = lambda: None
        self.factor = w.Dropdown(
            description="factor",
            options=[],
            layout=w.Layout(width="640px"),
            style={"description_width": "60px"},
        )
        self.factor.add_class("bp-agree-factor")
        self.factor.observe(lambda _: self._open(), "value")
        self.signers = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.signers.add_class("bp-signers")
        self.save_button = w.Button(description="Agree and save", icon="handshake-o", button_style="primary")
        self.save_button.add_class("bp-agree-save")
        self.save_button.on_click(lambda _: self.save())
        self.message = w.HTML()
        self.holder = w.VBox()
        for name in participants:
            self.add_participant(name)
        head = panel(Safe("<h4>Who agreed (staff sign-off, guideline 1)</h4>"))
        super().__init__(
            [
                w.HBox([self.factor]),
                w.HTML(head),
                self.signers,
                self.holder,
                w.HBox([self.save_button]),
                self.message,
            ],
            layout=w.Layout(width="100%"),
        )
        self.add_class("bp-agree")

    def add_participant(self, name: str) -> None:
        """Offer ``name`` as someone who can sign the standard off."""
        if name in self.names():
            return
        box = w.Checkbox(value=False, description=name, indent=False, layout=w.Layout(width="auto"))
        box.observe(lambda _: self.editor.relint() if self.editor else None, "value")
        self.signers.children = [*self.signers.children, box]

    def names(self) -> list[str]:
        return [box.description for box in self.signers.children]

    def ticked(self) -> list[str]:
        """The participants ticked as agreeing."""
        return [box.description for box in self.signers.children if box.value]

    def show_factors(self, factor_ids: list[str]) -> None:
        """Offer the current moment's factors; those without a standard are marked."""
        options = []
        for factor_id in factor_ids:
            title = self.service.factors[factor_id].title_in(self.lang)
            count = len(self.service.standards_of_factor.get(factor_id, []))
            options.append(
                (
                    f"{title}"
                    + (
                        "  — no standard yet"
                        if not count
                        else f"  ({count} standard{'s' if count > 1 else ''})"
                    ),
                    factor_id,
                )
            )
        self.factor.options = options
        self.factor.value = factor_ids[0] if factor_ids else None
        self._open()

    def clear(self) -> None:
        """Close the form (the moment changed while another tab was shown)."""
        self.editor = None
        self.holder.children = []

    def _open(self) -> None:
        factor = self.factor.value
        self.message.value = ""
        if factor is None:
            self.editor = None
            self.holder.children = [
                w.HTML(panel(note("This moment has no key factors to agree a standard on.")))
            ]
            self.save_button.disabled = True
            return
        if self.editor is not None and self.editor.factor_id == factor:
            return
        self.editor = RoomEditor(
            self.service, factor, signers=self.ticked, today=self.today, presenter=self.presenter
        )
        # either "Save anyway" saves through this panel, so the room's sign-off is checked and recorded
        self.editor.save_over = lambda: self.save(force=True)
        self.editor.save_despite_lint = lambda: self.save(anyway=True)
        self.editor.after_reload = lambda: self.after_reload()
        self.holder.children = [self.editor]
        self.save_button.disabled = False

    def save(self, *, force: bool = False, anyway: bool = False) -> bool:
        """Save the form's standard with the room's sign-off; False (with the editor's message) if refused.

        ``anyway`` saves despite the lint's errors, ``force`` over a file changed on disk.
        """
        if self.editor is None:
            return False
        if not self.ticked():
            self.message.value = panel(
                note("Tick who agreed first: a standard needs its staff's sign-off.", "warn")
            )
            return False
        self.message.value = panel(note("Saving the standard…", "info"))
        self.save_button.disabled = True  # the save takes a moment: say so, and take no second press
        self.save_button.description, self.save_button.icon = "Saving…", "spinner spin"
        try:
            saved = self.editor.save(force=force, anyway=anyway)
        finally:
            self.save_button.disabled = False
            self.save_button.description, self.save_button.icon = "Agree and save", "handshake-o"
        self.message.value = ""
        if not saved:
            return False
        standard_id = self.editor.source.value
        self.agreed.append(standard_id)
        self.message.value = panel(
            note(f"Agreed and saved {standard_id} with {', '.join(self.ticked())}.", "good")
        )
        for box in self.signers.children:
            box.value = False
        if self.on_saved is not None:
            self.on_saved(standard_id)
        return True

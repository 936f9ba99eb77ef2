"""The workshop's voting tab: the room classes and weighs one factor at a time.

For the chosen factor every participant has a row of class buttons (basic,
performance, motivation, indifferent, reverse: Kano's M, O, A, I, R) and of
importance buttons (1-5); each press is a vote in the :class:`Tally`. Each
participant has a role, ``staff`` or ``customer`` (a customer panel): the
customers' importance ratings propose a factor's ``importance``, the staff's
its ``assumed_importance``, so the room's own view never stands in for the
customers'. Votes collected on paper or in a form come in from a CSV
export (with a ``role`` column). The charts redraw
after every vote. "Propose tags" shows what the votes would change in the
file (old -> new per factor); "Accept and save" writes the ticked changes with
the round-trip save, comments kept.

>>> from blueprint.model.examples import tiny_service
>>> panel = VotingPanel(tiny_service(), ["Ana", "Bo"])
>>> panel.show_factors(["checkin-speed"])
>>> panel.rows["Ana"][0].value = "O"
>>> panel.tally.counts("checkin-speed")["O"]
1
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..errors import SaveConflict, SaveError
from ..survey.errors import SurveyDataError
from ..workshop.vote_import import parse_votes, read_votes
from ..workshop.votes import ROLES, TagChange, Tally, Vote, apply_tags, quorum_of, role_of
from ._html import Safe, esc, note, panel
from .proposal_html import change_html, quorum_html, staff_only_html
from .save_conflict import ConflictBar, conflict_text
from .vote_charts import CLASS_COLOURS, class_chart, importance_chart

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["VotingPanel"]

#: the roles a participant can have, as the role picker shows them
ROLE_OPTIONS = [("staff (assumed importance)", "staff"), ("customer (importance)", "customer")]
#: the same in the presenter, in the room's words
ROOM_ROLE_OPTIONS = [("staff", "staff"), ("customer", "customer")]
#: the factor tags an accepted proposal can change
_TAGS = ("bpm", *ROLES.values())


class VotingPanel(w.VBox):  # type: ignore[misc]
    """Votes by ``participants``; ``tally`` holds them, ``accepted`` the changes saved."""

    def __init__(
        self,
        service: Service,
        participants: Iterable[str] = (),
        *,
        customers: Iterable[str] = (),
        scale: tuple[int, int] = (1, 5),
        lang: str | None = None,
        on_saved: Callable[[list[TagChange]], None] | None = None,
        quorum: int | None = None,
        presenter: bool = False,
    ) -> None:
        self.service, self.lang, self.on_saved = service, lang, on_saved
        self.presenter = presenter
        #: how many participants must vote on a factor before a change is proposed (None: more than half)
        self.quorum = quorum
        self.tally = Tally(service, scale=scale)
        self.participants: list[str] = []
        self.rows: dict[str, tuple[w.ToggleButtons, w.ToggleButtons]] = {}
        self.role_pickers: dict[str, w.Dropdown] = {}
        self.proposal: list[TagChange] = []
        #: changes the votes would make but the quorum held back at the last proposal
        self.withheld: list[TagChange] = []
        self.accepted: list[TagChange] = []
        self._quiet = False
        self.factor = w.Dropdown(
            description="factor",
            options=[],
            layout=w.Layout(width="640px"),
            style={"description_width": "60px"},
        )
        self.factor.add_class("bp-vote-factor")
        self.factor.observe(lambda _: self._load_factor(), "value")
        low, high = scale
        head = w.HBox([w.HTML("", layout=w.Layout(width="230px")),
                       w.HTML("class (Kano letter)", layout=w.Layout(width="920px")),
                       w.HTML(f"importance ({low} low – {high} decisive)")])  # fmt: skip
        head.add_class("bp-vote-head")
        self.grid = w.VBox([head])
        self.grid.add_class("bp-vote-grid")
        self.new_name = w.Text(placeholder="name", layout=w.Layout(width="220px"))
        self._roles = ROOM_ROLE_OPTIONS if presenter else ROLE_OPTIONS
        self.new_role = w.Dropdown(options=self._roles, value="staff", layout=w.Layout(width="230px"))
        self.new_role.add_class("bp-new-role")
        add = w.Button(description="Add participant", icon="user-plus")
        add.on_click(lambda _: self._add_typed())
        self.upload = w.FileUpload(accept=".csv,text/csv", multiple=False, description="Import CSV")
        self.upload.observe(lambda _: self._uploaded(), "value")
        self.import_message = w.HTML()
        self.classes, self.ranking = w.HTML(), w.HTML()
        self.propose_button = w.Button(description="Propose tags", icon="balance-scale")
        self.propose_button.add_class("bp-propose")
        self.propose_button.on_click(lambda _: self.propose())
        self.accept_button = w.Button(
            description="Accept and save", icon="check", button_style="success", disabled=True
        )
        self.accept_button.add_class("bp-accept")
        self.accept_button.on_click(lambda _: self.accept())
        self.override = w.Checkbox(
            value=False, description="propose below the quorum (facilitator)", indent=False,
            layout=w.Layout(width="auto"),
        )  # fmt: skip
        self.override.add_class("bp-quorum-override")
        self.diff = w.VBox()
        self.diff.add_class("bp-diff")
        self.message = w.HTML()
        self.conflict = ConflictBar()
        #: called after Reload read the file again (the workshop redraws its slide)
        self.after_reload: Callable[[], None] = lambda: None
        self.message.add_class("bp-vote-message")
        customers = list(customers)
        for name in participants:
            self.add_participant(name, "customer" if name in customers else "staff")
        for name in customers:
            self.add_participant(name, "customer")
        super().__init__(
            [
                w.HBox([self.factor]),
                self.grid,
                w.HBox(
                    [self.new_name, self.new_role, add] + ([] if presenter else [self.upload]),
                    layout=w.Layout(flex_flow="row wrap"),
                ),
                *([] if presenter else [self.import_message]),
                w.HTML(panel(Safe("<h4>Class votes (Kano category by the survey's rule)</h4>"))),
                self.classes,
                w.HTML(panel(Safe("<h4>Importance ranking</h4>"))),
                self.ranking,
                w.HBox(
                    [self.propose_button, self.accept_button, self.override],
                    layout=w.Layout(flex_flow="row wrap", align_items="center"),
                ),
                self.diff,
                self.message,
                self.conflict,
            ],
            layout=w.Layout(width="100%"),
        )
        self.add_class("bp-voting")
        self._redraw()

    # -- who votes on what -----------------------------------------------------------

    def show_factors(self, factor_ids: list[str]) -> None:
        """Offer ``factor_ids`` (the current moment's factors) to vote on; the first is chosen."""
        options = [(self.service.factors[f].title_in(self.lang), f) for f in factor_ids]
        self._quiet = True
        try:
            self.factor.options = options
            self.factor.value = factor_ids[0] if factor_ids else None
        finally:
            self._quiet = False
        self._load_factor()

    def add_participant(self, name: str, role: str = "staff") -> None:
        """Add a row of buttons for ``name``, who speaks as ``staff`` or ``customer``.

        A name already present keeps its row and takes the role given.
        """
        name = " ".join(str(name).split())
        if not name:
            return
        if name in self.rows:
            self.role_pickers[name].value = role_of(role) or "staff"
            return
        self.tally.set_role(name, role)
        options = [(f"{word} ({letter})", letter) for letter, (word, _) in CLASS_COLOURS.items()]
        low, high = self.tally.scale
        cls = w.ToggleButtons(options=options, value=None, style={"button_width": "180px"})
        weight = w.ToggleButtons(
            options=[str(v) for v in range(int(low), int(high) + 1)],
            value=None,
            style={"button_width": "44px"},
            tooltips=["importance"] * int(high - low + 1),
        )
        cls.add_class("bp-vote-class")
        weight.add_class("bp-vote-importance")
        cls.observe(lambda c: self._voted(name, category=c["new"]), "value")
        weight.observe(lambda c: self._voted(name, importance=c["new"]), "value")
        label = w.Label(name, layout=w.Layout(width="230px"), tooltip=name)
        label.add_class("bp-voter")
        picker = w.Dropdown(options=self._roles, value=self.tally.role(name), layout=w.Layout(width="230px"))
        picker.add_class("bp-voter-role")
        picker.observe(lambda c: self._role_changed(name, c["new"]), "value")
        self.participants.append(name)
        self.rows[name] = (cls, weight)
        self.role_pickers[name] = picker
        self.grid.children = [*self.grid.children, w.HBox([w.VBox([label, picker]), cls, weight])]
        self._load_factor()

    def _add_typed(self) -> None:
        self.add_participant(self.new_name.value, self.new_role.value)
        self.new_name.value = ""

    def _role_changed(self, name: str, role: str) -> None:
        self.tally.set_role(name, role)
        self._redraw()

    def _load_factor(self) -> None:
        """Show the chosen factor's votes on the buttons."""
        factor = self.factor.value
        self._quiet = True
        try:
            for name, (cls, weight) in self.rows.items():
                vote = self.tally.vote_of(name, factor) if factor else None
                cls.value = vote.category if vote and vote.category else None
                weight.value = f"{vote.importance:g}" if vote and vote.importance is not None else None
                cls.disabled = weight.disabled = factor is None
        finally:
            self._quiet = False

    # -- votes ------------------------------------------------------------------------

    def vote(
        self,
        participant: str,
        factor: str,
        category: str | None = None,
        importance: float | None = None,
        *,
        role: str | None = None,
    ) -> None:
        """Cast a vote as the buttons would (adding the participant, as staff unless ``role`` says)."""
        if participant not in self.rows or role is not None:
            self.add_participant(participant, role or "staff")
        self.tally.cast(participant, factor, category, importance)
        if factor == self.factor.value:
            self._load_factor()
        self._redraw()

    def take_live(self, votes: list[Vote]) -> int:
        """Take the current votes from phones (the live store's): each replaces that participant's vote.

        A participant new to the panel gets a row with the role they picked;
        one whose role changed on the phone takes the new role. Returns how many votes.
        """
        for vote in votes:
            if vote.participant not in self.rows:
                self.add_participant(vote.participant, vote.role)
            elif self.tally.role(vote.participant) != vote.role:
                self.role_pickers[vote.participant].value = vote.role
        count = self.tally.extend(votes)
        self._load_factor()
        self._redraw()
        return count

    def _voted(self, name: str, category: str | None = None, importance: str | None = None) -> None:
        if self._quiet or self.factor.value is None:
            return
        if category is None and importance is None:  # a button was released: nothing to record
            return
        self.tally.cast(name, self.factor.value, category, float(importance) if importance else None)
        self._redraw()

    def import_csv(self, source: Any, *, name: str | None = None) -> int:
        """Add the votes in a CSV file (a path, or its text with ``name``); return how many, or 0 on error."""
        try:
            if name is not None:
                votes = parse_votes(source, self.service, source=name, scale=self.tally.scale)
            else:
                votes = read_votes(source, self.service, scale=self.tally.scale)
        except SurveyDataError as exc:
            lines = "".join(f"<li>{esc(p)}</li>" for p in exc.problems[:12])
            more = f"<li>… and {len(exc.problems) - 12} more</li>" if len(exc.problems) > 12 else ""
            self.import_message.value = panel(
                note("Not imported: fix these and import again.", "bad"),
                Safe(f'<ul class="bp-findings">{lines}{more}</ul>'),
            )
            return 0
        for vote in votes:
            self.add_participant(vote.participant, vote.role)
        count = self.tally.extend(votes)
        self.import_message.value = panel(note(f"Imported {count} votes from {name or source}.", "good"))
        self._load_factor()
        self._redraw()
        return count

    def _uploaded(self) -> None:
        for item in self.upload.value:
            raw = bytes(item["content"])
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                self.import_message.value = panel(
                    note(f"{item['name']}: not UTF-8 text; save it as CSV UTF-8.", "bad")
                )
                continue
            self.import_csv(text, name=str(item["name"]))

    def _redraw(self) -> None:
        self.classes.value = panel(class_chart(self.tally, lang=self.lang))
        self.ranking.value = panel(importance_chart(self.tally, lang=self.lang))
        self.propose_button.disabled = len(self.tally) == 0

    # -- write-back -----------------------------------------------------------------------

    def quorum_needed(self) -> int:
        """Votes a factor needs before its tags are proposed: ``quorum``, else more than half the room."""
        return self.quorum if self.quorum is not None else quorum_of(len(self.participants))

    def propose(self) -> list[TagChange]:
        """Show the tags the votes would change, each with a box to accept it (ticked).

        A factor voted on by fewer participants than :meth:`quorum_needed` is
        not proposed, and the panel says so, unless the facilitator ticks
        "propose below the quorum".
        """
        needed = self.quorum_needed()
        changes = self.tally.proposals()
        short = {c.factor: len(self.tally.voters(c.factor)) for c in changes}
        short = {f: n for f, n in short.items() if n < needed}
        self.withheld = [] if self.override.value else [c for c in changes if c.factor in short]
        self.proposal = [c for c in changes if c not in self.withheld]
        self.message.value = ""
        room, lang = len(self.participants), self.lang
        quorum = quorum_html(self.service, short, needed, room, override=self.override.value, lang=lang)
        staff_only = staff_only_html(self.service, self.tally.staff_only_classes(), lang=lang)
        if not self.proposal:
            said = quorum or panel(note("The votes agree with the file: no tag would change."))
            self.diff.children = [w.HTML(said), *([w.HTML(staff_only)] if staff_only else [])]
            self.accept_button.disabled = True
            return self.proposal
        rows = []
        for change in self.proposal:
            box = w.Checkbox(value=True, indent=False, layout=w.Layout(width="30px"))
            html = change_html(self.service, change, lang=self.lang, identifiers=not self.presenter)
            rows.append(w.HBox([box, w.HTML(html)]))
        target = "" if self.presenter else f" to {Path(self.service.source or 'the service').name}"
        whose = (
            "The class follows the customers' class votes only. The customers' importance ratings "
            "propose their importance; the staff's propose the staff's importance (management's view), "
            "so the two views stay apart (gap 1)."
        )
        head = w.HTML(panel(Safe(f"<h4>Proposed changes{esc(target)}</h4>"), note(whose)))
        self.diff.children = [
            *([w.HTML(quorum)] if quorum else []),
            head,
            *rows,
            *([w.HTML(staff_only)] if staff_only else []),
        ]
        self.accept_button.disabled = False
        return self.proposal

    def ticked(self) -> list[TagChange]:
        """The proposed changes whose box is ticked."""
        boxes = [row.children[0] for row in self.diff.children if isinstance(row, w.HBox)]
        return [c for c, box in zip(self.proposal, boxes, strict=False) if box.value]

    def accept(self, *, force: bool = False) -> bool:
        """Write the ticked changes into the service and save its file; False (with a message) if refused."""
        self.conflict.hide()
        changes = self.ticked()
        if not changes:
            self.message.value = panel(note("Nothing ticked: nothing saved.", "warn"))
            return False
        before = {c.factor: self.service.factors[c.factor] for c in changes}
        apply_tags(self.service, changes)
        try:
            self.service.save(force=force)
        except (SaveConflict, SaveError, OSError) as exc:
            for factor_id, old in before.items():
                self.service.replace(factor_id, **{k: getattr(old, k) for k in _TAGS})
            if isinstance(exc, SaveConflict):
                said = conflict_text(self.service, kept="the votes stay here", name_file=not self.presenter)
                self.message.value = panel(note(said, "bad"))
                self.conflict.show(self.reload, lambda: self.accept(force=True))
            else:
                self.message.value = panel(note(f"Not saved: {str(exc).splitlines()[0]}", "bad"))
            return False
        self.accepted.extend(changes)
        self.diff.children = []
        self.accept_button.disabled = True
        where = "" if self.presenter else f" to {self.service.source}"
        self.message.value = panel(note(f"Saved {len(changes)} factor(s){where}.", "good"))
        if self.on_saved is not None:
            self.on_saved(changes)
        return True

    def reload(self) -> bool:
        """Read the service file again (the votes stay) and propose anew; False when it cannot be read."""
        if not self.conflict.reload(self.service, self.message):
            return False
        self.tally.service = self.service
        self.propose()
        self.message.value = panel(
            note("Reloaded: the proposal now compares the votes with the file as it is.", "info")
        )
        self.after_reload()
        return True

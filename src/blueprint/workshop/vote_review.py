"""Votes collected on paper or in a form, held against a service: what they would change, and saving it.

This is ``blueprint votes FILE VOTES.csv``: the votes are read as the
workshop reads an imported CSV (:mod:`.vote_import`, with its ``role``
column), tallied, and turned into proposed tag changes. Customers' importance
ratings propose ``importance``, staff's ``assumed_importance`` (gap 1 kept
clean); the BPM class comes from the customers' class votes only. :meth:`VoteReview.write` makes
the changes and saves the file with the round-trip save.

>>> from blueprint.model.examples import tiny_service
>>> text = "participant,factor,class,importance,role\\nAna,checkin-speed,basic,4,staff\\n"
>>> review = review_votes(tiny_service(), parse_votes(text, tiny_service()))
>>> print(review.to_text(), end="")  # doctest: +NORMALIZE_WHITESPACE
1 vote from 1 participant: 1 staff, 0 customers
every participant votes as staff: their importance ratings propose assumed_importance only;
  a customer panel (role customer) proposes importance and the class
no customer voted a class: the class of checkin-speed stays (staff's class votes are their view only)
proposed changes (customers' importance -> importance, staff's -> assumed_importance):
  checkin-speed: assumed_importance (none) -> 0.75 (1 vote; staff vote M1; no customer voted a class,
  so the class stays; staff rate importance 4 of 5)
add --write to accept these changes and save the file
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .vote_import import parse_votes, read_votes
from .votes import TagChange, Tally, Vote, apply_tags, quorum_of

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["VoteReview", "parse_votes", "review_votes", "review_votes_file"]


@dataclass
class VoteReview:
    """The votes on a service and the tag changes they propose; ``written`` once saved."""

    service: Service
    tally: Tally
    changes: list[TagChange]
    written: bool = False
    roles: dict[str, int] = field(default_factory=dict)
    #: votes a factor needs before its tags are proposed (more than half the participants, as in the widget)
    quorum: int = 1
    #: factor -> how many voted on it, for the factors the quorum held back
    withheld: dict[str, int] = field(default_factory=dict)

    def write(self) -> int:
        """Make the proposed changes and save the service file (comments kept); return how many factors.

        Raises :class:`~blueprint.errors.SaveConflict` when the file changed
        on disk since it was read, and leaves the service as it was.
        """
        if not self.changes:
            return 0
        from ..io.save import save

        before = {c.factor: self.service.factors[c.factor] for c in self.changes}
        apply_tags(self.service, self.changes)
        try:
            save(self.service)
        except Exception:
            for factor_id, old in before.items():
                self.service.replace(factor_id, **{k: getattr(old, k) for k in _tags(self.changes)})
            raise
        self.written = True
        return len(self.changes)

    def to_text(self) -> str:
        """The votes, whom they speak for, and the proposed changes, as lines for people."""
        staff, customers = self.roles.get("staff", 0), self.roles.get("customer", 0)
        lines = [
            f"{_count(len(self.tally), 'vote')} from {_count(staff + customers, 'participant')}: "
            f"{staff} staff, {_count(customers, 'customer')}"
        ]
        if not customers:
            lines.append(
                "every participant votes as staff: their importance ratings propose assumed_importance "
                "only;\n  a customer panel (role customer) proposes importance and the class"
            )
        staff_only = self.tally.staff_only_classes()
        if staff_only:
            lines.append(
                f"no customer voted a class: the class of {', '.join(staff_only)} stays "
                "(staff's class votes are their view only)"
            )
        if self.withheld:
            room = staff + customers
            held = ", ".join(f"{f} ({n} of {room} voted)" for f, n in self.withheld.items())
            lines.append(
                f"below the quorum of {self.quorum} votes (more than half of the {room} participants): "
                f"nothing proposed for {held}; let more of the room vote, or add --below-quorum"
            )
        if not self.changes:
            if not self.withheld:
                lines.append("the votes agree with the file: no tag would change")
            return "\n".join(lines) + "\n"
        verb = "changes written" if self.written else "proposed changes"
        lines.append(f"{verb} (customers' importance -> importance, staff's -> assumed_importance):")
        lines += [f"  {change}" for change in self.changes]
        if self.written:
            lines.append(f"wrote {len(self.changes)} factor(s) to {self.service.source}")
        else:
            lines.append("add --write to accept these changes and save the file")
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, Any]:
        """The same as plain data, for JSON."""
        return {
            "service": self.service.info.id,
            "file": self.service.source,
            "votes": len(self.tally),
            "participants": dict(self.roles),
            "proposals": [change.to_dict() for change in self.changes],
            "quorum": self.quorum,
            "below_quorum": dict(self.withheld),
            "written": self.written,
        }


def review_votes(
    service: Service,
    votes: Iterable[Vote],
    *,
    scale: tuple[float, float] = (1, 5),
    below_quorum: bool = False,
) -> VoteReview:
    """Tally ``votes`` on ``service`` and list the tag changes they propose.

    As in the workshop widget, a factor fewer than a quorum voted on (more than
    half of the participants in the votes) is not proposed but listed in
    ``withheld``, unless ``below_quorum``.
    """
    tally = Tally(service, scale=scale)
    tally.extend(votes)
    roles: dict[str, int] = {"staff": 0, "customer": 0}
    for role in tally.roles.values():
        roles[role] = roles.get(role, 0) + 1
    needed = quorum_of(len(tally.roles))
    changes = tally.proposals()
    short = {c.factor: len(tally.voters(c.factor)) for c in changes}
    short = {f: n for f, n in short.items() if n < needed}
    if below_quorum:
        return VoteReview(service, tally, changes, roles=roles, quorum=needed)
    kept = [c for c in changes if c.factor not in short]
    return VoteReview(service, tally, kept, roles=roles, quorum=needed, withheld=short)


def review_votes_file(
    service: Service, path: str | Path, *, scale: str = "1-5", write: bool = False, below_quorum: bool = False
) -> VoteReview:
    """The tag changes the votes in the CSV file ``path`` propose; ``write`` saves them to the service.

    ``scale`` is the importance rating scale as ``LOW-HIGH``. Votes that cannot
    be read, a scale that cannot be parsed and a file changed on disk since it
    was loaded raise :class:`~blueprint.errors.BlueprintError`; a file that
    cannot be opened ``OSError``.
    """
    from ..survey.instrument import Scale

    parsed = Scale.parse(scale)
    bounds = (parsed.low, parsed.high)
    review = review_votes(
        service, read_votes(path, service, scale=bounds), scale=bounds, below_quorum=below_quorum
    )
    if write:
        review.write()
    return review


def _tags(changes: list[TagChange]) -> set[str]:
    return {tag for change in changes for tag in change.new}


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"

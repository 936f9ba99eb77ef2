"""Votes in a workshop: each participant classes a factor (BPM/Kano) and rates its importance.

A :class:`Tally` keeps one vote per participant and factor (a new vote
replaces the old one, as when the facilitator corrects a button). The class
votes are counted as Kano categories and classified by the same rule as the
Kano survey (:mod:`blueprint.survey.kano`: Berger et al. by default, ties broken
M > O > A > I > R), so a room and a questionnaire that agree give the same
class.

Every participant has a role, ``customer`` or ``staff`` (the default). Gap 1
of the gap model is the distance between what customers find important and
what management and staff assume, so the two are kept apart: importance
rated by customers (a customer panel) is proposed for the factor's
``importance``, importance rated by staff for its ``assumed_importance``,
each rescaled from the rating scale (1-5 by default) to 0-1. The BPM class
is the customers' too: only their class votes propose it; the staff's class
votes are counted and shown as the staff's view, and a factor only staff
classed keeps its class.

Nothing changes in the service until the facilitator accepts:
:meth:`Tally.proposals` lists the tags that would change (old -> new per
factor, and whose votes say so), :func:`apply_tags` makes them with
``Service.replace``.

>>> from blueprint.model.examples import tiny_service
>>> service = tiny_service()
>>> tally = Tally(service)
>>> for who, cls, imp in [("Ana", "performance", 5), ("Bo", "performance", 4), ("Cy", "basic", 5)]:
...     _ = tally.cast(who, "checkin-speed", cls, imp)
>>> row = tally.kano().attributes.iloc[0]
>>> row["category"], row["bpm"]
('O', 'performance')
>>> [str(change) for change in tally.proposals()]  # doctest: +NORMALIZE_WHITESPACE
['checkin-speed: assumed_importance (none) -> 0.92 (3 votes;
  staff vote O2 M1; no customer voted a class, so the class stays; staff rate importance 4.67 of 5)']
>>> _ = tally.cast("Dee", "checkin-speed", "motivation", 3, role="customer")
>>> print(*tally.proposals())  # doctest: +NORMALIZE_WHITESPACE
checkin-speed: bpm basic -> motivation, importance 0.9 -> 0.5, assumed_importance (none) -> 0.92
  (4 votes; class from customers' votes A1; staff vote O2 M1 (their view only);
  customers rate importance 3 of 5; staff rate importance 4.67 of 5)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..survey.errors import SurveyDataError
from ..survey.kano import BPM_OF, CATEGORIES, KanoResult, categorise

if TYPE_CHECKING:
    import pandas as pd

    from ..model.service import Service

__all__ = ["CLASSES", "ROLES", "TagChange", "Tally", "Vote", "apply_tags", "class_of", "quorum_of", "role_of"]

#: who a participant speaks for, and the factor tag their importance rating proposes
ROLES = {"customer": "importance", "staff": "assumed_importance"}
_ROLE_NAMES = {
    **{role: role for role in ROLES},
    **dict.fromkeys(("customers", "guest", "guests", "client", "clients", "patient", "patients"), "customer"),
    **dict.fromkeys(("customer panel", "panel", "user", "users", "member", "members"), "customer"),
    **dict.fromkeys(("employee", "employees", "management", "manager", "managers", "team"), "staff"),
}

#: the classes a participant can vote for, as the Kano letter and the BPM word
CLASSES = {letter: word for letter, word in BPM_OF.items() if word}
_NAMES = {
    **{letter.lower(): letter for letter in CLASSES},
    **{word: letter for letter, word in CLASSES.items()},
    "must-be": "M",
    "must be": "M",
    "one-dimensional": "O",
    "one dimensional": "O",
    "attractive": "A",
    "delighter": "A",
}


def class_of(text: object) -> str | None:
    """The Kano letter for a class as people write it (``basic``, ``Must-be``, ``M``); None if unknown.

    >>> class_of("Performance"), class_of("must be"), class_of("A"), class_of("great")
    ('O', 'M', 'A', None)
    """
    return _NAMES.get(" ".join(str(text).strip().lower().replace("_", " ").split()))


def role_of(text: object) -> str | None:
    """``customer`` or ``staff`` for a role as people write it (``Guest``, ``Manager``); None if unknown.

    >>> role_of("Guests"), role_of(" staff "), role_of("Customer panel"), role_of("press")
    ('customer', 'staff', 'customer', None)
    """
    return _ROLE_NAMES.get(" ".join(str(text).strip().lower().replace("_", " ").split()))


@dataclass(frozen=True)
class Vote:
    """One participant's vote on one factor: a Kano letter and/or an importance rating.

    ``role`` says whom the participant speaks for: ``customer`` or ``staff``.
    """

    participant: str
    factor: str
    category: str | None = None
    importance: float | None = None
    role: str = "staff"


@dataclass(frozen=True)
class TagChange:
    """The tags of one factor the votes would change, old -> new, and the votes behind it."""

    factor: str
    old: dict[str, Any]
    new: dict[str, Any]
    votes: int
    counts: dict[str, int] = field(default_factory=dict)
    mean_importance: float | None = None
    scale: tuple[float, float] = (1, 5)
    #: the staff's mean importance rating, proposed for ``assumed_importance``
    mean_assumed: float | None = None
    #: the class votes per role (``customer``, ``staff``), so whose voice decided the class shows
    role_counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def __str__(self) -> str:
        edits = ", ".join(f"{k} {_shown(self.old[k])} -> {_shown(self.new[k])}" for k in self.new)
        return f"{self.factor}: {edits} ({'; '.join(self.reasons())})"

    def reasons(self) -> list[str]:
        """Why: the votes, whose class votes decide the class, whose ratings the importance tags come from."""
        counts = "" if self.role_counts else " ".join(f"{k}{v}" for k, v in self.counts.items() if v)
        many = f"{self.votes} vote" + ("" if self.votes == 1 else "s")
        why = [f"{many}: {counts}" if counts else many]  # the class votes per role below
        customers, staff = (
            " ".join(f"{k}{v}" for k, v in self.role_counts.get(role, {}).items() if v) for role in ROLES
        )
        if customers:  # the class is the customers' (gap 1): say so, and what the staff thought apart
            why.append(f"class from customers' votes {customers}")
        if staff:
            why.append(
                f"staff vote {staff} (their view only)"
                if customers
                else f"staff vote {staff}; no customer voted a class, so the class stays"
            )
        if self.mean_importance is not None:
            why.append(f"customers rate importance {self.mean_importance:.3g} of {self.scale[1]:g}")
        if self.mean_assumed is not None:
            why.append(f"staff rate importance {self.mean_assumed:.3g} of {self.scale[1]:g}")
        return why

    def to_dict(self) -> dict[str, Any]:
        """The change as plain data, for JSON."""
        return {
            "factor": self.factor,
            "old": self.old,
            "new": self.new,
            "votes": self.votes,
            "classes": {k: v for k, v in self.counts.items() if v},
            "classes_by_role": {r: {k: v for k, v in n.items() if v} for r, n in self.role_counts.items()},
            "customer_importance": self.mean_importance,
            "staff_importance": self.mean_assumed,
            "scale": list(self.scale),
        }


class Tally:
    """The votes of a workshop on the factors of ``service``; importance rated on ``scale``."""

    def __init__(
        self, service: Service, *, scale: tuple[float, float] = (1, 5), rule: str = "berger"
    ) -> None:
        self.service, self.scale, self.rule = service, scale, rule
        self._by_factor: dict[str, dict[str, Vote]] = {}
        #: participant -> ``customer`` or ``staff``
        self.roles: dict[str, str] = {}

    @property
    def votes(self) -> dict[tuple[str, str], Vote]:
        """Every vote by (participant, factor)."""
        return {(v.participant, f): v for f, votes in self._by_factor.items() for v in votes.values()}

    def __len__(self) -> int:
        return sum(len(votes) for votes in self._by_factor.values())

    def vote_of(self, participant: str, factor: str) -> Vote | None:
        """``participant``'s vote on ``factor``, if any."""
        return self._by_factor.get(factor, {}).get(participant)

    def set_role(self, participant: str, role: str) -> None:
        """Say whom ``participant`` speaks for (``customer`` or ``staff``); their votes follow."""
        found = role_of(role)
        if found is None:
            raise SurveyDataError(f"unknown role {role!r}; use customer or staff")
        self.roles[participant] = found
        for votes in self._by_factor.values():
            if participant in votes:
                votes[participant] = replace(votes[participant], role=found)

    def role(self, participant: str) -> str:
        """``participant``'s role: ``staff`` unless said otherwise."""
        return self.roles.get(participant, "staff")

    def cast(
        self,
        participant: str,
        factor: str,
        category: str | None = None,
        importance: float | None = None,
        *,
        role: str | None = None,
    ) -> Vote:
        """Record (or replace) ``participant``'s vote on ``factor``; ``SurveyDataError`` if it cannot be."""
        if role is not None:
            self.set_role(participant, role)
        if factor not in self.service.factors:
            raise SurveyDataError(f"no key factor {factor!r} in service {self.service.info.id!r}")
        letter = None if category in (None, "") else class_of(category)
        if category not in (None, "") and letter is None:
            raise SurveyDataError(f"unknown class {category!r}; use one of: {', '.join(CLASSES.values())}")
        low, high = self.scale
        if importance is not None and not low <= importance <= high:
            raise SurveyDataError(f"importance {importance:g} is outside the scale {low:g}-{high:g}")
        old = self.vote_of(participant, factor)
        vote = Vote(
            participant,
            factor,
            letter or (old.category if old else None),
            importance if importance is not None else (old.importance if old else None),
            self.role(participant),
        )
        self._by_factor.setdefault(factor, {})[participant] = vote
        return vote

    def extend(self, votes: Iterable[Vote]) -> int:
        """Add votes (e.g. read from a form export); return how many."""
        count = 0
        for vote in votes:
            self.roles[vote.participant] = vote.role
            self._by_factor.setdefault(vote.factor, {})[vote.participant] = vote
            count += 1
        return count

    def retract(self, participant: str, factor: str) -> None:
        """Forget ``participant``'s vote on ``factor``."""
        self._by_factor.get(factor, {}).pop(participant, None)

    def of(self, factor: str) -> list[Vote]:
        """The votes on ``factor``, in the order they were first cast."""
        return list(self._by_factor.get(factor, {}).values())

    def voters(self, factor: str) -> list[str]:
        """The participants who voted on ``factor`` (a class, an importance or both)."""
        return [v.participant for v in self.of(factor) if v.category or v.importance is not None]

    def factors(self) -> list[str]:
        """Factors with at least one vote, in the service's order."""
        return [f for f in self.service.factors if self._by_factor.get(f)]

    def counts(self, factor: str, role: str | None = None) -> dict[str, int]:
        """Class votes on ``factor`` per Kano letter (A O M I R Q); ``role`` counts only that role's."""
        found = dict.fromkeys(CATEGORIES, 0)
        for vote in self.of(factor):
            if vote.category and (role is None or vote.role == role):
                found[vote.category] += 1
        return found

    def kano(self, role: str | None = None) -> KanoResult:
        """The class votes classified per factor by the Kano survey's rule (one row per voted factor).

        ``role`` (``customer`` or ``staff``) classifies only that role's votes,
        so the customers' voice and the staff's opinion can be shown apart.
        """
        import numpy as np

        names = [f for f in self.factors() if any(self.counts(f, role).values())]
        counts = np.array([[self.counts(f, role)[c] for c in CATEGORIES] for f in names], dtype=np.int64)
        return KanoResult(
            categorise(names, counts.reshape(len(names), len(CATEGORIES)), self.rule), self.rule
        )

    def importance(self, role: str | None = None) -> pd.DataFrame:
        """Mean importance per factor, highest first: factor, votes, mean, low, high, proposed (0-1).

        ``role`` (``customer`` or ``staff``) counts only that role's ratings.
        """
        import pandas as pd

        rows = []
        for factor in self.factors():
            rated = [
                v.importance
                for v in self.of(factor)
                if v.importance is not None and (role is None or v.role == role)
            ]
            if rated:
                mean = sum(rated) / len(rated)
                rows.append(
                    {
                        "factor": factor,
                        "votes": len(rated),
                        "mean": mean,
                        "low": min(rated),
                        "high": max(rated),
                        "proposed": self._weight(mean),
                    }
                )
        frame = pd.DataFrame(rows, columns=["factor", "votes", "mean", "low", "high", "proposed"])
        return frame.sort_values(["mean", "votes"], ascending=False, kind="stable").reset_index(drop=True)

    def _weight(self, mean: float) -> float:
        low, high = self.scale
        return round((mean - low) / (high - low), 2)

    def staff_only_classes(self) -> list[str]:
        """Factors whose class only staff voted on: no class is proposed for them."""
        return [
            f
            for f in self.factors()
            if any(self.counts(f, "staff").values()) and not any(self.counts(f, "customer").values())
        ]

    def proposals(self) -> list[TagChange]:
        """The BPM and importance tags the votes would change, one entry per factor.

        The BPM class comes from the customers' class votes only (staff's votes
        show their view, as their importance ratings propose ``assumed_importance``):
        a factor only staff classed keeps its class.
        """
        # Gap 1: the class is what customers experience; staff's class votes are their view of it
        classes = {r["attribute"]: r for r in self.kano("customer").attributes.to_dict("records")}
        means = {
            tag: {r["factor"]: r for r in self.importance(role).to_dict("records")}
            for role, tag in ROLES.items()
        }
        changes = []
        for factor_id in self.factors():
            factor = self.service.factors[factor_id]
            old: dict[str, Any] = {}
            new: dict[str, Any] = {}
            bpm = classes.get(factor_id, {}).get("bpm")
            if bpm and bpm != (factor.bpm.value if factor.bpm else None):
                old["bpm"], new["bpm"] = (factor.bpm.value if factor.bpm else None), bpm
            for tag in ROLES.values():
                rated = means[tag].get(factor_id)
                if rated is not None and rated["proposed"] != getattr(factor, tag):
                    old[tag], new[tag] = getattr(factor, tag), rated["proposed"]
            customers, staff = (means[tag].get(factor_id) for tag in ROLES.values())
            if new:
                changes.append(
                    TagChange(
                        factor_id,
                        old,
                        new,
                        len(self.of(factor_id)),
                        self.counts(factor_id),
                        customers["mean"] if customers else None,
                        self.scale,
                        staff["mean"] if staff else None,
                        {role: self.counts(factor_id, role) for role in ROLES},
                    )
                )
        return changes


def quorum_of(participants: int) -> int:
    """The default quorum: more than half of the participants named.

    >>> quorum_of(5), quorum_of(4), quorum_of(1)
    (3, 3, 1)
    """
    return participants // 2 + 1


def apply_tags(service: Service, changes: Iterable[TagChange]) -> int:
    """Make accepted ``changes`` on ``service`` through ``Service.replace``; return how many factors."""
    count = 0
    for change in changes:
        service.replace(change.factor, **change.new)
        count += 1
    return count


def _shown(value: object) -> str:
    if value is None:
        return "(none)"
    return f"{value:g}" if isinstance(value, float) else str(value)

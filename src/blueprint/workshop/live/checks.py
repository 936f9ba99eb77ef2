"""What a vote sent from a phone must be: every field checked, every refusal a sentence saying what to do.

>>> from blueprint.model.examples import tiny_service
>>> ballot = check_ballot({"participant": " Ana  Lee ", "role": "Guest", "factor": "checkin-speed",
...                        "class": "performance", "importance": 4}, tiny_service(), (1, 5))
>>> ballot.participant, ballot.role, ballot.category, ballot.importance
('Ana Lee', 'customer', 'O', 4.0)
>>> try:
...     check_ballot({"participant": "Bo", "role": "staff", "factor": "x"}, tiny_service(), (1, 5))
... except BallotError as exc:
...     print(exc.field, "-", exc)
factor - no key factor 'x' in this workshop; vote on a factor shown on the page
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..votes import CLASSES, class_of, role_of

if TYPE_CHECKING:
    from ...model.service import Service

__all__ = ["FIELDS", "MAX_NAME", "Ballot", "BallotError", "check_ballot"]

#: the fields a vote may have
FIELDS = ("participant", "role", "factor", "class", "importance")
#: the longest participant name, in characters
MAX_NAME = 60
#: a name may not start with these: a spreadsheet opening the votes CSV would run it as a formula
_FORMULA = ("=", "+", "-", "@")


class BallotError(ValueError):
    """A vote that cannot be recorded; ``field`` names the field at fault (or None for the whole body)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Ballot:
    """A checked vote: a Kano letter and/or an importance on the scale."""

    participant: str
    role: str
    factor: str
    category: str | None
    importance: float | None


def check_ballot(body: Any, service: Service, scale: tuple[float, float]) -> Ballot:
    """``body`` (parsed JSON) as a :class:`Ballot`; :class:`BallotError` naming the first bad field."""
    if not isinstance(body, dict):
        raise BallotError("send the vote as JSON: {participant, role, factor, class, importance}")
    extra = sorted(str(k) for k in body if k not in FIELDS)
    if extra:
        raise BallotError(f"unknown field {extra[0]!r}; a vote has only: {', '.join(FIELDS)}", extra[0])
    participant = _name(body.get("participant"))
    role_text = _text(body.get("role"), "role", "customer or staff")
    role = role_of(role_text)
    if role is None:
        raise BallotError(f"unknown role {role_text[:40]!r}; pick customer or staff", "role")
    factor = _text(body.get("factor"), "factor", "a factor id")
    if factor not in service.factors:
        raise BallotError(
            f"no key factor {factor[:80]!r} in this workshop; vote on a factor shown on the page", "factor"
        )
    category = None
    if body.get("class") is not None:
        text = _text(body["class"], "class", "a class name")
        category = class_of(text)
        if category is None:
            raise BallotError(
                f"unknown class {text[:40]!r}; use one of: {', '.join(CLASSES.values())}", "class"
            )
    importance = _importance(body.get("importance"), scale)
    if category is None and importance is None:
        raise BallotError("a vote needs a class, an importance or both", "class")
    return Ballot(participant, role, factor, category, importance)


def _text(value: object, field: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BallotError(f"{field} must be text: {what}", field)
    if len(value) > 200:
        raise BallotError(f"{field} is longer than 200 characters", field)
    return value.strip()


def _name(value: object) -> str:
    if not isinstance(value, str):
        raise BallotError("participant must be text: your name", "participant")
    name = " ".join(value.split())
    if not name:
        raise BallotError("enter your name before voting", "participant")
    if len(name) > MAX_NAME:
        raise BallotError(f"a name of at most {MAX_NAME} characters, please", "participant")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in name):
        raise BallotError("a name cannot hold control or invisible characters", "participant")
    if name.startswith(_FORMULA):
        raise BallotError(
            "a name cannot start with = + - or @ (spreadsheets read it as a formula)", "participant"
        )
    return name


def _importance(value: object, scale: tuple[float, float]) -> float | None:
    if value is None:
        return None
    low, high = scale
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BallotError(f"importance must be a number from {low:g} to {high:g}", "importance")
    if not low <= value <= high:
        raise BallotError(f"importance {value:g} is outside the scale {low:g}-{high:g}", "importance")
    return float(value)

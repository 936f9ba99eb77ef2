"""The workshop: votes the room casts on key factors, read from forms, tallied and written back.

A participant classes a factor (BPM/Kano) and rates its importance; a
:class:`Tally` counts the votes with the Kano survey's rule and proposes tag
changes, which :func:`apply_tags` makes once the facilitator accepts.
:func:`read_votes` reads votes collected on paper or in a form, and
:func:`review_votes` is ``blueprint votes``. The Jupyter widget that runs a
workshop is :class:`blueprint.widgets.Workshop`; it builds on this package.

>>> from blueprint.model.examples import tiny_service
>>> tally = Tally(tiny_service())
>>> _ = tally.cast("Ana", "checkin-speed", "performance", 5)
>>> tally.counts("checkin-speed")["O"]
1

Nothing here imports pandas until a tally is summarised, and ``import
blueprint`` does not touch this package.
"""

from .vote_import import parse_votes, read_votes
from .vote_review import VoteReview, review_votes
from .votes import CLASSES, ROLES, TagChange, Tally, Vote, apply_tags, class_of, role_of

__all__ = [
    "CLASSES",
    "ROLES",
    "TagChange",
    "Tally",
    "Vote",
    "VoteReview",
    "apply_tags",
    "class_of",
    "parse_votes",
    "read_votes",
    "review_votes",
    "role_of",
]

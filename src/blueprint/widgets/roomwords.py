"""Messages in the room's words: the ids a lint message quotes become the titles people know.

The presenter shows no file keys: ``factor 'welcome-by-name' has no standard``
reads ``factor "Greeted by name" has no standard``.

>>> from blueprint.model.examples import tiny_service
>>> in_room_words(tiny_service(), "factor 'checkin-speed' has no owner; 'nothing-known' stays")
'factor "Quick check-in" has no owner; \\'nothing-known\\' stays'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["in_room_words"]

_QUOTED = re.compile(r"'([^'\s]+)'")
#: a standard's statement is shortened to this many characters where it stands for the id
_SHORT = 60


def in_room_words(service: Service, text: str) -> str:
    """``text`` with every quoted id of a moment, factor or standard replaced by its title or statement."""

    def title(match: re.Match[str]) -> str:
        key = match[1]
        if key in service.moments:
            return f'"{service.moments[key].title}"'
        if key in service.factors:
            return f'"{service.factors[key].title}"'
        if key in service.standards:
            statement = service.standards[key].statement
            return f'"{statement if len(statement) <= _SHORT else statement[: _SHORT - 1] + "…"}"'
        return match[0]

    return _QUOTED.sub(title, text)

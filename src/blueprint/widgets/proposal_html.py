"""The workshop's proposed tag changes as HTML: one change, the quorum note, the factors only staff classed.

Everything is said in the room's words (``importance (staff)``, not the file's
key) and every title is escaped.

>>> from blueprint.model.examples import tiny_service
>>> said = staff_only_html(tiny_service(), ["checkin-speed"])
>>> "No customer voted a class for Quick check-in: the class stays" in said
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._html import Safe, esc, note, panel

if TYPE_CHECKING:
    from ..model.service import Service
    from ..workshop.votes import TagChange

__all__ = ["TAG_WORDS", "change_html", "quorum_html", "staff_only_html"]

#: the factor tags in the room's and the designer's words (no file keys on screen)
TAG_WORDS = {
    "bpm": "class",
    "importance": "importance (customers)",
    "assumed_importance": "importance (staff)",
}


def change_html(service: Service, change: TagChange, *, lang: str | None, identifiers: bool) -> Safe:
    """One proposed change: the factor, each tag old → new, and why (whose votes)."""
    factor = service.factors[change.factor]
    edits = " ".join(
        f'{esc(TAG_WORDS.get(k, k))} <span class="bp-old">{esc(_text(change.old[k]))}</span> → '
        f'<span class="bp-new">{esc(_text(change.new[k]))}</span>'
        for k in change.new
    )
    why = esc("; ".join(change.reasons()))
    ident = f"<code>{esc(change.factor)}</code>" if identifiers else ""
    return Safe(
        f'<div class="bp-panel bp-diff"><b>{esc(factor.title_in(lang))}</b> '
        f"{ident}: {edits} "
        f'<span class="bp-muted">({why})</span></div>'
    )


def staff_only_html(service: Service, factors: list[str], *, lang: str | None = None) -> Safe | None:
    """Say which factors only staff classed: the class is the customers' to set, so it stays."""
    if not factors:
        return None
    titles = ", ".join(service.factors[f].title_in(lang) for f in factors)
    return panel(
        note(
            f"No customer voted a class for {titles}: the class stays as it is. The staff's class "
            "votes show the staff's view; ask customers (a customer panel) to set the class.",
            "info",
        )
    )


def quorum_html(
    service: Service, short: dict[str, int], needed: int, room: int, *, override: bool, lang: str | None
) -> Safe | None:
    """The factors held back by the quorum (or proposed below it, as the facilitator chose)."""
    if not short:
        return None
    lines = "".join(
        f"<li>{esc(service.factors[f].title_in(lang))}: {n} of {room} participants voted</li>"
        for f, n in short.items()
    )
    if override:
        head = note(f"Proposed below the quorum of {needed} votes, as the facilitator chose.", "warn")
    else:
        head = note(
            f"Below the quorum of {needed} votes: nothing proposed for these. Let more of the room "
            'vote, or tick "propose below the quorum".',
            "warn",
        )
    return panel(head, Safe(f'<ul class="bp-quorum">{lines}</ul>'))


def _text(value: object) -> str:
    if value is None:
        return "(none)"
    return f"{value:g}" if isinstance(value, float) else str(value)

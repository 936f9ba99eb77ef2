"""The pages a phone sees: the participants' voting page, the join-code form, and the state they show.

The voting page is one HTML document with its own style and script (run
under a per-response nonce; nothing is loaded from elsewhere). The service's
title is written into it escaped; everything else that comes from the service
or from other people (moment and factor titles) arrives as JSON from
``/state`` and is put on the page as text (``textContent``), never as HTML.
The page follows the presenter's slide through the live channel
(``/events``): when the moment changes, it fetches ``/state`` again.

>>> from blueprint.model.examples import tiny_service
>>> html = participant_page_html(tiny_service(), "n0nce")
>>> html.count('nonce="n0nce"'), "<script>" in html
(2, False)
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from ...escaping import escape_attr, escape_text
from ...style import with_tokens
from .checks import MAX_NAME

if TYPE_CHECKING:
    from ...model.service import Service
    from .store import State

__all__ = ["CLASS_HINTS", "code_form_html", "participant_page_html", "state_of"]

#: the classes as the phone offers them: value sent, and what it means in a few words
CLASS_HINTS = (
    ("basic", "expected; missing it disappoints"),
    ("performance", "the more, the better"),
    ("motivation", "a delight nobody asked for"),
    ("indifferent", "makes no difference"),
    ("reverse", "would rather not have it"),
)


def state_of(
    service: Service,
    state: State,
    scale: tuple[float, float],
    *,
    order: list[str] | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """What the page shows now: the moment on the slide (or, with none, every moment) and its factors.

    ``order`` is the cycle order of the moments (computed if not given).
    """
    order = cycle(service) if order is None else order
    shown = [state.moment] if state.moment in service.moments else order
    return {
        "open": state.open,
        "service": service.info.title_in(lang),
        "moment": state.moment if state.moment in service.moments else None,
        "moments": [
            {
                "id": moment_id,
                "title": service.moments[moment_id].title_in(lang),
                "factors": [
                    {"id": f.id, "title": f.title_in(lang)} for f in service.moments[moment_id].factors
                ],
            }
            for moment_id in shown
        ],
        "classes": [{"value": value, "hint": hint} for value, hint in CLASS_HINTS],
        "scale": [scale[0], scale[1]],
    }


def participant_page_html(service: Service, nonce: str, *, lang: str | None = None) -> str:
    """The voting page for phones; ``nonce`` marks its one style and one script."""
    title = escape_text(service.info.title_in(lang))
    mark = escape_attr(nonce)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>Vote · {title}</title><style nonce="{mark}">{_style()}</style></head>'
        f'<body><header><p class="bp-kicker">Workshop</p><h1 id="bp-service">{title}</h1>'
        '<p id="bp-status" role="status">connecting…</p></header>'
        '<section id="bp-who"><label for="bp-name">Your name</label>'
        f'<input id="bp-name" maxlength="{MAX_NAME}" autocomplete="name" placeholder="e.g. Ana">'
        "<fieldset><legend>You speak for</legend>"
        '<label><input type="radio" name="bp-role" value="customer"> customers</label>'
        '<label><input type="radio" name="bp-role" value="staff" checked> staff</label></fieldset></section>'
        '<main id="bp-moments"></main><p id="bp-message" role="alert"></p>'
        f'<script nonce="{mark}">{_asset("vote.js")}</script></body></html>'
    )


def code_form_html(service: Service, nonce: str, *, lang: str | None = None, wrong: bool = False) -> str:
    """The page at ``/``: a box for the join code shown on the presenter's slide."""
    title = escape_text(service.info.title_in(lang))
    warning = (
        '<p class="bp-bad" role="alert">That code is not this workshop\'s. Check the slide.</p>'
        if wrong
        else ""
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Join · {title}</title>"
        f'<style nonce="{escape_attr(nonce)}">{_style()}</style></head>'
        f'<body><header><p class="bp-kicker">Workshop</p><h1>{title}</h1></header>{warning}'
        '<form method="get" action="/join"><label for="bp-code">Join code (on the slide)</label>'
        '<input id="bp-code" name="code" maxlength="12" autocapitalize="characters" autocomplete="off">'
        "<button>Join</button></form></body></html>"
    )


@cache
def _style() -> str:
    """The design tokens and the page's own sheet (``static/vote.css``)."""
    return with_tokens(_asset("vote.css"))


@cache
def _asset(name: str) -> str:
    text = files(__package__).joinpath("static", name).read_text(encoding="utf-8")
    if "</" in text:  # it would end the <script> or <style> element it is written into
        raise ValueError(f"{name} must not contain '</'")
    return text


def cycle(service: Service) -> list[str]:
    """The moments in the order of the service cycle."""
    from ...model.queries import cycle_order

    return list(cycle_order(service))

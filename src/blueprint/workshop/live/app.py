"""The voting server as an ASGI app (Starlette): the participants' page, the vote API, the live channel.

Every route but the join-code form lives under the join URL ``/w/<token>``
and checks the token first; a wrong token gets 404 and nothing else. The
routes, and nothing more (no files, no notebook, no kernel):

==========================  ==================================================
``GET  /``                  a form to type the short join code
``GET  /join?code=XXXXXX``  the join code -> redirect to the join URL
``GET  /w/<token>``         the participants' page (for phones)
``GET  /w/<token>/state``   the moment shown, its factors, the classes, the scale (JSON)
``POST /w/<token>/vote``    a vote: ``{participant, role, factor, class, importance}``
``GET  /w/<token>/votes.csv``  every current vote, as ``blueprint votes`` and Import CSV read it
``GET  /w/<token>/events``  Server-Sent Events: a message whenever votes or the slide change
==========================  ==================================================

Refusals are JSON ``{"error": ..., "field": ...}`` with a 4xx status: 413 for
a body over :attr:`Limits.body_bytes`, 422 for a vote that is not one, 409
when voting is closed or the workshop is full, 429 when one participant
votes faster than :attr:`Limits.votes_per_second` (with ``Retry-After``);
and 503 when more pages are open on the live channel than
:attr:`Limits.live_channels`.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..votes import CLASSES
from .checks import BallotError, check_ballot
from .join import join_code, normalise_code
from .page import code_form_html, cycle, participant_page_html, state_of

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

    from ...model.service import Service
    from .store import VoteStore

__all__ = ["Limits", "create_app"]


@dataclass(frozen=True)
class Limits:
    """What one request, one participant and one workshop may send."""

    #: the largest request body read, in bytes (a vote is about 150)
    body_bytes: int = 2048
    #: votes one participant may cast per second, on average
    votes_per_second: float = 10.0
    #: votes one participant may cast at once before the rate applies
    burst: int = 40
    #: distinct participants a workshop takes
    participants: int = 1000
    #: wrong join codes one address may type per minute
    codes_per_minute: int = 10
    #: seconds between checks for news on the live channel
    poll_seconds: float = 0.2
    #: live channels (open pages) a workshop serves at once
    live_channels: int = 500


@dataclass
class _Bucket:
    tokens: float
    at: float


@dataclass
class _Limiter:
    """A token bucket per key: ``rate`` per second, at most ``burst`` saved up."""

    rate: float
    burst: float
    buckets: dict[str, _Bucket] = field(default_factory=dict)

    def wait(self, key: str, now: float) -> float:
        """0 if ``key`` may act now (and it is counted); else the seconds until it may."""
        bucket = self.buckets.setdefault(key, _Bucket(self.burst, now))
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.rate)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.rate


_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}


def create_app(
    service: Service,
    store: VoteStore,
    *,
    scale: tuple[float, float] = (1, 5),
    lang: str | None = None,
    limits: Limits | None = None,
) -> Starlette:
    """The voting app for ``service``, its votes in ``store``."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse
    from starlette.routing import Route

    limits = limits or Limits()
    voters = _Limiter(limits.votes_per_second, limits.burst)
    guesses = _Limiter(limits.codes_per_minute / 60, limits.codes_per_minute)
    stopping = threading.Event()
    order = cycle(service)
    channels = [0]  # live channels open now

    def refused(status: int, message: str, where: str | None = None, **headers: str) -> Response:
        return JSONResponse({"error": message, "field": where}, status, headers={**_HEADERS, **headers})

    def not_found() -> Response:
        return PlainTextResponse("no such workshop", 404, headers=_HEADERS)

    def token_ok(request: Request) -> bool:
        given = str(request.path_params.get("token", ""))
        return secrets.compare_digest(given.encode(), store.state().token.encode())

    def guarded(handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            if not token_ok(request):
                return not_found()
            response: Response = await handler(request)
            return response

        return endpoint

    async def code_form(request: Request) -> Response:
        nonce = secrets.token_urlsafe(16)
        return HTMLResponse(code_form_html(service, nonce, lang=lang), headers=_page_headers(nonce))

    async def join(request: Request) -> Response:
        typed = normalise_code(str(request.query_params.get("code", "")))[:20]
        state = store.state()
        if typed and secrets.compare_digest(typed, join_code(state.token)):
            return RedirectResponse(f"/w/{state.token}", 303, headers=_HEADERS)
        host = request.client.host if request.client else "?"
        wait = guesses.wait(host, time.monotonic())
        if wait:
            return refused(
                429, "too many wrong codes; wait a minute", "code", **{"Retry-After": f"{wait:.0f}"}
            )
        nonce = secrets.token_urlsafe(16)
        page = code_form_html(service, nonce, lang=lang, wrong=True)
        return HTMLResponse(page, 404, headers=_page_headers(nonce))

    async def page(request: Request) -> Response:
        nonce = secrets.token_urlsafe(16)
        return HTMLResponse(participant_page_html(service, nonce, lang=lang), headers=_page_headers(nonce))

    async def state(request: Request) -> Response:
        shown = state_of(service, store.state(), scale, order=order, lang=lang)
        return JSONResponse(shown, headers=_HEADERS)

    async def vote(request: Request) -> Response:
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limits.body_bytes):
            return refused(413, f"a vote is at most {limits.body_bytes} bytes")
        raw = bytearray()
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > limits.body_bytes:
                return refused(413, f"a vote is at most {limits.body_bytes} bytes")
        try:
            body = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except (UnicodeDecodeError, ValueError):
            return refused(422, "send the vote as JSON: {participant, role, factor, class, importance}")
        try:
            ballot = check_ballot(body, service, scale)
        except BallotError as exc:
            return refused(422, str(exc), exc.field)
        if not store.state().open:
            return refused(409, "voting is closed; wait for the presenter to open it")
        wait = voters.wait(ballot.participant, time.monotonic())
        if wait:
            return refused(
                429,
                "too many votes at once; try again in a moment",
                None,
                **{"Retry-After": f"{max(1, round(wait))}"},
            )
        if len(voters.buckets) > limits.participants and not store.has_participant(ballot.participant):
            voters.buckets.pop(ballot.participant, None)
            return refused(409, f"the workshop is full ({limits.participants} participants)", "participant")
        saved = store.cast(ballot.participant, ballot.role, ballot.factor, ballot.category, ballot.importance)
        return JSONResponse({"ok": True, "vote": _vote_dict(saved)}, headers=_HEADERS)

    async def votes_csv(request: Request) -> Response:
        return PlainTextResponse(
            votes_as_csv(store),
            media_type="text/csv; charset=utf-8",
            headers={
                **_HEADERS,
                "Content-Disposition": f'attachment; filename="{store.service_id}-votes.csv"',
            },
        )

    async def events(request: Request) -> Response:
        from starlette.responses import StreamingResponse

        if channels[0] >= limits.live_channels:
            message = "too many pages open on this workshop; close some and reload"
            return refused(503, message, None, **{"Retry-After": "10"})

        async def stream() -> Any:
            # A page that goes away is noticed by Starlette (or by the next write, at the latest
            # the keep-alive comment every 15 s), which ends this generator.
            channels[0] += 1
            try:
                async for news in watch():
                    yield news
            finally:
                channels[0] -= 1

        async def watch() -> Any:
            seen = -1
            quiet = 0.0
            while True:
                if stopping.is_set():  # the server is going: the page's last news is that voting closed
                    yield f"data: {json.dumps({'revision': seen, 'open': False, 'moment': None})}\n\n"
                    return
                current = store.state()
                if current.token != request.path_params["token"]:
                    return
                if current.revision != seen:
                    seen, quiet = current.revision, 0.0
                    news = {"revision": seen, "open": current.open, "moment": current.moment}
                    yield f"data: {json.dumps(news)}\n\n"
                elif quiet > 15:
                    quiet = 0.0
                    yield ": still here\n\n"
                await asyncio.sleep(limits.poll_seconds)
                quiet += limits.poll_seconds

        headers = {**_HEADERS, "X-Accel-Buffering": "no"}
        return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)

    routes = [
        Route("/", code_form, methods=["GET"]),
        Route("/join", join, methods=["GET"]),
        Route("/w/{token}", guarded(page), methods=["GET"]),
        Route("/w/{token}/state", guarded(state), methods=["GET"]),
        Route("/w/{token}/vote", guarded(vote), methods=["POST"]),
        Route("/w/{token}/votes.csv", guarded(votes_csv), methods=["GET"]),
        Route("/w/{token}/events", guarded(events), methods=["GET"]),
    ]
    app = Starlette(routes=routes)
    app.state.stopping = stopping
    app.state.poll_seconds = limits.poll_seconds
    return app


def votes_as_csv(store: VoteStore) -> str:
    """Every current vote as ``participant,role,factor,class,importance`` (classes as BPM words)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["participant", "role", "factor", "class", "importance"])
    for vote in store.votes():
        shown = "" if vote.importance is None else f"{vote.importance:g}"
        writer.writerow(
            [vote.participant, vote.role, vote.factor, CLASSES.get(vote.category or "", ""), shown]
        )
    return out.getvalue()


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number a vote can hold")


def _vote_dict(vote: Any) -> dict[str, Any]:
    return {
        "participant": vote.participant,
        "role": vote.role,
        "factor": vote.factor,
        "class": CLASSES.get(vote.category or ""),
        "importance": vote.importance,
    }


def _page_headers(nonce: str) -> dict[str, str]:
    """Headers for a page: only its own script and style (by ``nonce``) run, and it talks only to us."""
    policy = (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
        "connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    )
    return {**_HEADERS, "Content-Security-Policy": policy}

"""Voting from phones inside the Workshop widget: the server in a thread, its votes in the room's charts.

"Open voting" starts :class:`~blueprint.workshop.live.server.VotingServer` in a
background thread of the kernel (on this machine's LAN address unless the
Workshop is given ``voting_host``) and shows the join URL, its QR code and the
short join code on the slide. A watcher on the kernel's own event loop reads
the store's revision four times a second; when votes came in, it hands them
to the voting panel, whose tally and charts update as for a button press.
Moving the slide tells the phones which moment to show. "Close voting" (or
closing the Workshop) stops the server; the votes stay in the database and
come back when voting is opened again.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as w

from ._html import Safe, esc, note, panel

if TYPE_CHECKING:
    from ..model.service import Service
    from ..workshop.live.server import VotingServer
    from .voting import VotingPanel

__all__ = ["LiveVoting"]

#: seconds between looks at the store for new votes
POLL_SECONDS = 0.25


class LiveVoting(w.HBox):  # type: ignore[misc]
    """The "Open voting" button and what it runs: a voting server, and a watcher feeding ``panel``."""

    def __init__(
        self,
        service: Service,
        panel_: VotingPanel,
        *,
        host: str | None = None,
        port: int = 0,
        db: str | Path | None = None,
        moment: Callable[[], str] | None = None,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.service, self.panel = service, panel_
        self.host, self.port, self.db = host, port, db
        self.moment, self.on_change = moment, on_change
        self.server: VotingServer | None = None
        self._seen = -1
        self._stop = threading.Event()
        self._task: asyncio.Task[None] | None = None
        self._thread: threading.Thread | None = None
        self.button = w.Button(description="Open voting", icon="mobile", layout=w.Layout(width="170px"))
        self.button.add_class("bp-open-voting")
        self.button.on_click(lambda _: self.close_voting() if self.is_open else self.open_voting())
        self.status = w.HTML()
        self.status.add_class("bp-live-status")
        super().__init__([self.button, self.status], layout=w.Layout(align_items="center"))

    @property
    def is_open(self) -> bool:
        return self.server is not None

    def open_voting(self) -> str | None:
        """Start the server (if not running) and the watcher; return the join URL, or None with a message."""
        if self.server is not None:
            return self.server.url
        try:
            from ..workshop.live.server import VotingServer

            server = VotingServer(
                self.service, self.db, host=self.host, port=self.port, scale=self.panel.tally.scale
            )
            server.start()
        except ImportError:
            self.status.value = panel(
                note('Live voting needs: pip install "blueprint-service-design[live]"', "bad")
            )
            return None
        except Exception as exc:
            self.status.value = panel(note(f"Voting not opened: {exc}", "bad"))
            return None
        self.server = server
        self.show_moment()
        self._seen = -1
        self._stop.clear()
        self.status.value = f'<span class="bp-live-open">{join_line(server)}</span>'
        self.poll()
        self._watch()
        self.button.description, self.button.icon, self.button.button_style = (
            "Close voting",
            "stop",
            "warning",
        )
        if self.on_change is not None:
            self.on_change()
        return server.url

    def close_voting(self) -> None:
        """Stop the server and the watcher; the votes stay in the database."""
        self._stop.set()
        if self._task is not None:
            self._task.cancel()
            self._task = None
        if self._thread is not None:
            self._thread.join(2)
            self._thread = None
        if self.server is not None:
            self.poll()
            self.server.stop()
            db, self.server = self.server.db, None
            self.status.value = panel(note(f"Voting closed; the votes are kept in {db}.", "good"))
        self.button.description, self.button.icon, self.button.button_style = "Open voting", "mobile", ""
        if self.on_change is not None:
            self.on_change()

    def show_moment(self) -> None:
        """Tell the phones which moment the slide shows."""
        if self.server is not None and self.moment is not None:
            self.server.store.show_moment(self.moment())

    def poll(self) -> bool:
        """Hand any new votes in the store to the panel; True if there were."""
        server = self.server
        if server is None:
            return False
        revision = server.store.revision()
        if revision == self._seen:
            return False
        self._seen = revision
        votes = server.store.votes()
        self.panel.take_live(votes)
        people = len({v.participant for v in votes})
        self.status.value = Safe(
            f'<span class="bp-live-open">{join_line(server)}</span> · '
            f'<span class="bp-live-count">{_count(len(votes), "vote")} from {_count(people, "phone")}</span>'
        )
        return True

    def join_html(self) -> Safe:
        """The join box for the slide: QR code, URL and join code (empty while voting is closed)."""
        if self.server is None:
            return Safe("")
        from ..workshop.live.join import qr_data_uri

        url, code = self.server.url, self.server.code
        return Safe(
            '<div class="bp-join"><img class="bp-join-qr" alt="QR code of the join URL" '
            f'src="{esc(qr_data_uri(url))}"><div><div class="bp-join-title">Vote on your phone</div>'
            f'<div class="bp-join-url">{esc(url)}</div>'
            f'<div class="bp-join-code">or open {esc(url.split("/w/")[0])}/ and type <b>{esc(code)}</b>'
            "</div></div></div>"
        )

    def _watch(self) -> None:
        loop = _kernel_loop()
        if loop is not None:  # a kernel: the widgets change on the loop that sends their messages
            self._task = loop.create_task(self._watch_on_loop())
        else:
            self._thread = threading.Thread(
                target=self._watch_in_thread, name="blueprint-vote-watch", daemon=True
            )
            self._thread.start()

    async def _watch_on_loop(self) -> None:
        while not self._stop.is_set():
            await asyncio.sleep(POLL_SECONDS)
            self._safe_poll()

    def _watch_in_thread(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            self._safe_poll()

    def _safe_poll(self) -> None:
        try:
            self.poll()
        except Exception as exc:
            self.status.value = panel(note(f"Live votes stopped: {exc}", "bad"))
            self._stop.set()


def join_line(server: VotingServer) -> Safe:
    """One line for the presenter: where phones vote, and the join code."""
    return Safe(f"vote at <code>{esc(server.url)}</code> · join code <b>{esc(server.code)}</b>")


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop of the Jupyter kernel this code runs in; None outside a kernel."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None

"""Run the voting app on uvicorn: in the foreground (`blueprint workshop serve`) or in a thread (the widget).

The socket is bound before the server starts, on the host asked for and
nowhere else, so the join URL (with the port, free or given) is known at once.
Opening sets the store's ``open`` flag; stopping clears it and ends the live
channels, and the votes stay in the file for the next opening.

>>> import tempfile, pathlib
>>> from blueprint.model.examples import tiny_service
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> server = VotingServer(tiny_service(), folder / "v.sqlite", host="127.0.0.1")
>>> server.url.startswith("http://127.0.0.1:") and "/w/" in server.url
True
>>> server.start(); server.store.state().open
True
>>> server.stop(); server.store.state().open
False
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .app import Limits, create_app
from .join import join_code, join_url, lan_address
from .store import VoteStore

if TYPE_CHECKING:
    from ...model.service import Service

__all__ = ["VotingServer", "default_db"]


def default_db(service: Service) -> Path:
    """``<service-id>.votes.sqlite`` beside the service's file (or in the current folder)."""
    folder = Path(service.source).parent if service.source else Path.cwd()
    return folder / f"{service.info.id}.votes.sqlite"


class VotingServer:
    """The voting server for ``service`` with its votes in ``db``, on ``host``:``port`` (0: a free port).

    ``host`` defaults to this machine's LAN address; ``new_token`` replaces the
    join token stored in ``db`` (the old link stops working).
    """

    def __init__(
        self,
        service: Service,
        db: str | Path | None = None,
        *,
        host: str | None = None,
        port: int = 0,
        scale: tuple[float, float] = (1, 5),
        lang: str | None = None,
        limits: Limits | None = None,
        new_token: bool = False,
    ) -> None:
        low, high = scale
        if low != int(low) or high != int(high) or not 1 <= high - low <= 10:
            raise ValueError(
                f"the scale {low:g}-{high:g} cannot be voted on from phones: give whole numbers with "
                "2 to 11 points, one button each, e.g. 1-5 or 0-10"
            )
        if not any(moment.factors for moment in service.moments.values()):
            raise ValueError(
                f"service {service.info.id!r} has no key factors, so the phones would have nothing to vote "
                "on: tag what decides each moment under its factors: first"
            )
        self.service = service
        self.db = Path(db) if db is not None else default_db(service)
        self.store = VoteStore(self.db, service_id=service.info.id)
        if new_token:
            self.store.new_token()
        self.host = host or lan_address()
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.socket.bind((self.host, port))
            self.socket.listen(128)  # phones that come early wait in the queue until the server runs
        except OSError:
            self.socket.close()
            self.store.close()
            raise
        self.port = int(self.socket.getsockname()[1])
        self.app = create_app(service, self.store, scale=scale, lang=lang, limits=limits)
        self._server: object = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The join URL: ``http://HOST:PORT/w/<token>``."""
        return join_url(self.host, self.port, self.store.state().token)

    @property
    def code(self) -> str:
        """The short join code, typed at ``http://HOST:PORT/``."""
        return join_code(self.store.state().token)

    def banner(self) -> list[str]:
        """What to tell the presenter: the join URL first, then the code, the database and how to stop."""
        lines = [
            f"vote at {self.url}",
            f"join code {self.code} at {self.url.split('/w/')[0]}/",
            f"votes are kept in {self.db}",
        ]
        if self.host in ("127.0.0.1", "::1", "localhost"):
            lines.append("only this computer can reach it: give --host with the LAN address for phones")
        lines.append("press Ctrl-C to close voting")
        return lines

    def _uvicorn(self):  # type: ignore[no-untyped-def]
        import uvicorn

        config = uvicorn.Config(
            self.app, log_level="warning", access_log=False, timeout_graceful_shutdown=2, lifespan="off",
            server_header=False,
        )  # fmt: skip
        server = _quiet_server_class(self.app.state.stopping.set)(config)
        self._server = server
        return server

    def serve(self) -> None:
        """Open voting and serve until interrupted (Ctrl-C); then close voting."""
        self.store.set_open(True)
        try:
            self._uvicorn().run(sockets=[self.socket])
        finally:
            self._closed()

    def start(self, *, timeout: float = 20) -> None:
        """Open voting and serve in a background thread; return once the server answers."""
        server = self._uvicorn()
        self.store.set_open(True)
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [self.socket]}, name="blueprint-voting", daemon=True
        )
        self._thread.start()
        ready = threading.Event()
        while not server.started and self._thread.is_alive():
            ready.wait(0.02)
        if not server.started:
            self._closed()
            raise RuntimeError(f"the voting server did not start on {self.host}:{self.port}")

    def stop(self, *, timeout: float = 10) -> None:
        """Close voting and stop the server; the votes stay in the file.

        Voting is marked closed first, and the open pages are given a moment
        to hear it, so the phones say "closed" rather than "reconnecting".
        """
        if self.running:
            self.store.set_open(False)
            time.sleep(3 * self.app.state.poll_seconds)
        self.app.state.stopping.set()
        if self._server is not None:
            self._server.should_exit = True  # type: ignore[attr-defined]
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._closed()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _closed(self) -> None:
        self.app.state.stopping.set()
        self.store.set_open(False)
        self.socket.close()


def _quiet_server_class(on_signal: Callable[[], None]):  # type: ignore[no-untyped-def]
    """uvicorn's server, but Ctrl-C or a TERM signal end :meth:`VotingServer.serve` normally.

    (uvicorn raises the signal again once it has stopped, which would end the
    process before voting is marked closed.) ``on_signal`` runs first: it
    tells the live channels to say goodbye.
    """
    import contextlib
    import signal

    import uvicorn

    class Quiet(uvicorn.Server):  # type: ignore[misc]
        @contextlib.contextmanager
        def capture_signals(self):  # type: ignore[no-untyped-def]
            if threading.current_thread() is not threading.main_thread():
                yield
                return

            def stop(*_: object) -> None:
                on_signal()
                self.should_exit = True

            before = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for sig, handler in before.items():
                    signal.signal(sig, handler)

    return Quiet

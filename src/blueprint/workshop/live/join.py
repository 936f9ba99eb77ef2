"""How a participant gets in: the join URL, a short join code, and the URL as a QR code.

The join URL carries the workshop's token (192 random bits): whoever has it
can vote, nobody else. For a room that cannot scan, the slide also shows a
short join code: typed at ``http://HOST:PORT/`` it leads to the join URL.
The code is derived from the token (so it changes with it) and is short
enough to read off a projector; wrong codes are rate-limited by the server.

>>> url = join_url("192.168.1.20", 8765, "abc")
>>> url
'http://192.168.1.20:8765/w/abc'
>>> join_url("::1", 80, "abc")
'http://[::1]:80/w/abc'
>>> code = join_code("abc")
>>> len(code), code == join_code("abc"), code == join_code("abd")
(6, True, False)
>>> qr_svg(url).startswith("<svg")
True
"""

from __future__ import annotations

import hashlib
import socket
from functools import lru_cache

__all__ = ["CODE_ALPHABET", "join_code", "join_url", "lan_address", "qr_data_uri", "qr_svg", "reachable"]

#: letters and digits that cannot be mistaken for one another on a projected slide
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def lan_address() -> str:
    """The address this machine has on its local network (the one phones reach), else 127.0.0.1.

    No packet is sent: connecting a UDP socket only asks the system which
    interface its route would use.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
            address = str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"
    return address if address != "0.0.0.0" else "127.0.0.1"


def reachable(host: str) -> str:
    """The address phones use for a server listening on ``host``: the LAN address for "every interface".

    >>> reachable("10.0.0.5"), reachable("0.0.0.0") != "0.0.0.0", reachable("::") != "::"
    ('10.0.0.5', True, True)
    """
    return lan_address() if host in ("0.0.0.0", "::", "") else host


def join_url(host: str, port: int, token: str) -> str:
    """The URL participants open: ``http://HOST:PORT/w/<token>`` (HOST as :func:`reachable` gives it)."""
    host = reachable(host)
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/w/{token}"


def join_code(token: str) -> str:
    """Six characters from :data:`CODE_ALPHABET` derived from ``token``."""
    number = int.from_bytes(hashlib.sha256(f"join-code:{token}".encode()).digest()[:8], "big")
    letters = []
    for _ in range(6):
        number, index = divmod(number, len(CODE_ALPHABET))
        letters.append(CODE_ALPHABET[index])
    return "".join(letters)


def normalise_code(text: str) -> str:
    """A typed code as the server compares it: capitals, no spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def qr_svg(url: str, *, scale: int = 6) -> str:
    """``url`` as a QR code in SVG (error correction M, dark on white)."""
    import segno

    code = segno.make(url, error="m", micro=False)
    return str(code.svg_inline(scale=scale, dark="#111", light="#fff", border=2))


@lru_cache(maxsize=8)
def qr_data_uri(url: str, *, scale: int = 6) -> str:
    """``url`` as a QR code, an SVG ``data:`` URI for an ``<img>``."""
    import segno

    return str(
        segno.make(url, error="m", micro=False).svg_data_uri(scale=scale, dark="#111", light="#fff", border=2)
    )

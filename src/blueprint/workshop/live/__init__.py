"""Live workshop voting from participants' phones: a small web server, its SQLite store, the phone page.

The presenter opens voting (the Workshop widget's "Open voting", or
``blueprint workshop serve FILE``); participants open the join URL on their
phones, give a name and a role, and class and weigh the key factors of the
moment on the slide. Every vote is committed to the store before the phone is
told it counted; the presenter's charts read the same store.

Nothing here is imported by ``import blueprint``: Starlette, uvicorn and segno
load only when a server is made.
"""

from __future__ import annotations

__all__: list[str] = []

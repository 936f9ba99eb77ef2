"""A progress bar for a long measurement: DuckDB's own progress of the running query, drawn by tqdm.

A measurement that takes longer than :data:`AFTER` seconds shows a bar on
standard error while its query runs, when standard error is a terminal (or
inside a Jupyter kernel, where tqdm draws a widget) and the environment
variable ``CI`` is not set; otherwise it stays silent, so piped output and
logs are never cluttered. The bar is cleared when the measurement ends.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

__all__ = ["AFTER", "wanted", "watching"]

#: seconds a measurement runs before its bar appears
AFTER = 2.0
#: seconds between two looks at the query's progress
_EVERY = 0.2


def wanted(stream: IO[str] | None = None) -> bool:
    """Whether a bar may be shown: not under CI, and on a terminal or in a notebook."""
    if os.environ.get("CI"):
        return False
    if "ipykernel" in sys.modules and stream is None:
        return True
    stream = sys.stderr if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


@contextmanager
def watching(
    duck: Any,
    label: str = "measuring",
    show: bool | None = None,
    *,
    after: float | None = None,
    stream: IO[str] | None = None,
) -> Iterator[None]:
    """Show the progress of the queries run on DuckDB connection ``duck`` while the block runs.

    ``show`` None decides by :func:`wanted`; ``after`` (default :data:`AFTER`) is how long the
    block runs before the bar appears. Without a DuckDB connection nothing is shown.
    """
    if duck is None or not (wanted(stream) if show is None else show):
        yield
        return
    duck.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false")
    stop = threading.Event()
    wait = AFTER if after is None else after
    thread = threading.Thread(target=_watch, args=(duck, label, stop, wait, stream), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        duck.execute("RESET enable_progress_bar; RESET enable_progress_bar_print")


def _watch(duck: Any, label: str, stop: threading.Event, after: float, stream: IO[str] | None) -> None:
    if after > 0 and stop.wait(after):  # done before the bar was due
        return
    if stream is None and "ipykernel" in sys.modules:
        from tqdm.auto import tqdm
    else:
        from tqdm import tqdm
    shape = "{l_bar}{bar}| {elapsed}"
    # One bar, so its height is known: a terminal that reports no size would otherwise hide it.
    bar = tqdm(total=100, desc=label, file=stream or sys.stderr, leave=False, bar_format=shape, nrows=24)
    try:
        while True:
            done = duck.query_progress()
            if done >= 0:
                bar.n = min(100.0, round(done, 1))
                bar.refresh()
            if stop.wait(_EVERY):
                break
    finally:
        bar.close()

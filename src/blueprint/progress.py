"""Progress bars for long work, drawn by tqdm: a measurement, a survey analysis, a report.

Work that takes longer than :data:`AFTER` seconds shows a bar on standard
error while it runs, when standard error is a terminal (or inside a Jupyter
kernel, where tqdm draws a widget) and the environment variable ``CI`` is
not set; otherwise it stays silent, so piped output and logs are never
cluttered. The bar is cleared when the work ends. Two kinds:

- :func:`watching` follows DuckDB's own progress of the running query (a
  measurement);
- :func:`steps` counts the named steps of work done in Python (a survey
  analysis: reading, analysing, drawing; a report: surveys, lint,
  measurement, pictures), and shows the step under way.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

__all__ = ["AFTER", "StepFunction", "Steps", "no_steps", "steps", "wanted", "watching"]

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
    bar = _bar(label, 100, stream)
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


def _bar(label: str, total: int, stream: IO[str] | None) -> Any:
    """A tqdm bar on ``stream`` (standard error), or a notebook widget inside a Jupyter kernel."""
    if stream is None and "ipykernel" in sys.modules:
        from tqdm.auto import tqdm
    else:
        from tqdm import tqdm
    shape = "{l_bar}{bar}| {elapsed}"
    # One bar, so its height is known: a terminal that reports no size would otherwise hide it.
    return tqdm(total=total, desc=label, file=stream or sys.stderr, leave=False, bar_format=shape, nrows=24)


class Steps:
    """Call with a step's name as it begins; the bar counts the steps begun and names the one under way."""

    def __init__(self, total: int, shown: bool) -> None:
        self.total, self.shown = total, shown
        self.begun, self.what = 0, ""
        self._lock = threading.Lock()

    def __call__(self, what: str) -> None:
        with self._lock:
            self.begun, self.what = min(self.total, self.begun + 1), what

    def now(self) -> tuple[int, str]:
        with self._lock:
            return self.begun, self.what


@contextmanager
def steps(
    label: str,
    total: int,
    show: bool | None = None,
    *,
    after: float | None = None,
    stream: IO[str] | None = None,
) -> Iterator[Steps]:
    """A bar over the ``total`` steps of the block, once it has run ``after`` seconds (default :data:`AFTER`).

    The block calls what it is given with each step's name as the step begins. ``show`` None
    decides by :func:`wanted`; ``Steps.shown`` says whether a bar may appear (work inside that
    has a bar of its own, such as a measurement, can then keep quiet).
    """
    shown = wanted(stream) if show is None else show
    step = Steps(total, shown)
    if not shown:
        yield step
        return
    stop = threading.Event()
    wait = AFTER if after is None else after
    thread = threading.Thread(target=_count, args=(step, label, stop, wait, stream), daemon=True)
    thread.start()
    try:
        yield step
    finally:
        stop.set()
        thread.join()


def _count(step: Steps, label: str, stop: threading.Event, after: float, stream: IO[str] | None) -> None:
    if after > 0 and stop.wait(after):  # done before the bar was due
        return
    bar = _bar(label, step.total, stream)
    try:
        while True:
            begun, what = step.now()
            bar.n = max(0, begun - 1)  # the step under way is not done yet
            bar.set_description_str(f"{label}: {what}" if what else label, refresh=False)
            bar.refresh()
            if stop.wait(_EVERY):
                break
    finally:
        bar.close()


def no_steps(what: str) -> None:
    """Nothing: the steps of work that shows no bar (what long work is given when nobody watches it)."""


#: what a step is told: the name of the step that begins
StepFunction = Callable[[str], None]

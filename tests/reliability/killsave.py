"""Kill a process while it saves, and judge what is left on disk; shared by the test and the figures.

A trial copies a large service to a fresh folder, starts ``save_child.py``
(which saves it over and over, switching the title), kills it with SIGKILL
after a random delay, and then reads the file: it must be byte for byte one of
the three versions that can exist (the original and the two titles), never a
mix or a truncated file. A save made afterwards must remove the dead
writer's temporary file.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from blueprint.io.atomic import leftovers

__all__ = ["TITLES", "Trial", "large_service_text", "run_trial"]

HERE = Path(__file__).resolve().parent
TITLES = ("Title A after a save", "Title B after another save")
_ORIGINAL_TITLE = "Generated service with {n} moments"


def large_service_text(moments: int = 600) -> str:
    """A valid service of about ``moments`` x 0.4 KB, from the benchmark generator."""
    sys.path.insert(0, str(HERE.parent.parent / "benchmarks"))
    try:
        from generate import service_yaml
    finally:
        sys.path.pop(0)
    return service_yaml(moments, moments * 2, moments)


@dataclass
class Trial:
    """What one kill left: which version is on disk, saves finished, leftovers before and after a save."""

    version: str  # "original", "A", "B" or "damaged"
    saves: int
    leftovers_after_kill: int
    leftovers_after_next_save: int
    delay: float


def run_trial(folder: Path, text: str, rng: random.Random, *, aim: bool, max_delay: float = 1.5) -> Trial:
    """One kill-during-save trial in ``folder`` (must be empty).

    With ``aim``, the kill comes 0-8 ms after a save starts writing the file;
    otherwise at any moment up to ``max_delay`` seconds after the service is loaded.
    """
    path = folder / "large.yaml"
    path.write_text(text, encoding="utf-8")
    versions = {_bytes_with_title(text, title): name for name, title in zip("AB", TITLES, strict=True)}
    versions[text.encode("utf-8")] = "original"
    child = subprocess.Popen(
        [sys.executable, str(HERE / "save_child.py"), str(path), *TITLES],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent.parent / "src"), *sys.path])},
    )
    assert child.stdout is not None
    if child.stdout.readline().strip() != "ready":
        child.kill()
        raise RuntimeError(f"the saving process did not start: {child.communicate()[1][-2000:]}")
    if aim:
        skip = rng.randint(0, 2)  # not always the first save
        while skip >= 0:
            line = child.stdout.readline()
            if not line:
                break
            skip -= line.strip() == "writing"
        delay = rng.uniform(0, 0.008)
    else:
        delay = rng.uniform(0, max_delay)
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate()  # also reaps it, so its pid is no longer running
    version = versions.get(path.read_bytes(), "damaged")
    after_kill = len(leftovers(path))
    import blueprint

    service = blueprint.load(path)
    service.info = service.info.model_copy(update={"title": "after the kill"})
    service.save()
    saves = max([int(line) for line in out.split() if line.isdigit()], default=0)
    return Trial(version, saves, after_kill, len(leftovers(path)), delay)


def _bytes_with_title(text: str, title: str) -> bytes:
    first_moment = text.index("\nmetrics:")
    head = text[:first_moment]
    old = next(line for line in head.splitlines() if line.startswith("  title: "))
    return (head.replace(old, f"  title: {title}") + text[first_moment:]).encode("utf-8")

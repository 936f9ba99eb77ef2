"""Kill a process while it saves, and judge what is left on disk; shared by the test and the figures.

A trial copies a large service to a fresh folder, starts ``save_child.py``
(which saves it over and over, switching between two versions of the title, a
description written as a folded block scalar and an anchored target), kills
it with SIGKILL after a random delay, and then reads the file: it must be
byte for byte one of the three versions that can exist (the original and the
two edits), never a mix or a truncated file. A save made afterwards must
remove the dead writer's temporary file. :func:`styled` gives the same
service with block scalars, anchors, aliases, comments, CRLF and a BOM.

A race (:func:`run_race`) starts several ``race_child.py`` processes that load
the same file, each change a different standard, and save at the same moment;
exactly one may win, the others must get ``SaveConflict``, and the file must
hold the winner's change and nothing of the others'.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blueprint.io.atomic import leftovers

__all__ = ["TITLES", "Race", "Trial", "edit_version", "large_service_text", "run_race", "run_trial", "styled"]

HERE = Path(__file__).resolve().parent
TITLES = ("Title A after a save", "Title B after another save")


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


def styled(text: str, *, crlf: bool = True, bom: bool = True) -> bytes:
    """``text`` (from :func:`large_service_text`) written with every YAML style a person may use.

    A folded block scalar for the description, a comment after a value, the
    first standard's target anchored and the second's an alias of it, a literal
    block for a statement; then CRLF line ends and a BOM when asked.
    """
    folded = "\n  description: >-  # folded\n    Generated for the kill trials,\n    as a folded block."
    text = text.replace("\n  title: ", folded + "\n  title: ", 1)
    target = r"(\n  - id: {}\n(?:    .*\n)*?    target: )(\S+)\n"
    text = re.sub(target.format("std0"), r"\1&first \2  # anchored\n", text, count=1)
    text = re.sub(target.format("std1"), r"\1*first\n", text, count=1)
    statement = r"(\n  - id: std2\n    factors: .*\n    statement: )(.*)\n"
    text = re.sub(statement, r"\1|-\n      \2\n", text, count=1)
    raw = text.replace("\n", "\r\n") if crlf else text
    return (b"\xef\xbb\xbf" if bom else b"") + raw.encode("utf-8")


def edit_version(service: Any, which: int) -> None:
    """Edit ``service`` to version A (``which`` even) or B: title, description if any, first target.

    Every edit is of a value already written, so each save replaces text in place.
    """
    title = TITLES[which % 2]
    update: dict[str, Any] = {"title": title}
    if service.info.description is not None:
        update["description"] = f"{title},\nfolded."
    service.info = service.info.model_copy(update=update)
    if "std0" in service.standards:
        service.replace("std0", target=float(10 + which % 2))


def run_trial(
    folder: Path, text: str | bytes, rng: random.Random, *, aim: bool, max_delay: float = 1.5
) -> Trial:
    """One kill-during-save trial in ``folder`` (must be empty).

    With ``aim``, the kill comes 0-8 ms after a save starts writing the file;
    otherwise at any moment up to ``max_delay`` seconds after the service is loaded.
    """
    path = folder / "large.yaml"
    original = text.encode("utf-8") if isinstance(text, str) else text
    path.write_bytes(original)
    versions = {**_versions(folder, original), original: "original"}
    child = subprocess.Popen(
        [sys.executable, str(HERE / "save_child.py"), str(path)],
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


_VERSIONS: dict[bytes, dict[bytes, str]] = {}


def _versions(folder: Path, original: bytes) -> dict[bytes, str]:
    """The bytes of versions A and B, made by the same edits in this process (once per original)."""
    import blueprint

    if original in _VERSIONS:
        return _VERSIONS[original]

    scratch = folder / "scratch"
    scratch.mkdir()
    path = scratch / "large.yaml"
    path.write_bytes(original)
    service = blueprint.load(path)
    found = {}
    for which, name in enumerate("AB"):
        edit_version(service, which)
        service.save()
        found[path.read_bytes()] = name
    _VERSIONS[original] = found
    return found


@dataclass
class Race:
    """How a race ended: each writer's outcome (``saved`` or ``conflict``) and the service in the file."""

    outcomes: list[str]
    service: Any


def run_race(folder: Path, raw: bytes, edits: list[tuple[str, float]], *, slow: float = 0.3) -> Race:
    """Writers that each set one standard's target (``edits``) load the file, then save at the same moment.

    Each writer's atomic write is made ``slow`` seconds slower, as on a busy
    disk, so that without a lock every save would pass the check for changes
    before any of them renames.
    """
    import blueprint

    path, go = folder / "raced.yaml", folder / "go"
    path.write_bytes(raw)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent.parent / "src"), *sys.path])}
    children = [
        subprocess.Popen(
            [sys.executable, str(HERE / "race_child.py"), str(path), str(go), ident, str(target), str(slow)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for ident, target in edits
    ]
    try:
        for child in children:
            assert child.stdout is not None
            if child.stdout.readline().strip() != "ready":
                raise RuntimeError(f"a writer did not start: {child.communicate()[1][-2000:]}")
        go.touch()
        outcomes = []
        for child in children:
            out, err = child.communicate(timeout=60)
            if child.returncode != 0:
                raise RuntimeError(f"a writer failed: {err[-2000:]}")
            outcomes.append(out.split()[-1])
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    return Race(outcomes, blueprint.load(path))

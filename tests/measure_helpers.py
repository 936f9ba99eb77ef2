"""Small services and data files for the measurement tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from blueprint.io.load import load

HEAD = """\
version: 1
service: {id: desk, title: Front desk}
metrics:
  - {id: wait, title: Wait at the desk, quantity: duration, unit: seconds}
  - {id: ready, title: Room ready, quantity: binary, unit: boolean}
  - {id: occupancy, title: Car park taken, quantity: proportion, unit: share}
  - {id: stars, title: Guest rating, quantity: score, unit: score, scale: [1, 5]}
  - {id: rings, title: Rings to answer, quantity: count, unit: count}
  - {id: untimed, title: Wait with no unit, quantity: duration}
moments:
  - id: desk
    title: At the desk
    stage: in-service
    next: []
    factors:
      - {id: speed, title: Quick, element: software, sub_item: timeliness}
standards:
"""


#: a promise on standard ``w`` (pass as ``promises=``)
GUARANTEE = """\
- id: guarantee
  channel: guarantee
  text: Served within 3 minutes or it is free.
  standard: w
  claims: {value: 3, unit: minutes}
"""


def standard(
    sid: str,
    metric: str = "wait",
    comparator: str = "<=",
    target: object = 3,
    unit: str = "minutes",
    share: float | None = 0.95,
    source: str = "obs.csv",
    statistic: str = "each",
) -> str:
    """One standard as a YAML list item."""
    share_line = f"    share: {share}\n" if share is not None else ""
    return (
        f"  - id: {sid}\n    factors: [speed]\n    statement: {sid}\n    metric: {metric}\n"
        f'    comparator: "{comparator}"\n    target: {str(target).lower()}\n    unit: {unit}\n'
        f"{share_line}    statistic: {statistic}\n"
        f"    measurement: {{method: system-log, source: {source}}}\n"
    )


def service_file(folder: Path, *standards: str, promises: str = "", name: str = "desk.yaml") -> Path:
    """Write a service with ``standards`` (YAML items) into ``folder``; return its path."""
    text = HEAD + "".join(standards)
    if promises:
        text += "promises:\n" + textwrap.indent(textwrap.dedent(promises), "  ")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    (folder / "pyproject.toml").touch()  # the project folder sources may not leave
    return path


def service(folder: Path, *standards: str, promises: str = ""):
    """Write and load a service; see :func:`service_file`."""
    return load(service_file(folder, *standards, promises=promises))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Each test keeps its compiled queries to itself (never in the user's cache folder)."""
    folder = tmp_path / "query-cache"
    monkeypatch.setenv("BLUEPRINT_CACHE", str(folder))
    return folder


def copy_checkpoint(tmp_path: Path) -> Path:
    """A copy of the airport security checkpoint (tests/data/checkpoint): its service and nightly exports."""
    import shutil

    from conftest import DATA

    folder = tmp_path / "checkpoint"
    shutil.copytree(DATA / "checkpoint", folder)
    (folder / "blueprint.toml").write_text("")  # the copy's own project root
    return folder


def row_of(result, standard: str) -> dict:
    """The one row of ``result`` for ``standard``."""
    (row,) = [r for r in result.rows() if r["standard"] == standard]
    return row

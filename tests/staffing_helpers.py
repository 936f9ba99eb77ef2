"""A claims hotline's call export, written the way an ACD system exports it, for the staffing tests."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from conftest import ROOT

SERVICE = ROOT / "tests" / "data" / "staffing" / "call-centre.yaml"
#: the export's own column names, mapped with --columns
COLUMNS = (
    "timestamp=Call Start,answer-wait=Queue (s),talk-time=Talk Time,hang-up-after=Abandoned After,site=Centre"
)


def hotline(
    folder: Path,
    calls: dict[tuple[str, str, int], int],
    *,
    talk: tuple[str, ...] = ("2:30", "3:30"),
    abandon_every: int = 0,
    hang_ups: tuple[str, ...] = ("0:40", "1:20"),
) -> Path:
    """The service copied into ``folder`` with ``acd/calls.csv``: ``calls[(site, date, hour)]`` calls.

    Talk times alternate between the stopwatch readings ``talk`` (2:30 and 3:30 average 180 s).
    With ``abandon_every`` k, every k-th caller hangs up after one of ``hang_ups`` (in turn)
    and has no queue or talk time, as an ACD exports a call given up.
    """
    folder.mkdir(parents=True, exist_ok=True)
    service = folder / "hotline.yaml"
    shutil.copy(SERVICE, service)
    (folder / "pyproject.toml").touch()
    lines = ["Call Start,Centre,Queue (s),Talk Time,Abandoned After"]
    i = 0
    for (site, day, hour), n in sorted(calls.items()):
        start = dt.datetime.fromisoformat(day).replace(hour=hour)
        for k in range(n):
            stamp = start + dt.timedelta(seconds=k * 3600 // max(n, 1))
            when = f"{stamp:%Y-%m-%d %H:%M:%S},{site}"
            if abandon_every and k % abandon_every == abandon_every - 1:
                lines.append(f"{when},,,{hang_ups[(k // abandon_every) % len(hang_ups)]}")
            else:
                lines.append(f"{when},{5 + k % 30},{talk[i % len(talk)]},")
                i += 1
    path = folder / "acd" / "calls.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return service

"""Exports of a call centre as its systems write them, for the Spark-against-DuckDB tests.

``switch-export.csv`` is the phone switch's export, one row per reading
(odd headers, local times and a few with a UTC offset, waits written as
seconds, stopwatch readings or ISO 8601). ``call-review.csv`` is the
supervisors' review sheet, one row per call and a column per check. Both
hold every kind of bad row the engine counts, and times on both sides of
the spring and autumn daylight-saving changes.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np

SERVICE = Path(__file__).parent / "data" / "spark" / "call-centre.yaml"
#: the switch export's headers, mapped to Blueprint's roles
COLUMNS = "id=Call ID,timestamp=Started at,site=Centre,metric=What,value=Reading"
SITES = ("leeds", "cork", "porto")

#: rows whose time falls on a daylight-saving change or carries an offset, with where they belong (UTC)
TRICKY_TIMES = {
    "2025-03-30 01:59:00": ("2025-03", 1),  # just before clocks go forward in Europe
    "2025-03-30 02:30:00": ("2025-03", 2),  # a time that does not exist in Europe's summer time
    "2025-03-30 03:01:00": ("2025-03", 3),
    "2025-03-09 02:15:00": ("2025-03", 2),  # skipped in North America
    "2025-10-26 02:30:00": ("2025-10", 2),  # happens twice in Europe
    "2025-11-02 01:30:00": ("2025-11", 1),  # happens twice in North America
    "2025-03-31T23:30:00-05:00": ("2025-04", 4),  # a Monday evening in Chicago is Tuesday in UTC
    "2025-06-30T23:10:00-04:00": ("2025-07", 3),  # the end of Q2 in New York is Q3 in UTC
    "2025-12-31T23:45:00-02:00": ("2026-01", 1),  # a new year in UTC
    "2025-07-01T00:20:00+02:00": ("2025-06", 22),  # Madrid's first minutes of July are June in UTC
}


def _wait(rng: np.random.Generator) -> str:
    """A wait as the switch writes it: seconds, a stopwatch reading or ISO 8601."""
    seconds = float(np.round(rng.exponential(16.0), 1))
    style = rng.integers(0, 10)
    if style < 7:
        return f"{seconds:g}"
    whole = round(seconds)
    if style < 9:
        return f"{whole // 60}:{whole % 60:02d}"
    return f"PT{whole // 60}M{whole % 60}S"


def switch_rows(n: int = 2400, seed: int = 7) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2025-01-01T00:00:00")
    rows: list[list[str]] = []
    for i in range(n):
        stamp = str(start + np.timedelta64(int(rng.integers(0, 365 * 86400)), "s")).replace("T", " ")
        site = SITES[i % 3]
        if i % 2:
            rows.append([f"C{i:05d}", stamp, site, "answer-wait", _wait(rng)])
        else:
            rating = int(rng.choice([2, 3, 4, 4, 5, 5, 5]))
            rows.append([f"C{i:05d}", stamp, site, "call-rating", str(rating)])
    for k, stamp in enumerate(TRICKY_TIMES):  # three readings at each tricky time, one per site
        for j, site in enumerate(SITES):
            rows.append([f"T{k:02d}{j}", stamp, site, "answer-wait", f"{10 + k + j}"])
    bad = [
        ["B001", "2025-02-03 09:00:00", "leeds", "answer-wait", "n/a"],  # not a number
        ["B002", "2025-02-03 09:01:00", "leeds", "answer-wait", "1:75"],  # not a stopwatch reading
        ["B003", "2025-02-03 09:02:00", "cork", "answer-wait", ""],  # missing value
        ["B004", "2025-02-03 09:03:00", "cork", "answer-wait", "-3"],  # negative
        ["B005", "2025-02-03 09:04:00", "porto", "call-rating", "7"],  # off the 1-5 scale
        ["B006", "2025-02-03 09:05:00", "porto", "call-rating", "0"],  # off the scale
        ["B007", "", "leeds", "answer-wait", "12"],  # no time
        ["B008", "yesterday", "cork", "call-rating", "5"],  # a time that cannot be read
        ["B009", "2025-02-03 09:06:00", "porto", "answer-wiat", "12"],  # a misspelt metric
        ["B010", "2025-02-03 09:07:00", "leeds", "call-rating", " 4 "],  # padded, but a number
    ]
    rows.extend(bad)
    rows.extend(rows[5:45:4])  # ten rows sent twice
    rows.append(list(rows[7]))  # ... and one three times
    return rows


def review_rows(n: int = 900, seed: int = 11) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2025-01-01T08:00:00")
    rows: list[list[str]] = []
    for i in range(n):
        stamp = str(start + np.timedelta64(int(rng.integers(0, 364 * 86400)), "s")).replace("T", " ")
        minutes = float(np.round(rng.gamma(4.0, 1.4), 2))
        handle = f"{minutes:g}" if i % 5 else f"{int(minutes)}:{round(minutes % 1 * 60) % 60:02d}"
        resolved = ["yes", "no", "1", "0", "Yes", "true"][int(rng.choice([0, 0, 0, 2, 5, 1, 3]))]
        transfers = str(int(rng.choice([0, 0, 0, 1, 1, 2])))
        rows.append([f"C{i:05d}", stamp, SITES[i % 3], handle, resolved, transfers])
    rows += [
        ["R1", "2025-05-05 10:00:00", "leeds", "", "yes", "0"],  # handle time not written: an empty cell
        ["R2", "2025-05-05 10:05:00", "cork", "4.5", "", ""],  # two empty cells
        ["R3", "2025-05-05 10:10:00", "porto", "about 5", "maybe", "one"],  # not numbers, not yes/no
        ["R4", "2025-05-05 10:15:00", "leeds", "-2", "no", "-1"],  # negative
        ["R5", "2025-05-05 10:20:00", "cork", "3", "2", "0"],  # 2 is no yes/no value: out of range
        ["R6", "", "porto", "3", "yes", "0"],  # no time
        ["R7", "2025-03-30 02:40:00", "leeds", "6", "yes", "1"],  # the hour Europe skips
        ["R8", "2025-10-26 02:40:00", "cork", "6", "no", "1"],  # the hour Europe repeats
    ]
    rows.extend(rows[100:130:3])  # ten calls reviewed twice
    return rows


def write_exports(folder: Path) -> Path:
    """The service file and both exports under ``folder``; returns the service file's path."""
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    with open(data / "switch-export.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Call ID", "Started at", "Centre", "What", "Reading"])
        out.writerows(switch_rows())
    with open(data / "call-review.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Call ID", "Started at", "Centre", "handle-time", "resolved", "transfers"])
        out.writerows(review_rows())
    (folder / "pyproject.toml").touch()
    return Path(shutil.copy(SERVICE, folder / SERVICE.name))

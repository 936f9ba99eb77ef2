"""Write the garage's exports in tests/data/garage/data (run once; the files are committed).

Each export is written the way its system writes it, and the rows that miss
each standard are planted by count per branch and month, so that the
verdicts in tests/test_garage.py can be worked out by hand:

- data/calls.csv, the phone system: ``;`` between fields, decimal commas,
  day-first local times (Europe/London, across the change to summer time on
  29 March 2026), waits in seconds under ``Wait (s)``;
- data/jobs.xlsx, the dealer-management system's job list: a title row and
  a blank row above the header (row 3), check-in and collection times
  written ``9 min``, the delay of the approval call written h:mm (``1:05``)
  under a header that says so;
- data/qc-log.xlsx, the workshop controller's log: a blank row in the
  middle and a totals row at the end;
- data/follow-up.csv, customer relations' call list: ``;`` and decimal commas,
  the scores 5 and 2 written with their labels (``5 - Very satisfied``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

HERE = Path(__file__).parent / "data"
BRANCHES = ("Leeds", "York")
MONTHS = ((2026, 3), (2026, 4))

#: (branch, month) -> rows that miss: calls answered after 20 s (of 35)
CALLS_LATE = {("Leeds", 3): 5, ("Leeds", 4): 9, ("York", 3): 7, ("York", 4): 3}
#: jobs (32 per branch and month): check-ins over 10 min, approval calls after 2 h,
#: cars not ready as promised, invoices not explained, collections over 5 min
CHECKIN_SLOW = {("Leeds", 3): 2, ("Leeds", 4): 4, ("York", 3): 3, ("York", 4): 1}
CALL_LATE = {("Leeds", 3): 5, ("Leeds", 4): 2, ("York", 3): 3, ("York", 4): 4}
NOT_READY = {("Leeds", 3): 1, ("Leeds", 4): 3, ("York", 3): 0, ("York", 4): 2}
NOT_EXPLAINED = {("Leeds", 3): 1, ("Leeds", 4): 1, ("York", 3): 1, ("York", 4): 1}
COLLECT_SLOW = {("Leeds", 3): 2, ("Leeds", 4): 2, ("York", 3): 2, ("York", 4): 2}
#: QC (32 per branch and month): first-time fails
QC_FAIL = {("Leeds", 3): 0, ("Leeds", 4): 1, ("York", 3): 2, ("York", 4): 0}


def _when(year: int, month: int, i: int, hour0: int = 8) -> dt.datetime:
    """A working-day time in the month; the 29 March rows fall either side of the clock change."""
    day = 1 + (i * 7) % 28
    return dt.datetime(year, month, day, hour0 + i % 9, (i * 13) % 60)


def calls() -> None:
    lines = ["Call start;Branch;Queue;Wait (s);Outcome"]
    for branch in BRANCHES:
        for year, month in MONTHS:
            late = CALLS_LATE[(branch, month)]
            for i in range(35):
                when = _when(year, month, i)
                wait = 20.0 + 3.5 * (i + 1) if i < late else 4.0 + (i % 16) * 1.0 + 0.5 * (i % 2)
                if i == late:
                    wait = 20.0  # exactly at the target: met
                text = f"{wait:.1f}".replace(".", ",")
                lines.append(f"{when:%d/%m/%Y %H:%M};{branch};Service bookings;{text};Answered")
    # the night the clocks went forward: 00:59 GMT and then 03:10 BST (01:00-02:00 does not exist)
    lines.append("29/03/2026 00:59;York;Service bookings;6,5;Answered")
    lines.append("29/03/2026 03:10;York;Service bookings;8,0;Answered")
    (HERE / "calls.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")


def _hmm(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def jobs() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Jobs"
    sheet.append(["Ridings Motors - workshop jobs, March and April 2026"])
    sheet.append([])
    sheet.append(
        ["Job No", "Branch", "Date", "Check-in time", "Diagnosis to call (h:mm)",
         "Ready by promise", "Work explained", "Collection wait"]
    )  # fmt: skip
    number = 40100
    for branch in BRANCHES:
        for year, month in MONTHS:
            key = (branch, month)
            for i in range(32):
                number += 1
                checkin = 11 + i if i < CHECKIN_SLOW[key] else 4 + i % 6
                delay = 125 + 10 * i if i < CALL_LATE[key] else 20 + (i * 7) % 95  # minutes
                ready = "N" if i < NOT_READY[key] else "Y"
                explained = "No" if i < NOT_EXPLAINED[key] else "Yes"
                collect = 6 + i if i < COLLECT_SLOW[key] else 2 + i % 4
                sheet.append(
                    [f"J{number}", branch, _when(year, month, i), f"{checkin} min", _hmm(delay),
                     ready, explained, f"{collect} min"]
                )  # fmt: skip
    book.save(HERE / "jobs.xlsx")


def qc_log() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "QC"
    sheet.append(["Date", "Branch", "Job", "QC result", "Wash (min)"])
    passes = 0
    washes = 0
    rows = 0
    for branch in BRANCHES:
        for year, month in MONTHS:
            key = (branch, month)
            for i in range(32):
                result = "Fail" if i < QC_FAIL[key] else "Pass"
                wash = 12 + (i * 5) % 15  # 12..26 minutes
                if branch == "York" and month == 4:
                    wash += 6  # York's wash bay was short of a valeter in April
                sheet.append([_when(year, month, i, 10), branch, f"Q{rows + 1}", result, wash])
                passes += result == "Pass"
                washes += wash
                rows += 1
            if (branch, month) == ("Leeds", 4):
                sheet.append([])  # the controller left a blank line between the branches
    sheet.append([None, None, "Total", passes, washes])
    book.save(HERE / "qc-log.xlsx")


def follow_up() -> None:
    lines = ["Call date;Branch;Days after collection;Score"]
    for branch in BRANCHES:
        for year, month in MONTHS:
            for i in range(32):
                when = _when(year, month, i, 9)
                days = 1.5 + (i % 4) * 0.5 if i % 16 else 4.5  # two late calls a month
                score = 5 if i % 3 else 4
                if branch == "York" and i % 8 == 0:
                    score = 2
                said = {5: "5 - Very satisfied", 2: "2 - Dissatisfied"}.get(score, str(score))  # form labels
                lines.append(f"{when:%d/%m/%Y %H:%M};{branch};{f'{days:.1f}'.replace('.', ',')};{said}")
    (HERE / "follow-up.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    calls()
    jobs()
    qc_log()
    follow_up()

"""Measuring a bank's contact-centre export as the telephone system writes it (tests/data/newcomer)."""

from __future__ import annotations

from blueprint.cli import main
from conftest import DATA

BANK = DATA / "newcomer" / "bank-branch.yaml"
COLUMNS = "timestamp=CALL START,queue-time=Queue Time,talk-time=TALK TIME,site=Branch"


def test_a_group_with_nothing_to_measure_is_named_not_the_whole_standard(capsys) -> None:
    # the export's blank row and its footer line have no time and no value: a group of their own
    args = ["measure", str(BANK), "--data", str(DATA / "newcomer" / "bank-data"), "--by", "weekday,hour",
            "--columns", COLUMNS]  # fmt: skip
    assert main(args) == 1  # 43% answered within 20 s on Monday at nine: the standard fails
    out = capsys.readouterr().out
    line = next(row for row in out.splitlines() if row.startswith("no data"))
    assert "answer-80-in-20 (weekday (none), hour (none))" in line
    assert "all 2 standards and promises measured" in out


def test_the_report_reads_an_export_with_its_own_column_names(tmp_path, capsys) -> None:
    out = tmp_path / "bank.html"
    args = ["report", str(BANK), "-o", str(out), "--data", str(DATA / "newcomer" / "bank-data"),
            "--by", "weekday,hour", "--columns", COLUMNS]  # fmt: skip
    assert main(args) == 0
    assert "all 2 standards and promises measured" in capsys.readouterr().err
    assert "43.3%" in out.read_text(encoding="utf-8")  # Monday at nine: 26 of 60 answered within 20 s
    assert main(["report", str(BANK), "--columns", COLUMNS]) == 2
    assert "give --data DIR too" in capsys.readouterr().err

"""The catalogue of a bank's account opening, opened as a user opens it: in a spreadsheet, also in Chinese."""

from __future__ import annotations

import csv
import io
import unicodedata

import openpyxl

from blueprint.cli import main
from blueprint.io.catalogue import catalogue, to_csv, to_xlsx
from blueprint.io.load import load
from conftest import DATA

BANK = DATA / "exchange" / "account-opening.yaml"  # Riverside Savings Bank: five moments, four standards


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def test_xlsx_columns_are_wide_enough_for_chinese_titles(tmp_path):
    out = tmp_path / "zh.xlsx"
    assert main(["export", str(BANK), "--to", "xlsx", "--lang", "zh", "-o", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    moments = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert "收到银行卡和密码" in moments  # eight characters, sixteen columns on screen
    assert sheet.column_dimensions["A"].width >= max(_columns(m) for m in moments)


def test_a_csv_file_opens_in_a_spreadsheet_as_utf8_and_standard_output_stays_plain(tmp_path, capsys):
    out = tmp_path / "zh.csv"
    assert main(["export", str(BANK), "--to", "csv", "--lang", "zh", "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only after the byte-order mark
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["moment"] == "等候客户经理" and rows[0]["target"] == "≤ 15 minutes"
    assert rows[2]["statement"].startswith("'=Every customer")  # a statement starting with = stays text
    assert main(["export", str(BANK), "--to", "csv", "-o", str(out)]) == 0  # an earlier export: replaced
    assert out.read_text(encoding="utf-8-sig") == to_csv(catalogue(load(BANK)))
    capsys.readouterr()
    assert main(["export", str(BANK), "--to", "csv"]) == 0
    assert capsys.readouterr().out.startswith("moment,factor,standard")  # no mark in a pipe


def test_a_sheet_is_never_named_as_excel_names_its_own(tmp_path):
    rows = catalogue(load(BANK))
    assert openpyxl.load_workbook(io.BytesIO(to_xlsx(rows, title="History"))).active.title != "History"
    long = openpyxl.load_workbook(io.BytesIO(to_xlsx(rows, title="x" * 30 + "'y"))).active.title
    assert len(long) <= 31 and not long.endswith("'")


def test_mermaid_export_holds_no_control_character_and_round_trips_the_title(tmp_path, capsys):
    from blueprint.io.mermaid_import import read_mermaid

    text = (DATA / "exchange" / "emergency.yaml").read_text(encoding="utf-8")
    text = text.replace(
        'title: "Emergency department: arrival to discharge"', 'title: "ED \\e[2J\\a\\e[31mred"'
    )
    text = text.replace("title: Triage by a nurse", 'title: "Triage \\e]0;pwned\\a"')
    service_file = tmp_path / "ed.yaml"
    service_file.write_text(text, encoding="utf-8")
    assert main(["export", str(service_file), "--to", "mermaid"]) == 0
    out = capsys.readouterr().out
    assert not [c for c in out if ord(c) < 32 and c != "\n"]  # nothing a terminal would act on
    assert "ED [2J[31mred" in out.replace("\\", "")  # the visible words stay
    document, findings = read_mermaid(out, "ed.md")
    assert findings == [] and document is not None
    assert document["service"]["title"] == "ED \x1b[2J\x07\x1b[31mred"
    assert document["moments"][1]["title"] == "Triage \x1b]0;pwned\x07"

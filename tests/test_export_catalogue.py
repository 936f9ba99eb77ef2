"""The standards catalogue exported as xlsx, csv and json: one row per standard, safe in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from blueprint.cli import main
from blueprint.escaping import inert
from blueprint.io.catalogue import COLUMNS, catalogue, to_xlsx
from blueprint.io.load import load
from blueprint.measure import measure
from blueprint.report.pipeline import last_compliance
from conftest import ROOT

HOTEL = ROOT / "standards" / "hotel-stay.yaml"
OPERATIONS = ROOT / "examples" / "data" / "operations"
HOSTILE = {
    "owner: Reservations Manager": 'owner: \'=HYPERLINK("http://evil.example","click")\'',
    "owner: Front Office Manager": "owner: '+SUM(1,2)'",
    "owner: Chief Concierge": "owner: '@cmd'",
    "owner: Guest Relations Manager": "owner: '-2+3'",
}


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The hotel with owners that a spreadsheet would run as formulas."""
    text = HOTEL.read_text(encoding="utf-8")
    for old, new in HOSTILE.items():
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _export(tmp_path: Path, fmt: str, service: Path = HOTEL, *extra: str) -> Path:
    out = tmp_path / f"catalogue.{fmt}"
    assert main(["export", str(service), "--to", fmt, "-o", str(out), *extra]) == 0
    return out


def test_xlsx_has_filter_frozen_header_and_a_row_per_standard(tmp_path):
    service = load(HOTEL)
    sheet = openpyxl.load_workbook(_export(tmp_path, "xlsx")).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:M{len(service.standards) + 1}"
    assert [c.value for c in sheet[1]] == list(COLUMNS.values())
    assert sheet.max_row == len(service.standards) + 1
    assert [sheet.cell(row=r, column=3).value for r in range(2, sheet.max_row + 1)] == list(service.standards)
    assert sheet.column_dimensions["D"].width == 60  # the statement: wide, wrapped
    assert 8 <= sheet.column_dimensions["C"].width <= 45


def test_xlsx_formulas_stay_text(tmp_path, hostile):
    sheet = openpyxl.load_workbook(_export(tmp_path, "xlsx", hostile)).active
    owners = [sheet.cell(row=r, column=7) for r in range(2, sheet.max_row + 1)]
    looks_like_formula = [c for c in owners if str(c.value).startswith(("=", "+", "-", "@"))]
    assert len(looks_like_formula) == len(HOSTILE)
    assert all(c.data_type == "s" and c.quotePrefix for c in looks_like_formula)
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_csv_equals_the_catalogue_with_formulas_neutralised(tmp_path, hostile):
    rows = catalogue(load(hostile))
    read = list(
        csv.DictReader(io.StringIO(_export(tmp_path, "csv", hostile).read_text(encoding="utf-8-sig")))
    )
    assert len(read) == len(rows)
    for got, want in zip(read, rows, strict=True):
        assert got == {k: "" if v is None else str(inert(v)) for k, v in want.items()}
    owners = [r["owner"] for r in read]
    assert '\'=HYPERLINK("http://evil.example","click")\'' not in owners
    assert '\'=HYPERLINK("http://evil.example","click")' in owners
    assert all(not o.startswith(("=", "+", "-", "@")) for o in owners)


def test_json_equals_the_catalogue(tmp_path):
    document = json.loads(_export(tmp_path, "json").read_text(encoding="utf-8"))
    assert document["version"] == 1 and document["service"] == "hotel-stay"
    assert document["columns"] == list(COLUMNS)
    assert document["standards"] == catalogue(load(HOTEL))


def test_data_adds_the_last_month(tmp_path, monkeypatch):
    monkeypatch.setenv("BLUEPRINT_CACHE", str(tmp_path / "cache"))
    service = load(HOTEL)
    document = json.loads(
        _export(tmp_path, "json", HOTEL, "--data", str(OPERATIONS)).read_text(encoding="utf-8")
    )
    monthly = measure(service, data=OPERATIONS, by="month", percentile=False, promises=False)
    assert document["standards"] == catalogue(service, last_compliance(monthly))
    december = {
        o.standard: o for o in monthly.outcomes if o.keys.get("month") == "2025-12" and o.observations
    }
    shown = {r["standard"]: r for r in document["standards"] if r["last_period"]}
    assert set(shown) == set(december)
    for standard_id, row in shown.items():
        assert row["last_period"] == "2025-12"
        assert row["last_compliance"] == december[standard_id].share
        assert row["last_result"] == december[standard_id].status


def test_xlsx_bytes_open_without_rows():
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx([], title="a:b/c[d]"))).active
    assert sheet.max_row == 1 and sheet.title == "a b c d"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--to", "xlsx"], "binary file"),
        (["--to", "xlsx", "-o", "no-such-folder/out.xlsx"], "does not exist"),
        (["--to", "csv", "-o", "."], "is a folder"),
        (["--to", "json", "--data", "no-such-folder"], "no such folder"),
        (["--to", "mermaid", "--data", "."], "--data works with"),
    ],
)
def test_bad_paths_are_usage_errors(argv, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["export", str(HOTEL), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_missing_service_file_is_a_usage_error(tmp_path, capsys):
    assert main(["export", str(tmp_path / "none.yaml"), "--to", "csv"]) == 2
    assert "none.yaml" in capsys.readouterr().err


def test_the_catalogue_says_how_staff_learn_each_standard():
    service = load(ROOT / "tests" / "data" / "services" / "call-centre.yaml")
    service.replace(
        "answer-20s",
        training=[
            {"method": "onboarding", "title": "Agent academy", "date": "2026-02-01"},
            {"method": "briefing"},
        ],
    )
    rows = {row["standard"]: row for row in catalogue(service)}
    assert rows["answer-20s"]["training"] == "onboarding: Agent academy (2026-02-01); briefing"
    assert rows["fcr"]["training"] == ""

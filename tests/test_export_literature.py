"""The hostile permit office through every writer: text stays text, no cell runs as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from blueprint.cli import main
from conftest import DATA

HOSTILE = DATA / "literature" / "permit-office-hostile.yaml"
FORMULA_START = ("=", "+", "-", "@")


def test_csv_catalogue_cells_cannot_start_a_formula(tmp_path, capsys):
    out = tmp_path / "catalogue.csv"
    assert main(["export", str(HOSTILE), "--to", "csv", "-o", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)], cells


def test_xlsx_catalogue_holds_the_formula_like_text_as_text(tmp_path, capsys):
    import openpyxl

    out = tmp_path / "catalogue.xlsx"
    assert main(["export", str(HOSTILE), "--to", "xlsx", "-o", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).worksheets[0]
    texts = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    risky = [cell for cell in texts if cell.value.startswith(FORMULA_START)]
    assert any("HYPERLINK" in cell.value for cell in risky)  # kept as written ...
    assert all(cell.data_type == "s" for cell in risky)  # ... as a string, not a formula


@pytest.mark.graphviz
def test_report_shows_markup_as_text(tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["report", str(HOSTILE), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>粗</b>" not in page
    assert "&lt;script&gt;alert(" in page
    assert not [name for name in _attribute_names(page) if name.startswith("on")]  # no event handler


def _attribute_names(page: str) -> set[str]:
    from html.parser import HTMLParser

    names: set[str] = set()

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            names.update(name for name, _ in attrs)

    Collect().feed(page)
    return names


def test_the_catalogue_says_who_measures_a_standard_outside_blueprint(tmp_path, capsys):
    out = tmp_path / "catalogue.csv"
    source = DATA / "literature" / "discount-brokerage.yaml"
    assert main(["export", str(source), "--to", "csv", "-o", str(out)]) == 0
    rows = {row["standard"]: row for row in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    audits = "mystery-shopper, measured elsewhere: compliance team call audits"
    assert rows["read-back-always"]["measurement"] == audits
    assert rows["answer-20s"]["measurement"] == "system-log, data/calls.csv, daily"

"""The report of a service written from the literature, printed: Shostack's discount brokerage.

Read back with poppler's pdftotext, as a client would read the printed pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from blueprint.io.load import load
from blueprint.report.pipeline import build_report

from .test_report_pages import _printed, _words

pytestmark = [pytest.mark.browser, pytest.mark.graphviz]

BROKERAGE = Path(__file__).resolve().parents[1] / "data" / "literature" / "discount-brokerage.yaml"


@pytest.fixture(scope="module")
def brokerage_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("brokerage") / "report.html"
    path.write_text(build_report(load(BROKERAGE)), encoding="utf-8")
    return path


def test_printed_findings_keep_each_rule_code_and_severity_on_one_line(browser, brokerage_report, tmp_path):
    pages = _printed(browser, brokerage_report, tmp_path / "brokerage.pdf", "A4")
    words = " ".join(_words(page.body) for page in pages).split()
    codes = [w for w in words if re.fullmatch(r"BP\d+", w)]
    assert "BP112" in codes and "BP272" in codes  # as the check reports them
    assert all(len(code) == 5 for code in codes), sorted(set(codes))  # never "BP11" over "2"
    assert "warn-" not in words and "warnin" not in words

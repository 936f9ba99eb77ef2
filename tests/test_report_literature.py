"""The client report of the dental check-up, with a month of its operational data."""

from __future__ import annotations

import pytest

from blueprint.cli import main
from conftest import DATA

DENTAL = DATA / "literature" / "dental-practice.yaml"
DATA_DIR = DATA / "literature" / "dental-data"


@pytest.mark.graphviz
def test_the_method_names_the_grouping_once(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BLUEPRINT_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "practice"
    (folder / "data").mkdir(parents=True)
    (folder / "dental.yaml").write_text(DENTAL.read_text(encoding="utf-8"), encoding="utf-8")
    for name in ("arrivals.csv", "estimates.csv"):
        (folder / "data" / name).write_bytes((DATA_DIR / name).read_bytes())
    out = tmp_path / "report.html"
    main(["report", str(folder / "dental.yaml"), "--data", str(folder), "-o", str(out)])
    page = out.read_text(encoding="utf-8")
    assert "measured against every standard, by site and month." in page
    assert "by month and by site, month" not in page

"""Measurement finding codes: apart from the lint rules, every one documented."""

from __future__ import annotations

import re

from blueprint.checks import RULES
from blueprint.measure.codes import CODES
from conftest import ROOT


def test_codes_never_collide_with_lint_rules():
    assert not set(CODES) & set(RULES)
    assert all(re.fullmatch(r"BP3[3-9][0-9]", code) for code in CODES)


def test_docs_list_every_code_with_its_severity_and_gap():
    text = (ROOT / "docs" / "measure.md").read_text(encoding="utf-8")
    for code, entry in CODES.items():
        row = re.search(rf"^\| {code} \| (\w+) \|\s*(\d?)\s*\|", text, re.MULTILINE)
        assert row, f"docs/measure.md has no row for {code}"
        assert row.group(1) == entry.severity.value, code
        assert row.group(2) == (str(entry.gap) if entry.gap else ""), code

"""docs/method.md maps the method to Blueprint: every rule is named, in each row it cites."""

from __future__ import annotations

import re

from blueprint.checks import RULES
from blueprint.checks.reference import CITED
from conftest import ROOT

METHOD = (ROOT / "docs" / "method.md").read_text(encoding="utf-8")


def _rows() -> dict[str, str]:
    """Each guideline's and pitfall's table row, by its code (G1 ... P6)."""
    return {m.group(1): m.group(0) for m in re.finditer(r"^\| (G\d+|P\d+) \|.*$", METHOD, re.MULTILINE)}


def test_every_guideline_and_pitfall_has_its_row_with_the_seeds_words():
    rows = _rows()
    assert set(rows) == set(CITED)
    for code, row in rows.items():
        assert re.search(r"[\u4e00-\u9fff]", row), f"{code} quotes no words of the seed"


def test_every_rule_is_in_the_row_of_each_concept_it_cites():
    rows = _rows()
    for rule in RULES.values():
        assert rule.id in METHOD, f"{rule.id} is not in docs/method.md"
        for code in rule.cites:
            assert rule.id in rows[code], f"{rule.id} cites {code}, but the {code} row does not name it"


def test_every_rule_named_in_a_row_cites_that_row():
    # The page says no more than the registry: a rule named in a row must cite the row,
    # except where the row points to a rule that carries the concept out (G7: delivery, BP330).
    rows = _rows()
    for code, row in rows.items():
        for rule_id in re.findall(r"BP\d{3}", row):
            if rule_id in RULES:
                assert code in RULES[rule_id].cites, f"the {code} row names {rule_id}, which does not cite it"

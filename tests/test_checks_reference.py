"""docs/rules.md is generated from the rule registry and must not go stale."""

from __future__ import annotations

from blueprint.checks import RULES
from blueprint.checks.reference import CITED, rules_markdown, rules_text
from conftest import ROOT


def test_docs_rules_md_is_up_to_date():
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "regenerate it: blueprint rules --markdown > docs/rules.md"


def test_reference_has_a_section_per_rule_with_its_rationale_and_example():
    text = rules_markdown()
    for rule in RULES.values():
        assert f"## {rule.id} {rule.name}" in text
        assert " ".join(rule.rationale.split()) in text
        assert rule.example.splitlines()[0] in text


def test_every_guideline_and_pitfall_is_listed_with_its_rules():
    text = rules_markdown()
    for key, words in CITED.items():
        assert f"| {key} | {words} |" in text
    assert "| P3 | aim at the average | BP105 |" in text


def test_text_listing_has_one_line_per_rule():
    lines = rules_text().splitlines()
    assert len(lines) == len(RULES)
    assert lines[0].split()[:2] == ["BP100", "warning"]

"""Gap checks 1, 2 and 4 on the service file (BP301-BP323), beyond their lint fixtures."""

from __future__ import annotations

import pytest

from blueprint.checks import RULES, LintConfig, lint
from blueprint.checks.gaps import GAP_RULES, gaps
from blueprint.io.load import load, read
from blueprint.model.objects import Claim, Promise
from conftest import DATA, ROOT

LINT = DATA / "lint"
HOTEL = ROOT / "standards" / "hotel-stay.yaml"


def _rules(findings):
    return sorted((f.rule, f.subject) for f in findings)


def test_gap_rules_are_registered_with_their_gap():
    assert {RULES[r].gap for r in GAP_RULES} == {1, 2, 4}
    assert all(r.startswith("BP3") for r in GAP_RULES)
    assert [RULES[r].gap for r in ("BP301", "BP302", "BP311", "BP321", "BP322", "BP323")] == [
        1,
        1,
        2,
        4,
        4,
        4,
    ]


def test_survey_importance_replaces_the_file_importance():
    service = read(LINT / "clean.yaml").service
    service.replace("checkin-speed", assumed_importance=0.85)
    assert gaps(service) == []  # file importance 0.9, assumed 0.85: close enough
    found = gaps(service, importance={"checkin-speed": 0.4})
    assert _rules(found) == [("BP302", "checkin-speed")]
    assert "0.4 (a survey)" in found[0].message and "care less" in found[0].message


def test_importance_gap_threshold_is_configurable():
    service = read(LINT / "bp302-assumed-importance-far-off.yaml").service
    assert _rules(gaps(service)) == [("BP302", "checkin-speed")]
    assert gaps(service, LintConfig(importance_gap=0.45)) == []
    assert LintConfig.from_mapping({"thresholds": {"importance_gap": 0.3}}).importance_gap == 0.3
    with pytest.raises(ValueError, match="share from 0 to 1"):
        LintConfig.from_mapping({"thresholds": {"importance_gap": 3}})


def test_disabled_gap_rule_is_not_run():
    service = read(LINT / "bp301-factor-without-evidence.yaml").service
    assert gaps(service, LintConfig(disable=frozenset({"BP301"}))) == []


def _with_promise(claims, standard="checkin-3min"):
    service = read(LINT / "clean.yaml").service
    service.add(Promise(id="p", channel="website", text="Fast check-in.", standard=standard, claims=claims))
    return service


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        (Claim(value=180, unit="seconds", share=0.95), []),  # the same target in other units
        (Claim(value=179, unit="seconds", share=0.95), ["BP322"]),
        (Claim(value=0.05, unit="hours", share=0.95), []),  # 3 minutes
        (Claim(value=4, unit="minutes", share=0.9), []),  # claims less: fine
        (Claim(value=3, unit="minutes", share=0.99), ["BP322"]),  # more cases than the standard
        (Claim(value=3, unit="minutes"), ["BP323"]),  # no share: read as every time
        (Claim(value=2, unit="minutes"), ["BP322"]),  # over-claims: BP323 stays silent
    ],
)
def test_promise_against_its_standard_with_unit_conversion(claims, expected):
    found = [f for f in gaps(_with_promise(claims)) if f.subject == "p"]
    assert [f.rule for f in found] == expected


def test_yes_no_promise_against_a_yes_no_standard():
    assert gaps(_with_promise(Claim(value=True, unit="boolean", share=0.98), "room-checklist")) == []
    found = gaps(_with_promise(Claim(value=False, unit="boolean"), "room-checklist"))
    assert _rules(found) == [("BP322", "p")]


def test_lower_bound_standard_claims_compare_the_other_way():
    service = read(LINT / "bp311-only-soft-where-hard-feasible.yaml").service  # >= 4 on a 1-5 score
    service.add(
        Promise(id="p", channel="web", text="Rated 4.5.", standard="room-checklist",
                claims=Claim(value=4.5, unit="score", share=0.9))
    )  # fmt: skip
    assert ("BP322", "p") in _rules(gaps(service))


def test_promise_without_standard():
    service = _with_promise(None, standard=None)
    assert _rules(gaps(service)) == [("BP321", "p")]


def test_hotel_example_shows_each_gap_but_no_errors():
    found = [f for f in lint(load(HOTEL)) if f.rule in GAP_RULES]
    rules = {f.rule for f in found}
    assert {"BP301", "BP302", "BP311", "BP322", "BP323"} <= rules
    assert ("BP322", "ad-key-in-2-minutes") in _rules(found)
    assert all(f.severity.value != "error" for f in found)


def test_factors_with_standards_are_left_to_bp112():
    service = read(LINT / "bp112-no-customer-evidence.yaml").service
    assert not [f for f in lint(service) if f.rule == "BP301"]

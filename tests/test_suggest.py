"""Drafting standards for a key factor from its element and sub-item."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

import blueprint
from blueprint.checks import LintConfig, lint
from blueprint.checks.drafts import TEMPLATES
from blueprint.checks.suggest import suggest, suggestions_text, suggestions_yaml
from blueprint.io.load import read
from blueprint.model.vocabulary import SUB_ITEMS
from conftest import DATA, EXAMPLES

CLEAN = DATA / "lint" / "clean.yaml"
EXCHANGE = [DATA / "exchange" / "account-opening.yaml", DATA / "exchange" / "emergency.yaml"]
TODAY = dt.date(2026, 6, 1)
HUMAN = {"owner": "Duty manager", "agreed_by": [{"by": "the team", "date": "2026-05-01"}],
         "last_reviewed": "2026-05-01"}  # fmt: skip


def test_every_element_and_sub_item_has_a_template():
    assert set(TEMPLATES) == {(e, s) for e, items in SUB_ITEMS.items() for s in items}


def test_timeliness_gets_a_duration_with_a_share_and_the_customers_tolerance():
    service = read(CLEAN).service
    [draft] = suggest(service, "checkin-speed")
    data = draft.standard
    assert (data["comparator"], data["target"], data["unit"]) == ("<=", 5, "minutes")
    assert data["share"] >= 0.95 and data["kind"] == "hard"
    assert data["metric"] == "checkin-duration" and draft.metric is None  # reuses the factor's metric
    assert "tolerance (5 minutes), no stricter (pitfall 1)" in draft.reason
    assert "basic factor" in draft.reason
    assert draft.todo == ("owner", "agreed_by", "last_reviewed")


def test_people_attitude_gets_a_soft_rating_whose_target_people_choose():
    service = read(EXAMPLES[0]).service
    attitude = next(f for f in service.factors.values() if f.sub_item == "attitude")
    drafts = suggest(service, attitude.id)
    rating = next(d for d in drafts if d.standard["kind"] == "soft")
    assert rating.standard["target"] is None and "target" in rating.todo
    assert rating.standard["measurement"]["method"] in ("survey", "mystery-shopper")
    assert "<target> out of 5" in rating.standard["statement"]
    assert "soft standard" in rating.reason


def test_facilities_get_an_inspection_checklist():
    service = read(EXAMPLES[0]).service
    facility = next(f for f in service.factors.values() if f.sub_item == "facilities")
    kinds = [(d.standard["unit"], d.standard["measurement"]["method"]) for d in suggest(service, facility.id)]
    assert ("boolean", "checklist") in kinds


@pytest.mark.parametrize("path", [CLEAN, *EXAMPLES, *EXCHANGE], ids=lambda p: p.stem)
def test_completed_drafts_pass_the_lint_for_every_factor(path):
    """Once people fill in the todo fields, a draft adds no finding of its own."""
    service = read(path).service
    config = LintConfig(today=TODAY)
    before = {(f.rule, f.subject) for f in lint(service, config)}
    for factor_id in list(service.factors):
        for draft in suggest(service, factor_id):
            choices = dict(HUMAN)
            if "goals" in draft.todo:  # the service declares its goals: the draft names one
                choices["goals"] = [service.info.goals[0].id]
            if "target" in draft.todo:
                choices["target"] = 4 if draft.standard["unit"] == "score" else 2
            if draft.metric:
                service.add(draft.metric_record())
            service.add(draft.complete(**choices))
    new = {(f.rule, f.subject) for f in lint(service, config)} - before
    drafted = {s for s in service.standards if s not in before}
    # Publishing it, training staff on it and a customer panel's sign-off come after adoption.
    after_adoption = {"BP111", "BP127", "BP128"}
    assert not {(rule, subject) for rule, subject in new if subject in drafted and rule not in after_adoption}


def test_complete_refuses_missing_choices_and_fills_the_statement():
    [draft] = suggest(read(CLEAN).service, "room-cleanliness")
    with pytest.raises(ValueError, match="choose owner, agreed_by, last_reviewed"):
        draft.complete()
    standard = draft.complete(**HUMAN)
    assert standard.statement.startswith("Spotless room: 98% of rounds")


def test_target_placeholder_is_filled_in_when_completed():
    service = read(CLEAN).service
    service.replace("checkin-speed", customer_tolerance=None)
    [draft] = suggest(service, "checkin-speed")
    assert "<target> minutes" in draft.standard["statement"]
    assert draft.complete(target=4, **HUMAN).statement.endswith("within 4 minutes.")


def test_ids_do_not_clash_with_the_service():
    service = read(CLEAN).service
    [first] = suggest(service, "checkin-speed")
    assert first.standard["id"] not in service.standards
    assert first.standard["id"] not in service.metrics


def test_unknown_factor_is_a_key_error():
    with pytest.raises(KeyError, match="no key factor 'nope'"):
        suggest(read(CLEAN).service, "nope")


def test_yaml_output_parses_and_marks_every_todo():
    service = read(EXAMPLES[0]).service
    factor = next(f for f in service.factors.values() if f.sub_item == "problem-solving")
    drafts = suggest(service, factor.id)
    text = suggestions_yaml(drafts)
    data = yaml.safe_load(text)
    assert [s["id"] for s in data["standards"]] == [d.standard["id"] for d in drafts]
    assert text.count("# TODO") == sum(len(d.todo) for d in drafts)
    assert '    comparator: "' in text
    assert "to choose:" in suggestions_text(drafts)


def test_blueprint_suggest_is_public():
    assert blueprint.suggest is suggest


def test_no_standard_is_drafted_for_a_factor_customers_do_not_value(tmp_path, capsys):
    from blueprint.cli import main

    service = read(CLEAN).service
    service.replace("warm-welcome", bpm="indifferent")
    assert suggest(service, "warm-welcome") == []
    text = CLEAN.read_text(encoding="utf-8").replace("attitude, ", "attitude, bpm: reverse, ")
    path = tmp_path / "reverse.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["suggest", str(path), "--factor", "warm-welcome"]) == 0
    said = "no standard drafted: customers class 'warm-welcome' as reverse"
    assert capsys.readouterr().out.startswith(said)


def test_where_the_service_declares_goals_a_draft_asks_which_it_serves():
    service = read(CLEAN.parent / "bp126-goals-unserved.yaml").service
    [draft] = suggest(service, "room-cleanliness")
    assert "goals" in draft.todo
    with pytest.raises(ValueError, match="goals"):
        draft.complete(**HUMAN)
    assert draft.complete(**HUMAN, goals=["spotless"]).goals == ["spotless"]
    assert "# TODO: the organisation's goals it serves" in suggestions_yaml([draft])
    assert "goals" not in suggest(read(CLEAN).service, "room-cleanliness")[0].todo


def test_a_draft_on_a_metric_the_service_has_asks_for_the_target_in_that_metric_s_unit():
    # the bank counts card delivery in working days: a draft in minutes would invite "5" meaning days
    service = read(EXCHANGE[0]).service
    [draft] = suggest(service, "card-soon")
    assert draft.metric is None and draft.standard["metric"] == "card-days"
    assert draft.standard["unit"] == "days"
    assert draft.standard["statement"].endswith("within <target> days.")
    assert draft.complete(target=5, **HUMAN).statement.endswith("within 5 days.")


def test_yaml_drafts_pasted_under_the_file_s_own_lists_load_and_say_so(tmp_path):
    from blueprint.checks.suggest import suggestions_yaml as drafts_yaml

    text = drafts_yaml(suggest(read(EXCHANGE[1]).service, "told-wait"))
    assert "under the file's own metrics: and standards:" in text
    # what the header asks: the entries under the file's lists, the TODOs filled in
    metric, standards = text.split("\nstandards:\n")
    metric_entries = metric.split("metrics:\n")[1]
    service = EXCHANGE[1].read_text(encoding="utf-8")
    service = service.replace("moments:\n", metric_entries.rstrip() + "\nmoments:\n", 1)
    filled = standards.replace("target: null", "target: 2").replace("owner: null", "owner: Nurse in charge")
    filled = filled.replace("agreed_by: []", "agreed_by: [{by: ED nurses, date: 2026-11-30}]")
    filled = filled.replace("last_reviewed: null", "last_reviewed: 2026-11-30")
    path = tmp_path / "ed.yaml"
    path.write_text(service.rstrip() + "\n" + filled + "\n", encoding="utf-8")
    loaded = read(path)
    assert loaded.ok, [str(f) for f in loaded.findings]
    assert "told-wait-reply" in loaded.service.standards

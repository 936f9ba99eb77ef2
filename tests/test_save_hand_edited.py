"""Edits saved into a file the way people write YAML by hand change only the lines of the edit.

tests/data/saving/bank-hand-edited.yaml has comments at the top, between list
items, after values and inside a flow mapping written over two lines; blank
lines; an anchor nothing refers to and one an alias repeats; flow and block
items in one list; a tab in text; a very long line; text that looks like a
number, a date or a boolean ('no', "1.0", 2024-01-01, '0777', off); block
scalars; Chinese; keys in an unusual order. Each test makes one edit the API
(and the widgets through it) offers, saves, and compares the file line by
line with what it was: exactly the lines of the edit differ, in LF, CRLF and
CRLF-with-BOM copies alike.
"""

from __future__ import annotations

import difflib

import pytest

import blueprint
from blueprint.model.objects import MomentOfTruth, Standard
from conftest import ROOT

HAND = ROOT / "tests" / "data" / "saving" / "bank-hand-edited.yaml"
VARIANTS = {
    "lf": lambda raw: raw,
    "crlf": lambda raw: raw.replace(b"\n", b"\r\n"),
    "bom-crlf": lambda raw: b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"),
}


@pytest.fixture(params=sorted(VARIANTS))
def hand(request, tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_bytes(VARIANTS[request.param](HAND.read_bytes()))
    return path


def saved(path, edit, *, saves_itself=False):
    """(lines removed, lines added, the file reloaded) after ``edit`` and a save; line ends checked."""
    before = path.read_bytes()
    service = blueprint.load(path)
    edit(service)
    if not saves_itself:
        service.save()
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") == before.startswith(b"\xef\xbb\xbf")
    if b"\r\n" in before:
        assert after.count(b"\n") == after.count(b"\r\n")  # every line keeps CRLF
    old = before.decode("utf-8-sig").replace("\r\n", "\n").split("\n")
    new = after.decode("utf-8-sig").replace("\r\n", "\n").split("\n")
    removed, added = [], []
    for line in difflib.ndiff(old, new):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    reloaded = blueprint.load(path)
    return removed, added, reloaded


def test_load_and_save_without_an_edit_is_byte_identical(hand):
    before = hand.read_bytes()
    blueprint.load(hand).save()
    assert hand.read_bytes() == before


def test_odd_scalars_load_as_the_text_written():
    service = blueprint.load(HAND)
    assert service.moments["take-ticket"].title == "no"
    assert service.moments["leave"].title == "off"
    assert service.factors["ticket-clear"].title == "1.0"
    assert service.factors["short-wait"].title == "2024-01-01"
    assert service.factors["teller-courtesy"].title == "0777"
    assert service.standards["wait-10"].owner == "0777"
    assert service.metrics["mood"].title == "on"
    assert "Opening hours\t8:30" in service.info.description


def test_a_single_quoted_title_renamed_stays_single_quoted(hand):
    renamed = "Take the customer's ticket"
    removed, added, service = saved(hand, lambda s: s.replace("take-ticket", title=renamed))
    comment = '        # the ticket machine literally shows "no"'
    assert removed == ["    title: 'no'" + comment]
    assert added == ["    title: 'Take the customer''s ticket'" + comment]
    assert service.moments["take-ticket"].title == "Take the customer's ticket"


def test_adding_a_moment_writes_its_lines_after_the_last_and_nothing_else(hand):
    removed, added, service = saved(
        hand, lambda s: s.add(MomentOfTruth(id="advice", title="yes", stage="in-service"))
    )
    assert removed == []
    assert added == ["  - id: advice", "    title: 'yes'", "    stage: in-service"]
    text = hand.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    assert "    next: []   # customer leaves\n  - id: advice\n" in text
    assert "  translations: {zh: 河畔支行,  # the Chinese name\n                 fr:" in text
    assert "      - &waitfactor\n" in text
    assert service.moments["advice"].title == "yes"


def test_removing_a_moment_keeps_the_comment_written_above_the_next(hand):
    def edit(service):
        for ident in ("id-always", "id-scan", "core-banking", "at-counter"):
            service.remove(ident)

    removed, added, service = saved(hand, edit)
    assert added == []
    assert removed[:2] == ["  - id: at-counter", removed[1]] and removed[1].startswith("    title: Served at")
    assert "  # leaving" not in removed and "    title: off" not in removed
    assert removed[-7:] == [
        "  - id: id-always",
        "    steps: [id-scan]",
        "    statement: Identity is checked for every transaction.",
        "    metric: id-checked",
        '    comparator: "=="',
        "    target: true",
        "    unit: boolean",
    ]
    # every step went, so the steps: key went with them, its comment on the flow item too
    assert "steps:" in removed and not service.steps
    text = hand.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    assert "          - &panel {method: survey" in text  # the anchor stays, though its alias went
    assert "\n  # leaving\n  - id: leave\n" in text
    assert set(service.moments) == {"take-ticket", "leave"}


def test_removing_a_factor_takes_the_comment_above_it(hand):
    removed, added, service = saved(hand, lambda s: s.remove("teller-courtesy"))
    assert added == []
    assert removed == [  # its moment's only factor: the factors: key goes with it
        "    factors:",
        "      # rated by the same customer panel",
        "      - id: teller-courtesy",
        "        title: '0777'",
        "        element: people",
        "        sub_item: attitude",
        "        customer_evidence:",
        "          - *panel",
    ]
    assert service.moments["at-counter"].factors == []


def test_retagging_a_factor_changes_its_tag_and_adds_the_new_key_below_its_last(hand):
    removed, added, service = saved(
        hand, lambda s: s.replace("teller-courtesy", sub_item="attentiveness", bpm="performance")
    )
    assert removed == ["        sub_item: attitude"]
    assert added == ["        sub_item: attentiveness", "        bpm: performance"]
    text = hand.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    assert "        customer_evidence:\n          - *panel\n        bpm: performance\n  # leaving\n" in text
    assert service.factors["teller-courtesy"].bpm == "performance"


def test_adding_a_standard_quotes_only_what_would_read_as_something_else(hand):
    standard = Standard(
        id="courtesy-check",
        factors=["teller-courtesy"],
        statement="no",
        metric="mood",
        comparator=">=",
        target=4,
        unit="score",
        share=0.95,
        owner="0777",
        last_reviewed="2026-02-01",
    )
    removed, added, service = saved(hand, lambda s: s.add(standard))
    assert removed == []
    assert added == [
        "  - id: courtesy-check",
        "    factors: [teller-courtesy]",
        "    statement: 'no'",  # YAML 1.1 readers would take a plain no for false
        "    metric: mood",
        '    comparator: ">="',
        "    target: 4",
        "    unit: score",
        "    share: 0.95",
        '    owner: "0777"',
        "    last_reviewed: 2026-02-01",
    ]
    back = service.standards["courtesy-check"]
    assert (back.statement, back.owner, str(back.last_reviewed)) == ("no", "0777", "2026-02-01")


def test_adding_a_translation_to_a_flow_mapping_writes_it_inside_the_braces(hand):
    removed, added, service = saved(
        hand, lambda s: s.replace("wait-10", translations={"zh": "九成顾客十分钟内到柜台", "fr": "on"})
    )
    assert removed == ["    translations: {zh: 九成顾客十分钟内到柜台}"]
    assert added == ["    translations: {zh: 九成顾客十分钟内到柜台, fr: 'on'}"]
    assert service.standards["wait-10"].translations == {"zh": "九成顾客十分钟内到柜台", "fr": "on"}


def test_editing_a_translation_in_a_flow_mapping_with_a_comment_inside(hand):
    def edit(service):
        names = {"zh": "河畔分行", "fr": "Agence Rivière"}
        service.info = service.info.model_copy(update={"translations": names})

    removed, added, _ = saved(hand, edit)
    assert removed == ["  translations: {zh: 河畔支行,  # the Chinese name"]
    assert added == ["  translations: {zh: 河畔分行,  # the Chinese name"]


def test_a_new_list_of_evidence_keeps_anchors_nothing_refers_to(hand):
    # the factor had no evidence: its new list is written below its last key; the unused anchor stays
    def edit(service):
        walk = {"method": "observation", "source": "Branch walk"}
        service.replace("ticket-clear", customer_evidence=[walk])

    _, added, service = saved(hand, edit)
    assert "      - &waitfactor" in hand.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    assert any("Branch walk" in line for line in added)
    assert service.factors["ticket-clear"].customer_evidence[0].source == "Branch walk"


# -- the widgets save through the same path ------------------------------------------------------


def test_the_cycle_designer_saves_a_new_order_into_the_inline_lists(hand):
    from blueprint.widgets.designer import CycleDesigner

    def edit(service):
        designer = CycleDesigner(service, curve=False)
        designer.set_emotion("leave", 2)
        assert designer.move("leave", -1)
        assert designer.save()

    removed, added, service = saved(hand, edit, saves_itself=True)
    assert removed == ["    next: []   # customer leaves"]
    assert added == [
        "    next: [leave]",
        "    next: []",
        "    next: [at-counter]   # customer leaves",
        "    emotion: 2",
    ]
    assert service.moments["take-ticket"].next == ["leave"] and service.moments["leave"].emotion == 2


def test_the_standard_editor_adds_a_standard_and_its_metric_like_their_siblings(hand):
    from blueprint.widgets import StandardEditor

    def edit(service):
        editor = StandardEditor(service, "teller-courtesy")
        editor.form.controls["target"].value = "4"
        assert editor.save(anyway=True)

    removed, added, service = saved(hand, edit, saves_itself=True)
    assert removed == []
    text = hand.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    # the metrics are set apart by blank lines, and so is the new one
    assert "    scale: [1, 5]\n\n  - id: teller-courtesy-rating\n" in text
    assert "  translations: {zh: 河畔支行,  # the Chinese name\n" in text
    assert "  - id: teller-courtesy-rating-2" in added and "    target: 4" in added
    assert service.standards["teller-courtesy-rating-2"].target == 4


def test_the_first_factor_of_a_moment_is_written_without_empty_keys(hand):
    from blueprint.model.objects import KeyFactor

    factor = KeyFactor(id="clear-exit", title="Clear way out", element="hardware", sub_item="location")
    removed, added, service = saved(hand, lambda s: s.add(factor, moment="leave"))
    assert removed == []
    assert added == [
        "    factors:",
        "      - id: clear-exit",
        "        title: Clear way out",
        "        element: hardware",
        "        sub_item: location",
    ]
    assert service.factors["clear-exit"] == factor


def test_new_records_follow_the_files_own_list_indentation(tmp_path):
    from blueprint.model.objects import KeyFactor, Step

    path = tmp_path / "shoeshine.yaml"
    path.write_bytes((ROOT / "tests" / "data" / "saving" / "shoeshine-odd-indents.yaml").read_bytes())
    evidence = [{"method": "observation", "source": "Shostack 1984"}]

    def edit(service):
        service.add(Step(id="buff", title="Buff the shoes", lane="frontstage", supports=["shine"]))
        kind = KeyFactor(id="kind", title="Kind word", element="people", sub_item="attitude")
        service.add(kind.model_copy(update={"customer_evidence": evidence}), moment="pay")

    removed, added, service = saved(path, edit)
    assert removed == []
    assert added == [
        "  factors:",
        "  - id: kind",
        "    title: Kind word",
        "    element: people",
        "    sub_item: attitude",
        "    customer_evidence:",
        "    - method: observation",
        "      source: Shostack 1984",
        "    -   id: buff",
        "        title: Buff the shoes",
        "        lane: frontstage",
        "        supports: [shine]",
    ]
    assert service.steps["buff"].supports == ["shine"]


def test_a_tab_that_indents_a_line_is_named_with_the_fix(tmp_path):
    from blueprint.io.load import read

    path = tmp_path / "tabbed.yaml"
    path.write_text("version: 1\nservice:\n\tid: bank\n\ttitle: Bank\n", encoding="utf-8")
    (finding,) = read(path).findings
    assert (finding.rule, finding.location.line, finding.location.column) == ("BP001", 3, 1)
    assert "a tab indents this line" in finding.message
    assert "spaces" in finding.hint


@pytest.mark.parametrize(
    ("written", "kind"), [("0777", "a number"), ("1.0", "a number"), ("true", "true or false")]
)
def test_text_that_yaml_reads_as_a_number_is_named_with_the_fix(tmp_path, written, kind):
    from blueprint.io.load import read

    path = tmp_path / "teller.yaml"
    text = HAND.read_text(encoding="utf-8").replace("        title: '0777'", f"        title: {written}")
    path.write_text(text, encoding="utf-8")
    (finding,) = [f for f in read(path).findings if f.rule == "BP003"]
    line = text.splitlines().index(f"        title: {written}") + 1
    assert (finding.location.line, finding.location.column) == (line, 16)
    assert f"YAML reads it as {kind}" in finding.hint and "quotes" in finding.hint
    assert "title: '...'" in finding.hint


def test_a_lint_fix_that_quotes_an_example_reads_back_as_the_text():
    from blueprint.checks import lint

    (finding,) = [f for f in lint(blueprint.load(HAND)) if f.rule == "BP121"]
    assert "owner: '0777'" in finding.hint  # unquoted, 0777 would read as the number 777


def test_a_section_comment_less_indented_than_the_removed_item_stays(tmp_path):
    path = tmp_path / "bank.yaml"
    text = HAND.read_text(encoding="utf-8")
    text = text.replace("  # durations from the queue system", "# durations, queues")
    path.write_text(text, encoding="utf-8")

    def edit(service):
        service.remove("wait-10")
        service.remove("queue-wait")

    removed, _, _ = saved(path, edit)
    assert "# durations, queues" not in removed
    assert removed[0].startswith("  - {id: queue-wait, title: Wait from ticket to counter,")


def test_a_language_added_to_an_inline_mapping_with_a_comment_inside_keeps_the_comment(hand):
    def edit(service):
        names = {"zh": "河畔支行", "fr": "Agence Rivière", "en-GB": "Riverside: the branch"}
        service.info = service.info.model_copy(update={"translations": names})

    removed, added, service = saved(hand, edit)
    assert removed == ['                 fr: "Agence Rivière"}']
    assert added == ['                 fr: "Agence Rivière", en-GB: "Riverside: the branch"}']
    assert service.info.translations["en-GB"] == "Riverside: the branch"


def test_text_a_yaml_1_1_reader_takes_for_a_boolean_is_written_quoted(tmp_path):
    """Blueprint reads YAML 1.2, but a team's own scripts (PyYAML) read 1.1, where on/no/off are booleans."""
    yaml = pytest.importorskip("yaml")
    from blueprint.cli import main

    source = tmp_path / "bank.yaml"
    source.write_bytes(HAND.read_bytes())
    assert main(["export", str(source), "--to", "mermaid", "-o", str(tmp_path / "bank.md")]) == 0
    assert main(["import", str(tmp_path / "bank.md"), "-o", str(tmp_path / "back.yaml")]) == 0
    service = blueprint.load(tmp_path / "back.yaml")
    service.add(MomentOfTruth(id="advice", title="Yes", stage="in-service"))
    service.replace("leave", title="N")
    service.save()
    old_reader = yaml.safe_load((tmp_path / "back.yaml").read_text(encoding="utf-8"))
    titles = {m["id"]: m["title"] for m in old_reader["moments"]}
    assert titles == {"take-ticket": "no", "at-counter": titles["at-counter"], "leave": "N", "advice": "Yes"}
    assert {m["id"]: m["title"] for m in old_reader["metrics"]}["mood"] == "on"
    assert blueprint.load(tmp_path / "back.yaml").moments["take-ticket"].title == "no"

"""Mermaid interchange: flowchart and journey export, journey import, the CLI commands."""

from __future__ import annotations

import re

import pytest

from blueprint.cli import main
from blueprint.io.load import load, read_text
from blueprint.io.mermaid_read import emotion_to_score, read_journey, score_to_emotion, service_yaml
from blueprint.model.examples import tiny_service
from blueprint.model.vocabulary import Severity
from blueprint.render.mermaid import (
    mermaid_text,
    to_mermaid_flowchart,
    to_mermaid_journey,
    to_mermaid_markdown,
)
from conftest import DATA, EXAMPLES

ENTITY = re.compile(r"#\w+;")


def _decode(text: str) -> str:
    from blueprint.io.mermaid_read import _decode

    return _decode(text)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def hostile():
    return load(DATA / "hostile-text.yaml")


# -- export -------------------------------------------------------------------------


def test_flowchart_of_tiny_service_has_lanes_moments_and_edges():
    text = to_mermaid_flowchart(tiny_service())
    assert text.startswith("flowchart LR\n")
    lanes = re.findall(r'^  subgraph (\w+) \["([^"]*)"\]$', text, re.M)
    assert dict(lanes) == {
        "customer": "Customer actions",
        "frontstage": "Frontstage",
        "support": "Support processes",
    }
    labels = dict(re.findall(r'^    (\w+)\["([^"]*)"\]$', text, re.M))
    assert [labels[f"M{i}"].split("<br/>")[0] for i in range(1, 5)] == [
        "Arrive at the hotel", "Check in at the desk", "Order room service", "Check out",
    ]  # fmt: skip
    assert "W wait point ≤ 3 min" in labels["M2"]  # the time standard of the wait point
    assert "  M1 --> M2" in text and "  M2 --> M3" in text and "  M2 --> M4" in text
    assert '  M4 -.->|"next visit"| M1' in text  # the closing edge
    assert "  S1 -.-> M2" in text and "  S2 -.-> S1" in text  # supports edges
    assert "class M2 wait" in text


def test_journey_of_tiny_service_has_sections_in_cycle_order():
    text = to_mermaid_journey(tiny_service())
    assert text.splitlines()[:3] == ["journey", "  title Tiny hotel", "  section Pre-service"]
    tasks = re.findall(r"^    ([^%].*?): (\d): (.*)$", text, re.M)
    assert [t[0] for t in tasks] == [
        "Arrive at the hotel",
        "Check in at the desk",
        "Order room service",
        "Check out",
    ]
    assert {t[1] for t in tasks} == {"3"}  # no emotions set: neutral, with a comment saying so
    assert text.count("%% blueprint: emotion none") == 4
    assert tasks[1][2] == "Customer, Clerk registers guest"  # frontstage steps are actors


def test_journey_in_chinese_uses_translations(hostile):
    text = to_mermaid_journey(hostile, lang="zh")
    assert "section 售前" in text and "section 售中" in text and "section 售后" in text
    assert "第一个 #lt;script#gt;x#lt;/script#gt;: 1: 顾客" in text


@pytest.mark.parametrize(
    ("emotion", "score"), [(-3, 1), (-2, 1), (-1, 2), (0, 3), (1, 4), (2, 5), (3, 5), (None, 3)]
)
def test_emotion_maps_to_score_and_back_within_range(emotion, score):
    assert emotion_to_score(emotion) == score
    if emotion is not None and -2 <= emotion <= 2:
        assert score_to_emotion(score) == emotion


def test_mermaid_text_encodes_every_syntax_character():
    raw = 'a"b<c>d&e#f;g`h%i\nj\tk'
    assert mermaid_text(raw) == "a#quot;b#lt;c#gt;d#amp;e#35;f#59;g#96;h#37;i j k"
    assert mermaid_text("x: y, z", journey=True) == "x#58; y#44; z"
    text = to_mermaid_journey(tiny_service()).replace("Check out", "section x: 5")
    assert "section x" in text  # a plain replace would break the journey; the exporter does not:
    from blueprint.render.mermaid import _task_name

    assert _task_name("section 1") == "#115;ection 1"  # not read as a keyword
    assert _task_name("Title case") == "#84;itle case"


def test_hostile_flowchart_labels_are_inert_and_decode_to_the_titles(hostile):
    text = to_mermaid_flowchart(hostile)
    for line in text.splitlines():
        if line.startswith("    "):  # a node: ID["label"] with no raw quote, bracket or markup inside
            match = re.fullmatch(r'    [MES]\d+\["([^"]*)"\]', line)
            assert match, line
            label = match.group(1)
            assert not re.search(r"[<>;#&`]", ENTITY.sub("", label.replace("<br/>", ""))), line
    labels = [_decode(m.split("<br/>")[0]) for m in re.findall(r'^    M\d+\["([^"]*)"\]', text, re.M)]
    assert labels == [_flat(m.title) for m in hostile.moments.values()]
    assert "<script>" not in text and "\n\n" not in text


def test_hostile_journey_lines_are_inert_and_decode_to_the_titles(hostile):
    text = to_mermaid_journey(hostile)
    tasks = []
    for line in text.splitlines()[2:]:
        if line.lstrip().startswith(("section ", "%%")):
            continue
        bare = ENTITY.sub("x", line)
        assert not re.search(r"[;#<>]", bare), line
        name, _score, _actors = bare.split(":")  # exactly the two separators Mermaid reads
        assert not name.strip().lower().startswith(("section", "title", "acc"))
        tasks.append(_decode(line.rsplit(":", 2)[0].strip()))
    assert tasks == [_flat(m.title) for m in hostile.moments.values()]
    assert "  title Title #quot;x#quot;#59; #35;y#58; #lt;b#gt;z#lt;/b#gt; #amp; ]]#gt; $5" in text


def test_markdown_holds_both_diagrams_and_an_escaped_heading(hostile):
    text = to_mermaid_markdown(hostile, source="standards/hostile-text.yaml")
    assert text.count("```mermaid\n") == 2 and text.count("\n```\n") == 2
    heading = text.splitlines()[0]
    assert heading.startswith("# Title") and "<b>" not in heading and "&lt;b&gt;" in heading
    assert "\\#y" in heading  # Markdown punctuation escaped


# -- import -------------------------------------------------------------------------


def test_import_reads_titles_stages_emotions_and_actors():
    document, findings = read_journey((DATA / "journey-hotel-stay.mmd").read_text(), "journey-hotel-stay.mmd")
    assert findings == []
    assert document["version"] == 1
    assert document["service"] == {"id": "journey-hotel-stay", "title": "Weekend hotel stay"}
    moments = document["moments"]
    assert [(m["id"], m["stage"], m["emotion"]) for m in moments] == [
        ("book-a-room-online", "pre-service", 1),
        ("receive-the-confirmation", "pre-service", 0),
        ("check-in-at-the-desk", "in-service", -1),
        ("sleep-well", "in-service", 2),
        ("check-out", "post-service", 0),
    ]
    assert moments[2]["description"] == "Actors: Guest, Receptionist"


def test_import_guesses_stages_by_position_and_says_so():
    document, findings = read_journey((DATA / "journey-workday.mmd").read_text(), "tests/journey-workday.mmd")
    assert [m["stage"] for m in document["moments"]] == ["pre-service"] * 3 + ["in-service"] * 2
    assert [m["emotion"] for m in document["moments"]] == [2, 0, -2, 2, 2]  # 4.5 rounds to 4... then +1
    warnings = [(f.location.line, f.message) for f in findings]
    assert (3, "section 'Go to work' names no stage; read as pre-service") in warnings
    assert (7, "section 'Go home' names no stage; read as in-service") in warnings
    assert any(line == 9 and "4.5 is not a whole number" in m for line, m in warnings)
    assert all(f.severity is Severity.WARNING for f in findings)


def test_import_errors_name_line_and_column_and_write_nothing():
    document, findings = read_journey((DATA / "journey-bad-score.mmd").read_text(), "bad.mmd")
    assert document is None
    assert [(str(f.location), f.message) for f in findings] == [
        ("bad.mmd:5:25", "score 'seven' is not a number"),
        ("bad.mmd:6:25", "score 9 is outside 1..5"),
    ]
    assert all(f.hint for f in findings)


def test_import_errors_for_unreadable_lines():
    document, findings = read_journey((DATA / "journey-bad-line.mmd").read_text(), "bad.mmd")
    assert document is None
    located = [(f.location.line, f.location.column, f.message) for f in findings]
    assert located[0] == (
        4,
        5,
        "cannot read 'Queue for a teller 3 Customer': a task is 'Task name: score: actors'",
    )
    assert located[1][:2] == (5, 16) and "';'" in located[1][2]
    assert "#59;" in findings[1].hint


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ((DATA / "not-a-journey.mmd").read_text(), "this is a Mermaid 'flowchart' diagram, not a journey"),
        ("", "the file holds no Mermaid diagram"),
        ("journey\n  title Nothing here\n", "the journey has no tasks"),
    ],
)
def test_import_refuses_what_is_not_a_journey(text, message):
    document, findings = read_journey(text, "x.mmd")
    assert document is None
    assert findings[0].message == message and findings[0].severity is Severity.ERROR


def test_import_decodes_entities_and_keeps_comments_out():
    text = "journey\n  section Pre\n    Say #quot;hi#quot; #35;1: 4: A#44; B %% a comment\n"
    document, findings = read_journey(text, "x.mmd")
    assert findings[0].message.startswith("the journey has no title")
    assert document["moments"][0]["title"] == 'Say "hi" #1'
    assert document["moments"][0]["description"] == "Actors: A, B"


def test_written_service_loads_without_findings(tmp_path):
    document, _ = read_journey((DATA / "journey-hotel-stay.mmd").read_text(), "journey-hotel-stay.mmd")
    text = service_yaml(document, origin="journey-hotel-stay.mmd\nevil: injected")
    assert text.startswith("# yaml-language-server: $schema=service.schema.json\n")
    assert "\nevil:" not in text  # the origin stays inside its comment
    loaded = read_text(text, "new.yaml")
    assert loaded.ok and loaded.findings == []
    assert loaded.service.info.title == "Weekend hotel stay"


# -- round trip ---------------------------------------------------------------------


@pytest.mark.parametrize("path", [*EXAMPLES, DATA / "hostile-text.yaml"], ids=lambda p: p.stem)
def test_export_then_import_keeps_titles_stages_and_emotions(path):
    service = load(path)
    document, findings = read_journey(to_mermaid_journey(service), f"{service.info.id}.mmd")
    assert not [f for f in findings if f.severity is Severity.ERROR]
    assert document["service"]["title"] == _flat(service.info.title)
    from blueprint.model.queries import cycle_order

    original = [service.moments[m] for m in cycle_order(service)]
    back = document["moments"]
    assert [m["title"] for m in back] == [_flat(m.title) for m in original]
    assert [m["stage"] for m in back] == [m.stage.value for m in original]
    assert [m.get("emotion") for m in back] == [m.emotion for m in original]
    assert read_text(service_yaml(document), "back.yaml").ok


def test_import_reads_the_journey_out_of_exported_markdown():
    service = tiny_service()
    markdown = to_mermaid_markdown(service)
    document, findings = read_journey(markdown, "tiny.md")
    assert findings == []
    assert document["moments"][0]["title"] == "Arrive at the hotel"


def test_markdown_import_errors_keep_markdown_line_numbers():
    markdown = "# Notes\n\n```mermaid\njourney\n  section Pre\n    Broken task\n```\n"
    _, findings = read_journey(markdown, "notes.md")
    assert (findings[0].location.line, findings[0].location.column) == (6, 5)


# -- command line -------------------------------------------------------------------


def test_cli_export_writes_markdown_to_stdout_and_to_a_file(tmp_path, capsys):
    source = DATA / "hostile-text.yaml"
    assert main(["export", str(source), "--to", "mermaid"]) == 0
    out = capsys.readouterr().out
    assert out.count("```mermaid") == 2 and "flowchart LR" in out and "journey" in out
    target = tmp_path / "diagrams.md"
    assert main(["export", str(source), "--to", "mermaid", "-o", str(target), "--lang", "zh"]) == 0
    assert "section 售前" in target.read_text(encoding="utf-8")


def test_cli_export_of_a_broken_file_reports_and_exits_1(capsys):
    assert main(["export", str(DATA / "broken" / "dangling-factor.yaml"), "--to", "mermaid"]) == 1
    assert "BP006" in capsys.readouterr().err


def test_cli_import_writes_a_service_and_refuses_to_overwrite(tmp_path, capsys):
    target = tmp_path / "stay.yaml"
    source = str(DATA / "journey-hotel-stay.mmd")
    assert main(["import", source, "-o", str(target)]) == 0
    assert "5 moments" in capsys.readouterr().out
    assert load(target).info.title == "Weekend hotel stay"
    target.write_text("# someone's work\n")
    assert main(["import", source, "-o", str(target)]) == 2
    assert "--force" in capsys.readouterr().err
    assert target.read_text() == "# someone's work\n"
    assert main(["import", source, "-o", str(target), "--force"]) == 0
    assert load(target).moments


def test_cli_import_of_unreadable_journey_exits_1_with_locations(tmp_path, capsys):
    target = tmp_path / "bad.yaml"
    assert main(["import", str(DATA / "journey-bad-score.mmd"), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "journey-bad-score.mmd:5:25: error MM001 score 'seven' is not a number" in err
    assert not target.exists()

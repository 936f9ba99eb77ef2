"""The lint on services written from the literature: its advice, followed, clears the finding.

Shostack's (1984) discount brokerage has a soft standard (clients rate the
statement's clarity) that says nothing of how it is measured.
"""

from __future__ import annotations

from blueprint.checks import lint
from blueprint.io.load import load
from blueprint.model.objects import Measurement
from conftest import DATA

BROKERAGE = DATA / "literature" / "discount-brokerage.yaml"


def _found(service, rule, subject):
    return [f for f in lint(service) if f.rule == rule and f.subject == subject]


def test_a_soft_standard_without_measurement_is_told_to_ask_customers_and_doing_so_clears_it():
    service = load(BROKERAGE)
    [missing] = _found(service, "BP102", "statement-clear")
    assert "method: survey" in missing.hint and "system-log" not in missing.hint
    service.replace("statement-clear", measurement=Measurement(method="survey", source="client panel"))
    assert not _found(service, "BP102", "statement-clear")
    assert not _found(service, "BP103", "statement-clear")  # the advice does not lead to another warning


def test_a_hard_standard_without_measurement_is_told_to_read_the_operation():
    [missing] = _found(load(BROKERAGE), "BP102", "confirm-15min")
    assert "method: system-log" in missing.hint


def test_a_single_id_where_a_list_belongs_is_told_to_write_the_list(tmp_path):
    from blueprint.io.load import read

    path = tmp_path / "branch.yaml"
    path.write_text(
        "version: 1\nservice: {id: branch, title: Bank branch counter}\nmoments:\n"
        "  - id: enter\n    title: Enter the branch\n    stage: pre-service\n    next: counter\n"
        "    duration: 2 minutes\n"
        "  - id: counter\n    title: Served at the counter\n    stage: in-service\n",
        encoding="utf-8",
    )
    found = {f.location.line: f for f in read(path).findings}
    assert found[7].rule == "BP003" and found[7].hint == "write a list, even of one item: next: [counter]"
    assert found[8].rule == "BP003"
    assert found[8].hint.startswith("write a mapping of its keys") and "{" in found[8].hint


def test_a_title_with_a_line_break_or_a_terminal_escape_stays_on_its_finding_line(tmp_path, capsys):
    """BP209 names the moment's title; the text report prints it with the escapes visible."""
    from blueprint.cli import main

    text = (DATA / "literature" / "permit-office-hostile.yaml").read_text(encoding="utf-8")
    hostile = 'title: "Collect the\\npermit \\e[31mRED \\u202eevil"\n    channels: [counter]'
    text = text.replace('title: "Collect the permit ✅ ]]> -->"', hostile)
    path = tmp_path / "permit.yaml"
    path.write_text(text, encoding="utf-8")
    main(["check", str(path), "--show", "info"])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    [line] = [line for line in out.splitlines() if "BP209" in line and "'collect'" in line]
    # the override is ended where the title ends (the \u202c Blueprint adds), shown as escapes too
    assert line.startswith(f"  {path}:") and "(Collect the\\npermit \\x1b[31mRED \\u202eevil\\u202c)" in line


def test_summary_and_suggest_print_titles_with_their_escapes(tmp_path, capsys):
    from blueprint.cli import main

    text = (DATA / "literature" / "dental-practice.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Dental check-up", 'title: "Dental\\ncheck-up \\e[2J"')
    text = text.replace("title: A choice of times", 'title: "A choice\\nof times \\e[31m"')
    path = tmp_path / "dental.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["summary", str(path)]) == 0
    summary = capsys.readouterr().out
    assert summary.splitlines()[0] == "Dental\\ncheck-up \\x1b[2J (dental-checkup)"
    assert main(["suggest", str(path), "--factor", "slot-choice"]) == 0
    suggested = capsys.readouterr().out
    assert "\x1b" not in suggested and "A choice\\nof times \\x1b[31m" in suggested


def test_a_standard_still_in_draft_is_pointed_to_the_suggester(tmp_path):
    from blueprint.io.load import read

    text = (DATA / "literature" / "dental-practice.yaml").read_text(encoding="utf-8")
    start = text.index("    kind: soft\n    metric: comfort")
    path = tmp_path / "dental.yaml"
    path.write_text(text[:start], encoding="utf-8")  # the draft ends at its statement
    missing = [f for f in read(path).findings if f.rule == "BP004"]
    named = {f.message.rsplit(" ", 1)[1] for f in missing}
    assert named == {"'metric'", "'comparator'", "'target'", "'unit'"}
    assert all("blueprint suggest FILE --factor gentle" in f.hint for f in missing)

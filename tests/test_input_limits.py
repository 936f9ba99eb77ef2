"""Service files and command-line arguments are bounded, and what is refused is refused clearly.

The services here are small ones written for these tests (a bank branch, a
call centre, Shostack's shoeshine stand); each bad input must end in a
located finding or a usage error (exit 2) with a message, never a
traceback, a hang, or a silent pass.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from blueprint.io.load import read, read_text

DATA = Path(__file__).parent / "data" / "limits"
BANK = (DATA / "bank-branch.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("written", "shown"), [("true", "true"), ("1.0", "1.0"), ("1e0", "1.0")])
def test_a_version_that_only_equals_1_in_python_is_refused(written, shown):
    text = BANK.replace("version: 1\n", f"version: {written}\n")
    loaded = read_text(text, "bank.yaml")
    [finding] = [f for f in loaded.findings if f.rule == "BP009"]
    assert finding.message.startswith(f"version {shown} is not a whole number")
    assert (finding.location.line, finding.location.column) == (2, 10)
    assert not loaded.ok


def test_version_1_is_read():
    assert read(DATA / "bank-branch.yaml").ok


# -- command-line arguments ---------------------------------------------------------------------

JOURNEY = """\
journey
  title Call centre: a billing question
  section Before
    Find the number on the bill: 3: Caller
  section Call
    Wait in the queue: 1: Caller
    Agent answers the question: 5: Caller, Agent
"""


def _commands(tmp_path: Path, output: str) -> list[list[str]]:
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK, encoding="utf-8")
    (tmp_path / "pyproject.toml").touch()
    journey = tmp_path / "call.mmd"
    journey.write_text(JOURNEY, encoding="utf-8")
    return [
        ["schema", "-o", output],
        ["measure", str(bank), "--data", str(tmp_path), "-o", output],
        ["import", str(journey), "-o", output, "--force"],
        ["render", str(bank), "--view", "cycle", "-o", output],
        ["export", str(bank), "--to", "csv", "-o", output],
    ]


@pytest.mark.parametrize("command", range(5), ids=["schema", "measure", "import", "render", "export"])
def test_output_into_a_missing_folder_is_a_usage_error(tmp_path, capsys, command):
    from blueprint.cli import main

    output = str(tmp_path / "no-such-folder" / "out.svg")
    argv = _commands(tmp_path, output)[command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"-o {output}: the folder {tmp_path / 'no-such-folder'} does not exist" in err
    assert not (tmp_path / "no-such-folder").exists()


@pytest.mark.parametrize("command", range(5), ids=["schema", "measure", "import", "render", "export"])
def test_output_onto_a_folder_is_a_usage_error_and_writes_nothing_beside_it(tmp_path, capsys, command):
    from blueprint.cli import main

    folder = tmp_path / "out"
    folder.mkdir()
    argv = _commands(tmp_path, str(folder))[command]
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(argv) == 2
    assert f"-o {folder}: is a folder; name a file" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temporary file in the parent
    assert list(folder.iterdir()) == []


def test_an_atomic_write_onto_a_folder_makes_no_temporary_file(tmp_path):
    from blueprint.io.atomic import write_atomic

    (tmp_path / "target").mkdir()
    with pytest.raises(IsADirectoryError):
        write_atomic(tmp_path / "target", "text")
    assert [p.name for p in tmp_path.iterdir()] == ["target"]


@pytest.mark.parametrize("prefixes", ["E", "E,P,X", "E,", ",P", "E,E"])
def test_servqual_prefixes_must_be_two_different_words(tmp_path, capsys, prefixes):
    from blueprint.cli import main

    answers = tmp_path / "branch-survey.csv"
    answers.write_text("respondent,E1,P1\nr1,6,5\nr2,7,4\n", encoding="utf-8")
    assert main(["survey", "servqual", str(answers), "--prefixes", prefixes]) == 2
    assert f"--prefixes {prefixes!r}: give two different prefixes" in capsys.readouterr().err


# -- files that are not regular files -----------------------------------------------------------


def _run_cli(*argv: str) -> subprocess.CompletedProcess[str]:
    # in a child: on a pipe the reader used to wait forever, on /dev/zero to fill the memory
    code = "import sys; from blueprint.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
@pytest.mark.parametrize("command", ["check", "summary", "import"])
def test_a_named_pipe_is_refused_at_once(tmp_path, command):
    pipe = tmp_path / ("shoeshine.mmd" if command == "import" else "shoeshine.yaml")
    os.mkfifo(pipe)
    done = _run_cli(command, str(pipe))
    assert done.returncode == 2, done.stderr
    assert f"{pipe}: cannot be read (it is a named pipe (FIFO), not a file)" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_device_is_refused_at_once():
    done = _run_cli("check", "/dev/zero")
    assert done.returncode == 2
    assert "/dev/zero: cannot be read (it is a character device, not a file)" in done.stderr


def test_a_folder_given_to_read_is_an_os_error(tmp_path):
    from blueprint.io.files import NotARegularFile

    with pytest.raises(NotARegularFile, match="it is a folder, not a file"):
        read(tmp_path)


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    from blueprint.io.files import open_regular, read_bounded

    path = tmp_path / "shoeshine.yaml"
    path.write_bytes(b"x" * 100)
    with open_regular(path) as handle:
        assert read_bounded(handle, 99) is None
    with open_regular(path) as handle:
        assert read_bounded(handle, 100) == b"x" * 100


# -- import ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["55296", "56320", "57343"])
def test_an_imported_surrogate_code_stays_text_and_the_file_loads(tmp_path, capsys, code):
    from blueprint.cli import main

    journey = tmp_path / "shoeshine.mmd"
    journey.write_text(
        "journey\n  title Shostack's shoeshine\n  section In-service\n"
        f"    Brush the shoes #{code};: 4: Customer, Shiner\n    Pay #36; 1: 3: Customer\n",
        encoding="utf-8",
    )
    target = tmp_path / "shoeshine.yaml"
    assert main(["import", str(journey), "-o", str(target)]) == 0
    loaded = read(target)
    assert loaded.ok, [str(f) for f in loaded.findings]
    titles = [m.title for m in loaded.service.moments.values()]
    assert f"Brush the shoes #{code};" in titles and "Pay $ 1" in titles


# -- control characters: kept at load (written as escapes), left out by every writer --------------

HOTEL_BEL = (
    BANK.replace("title: Enter the branch and take", 'title: "Enter the branch\\x07 and take')
    .replace("take a ticket\n", 'take a ticket"\n', 1)
    .replace(
        "statement: 90% of customers reach a teller within 5 minutes.",
        'statement: "90% of customers\\x1b reach a teller within 5 minutes.\\x07"',
    )
    .replace("moments:\n", 'channels:\n  - {id: counter-desk, title: "Counter\\x0b desk"}\nmoments:\n', 1)
    .replace("    emotion: 1\n", "    emotion: 1\n    channels: [counter-desk]\n", 1)
)


def _well_formed_xml(data: bytes) -> None:
    import xml.dom.minidom

    xml.dom.minidom.parseString(data)  # raises on a character XML cannot hold


def test_escaped_control_characters_are_kept_at_load():
    loaded = read_text(HOTEL_BEL, "bank.yaml")
    assert loaded.ok, [str(f) for f in loaded.findings]
    assert loaded.service.standards["queue-5min"].statement.endswith("5 minutes.\x07")
    assert loaded.service.moments["enter"].title == "Enter the branch\x07 and take a ticket"


def test_the_catalogue_workbook_leaves_control_characters_out(tmp_path, capsys):
    from openpyxl import load_workbook

    from blueprint.cli import main

    path = tmp_path / "bank.yaml"
    path.write_text(HOTEL_BEL, encoding="utf-8")
    target = tmp_path / "standards.xlsx"
    assert main(["export", str(path), "--to", "xlsx", "-o", str(target)]) == 0
    cells = [c.value for row in load_workbook(target).active.iter_rows() for c in row]
    assert "90% of customers reach a teller within 5 minutes." in cells


@pytest.mark.parametrize("view", ["emotion", "channels", "cycle", "blueprint"])
def test_every_service_picture_is_well_formed_svg_with_control_characters(view):
    from blueprint.render import render

    service = read_text(HOTEL_BEL, "bank.yaml").service
    svg = render(service, view=view).svg()
    _well_formed_xml(svg.encode("utf-8"))
    assert "Enter the branch" in svg or view == "channels"


def test_the_kano_chart_is_well_formed_svg_with_control_characters(tmp_path):
    import pandas as pd

    from blueprint.survey import kano
    from blueprint.survey.kano import pairs_frame

    answers = pd.concat(
        [
            pairs_frame("free\x07 wifi", [("like", "dislike")] * 3),
            pairs_frame("spa", [("like", "neutral")] * 2),
        ],
        ignore_index=True,
    )
    kano(answers).chart(tmp_path / "kano.svg")
    data = (tmp_path / "kano.svg").read_bytes()
    _well_formed_xml(data)
    assert b"free wifi" in data


# -- many findings of one kind ---------------------------------------------------------------------


def test_past_the_limit_findings_of_one_kind_are_counted_not_listed():
    extra = "".join(f"    note{i}: x\n" for i in range(5_000))  # 5,000 unknown keys in one moment
    text = BANK.replace("    stage: pre-service\n", "    stage: pre-service\n" + extra, 1)
    findings = read_text(text, "bank.yaml").findings
    listed = [f for f in findings if f.rule == "BP002" and "unknown key" in f.message]
    [summary] = [f for f in findings if f.rule == "BP002" and "more" in f.message]
    assert len(listed) == 100 and len(findings) == 101
    assert summary.message.startswith("4,900 more BP002 findings like those above are not listed")
    first_left = text.splitlines()[summary.location.line - 1]
    assert first_left == "    note100: x"
    assert "LIMITS['max_findings_per_rule']" in summary.hint


def test_the_limit_applies_to_reference_findings_too(monkeypatch):
    from blueprint.io.yaml_located import LIMITS

    monkeypatch.setitem(LIMITS, "max_findings_per_rule", 3)
    text = BANK.replace(
        "    factors: [short-queue]\n", "    factors: [" + ", ".join(f"f{i}" for i in range(10)) + "]\n"
    )
    findings = read_text(text, "bank.yaml").findings
    dangling = [f for f in findings if f.rule == "BP006"]
    assert len(dangling) == 4 and dangling[-1].message.startswith("7 more BP006 findings")
    assert dangling[-1].location.line == dangling[0].location.line  # the list where the rest are


def test_a_large_file_with_one_problem_is_still_located():
    # large enough for the fast parser, which hands any problem to the careful one
    filler = "".join(f"  - id: m{i}\n    title: Moment {i}\n    stage: in-service\n" for i in range(2_000))
    text = BANK.replace("moments:\n", "moments:\n" + filler, 1).replace("    emotion: 0\n", "    emoton: 0\n")
    assert len(text) > 64 * 1024
    [finding] = [f for f in read_text(text, "bank.yaml").findings if f.severity.value == "error"]
    assert finding.rule == "BP002" and "'emoton'" in finding.message
    assert text.splitlines()[finding.location.line - 1].strip() == "emoton: 0"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_as_the_lint_configuration_is_refused_at_once():
    done = _run_cli("check", str(DATA / "bank-branch.yaml"), "--config", "/dev/zero")
    assert done.returncode == 2
    assert "/dev/zero: cannot be read (it is a character device, not a file)" in done.stderr

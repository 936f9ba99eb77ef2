"""Commands that write files never replace a file holding someone's work without being asked.

The bank branch's service names its queue export, data/queue.csv; a team that
keeps its real export there and asks for example data, or writes an export to
the wrong name, must not lose the file.
"""

from __future__ import annotations

import shutil

import pytest

from blueprint.cli import main
from blueprint.io.load import load
from blueprint.measure.example_data import write_example
from conftest import ROOT

BANK = ROOT / "tests" / "data" / "saving" / "bank-counter.yaml"
REAL_EXPORT = "ticket;served;wait\r\nA-017;08:41;00:07:30\r\n"


@pytest.fixture
def branch(tmp_path):
    shutil.copy(BANK, tmp_path / "bank.yaml")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "queue.csv").write_text(REAL_EXPORT, encoding="utf-8", newline="")
    return tmp_path


def test_example_data_leaves_real_data_alone_and_says_so(branch, capsys):
    code = main(["example-data", "--service", str(branch / "bank.yaml"), "--out", str(branch)])
    assert code == 2
    err = capsys.readouterr().err
    assert str(branch / "data" / "queue.csv") in err and "--force" in err
    assert (branch / "data" / "queue.csv").read_bytes() == REAL_EXPORT.encode()


def test_example_data_force_replaces_it(branch, capsys):
    args = ["example-data", "--service", str(branch / "bank.yaml"), "--out", str(branch), "--force"]
    assert main(args) == 0
    assert (branch / "data" / "queue.csv").read_text(encoding="utf-8").startswith("timestamp,")


def test_write_example_refuses_existing_files_before_writing_any(branch):
    service = load(branch / "bank.yaml")
    with pytest.raises(FileExistsError) as refused:
        write_example(branch, service=service, seed=1)
    assert "data/queue.csv" in str(refused.value).replace("\\", "/")
    assert (branch / "data" / "queue.csv").read_bytes() == REAL_EXPORT.encode()
    written = write_example(branch, service=service, seed=1, overwrite=True)
    assert written.files == [branch / "data" / "queue.csv"]


@pytest.mark.parametrize("to", ["json", "csv", "mermaid"])
def test_export_onto_the_service_file_it_reads_is_refused(branch, capsys, to):
    service_file = branch / "bank.yaml"
    before = service_file.read_bytes()
    assert main(["export", str(service_file), "--to", to, "-o", str(service_file)]) == 2
    err = capsys.readouterr().err
    assert "bank.yaml" in err and "service file" in err
    assert service_file.read_bytes() == before


def test_export_onto_another_service_file_is_refused(branch, capsys):
    other = branch / "other.yaml"
    shutil.copy(BANK, other)
    before = other.read_bytes()
    assert main(["export", str(branch / "bank.yaml"), "--to", "mermaid", "-o", str(other)]) == 2
    assert "service file" in capsys.readouterr().err
    assert other.read_bytes() == before


def test_measure_output_onto_the_service_file_is_refused(branch, capsys):
    service_file = branch / "bank.yaml"
    before = service_file.read_bytes()
    code = main(["timing", str(service_file), "-o", str(service_file)])
    assert code == 2
    assert "service file" in capsys.readouterr().err
    assert service_file.read_bytes() == before


def test_export_to_a_new_file_or_over_an_old_export_still_works(branch):
    out = branch / "bank.md"
    assert main(["export", str(branch / "bank.yaml"), "--to", "mermaid", "-o", str(out)]) == 0
    first = out.read_text(encoding="utf-8")
    assert "flowchart" in first
    assert main(["export", str(branch / "bank.yaml"), "--to", "mermaid", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == first


def test_export_does_not_replace_a_file_someone_wrote(branch, capsys):
    notes = branch / "README.md"
    notes.write_text("# Riverside branch\n\nOur notes from the March workshop.\n", encoding="utf-8")
    queue = branch / "data" / "queue.csv"
    for target, to in ((notes, "mermaid"), (queue, "csv"), (branch / "data" / "queue.csv", "json")):
        before = target.read_bytes()
        assert main(["export", str(branch / "bank.yaml"), "--to", to, "-o", str(target)]) == 2
        err = capsys.readouterr().err
        assert f"-o {target}: exists and is not an earlier `blueprint export --to {to}`" in err
        assert "--force" in err and target.read_bytes() == before
    assert main(["export", str(branch / "bank.yaml"), "--to", "mermaid", "-o", str(notes), "--force"]) == 0
    assert "flowchart" in notes.read_text(encoding="utf-8")


@pytest.mark.parametrize("to", ["csv", "json", "xlsx"])
def test_export_replaces_its_own_earlier_output(branch, to):
    out = branch / f"catalogue.{to}"
    args = ["export", str(branch / "bank.yaml"), "--to", to, "-o", str(out)]
    assert main(args) == 0
    first = out.stat().st_size
    assert main(args) == 0 and out.stat().st_size == first

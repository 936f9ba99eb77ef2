from __future__ import annotations

import json
import subprocess
import sys

from blueprint.cli import main
from conftest import DATA, ROOT


def test_check_valid_file_exits_0_and_names_no_error(capsys):
    assert main(["check", str(DATA / "valid-minimal.yaml")]) == 0
    assert " error " not in capsys.readouterr().out


def test_check_broken_file_prints_location_and_fix_and_exits_1(capsys):
    assert main(["check", str(DATA / "broken" / "dangling-factor.yaml")]) == 1
    out = capsys.readouterr().out
    assert "dangling-factor.yaml:60:15: error BP006 key factor 'checkin-sped' does not exist" in out
    assert "fix: did you mean 'checkin-speed'?" in out


def test_check_folder_checks_every_file(capsys):
    assert main(["check", str(DATA / "broken")]) == 1
    out = capsys.readouterr().out
    assert out.count("error BP") == len(list((DATA / "broken").glob("*.yaml")))


def test_missing_path_is_a_usage_error(capsys):
    assert main(["check", "no/such/file.yaml"]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_summary_and_schema(capsys, tmp_path):
    assert main(["summary", str(DATA / "valid-minimal.yaml")]) == 0
    assert "paths      1" in capsys.readouterr().out
    out = tmp_path / "schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    schema = json.loads(out.read_text())
    assert schema["title"] == "Blueprint service file"
    assert set(schema["properties"]) >= {"version", "service", "moments", "standards", "promises"}


def test_committed_schema_is_up_to_date():
    from blueprint.io.schema import schema_text

    committed = (ROOT / "standards" / "service.schema.json").read_text()
    assert committed == schema_text(), "run: blueprint schema -o standards/service.schema.json"


def test_schema_accepts_the_examples_and_rejects_a_broken_one():
    import jsonschema
    import yaml

    from blueprint.io.schema import json_schema

    validator = jsonschema.Draft202012Validator(json_schema())
    for path in [*sorted((ROOT / "standards").glob("*.yaml")), DATA / "valid-minimal.yaml"]:
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        assert not list(validator.iter_errors(data)), path
    data = yaml.safe_load((DATA / "broken" / "unknown-key-did-you-mean.yaml").read_text())
    assert list(validator.iter_errors(json.loads(json.dumps(data, default=str))))


def test_console_script_runs_in_a_fresh_process():
    result = subprocess.run(
        [sys.executable, "-m", "blueprint.cli", "check", str(DATA / "valid-minimal.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "valid-minimal.yaml" in result.stdout


def test_python_api_from_the_readme():
    import blueprint

    service = blueprint.load(DATA / "valid-minimal.yaml")
    assert "Mini hotel (mini-hotel)" in service.summary()


def test_a_reader_that_stops_early_gets_no_traceback():
    """``blueprint check standards/ | head -1``: the closed pipe is the reader's choice."""
    process = subprocess.Popen(
        # the report is larger than a pipe holds, so the write meets the closed end
        [sys.executable, "-m", "blueprint.cli", "check", "--show", "info", *[str(ROOT / "standards")] * 8],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().strip()
    process.stdout.close()
    error = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in error and "BrokenPipe" not in error

"""`blueprint check` with the lint, its formats and exit codes; `blueprint suggest` and `rules`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
import yaml

from blueprint.cli import main
from conftest import DATA, EXAMPLES, ROOT

LINT = DATA / "lint"
FLAWED = LINT / "bp104-statement-3-minutes-target-240-seconds.yaml"
LENIENT = LINT / "bp106-share-80.yaml"


@pytest.fixture
def quiet_project(tmp_path, monkeypatch):
    """A folder with settings that silence the date-dependent review rule."""
    (tmp_path / "pyproject.toml").write_text('[tool.blueprint]\ndisable = ["BP123"]\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_pass_with_no_errors(path, capsys):
    assert main(["check", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["error"] == 0


def test_a_lint_error_exits_1_with_file_line_column(capsys):
    assert main(["check", str(FLAWED)]) == 1
    out = capsys.readouterr().out
    assert f"{FLAWED}:55:16: error BP104 the statement says '3 minutes' but the target is 240 seconds" in out


def test_fail_on_decides_which_severity_fails(quiet_project, capsys):
    lenient = shutil.copy(LENIENT, quiet_project / "lenient.yaml")
    assert main(["check", str(lenient)]) == 0
    assert main(["check", str(lenient), "--fail-on", "warning"]) == 1
    assert "warning BP106" in capsys.readouterr().out
    clean = shutil.copy(LINT / "clean.yaml", quiet_project / "clean.yaml")
    assert main(["check", str(clean), "--fail-on", "info"]) == 0


@pytest.mark.parametrize(
    ("content", "rule", "where"),
    [
        (b"", "BP010", ":1:1: error BP010 the file is empty"),
        (b"# only a comment\n", "BP010", ":1:1: error BP010 the file is empty"),
        (b"just some words\n", "BP010", ":1:1: error BP010"),
        (b"version: 1\nservice: [unclosed\n", "BP001", ":3:1: error BP001 YAML syntax error"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "BP010", ":1:1: error BP010 the file is not UTF-8 text"),
    ],
)  # fmt: skip
def test_empty_garbage_and_non_yaml_files_are_findings_with_a_location(
    tmp_path, capsys, content, rule, where
):
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}{where}" in out
    assert rule in out


def test_missing_path_or_folder_without_services_is_a_usage_error(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["check", str(tmp_path)]) == 2
    assert "no service files" in capsys.readouterr().err


def test_a_bad_setting_is_a_usage_error_naming_the_file(tmp_path, capsys):
    settings = tmp_path / "pyproject.toml"
    settings.write_text("[tool.blueprint.thresholds]\nmin_share = 7\n")
    shutil.copy(LINT / "clean.yaml", tmp_path / "clean.yaml")
    assert main(["check", str(tmp_path / "clean.yaml")]) == 2
    assert f"{settings}:2: [tool.blueprint] thresholds.min_share = 7" in capsys.readouterr().err


def test_explicit_config_and_no_lint(tmp_path, capsys):
    settings = tmp_path / "lint.toml"
    settings.write_text('[tool.blueprint]\ndisable = ["BP104"]\n')
    assert main(["check", str(FLAWED), "--config", str(settings)]) == 0
    assert main(["check", str(FLAWED), "--no-lint"]) == 0
    assert "BP104" not in capsys.readouterr().out


def test_json_junit_github_and_sarif_formats(capsys):
    assert main(["check", str(FLAWED), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    errors = [f["rule"] for f in data["files"][0]["findings"] if f["severity"] == "error"]
    assert data["version"] == 1 and errors == ["BP104", "BP104"]
    assert main(["check", str(FLAWED), "--format", "junit"]) == 1
    assert ET.fromstring(capsys.readouterr().out).get("failures") == "1"
    assert main(["check", str(FLAWED), "--format", "github"]) == 1
    assert f"::error file={FLAWED},line=55,col=16," in capsys.readouterr().out
    assert main(["check", str(FLAWED), "--format", "sarif"]) == 1
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert [r["ruleId"] for r in results if r["level"] == "error"] == ["BP104", "BP104"]


def test_machine_formats_are_not_coloured(monkeypatch, capsys):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    main(["check", str(FLAWED), "--format", "json"])
    assert "\033[" not in capsys.readouterr().out


def test_suggest_prints_drafts_as_text_or_yaml(capsys):
    clean = str(LINT / "clean.yaml")
    assert main(["suggest", clean, "--factor", "checkin-speed"]) == 0
    out = capsys.readouterr().out
    assert "checkin-speed-limit" in out and "why:" in out and "to choose: owner" in out
    assert main(["suggest", clean, "--factor", "checkin-speed", "--format", "yaml"]) == 0
    data = yaml.safe_load(capsys.readouterr().out)
    assert data["standards"][0]["target"] == 5


def test_suggest_unknown_factor_or_broken_file(capsys):
    assert main(["suggest", str(LINT / "clean.yaml"), "--factor", "nope"]) == 2
    known = "checkin-speed, room-cleanliness, warm-welcome"
    assert f"has no key factor 'nope' (factors: {known})" in capsys.readouterr().err
    assert main(["suggest", str(DATA / "broken" / "dangling-factor.yaml"), "--factor", "x"]) == 1


def test_rules_lists_and_writes_the_reference(capsys):
    assert main(["rules"]) == 0
    assert "BP104  error" in capsys.readouterr().out
    assert main(["rules", "--markdown"]) == 0
    assert capsys.readouterr().out == (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")


def test_check_json_in_a_fresh_process():
    run = subprocess.run(
        [sys.executable, "-m", "blueprint.cli", "check", str(EXAMPLES[0]), "--format", "json"],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["version"] == 1


def test_pre_commit_hooks_run_blueprint_check_on_service_files(quiet_project):
    import re

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in hooks} == {"blueprint-check", "blueprint-check-strict"}
    for hook in hooks:
        assert hook["language"] == "python" and hook["pass_filenames"] is True
        files = re.compile(hook["files"])
        assert files.search("standards/hotel-stay.yaml") and files.search("ops/standards/bank.yml")
        assert not files.search(".github/workflows/ci.yml")
        command = hook["entry"].split()
        assert command[:2] == ["blueprint", "check"]
        assert main([*command[1:], str(shutil.copy(LINT / "clean.yaml", quiet_project))]) == 0
        assert main([*command[1:], str(shutil.copy(FLAWED, quiet_project))]) == 1


def test_text_report_lists_warnings_and_counts_infos_unless_asked(capsys):
    hotel = str(ROOT / "standards" / "hotel-stay.yaml")
    assert main(["check", hotel]) == 0
    default = capsys.readouterr().out
    assert " warning BP322 " in default and " info BP111 " not in default
    assert "infos" in default.splitlines()[0] and "--show info lists them" in default.splitlines()[0]
    assert main(["check", hotel, "--show", "info"]) == 0
    everything = capsys.readouterr().out
    assert " info BP111 " in everything and "not listed" not in everything
    assert main(["check", hotel, "--show", "error"]) == 0
    assert capsys.readouterr().out.startswith(f"{hotel}: ok — 16 moments")


def test_check_starts_without_the_heavy_libraries():
    """A CI step that only checks files never imports graph, data, drawing or notebook libraries:
    importing them would cost more than the check itself (the 0.5 s start-up target)."""
    heavy = ["networkx", "pandas", "numpy", "duckdb", "ibis", "pyarrow", "graphviz", "ipywidgets"]
    child = (
        "import sys\n"
        "from blueprint.cli import main\n"
        f"code = main(['check', {str(ROOT / 'standards' / 'hotel-stay.yaml')!r}, '--format', 'json'])\n"
        f"print(code, sorted(set({heavy!r}) & set(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=False)
    assert done.stderr.strip().splitlines()[-1] == "0 []"
    assert json.loads(done.stdout)["counts"]["error"] == 0

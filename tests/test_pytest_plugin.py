"""The pytest plugin: service files and standards as test items, only with --blueprint."""

from __future__ import annotations

import shutil

import pytest
import yaml  # noqa: F401  (the loader imports PyYAML lazily; its node classes must survive)

# Imported here so the in-process runs below reuse them: pytester drops modules a
# run imports, and libyaml's C parser does not survive being imported twice.
import blueprint.checks
import blueprint.findings_output
import blueprint.io.load
import blueprint.io.project_config  # noqa: F401
from conftest import DATA

pytest_plugins = ["pytester"]

LINT = DATA / "lint"
# Review dates age; keep the outcome independent of the day the tests run.
SETTINGS = '[tool.blueprint]\ndisable = ["BP123"]\n'


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makefile(".toml", pyproject=SETTINGS)
    standards = pytester.mkdir("standards")
    shutil.copy(LINT / "clean.yaml", standards / "hotel.yaml")
    shutil.copy(LINT / "bp104-statement-3-minutes-target-240-seconds.yaml", standards / "flawed.yaml")
    shutil.copy(LINT / "bp106-share-80.yaml", standards / "lenient.yaml")
    (standards / "workflow.yml").write_text("on: push\njobs:\n  test: {runs-on: ubuntu-latest}\n")
    # the project's own tests, which run beside the plugin and must see their files untouched
    pytester.makepyfile(
        test_plain="from pathlib import Path\n\n"
        "def test_the_services_are_there():\n"
        "    assert sorted(p.name for p in Path('standards').glob('*.yaml'))"
        " == ['flawed.yaml', 'hotel.yaml', 'lenient.yaml']\n"
    )
    return pytester


def test_without_the_option_yaml_files_are_not_collected(project):
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_service_files_and_standards_become_items_named_by_id(project):
    result = project.runpytest("--blueprint", "standards", "--collect-only", "-q", "-p", "no:cacheprovider")
    lines = [line for line in result.outlines if "::" in line]
    assert "standards/hotel.yaml::lint-clean" in lines
    assert "standards/hotel.yaml::checkin-3min" in lines
    assert "standards/hotel.yaml::room-checklist" in lines
    assert not [line for line in lines if "workflow" in line]
    assert len(lines) == 9  # three files: the service and its two standards each


def test_failures_show_the_findings_with_location_and_fix(project):
    result = project.runpytest("--blueprint", "standards", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=8, failed=1)
    result.stdout.fnmatch_lines([
        "*blueprint: checkin-3min*",
        "*standards/flawed.yaml:55:*: error BP104 the statement says '3 minutes' but the target is 240 s*",
        "*fix: make the statement and the target agree (target: 240, unit: seconds)",
        "FAILED standards/flawed.yaml::checkin-3min*",
    ])  # fmt: skip
    assert "Traceback" not in result.stdout.str()


def test_keyword_selects_standards_by_id(project):
    result = project.runpytest("--blueprint", "standards", "-k", "checkin", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1, deselected=6)


def test_fail_on_warning_fails_warnings_too(project):
    result = project.runpytest(
        "--blueprint", "--blueprint-fail-on=warning", "standards/lenient.yaml", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*warning BP106 share 80%*"])


def test_it_runs_beside_the_projects_own_tests(project):
    result = project.runpytest("--blueprint", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=9, failed=1)


def test_a_file_that_does_not_load_fails_its_service_item(project):
    shutil.copy(DATA / "broken" / "dangling-factor.yaml", project.path / "standards" / "broken.yaml")
    result = project.runpytest("--blueprint", "standards/broken.yaml", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*error BP006 key factor 'checkin-sped' does not exist*"])


def test_a_bad_setting_is_a_collection_error_naming_the_file(project):
    (project.path / "pyproject.toml").write_text('[tool.blueprint]\ndisable = ["BP999"]\n')
    result = project.runpytest("--blueprint", "standards/hotel.yaml", "-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*pyproject.toml:2: [[]tool.blueprint[]] 'BP999' is not a lint rule*"])


@pytest.fixture
def clinic(pytester: pytest.Pytester) -> pytest.Pytester:
    """A clinic whose call-back log was never exported, measured on the night's data."""
    pytester.makefile(".toml", pyproject=SETTINGS)
    (pytester.mkdir("standards") / "clinic.yaml").write_text(
        (DATA / "unmeasured" / "clinic.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    nightly = pytester.mkdir("nightly")
    rows = "".join(f"2026-03-02 09:{i:02d},Northgate,triage-wait,6\n" for i in range(40))  # 40 patients
    (nightly / "triage.csv").write_text("timestamp,site,metric,value\n" + rows, encoding="utf-8")
    return pytester


# The runs with data start a process of their own: DuckDB cannot be imported twice in one.
def test_with_data_a_standard_without_data_fails_its_item(clinic):
    result = clinic.runpytest_subprocess("--blueprint", "--blueprint-data=nightly", "standards",
                                         "-p", "no:cacheprovider")  # fmt: skip
    # the service item (its promise), triage and experience (measured elsewhere) pass; call-back, hygiene fail
    result.assert_outcomes(passed=3, failed=2)
    result.stdout.fnmatch_lines([
        "*standards/clinic.yaml:39:5: error BP334 standard 'callback-within-2-hours' is not measured*",
        "*blueprint measurement*",
        "standards/clinic.yaml: 2 of 4 standards and promises not measured (2 no data); "
        "1 measured elsewhere: experience-rated-4",
    ])  # fmt: skip


def test_with_data_allow_unmeasured_passes_visibly(clinic):
    result = clinic.runpytest_subprocess("--blueprint", "--blueprint-data=nightly",
                                         "--blueprint-allow-unmeasured", "standards",
                                         "-p", "no:cacheprovider")  # fmt: skip
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(
        ["*2 of 4 standards and promises not measured (2 no data), allowed knowingly*"]
    )


def test_a_data_folder_that_is_not_there_is_a_collection_error(clinic):
    result = clinic.runpytest_subprocess("--blueprint", "--blueprint-data=nowhere", "standards",
                                         "-p", "no:cacheprovider")  # fmt: skip
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*--blueprint-data nowhere: no such folder*"])


def test_allow_unmeasured_without_data_is_a_usage_error(project):
    result = project.runpytest(
        "--blueprint", "--blueprint-allow-unmeasured", "standards", "-p", "no:cacheprovider"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--blueprint-allow-unmeasured works with --blueprint-data=DIR*"])


def test_the_sequence_principles_fail_the_service_item_on_the_journey_they_are_on(pytester):
    pytester.makefile(".toml", pyproject='[tool.blueprint]\ndisable = ["BP201"]\n')
    standards = pytester.mkdir("standards")
    shutil.copy(LINT / "bp261-bp266-clinic-journeys.yaml", standards / "clinic.yaml")
    run = ("--blueprint", "standards", "-p", "no:cacheprovider")
    result = pytester.runpytest(*run, "--blueprint-fail-on=warning")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "clinic.yaml:42:5: warning BP262 'Pay the consultation fee' (-1) is a painful moment late" in out
    assert "clinic.yaml:46:5: warning BP261 the cycle ends on 'Leave with a prescription' at +0" in out
    info = pytester.runpytest(*run, "--blueprint-fail-on=info")
    assert "on the journey via 'walk-in', the pain comes in 2 separate episodes" in info.stdout.str()


def test_an_unknown_backend_is_a_collection_error_that_names_it(clinic):
    result = clinic.runpytest_subprocess("--blueprint", "--blueprint-data=nightly",
                                         "--blueprint-backend=nowhere", "standards",
                                         "-p", "no:cacheprovider")  # fmt: skip
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*--blueprint-backend nowhere: 'nowhere' is not an Ibis backend*"])


@pytest.mark.spark
def test_with_data_on_spark_the_items_end_as_on_duckdb(clinic):
    result = clinic.runpytest_subprocess("--blueprint", "--blueprint-data=nightly",
                                         "--blueprint-backend=spark", "standards",
                                         "-p", "no:cacheprovider")  # fmt: skip
    result.assert_outcomes(passed=3, failed=2)
    result.stdout.fnmatch_lines([
        "*standards/clinic.yaml:39:5: error BP334 standard 'callback-within-2-hours' is not measured*",
    ])  # fmt: skip


@pytest.fixture
def checkpoint(pytester: pytest.Pytester) -> pytest.Pytester:
    """An airport checkpoint whose supervisor checks came with a renamed column and whose
    exit survey came empty, beside sources that read."""
    pytester.makefile(".toml", pyproject=SETTINGS)
    shutil.copy(DATA / "checkpoint" / "checkpoint.yaml", pytester.mkdir("standards") / "checkpoint.yaml")
    shutil.copytree(DATA / "checkpoint" / "nightly", pytester.path / "nightly")
    return pytester


def test_a_standard_whose_source_is_broken_fails_its_own_item(checkpoint):
    result = checkpoint.runpytest_subprocess("--blueprint", "--blueprint-data=nightly", "standards",
                                             "-p", "no:cacheprovider", "-rA")  # fmt: skip
    result.stdout.fnmatch_lines([
        "FAILED standards/checkpoint.yaml::id-every-time*",
        "FAILED standards/checkpoint.yaml::courtesy-4*",
    ], consecutive=False)  # fmt: skip
    out = result.stdout.str()
    assert "PASSED standards/checkpoint.yaml::id-every-time" not in out
    assert "PASSED standards/checkpoint.yaml::courtesy-4" not in out


def test_selecting_a_standard_whose_source_is_broken_is_never_green(checkpoint):
    for standard, why in (("id-every-time", "BP341"), ("courtesy-4", "BP347")):
        result = checkpoint.runpytest_subprocess("--blueprint", "--blueprint-data=nightly", "standards",
                                                 "-k", standard, "-p", "no:cacheprovider")  # fmt: skip
        result.assert_outcomes(failed=1, deselected=12)
        assert why in result.stdout.str()


def test_a_standard_with_too_few_observations_to_judge_fails_its_item(clinic):
    """One patient triaged, forty times over (identical rows count once): nothing to judge by."""
    (clinic.path / "nightly" / "triage.csv").write_text(
        "timestamp,site,metric,value\n" + "2026-03-02 09:15,Northgate,triage-wait,6\n" * 40, encoding="utf-8"
    )
    result = clinic.runpytest_subprocess("--blueprint", "--blueprint-data=nightly", "standards",
                                         "-k", "triage", "-p", "no:cacheprovider")  # fmt: skip
    result.assert_outcomes(failed=1, deselected=4)
    result.stdout.fnmatch_lines(
        ["*BP334 standard 'triage-within-15-minutes' is not measured: it has too few observations to judge *"]
    )


def test_a_renamed_column_is_mapped_with_blueprint_columns(checkpoint):
    run = (
        "--blueprint",
        "--blueprint-data=nightly",
        "standards",
        "-k",
        "id-every-time",
        "-p",
        "no:cacheprovider",
    )
    assert "BP341" in checkpoint.runpytest_subprocess(*run).stdout.str()  # the supervisor export renamed it
    result = checkpoint.runpytest_subprocess(*run, "--blueprint-columns=id-verified=Pass and ID matched")
    result.assert_outcomes(passed=1, deselected=12)


def test_blueprint_by_groups_the_measurement_and_a_bad_key_is_named(checkpoint):
    run = ("--blueprint", "--blueprint-data=nightly", "standards", "-p", "no:cacheprovider")
    by_terminal = checkpoint.runpytest_subprocess(*run, "--blueprint-by=terminal", "-k", "screening-3min")
    by_terminal.stdout.fnmatch_lines(["*BP330 standard 'screening-3min' not met in * of 2 groups: T*"])
    bad = checkpoint.runpytest_subprocess(*run, "--blueprint-by=site,site")
    bad.stdout.fnmatch_lines(["*--blueprint-by site,site: a grouping key is repeated*"])


def test_a_bad_timestamp_format_is_a_collection_error(checkpoint):
    run = ("--blueprint", "--blueprint-data=nightly", "standards", "-p", "no:cacheprovider")
    result = checkpoint.runpytest_subprocess(*run, "--blueprint-timestamp-format=day/month")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*--blueprint-timestamp-format*"])


@pytest.mark.parametrize("option", ["--blueprint-by=site", "--blueprint-columns=value=v"])
def test_the_data_options_without_data_are_a_usage_error(project, option):
    result = project.runpytest("--blueprint", option, "standards", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{option.split('=')[0]} works with --blueprint-data=DIR*"])

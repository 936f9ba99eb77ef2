"""Findings as text, JSON, JUnit XML, GitHub annotations and SARIF."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from blueprint.checks import RULES, LintConfig, check
from blueprint.findings_output import (
    FORMATS,
    github_report,
    json_report,
    junit_report,
    report,
    sarif_report,
    text_report,
)
from blueprint.io.load import read
from blueprint.measure import codes
from blueprint.measure.codes import CODES
from blueprint.model.findings import Finding, Location
from blueprint.model.integrity import LOADER_RULES
from blueprint.model.vocabulary import Severity
from conftest import DATA

FLAWED = DATA / "lint" / "bp104-statement-3-minutes-target-240-seconds.yaml"
BROKEN = DATA / "broken" / "dangling-factor.yaml"
CLEAN = DATA / "lint" / "clean.yaml"


@pytest.fixture
def results():
    # The flawed fixture offers no choice and no ritual (BP265, BP266); these tests are about formats.
    config = LintConfig(disable=frozenset({"BP123", "BP265", "BP266"}))
    out = []
    for path in (FLAWED, BROKEN, CLEAN):
        loaded = read(path)
        out.append((str(path), check(loaded, config), "a summary" if loaded.ok else None))
    warning = Finding("BP106", Severity.WARNING, "share 80%, more than\none line", "raise it, 100%: all",
                      subject="s1", location=Location("x, y.yaml", 3, 4))  # fmt: skip
    out.append(("x, y.yaml", [warning], None))
    return out


def test_json_is_versioned_and_every_finding_has_the_documented_keys(results):
    data = json.loads(json_report(results))
    assert data["version"] == 1
    assert data["tool"]["name"] == "blueprint"
    assert data["counts"] == {"files": 4, "error": 3, "warning": 1, "info": 0}
    assert [f["path"] for f in data["files"]] == [r[0] for r in results]
    assert [f["ok"] for f in data["files"]] == [False, False, True, True]
    keys = {"rule", "name", "severity", "message", "hint", "subject", "gap", "file", "line", "column"}
    for entry in data["files"]:
        for finding in entry["findings"]:
            assert set(finding) == keys
            assert finding["severity"] in ("error", "warning", "info")
            assert isinstance(finding["line"], int) and finding["line"] >= 1
    first = data["files"][0]["findings"][0]
    assert (first["rule"], first["name"], first["subject"], first["line"]) == (
        "BP104", "statement-matches-target", "checkin-3min", 55)  # fmt: skip
    assert data["files"][1]["findings"][0]["name"] == "dangling-reference"


def test_junit_parses_and_fails_the_subjects_with_errors(results):
    root = ET.fromstring(junit_report(results))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [r[0] for r in results]
    flawed = suites[0]
    [case] = flawed.findall("testcase")
    assert (case.get("name"), case.get("classname")) == ("checkin-3min", str(FLAWED))
    failure = case.find("failure")
    assert failure.get("type") == "BP104" and "240 seconds" in failure.get("message")
    assert failure.text.count("BP104") == 2
    clean = suites[2].findall("testcase")
    assert len(clean) == 1 and clean[0].find("failure") is None
    warned = suites[3].find("testcase")
    assert warned.find("failure") is None and "BP106" in warned.find("system-out").text
    assert (root.get("tests"), root.get("failures")) == ("4", "2")


def test_junit_fail_on_warning_fails_warnings_too(results):
    root = ET.fromstring(junit_report(results, fail_on="warning"))
    assert root.get("failures") == "3"


def test_github_annotations_carry_file_line_column_and_escape_their_text(results):
    lines = github_report(results).splitlines()
    assert lines[0].startswith(f"::error file={FLAWED},line=55,col=")
    assert ",title=BP104 statement-matches-target::the statement says" in lines[0]
    assert "%0Afix: " in lines[0]
    warning = lines[-1]
    assert warning.startswith("::warning file=x%2C y.yaml,line=3,col=4,title=BP106 near-zero-defects::")
    assert "more than%0Aone line%0Afix: raise it, 100%25: all" in warning
    assert all(re.match(r"::(error|warning|notice) file=", line) for line in lines)


def test_sarif_has_the_required_structure(results):
    data = json.loads(sarif_report(results))
    assert data["version"] == "2.1.0" and "sarif-2.1.0" in data["$schema"]
    [run] = data["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "blueprint"
    ids = [rule["id"] for rule in driver["rules"]]
    assert set(ids) == set(RULES) | set(LOADER_RULES) | set(CODES)
    assert all(rule["shortDescription"]["text"] for rule in driver["rules"])
    assert len(run["results"]) == 4
    for result in run["results"]:
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        assert ids[result["ruleIndex"]] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"]
        assert location["region"]["startLine"] >= 1
    assert run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 55


def test_text_is_grouped_by_file_and_coloured_only_when_asked(results):
    plain = text_report(results)
    assert f"{FLAWED}:55:" in plain and "\033[" not in plain
    assert f"{CLEAN}: ok — a summary" in plain
    assert "\033[31m" in text_report(results, colour=True)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_handles_no_findings(fmt):
    out = report(fmt, [("empty.yaml", [], None)])
    assert isinstance(out, str)
    if fmt in ("json", "sarif"):
        json.loads(out)
    elif fmt == "junit":
        ET.fromstring(out)


def _measurement_findings():
    """What a nightly measurement gives: a standard not met, one without data, a column missing."""
    at = Location("standards/clinic.yaml", 12, 5)
    return [
        codes.finding("BP330", "standard 'triage-15' not met: 80% of 40", "find what slows delivery",
                subject="triage-15", location=at),
        codes.finding("BP334", "standard 'callback-2h' is not measured", "point --data at it",
                subject="callback-2h", location=at),
        codes.finding("BP341", "source 'obs.csv': no column 'value'", "--columns value=NAME",
                subject="obs.csv", location=Location("ops/obs.csv")),
        codes.finding("BP332", "1 source file(s) not found", "generate it", location=at),
    ]  # fmt: skip


def test_measurement_findings_carry_their_rule_name_in_every_machine_format():
    results = [("standards/clinic.yaml", _measurement_findings(), None)]
    names = {"BP330": "standard-met", "BP334": "standard-measured", "BP341": "columns-present",
             "BP332": "source-found"}  # fmt: skip
    document = json.loads(json_report(results))
    assert {f["rule"]: f["name"] for f in document["files"][0]["findings"]} == names
    sarif = json.loads(sarif_report(results))
    [run] = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        described = rules[result["ruleIndex"]]
        assert described["id"] == result["ruleId"] and described["name"] == names[result["ruleId"]]
        assert described["shortDescription"]["text"] == CODES[result["ruleId"]].title
    root = ET.fromstring(junit_report(results, fail_on="warning"))
    failures = {case.get("name"): case.find("failure") for case in root.iter("testcase")}
    assert failures["callback-2h"].get("message").startswith("BP334 standard-measured: ")
    assert "BP341 columns-present: " in failures["obs.csv"].text
    assert "BP332 source-found: " in failures["file"].text
    assert all(",title=BP3" in line and "title=BP3" in line for line in github_report(results).splitlines())
    assert "title=BP330 standard-met::" in github_report(results)


def test_every_measurement_code_has_a_name_of_its_own():
    names = [code.name for code in CODES.values()]
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)+", name) for name in names)
    assert len(set(names)) == len(names)
    assert not set(names) & {rule.name for rule in RULES.values()}

"""The client report tells the truth and reads as written for the client.

Most tests run on a clinic visit written for them (tests/data/clinic): ten
moments, a standard that requires every case and fails at 98.6%, one with too
few cases, one without data, durations in seconds, minutes, hours and days.
"""

from __future__ import annotations

import io
import re
from html import unescape

import openpyxl
import pytest

from blueprint.io.catalogue import catalogue, to_xlsx
from blueprint.io.load import load
from blueprint.model.findings import Finding, Severity
from blueprint.report.parts import client_hint, gap_table
from blueprint.report.pipeline import build_report
from conftest import DATA

CLINIC = DATA / "clinic" / "clinic-visit.yaml"
CLINIC_DATA = DATA / "clinic"

pytestmark = pytest.mark.graphviz


@pytest.fixture(scope="module")
def clinic_report(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("clinic")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BLUEPRINT_CACHE", str(folder / "query-cache"))
        return build_report(load(CLINIC), data=CLINIC_DATA)


def _text(page: str) -> str:
    """What a reader sees: tags dropped (inline pictures too), entities decoded."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", page))


def _gap_row(page: str, gap: int) -> str:
    row = re.search(rf"<tr><td><b>Gap {gap}</b>.*?</tr>", page, re.S)
    assert row is not None, gap
    return row.group(0)


def _finding(rule: str, severity: str, gap: int, subject: str) -> Finding:
    return Finding(rule, Severity(severity), f"{subject} needs work", "publish it", subject=subject, gap=gap)


def test_gap_counts_errors_and_warnings_and_lists_notes_apart():
    findings = [_finding("BP111", "info", 4, f"s{i}") for i in range(10)]
    findings += [_finding("BP321", "warning", 4, "p1"), _finding("BP322", "warning", 4, "p2")]
    findings += [_finding("BP311", "info", 2, "f1")]
    html, counts = gap_table(findings, None, {})
    assert counts[4] == 2 and counts[2] == 0
    row4 = _gap_row(html, 4)
    assert '<span class="count bad">2</span>' in row4
    assert "and 10 notes (BP111)" in _text(row4)
    assert "BP111" not in re.search(r"<ul>.*?</ul>", row4, re.S).group(0)  # type: ignore[union-attr]
    row2 = _gap_row(html, 2)
    assert '<span class="count ok">0</span>' in row2 and "and 1 note (BP311)" in _text(row2)


def test_clinic_gap_4_has_only_notes_so_it_is_not_red(clinic_report):
    row = _gap_row(clinic_report, 4)
    assert '<span class="count ok">0</span>' in row
    assert "and 2 notes (BP111)" in _text(row)


FILE_EDIT = re.compile(r"\bwrite [a-z_]+:|\b(?:agreed_by|last_reviewed|customer_evidence|front desk team)\b")
COMMAND = re.compile(
    r"\bblueprint (?:check|suggest|measure|report|export|example-data)\b|(?<![\w-])--[a-z]|\bFILE\b|\bDIR\b"
)


@pytest.mark.parametrize("with_data", [True, False])
def test_client_report_holds_no_command_text(with_data, tmp_path, monkeypatch):
    monkeypatch.setenv("BLUEPRINT_CACHE", str(tmp_path / "cache"))
    page = build_report(load(CLINIC), data=CLINIC_DATA if with_data else None)
    shown = _text(page)
    assert not COMMAND.findall(shown), sorted(set(COMMAND.findall(shown)))
    assert not FILE_EDIT.findall(shown), sorted(set(FILE_EDIT.findall(shown)))
    suggestions = shown[shown.index("4 Improvement suggestions") : shown.index("5 Appendix")]
    # gap 2 is written for the client: which guideline, and where it is not yet met
    assert "Gap 2: every moment of truth has a standard" in suggestions
    assert (
        "Arrive and find the clinic" in suggestions and "Receive the prescription and advice" in suggestions
    )
    assert "not yet so for clinic-visit" not in suggestions  # the service itself is named as such
    assert "not yet so for the service as a whole" in suggestions


def test_hints_for_people_stay_and_commands_and_file_edits_go():
    kept = "find what slows delivery in these groups, or revisit the standard with staff"
    assert client_hint(kept) == kept
    assert client_hint("write one: blueprint suggest FILE --factor quick-answer") is None
    assert client_hint("point --data at the folder holding the operational data") is None
    assert client_hint(None) is None and client_hint("") is None
    # the example values a file author would copy are no advice to a client
    agreed = "agree it with them and write agreed_by: [{by: front desk team, date: 2026-01-15}]"
    assert client_hint(agreed) == "agree it with them"
    assert client_hint("customers are the best supervisors: publish it and write visible: true") == (
        "customers are the best supervisors: publish it"
    )
    assert client_hint("ask customers (survey, interviews) and record it under customer_evidence:") == (
        "ask customers (survey, interviews)"
    )
    assert client_hint("write claims: {share: 0.95} and say it in the text") is None


def test_targets_are_singular_and_plural_as_english_needs(clinic_report):
    rows = {row["standard"]: row["target"] for row in catalogue(load(CLINIC))}
    assert rows["pay-1min"] == "≤ 1 minute"
    assert rows["reminder-1-day"] == "≥ 1 day"
    assert rows["checkin-3min"] == "≤ 3 minutes"
    assert rows["answer-30s"] == "≤ 30 seconds"
    assert rows["hands-always"] == "true"
    appendix = clinic_report[clinic_report.index('id="catalogue"') :]
    assert "<td>≤ 1 minute</td>" in appendix and "<td>≥ 1 day</td>" in appendix
    assert "1 minutes" not in _text(clinic_report) and "1 days" not in _text(clinic_report)


def test_xlsx_and_widgets_write_the_singular_too():
    service = load(CLINIC)
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(catalogue(service)))).active
    targets = [cell.value for cell in sheet["E"][1:]]
    assert "≤ 1 minute" in targets and "≥ 1 day" in targets and "≤ 3 minutes" in targets
    from blueprint.widgets.panel import target_text

    assert target_text(service.standards["pay-1min"]) == "≤ 1 minute for 95%"


def _cycle_fills(page: str) -> dict[str, tuple[str, str]]:
    """Per moment in the report's cycle: its fill colour and its label's text."""
    cycle = re.search(r'<svg\b[^>]*aria-label="Cycle of.*?</svg>', page, re.S)
    assert cycle is not None
    found = {}
    nodes = re.finditer(
        r'<g id="cy-[^"]*" class="node">\s*<title>m:([^<]+)</title>(.*?)</g>', cycle.group(0), re.S
    )
    for node in nodes:
        fill = re.search(r'fill="(#[0-9a-f]{6})"', node.group(2))
        text = " ".join(unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", node.group(2)))
        if "#badge" not in node.group(1):
            found[unescape(node.group(1))] = (fill.group(1) if fill else "", text)
    return found


def test_cycle_is_coloured_by_verdict_with_the_share_written(clinic_report):
    from blueprint.render.theme import VERDICT

    fills = _cycle_fills(clinic_report)
    # 143 of 144 hands washed against 100% required: a fail, painted as one, not "almost green"
    assert fills["vitals"] == (VERDICT["fail"], fills["vitals"][1])
    assert "fail · 99.3%" in fills["vitals"][1]
    assert fills["wait"][0] == VERDICT["fail"] and "fail · 82.6%" in fills["wait"][1]
    assert fills["consult"][0] == VERDICT["pass"] and "pass · 99.3%" in fills["consult"][1]
    assert fills["follow-up"][0] == VERDICT["too few"] and "too few · 100.0%" in fills["follow-up"][1]
    assert fills["reminder"][0] == VERDICT["no data"] and "no data" in fills["reminder"][1]
    assert fills["arrive"][0] == VERDICT["no standard"]
    legend = _text(clinic_report[clinic_report.index('aria-label="Cycle of') :])
    assert "Verdict over the whole period" in legend


def test_a_moment_passes_only_when_every_standard_passes():
    from blueprint.render.status import moment_verdicts

    service = load(CLINIC)
    verdicts = {s: ("pass", 0.99) for s in service.standards}
    verdicts["reminder-1-day"] = ("too few", 1.0)
    verdicts.pop("pay-1min")  # not measured
    found = moment_verdicts(service, verdicts)
    assert found["book"] == ("pass", 0.99)
    assert found["reminder"] == ("too few", 1.0)
    assert found["pay"] == ("no data", None)
    assert found["prescription"] == ("no standard", None)


def test_whole_period_verdict_adds_the_months_up(tmp_path, monkeypatch):
    from blueprint.report.pipeline import gather

    monkeypatch.setenv("BLUEPRINT_CACHE", str(tmp_path / "cache"))
    inputs = gather(load(CLINIC), data=CLINIC_DATA)
    verdicts = inputs.standard_verdicts()
    assert verdicts["hands-always"] == ("fail", pytest.approx(143 / 144))
    # 12 follow-up calls over the period: still too few to judge (30 needed)
    assert verdicts["call-in-48-hours"] == ("too few", 1.0)
    # failed in one site's month, met over the whole period
    assert verdicts["checkin-3min"][0] == "pass"
    assert "reminder-1-day" not in verdicts or verdicts["reminder-1-day"][0] == "no data"


def test_whole_period_verdict_of_a_mean_standard_follows_its_months():
    from types import SimpleNamespace

    from blueprint.measure.outcome import Outcome
    from blueprint.report.pipeline import ReportInputs

    def month(standard: str, status: str, met: int, n: int, required: float | None) -> Outcome:
        return Outcome("standard", standard, standard, "m", "s.csv", "<=", 3, "minutes", "each", required,
                       None, observations=n, met=met, status=status)  # fmt: skip

    outcomes = [
        month("mean-wait", "pass", 0, 40, None),
        month("mean-wait", "fail", 0, 40, None),
        month("each-wait", "too few", 20, 20, 0.9),
        month("each-wait", "too few", 15, 20, 0.9),
        month("unit-doubt", "implausible", 40, 40, 0.9),
    ]
    inputs = ReportInputs(load(CLINIC), [], monthly=SimpleNamespace(outcomes=outcomes, options={}))
    verdicts = inputs.standard_verdicts()
    assert verdicts["mean-wait"] == ("fail", None)  # a failing month fails the mean; no share to show
    # 35 of 40 over two months too few to judge alone: together enough, and 87.5% < 90%
    assert verdicts["each-wait"] == ("fail", 35 / 40)
    assert verdicts["unit-doubt"][0] == "implausible"


def test_an_old_style_cycle_status_is_refused_with_what_to_give():
    with pytest.raises(ValueError, match=r"standard ids to \(verdict, share\)"):
        from blueprint.report.layout import report_html

        report_html(load(CLINIC), cycle_status={"vitals": 0.986}, generated="2026-12-07")  # type: ignore[dict-item]


def test_the_stylesheet_s_column_positions_match_the_catalogue():
    """report.css lets standard ids and measurement paths break anywhere, by column position."""
    from importlib.resources import files

    from blueprint.io.catalogue import COLUMNS

    css = files("blueprint.report").joinpath("report.css").read_text(encoding="utf-8")
    standard, measurement = list(COLUMNS).index("standard") + 1, list(COLUMNS).index("measurement") + 1
    assert (
        f"table.catalogue td:nth-child({standard}), table.catalogue td:nth-child({measurement}) "
        "{ overflow-wrap: anywhere; }" in css
    )


def test_standards_the_data_cannot_measure_by_site_are_no_green_gap_3_and_the_command_says_why(
    tmp_path, capsys, monkeypatch
):
    """A library branch's exports have no site column, and the report groups by site and month."""
    from blueprint.cli import main
    from measure_helpers import service_file, standard

    monkeypatch.setenv("BLUEPRINT_CACHE", str(tmp_path / "query-cache"))
    rows = [f"2026-03-{1 + i % 28:02d} 10:{i % 60:02d},wait,{60 + i % 90}" for i in range(60)]
    (tmp_path / "obs.csv").write_text("timestamp,metric,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
    path = service_file(tmp_path, standard("w", share=0.9))
    page = build_report(load(path), data=tmp_path)
    gap_3 = _text(page[page.index("<b>Gap 3</b>") : page.index("<b>Gap 4</b>")])
    assert "1 standard(s) and promise(s) not measured (no data): w" in gap_3
    assert "none" not in gap_3 and 'class="count none">–' in page[page.index("<b>Gap 3</b>") :]
    assert "Operational data (" + tmp_path.name + ": 1 source, 60 observations" in _text(page)

    code = main(["report", str(path), "--data", str(tmp_path), "-o", str(tmp_path / "report.html")])
    err = capsys.readouterr().err
    assert code == 1
    assert "error BP341 source 'obs.csv': no column 'site' for the grouping key 'site'" in err
    assert "or group without it: --by month" in err

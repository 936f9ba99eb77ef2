"""Plain words on the designers' and the room's screens: no YAML keys, no commands, no ``<=``."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

pytest.importorskip("ipywidgets", reason="the notebook extras are part of the test environment")
import ipywidgets as w

from blueprint.checks import RULES, lint
from blueprint.checks.plain import ADVICE, plain_hint, plain_message
from blueprint.io.load import load
from blueprint.model.findings import Finding
from blueprint.model.vocabulary import Severity
from blueprint.widgets import CycleDesigner, Explorer, FindingsTable, GapDashboard, StandardEditor, Workshop

ROOT = Path(__file__).resolve().parent.parent
HOTEL = ROOT / "standards" / "hotel-stay.yaml"
SERVICES = [HOTEL, ROOT / "tests" / "data" / "clinic" / "clinic-visit.yaml",
            ROOT / "tests" / "data" / "shoeshine" / "shoeshine.yaml"]  # fmt: skip
#: what a designer should never have to read: keys with their colon, flow records, snake_case, commands
CODE = [
    re.compile(r"\b[a-z]+_[a-z_]+\b"),  # customer_evidence, agreed_by, last_reviewed
    re.compile(r"\[\{|\{[a-z_]+:"),  # [{by: ...}], {cause: ...}
    re.compile(r"\bblueprint [a-z]+ "),  # blueprint suggest FILE
    re.compile(r"--[a-z]+"),  # --factor
    re.compile(r"(?<!/)\b(?:visible|kind|share|owner|steps|claims|statistic|goals|channels): "),
    re.compile(r"<=|>=|=="),
    re.compile(r"\b[a-z_]+=(?:True|False)\b|\b(?:save|accept|load|reload)\(|\.\.\.\)"),  # save(force=True)
]


def visible_text(widget: w.Widget) -> list[str]:
    """The text a person reads in ``widget``: HTML without tags or styles, labels, options."""
    found = []
    if isinstance(widget, w.HTML):
        body = re.sub(r"<style>.*?</style>", "", widget.value, flags=re.DOTALL)
        found.append(html.unescape(re.sub(r"<[^>]+>", " ", body)))
    for name in ("description", "placeholder"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            found.append(value)
    found.extend(getattr(widget, "_options_labels", ()) or ())
    for child in getattr(widget, "children", ()):
        found.extend(visible_text(child))
    return found


def code_in(texts: list[str]) -> list[str]:
    return [
        text[max(0, m.start() - 40) : m.end() + 40] for text in texts for p in CODE for m in p.finditer(text)
    ]


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: p.stem)
def test_explorer_panels_speak_plain_words(path):
    service = load(path)
    explorer = Explorer(service, picture=False)
    texts = []
    for moment in service.moments:
        explorer.selected = moment
        texts.extend(visible_text(explorer))
    assert code_in(texts) == []


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: p.stem)
def test_dashboard_and_designer_speak_plain_words(path):
    service = load(path)
    texts = visible_text(GapDashboard(service)) + visible_text(CycleDesigner(service, curve=False))
    assert code_in(texts) == []


def test_the_editor_speaks_plain_words_on_every_factor_of_the_hotel():
    service = load(HOTEL)
    texts = []
    for factor in service.factors:
        texts.extend(visible_text(StandardEditor(service, factor)))
    assert code_in(texts) == []


def test_the_rule_code_stays_as_a_small_detail_with_the_exact_hint_as_tooltip():
    service = load(HOTEL)
    explorer = Explorer(service, picture=False)
    explorer.selected = "check-in"
    panel = explorer.panel.value
    assert 'class="bp-rule"' in panel
    # the exact hint (with its file key) is kept in the tooltip for those who want it
    tips = [html.unescape(t) for t in re.findall(r'class="bp-rule" title="([^"]*)"', panel)]
    assert any("agreed_by" in t or "last_reviewed" in t or "training" in t for t in tips)


def test_every_plain_advice_belongs_to_a_rule():
    assert set(ADVICE) <= set(RULES)
    assert RULES["BP123"].advice == ADVICE["BP123"] and RULES["BP261"].advice == ""
    assert all(not any(p.search(text) for p in CODE) for text in ADVICE.values())


def test_a_finding_from_a_rule_without_advice_keeps_the_words_before_the_key():
    finding = Finding("BP999", Severity.INFO, "target <= 3", "tell the desk team, then write desk_note: yes")
    assert plain_hint(finding) == "tell the desk team, then write"
    assert plain_message(finding) == "target ≤ 3"


def test_findings_table_reads_as_a_table_not_tuples():
    findings = lint(load(HOTEL))
    table = FindingsTable(findings, limit=5)
    shown = table._repr_html_()
    assert shown.count("<tr>") == 6  # the head and five rows
    assert "… and" in shown
    row = next(r for r in table.rows if r["code"] == "BP301")
    assert row["rule"] == RULES["BP301"].title
    assert "line" in row["where"] and row["to do"] == ADVICE["BP301"]
    assert code_in([repr(table), *visible_text(w.HTML(re.sub(r'title="[^"]*"', "", shown)))]) == []
    # errors and warnings first; infos counted apart
    levels = [r["level"] for r in table.rows]
    assert levels == sorted(levels, key=["error", "warning", "info"].index)
    assert repr(table).splitlines()[0].endswith("infos)")


def test_findings_table_without_findings():
    assert "nothing" in FindingsTable([])._repr_html_()
    assert repr(FindingsTable([])) == "0 errors, 0 warnings"


def test_bpm_classes_in_words_with_the_kano_letter_as_a_hint():
    service = load(HOTEL)
    explorer = Explorer(service, picture=False)
    moment, factor = next((m, f) for m in service.moments.values() for f in m.factors if f.bpm is not None)
    explorer.selected = moment.id
    letter = {"basic": "M", "performance": "O", "motivation": "A"}.get(factor.bpm.value)
    assert f">{factor.bpm.value}</span>" in explorer.panel.value
    if letter:
        assert 'class="bp-kano" title="Kano: ' in explorer.panel.value
        assert f">{letter}</span>" in explorer.panel.value


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: p.stem)
def test_the_workshop_in_a_notebook_speaks_plain_words_on_every_tab(path):
    """The designer's (not the presenter's) workshop: every moment, every tab, votes and a proposal."""
    service = load(path)
    workshop = Workshop(service, participants=["Desk clerk", "Night manager"], customers=["Guest panel"])
    texts = []
    for moment in workshop.order:
        workshop.show_moment(moment)
        for tab in range(len(workshop.tabs.children)):
            workshop.tabs.selected_index = tab
            texts.extend(visible_text(workshop))
    for factor in service.factors:
        workshop.voting.vote("Desk clerk", factor, "basic", 3)
        workshop.voting.vote("Guest panel", factor, "motivation", 5)
    workshop.voting.override.value = True
    assert workshop.voting.propose()
    texts.extend(visible_text(workshop.voting))
    texts.extend(visible_text(workshop.closing_view()))
    assert code_in(texts) == []


def test_the_code_patterns_catch_what_the_old_messages_said():
    old = [
        "reload the service with blueprint.load(...) and redo it, or call editor.save(force=True)",
        "or call workshop.voting.accept(force=True) to overwrite.",
        "Customers' importance ratings propose importance; staff's propose assumed_importance",
    ]
    assert all(code_in([text]) for text in old)


def test_the_dashboard_with_data_and_surveys_speaks_plain_words_on_every_tab():
    from blueprint import survey
    from blueprint.measure.example_data import hotel_operations
    from blueprint.survey.example_data import hotel_frames

    frames = hotel_frames(seed=7)
    surveys = {
        "servqual": survey.servqual(frames["servqual-hotel"]),
        "tolerance": survey.tolerance(frames["tolerance-hotel"], scale="1-9"),
        "kano": survey.kano(frames["kano-hotel"]),
        "ipa": survey.ipa(frames["ipa-hotel"]),
    }
    dashboard = GapDashboard(load(HOTEL), data=hotel_operations(seed=1), survey=surveys)
    texts = visible_text(dashboard)
    assert any("Items furthest below expectation" in t for t in texts)
    assert code_in(texts) == []

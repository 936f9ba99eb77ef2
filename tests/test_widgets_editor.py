"""The StandardEditor driven from Python: drafts, lint as you type, save one line, conflicts."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from blueprint.io.load import load
from blueprint.widgets import StandardEditor

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def hotel_copy(tmp_path: Path) -> Path:
    path = tmp_path / "hotel-stay.yaml"
    shutil.copy(ROOT / "standards" / "hotel-stay.yaml", path)
    return path


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_starts_from_a_suggestion_when_asked_nothing(hotel_copy):
    service = load(hotel_copy)
    editor = StandardEditor(service, "lobby-clean")
    assert not editor.editing
    assert editor.source.value == "lobby-clean-checklist"
    assert editor.form.controls["metric"].value == "public-area-check"
    assert "Why this draft" in editor.reason.value
    # What only people can decide is left for them, and the lint says so next to the field.
    assert {f.rule for f in editor.findings} >= {"BP121", "BP122", "BP123"}
    assert "BP121" in editor.form.notes["owner"].value


def test_lint_runs_as_you_type(hotel_copy):
    editor = StandardEditor(load(hotel_copy), "checkin-speed", standard="checkin-within-3-minutes")
    assert editor.findings == []
    editor.form.controls["target"].value = "4"
    assert "BP104" in {f.rule for f in editor.findings}
    assert "BP104" in editor.form.notes["statement"].value
    editor.form.controls["target"].value = "3"
    assert editor.findings == []
    editor.form.controls["owner"].value = ""
    assert "BP121" in editor.form.notes["owner"].value


def test_invalid_values_are_marked_at_their_field(hotel_copy):
    editor = StandardEditor(load(hotel_copy), "checkin-speed", standard="checkin-within-3-minutes")
    editor.form.controls["share"].value = "1.5"
    assert "invalid" in editor.form.notes["share"].value
    assert "Not a valid standard yet" in editor.summary.value
    editor.form.controls["target"].value = "soon"
    assert "invalid" in editor.form.notes["target"].value


def test_units_follow_the_metric(hotel_copy):
    editor = StandardEditor(load(hotel_copy), "checkin-speed", standard="checkin-within-3-minutes")
    assert set(editor.form.controls["unit"].options) == {"seconds", "minutes", "hours", "days"}
    editor.form.controls["metric"].value = "greeting-check"
    assert list(editor.form.controls["unit"].options) == ["boolean"]


def test_save_changes_one_line(hotel_copy):
    before = hotel_copy.read_text(encoding="utf-8")
    service = load(hotel_copy)
    editor = StandardEditor(service, "checkin-speed", standard="checkin-within-3-minutes")
    editor.form.controls["target"].value = "4"
    assert editor.save(anyway=True) is True  # the statements still say 3 minutes: an error, saved as asked
    after = hotel_copy.read_text(encoding="utf-8")
    assert changed_lines(before, after) == ["-    target: 3", "+    target: 4"]
    assert "# yaml-language-server" in after  # comments kept
    assert load(hotel_copy).standards["checkin-within-3-minutes"].target == 4
    assert "Saved" in editor.message.value


def test_save_refuses_when_the_file_changed_on_disk(hotel_copy):
    service = load(hotel_copy)
    editor = StandardEditor(service, "checkin-speed", standard="checkin-within-3-minutes")
    other = hotel_copy.read_text(encoding="utf-8") + "# added by a colleague\n"
    hotel_copy.write_text(other, encoding="utf-8")
    editor.form.controls["target"].value = "4"
    assert editor.save(anyway=True) is False
    assert hotel_copy.read_text(encoding="utf-8") == other
    assert "Not saved" in editor.message.value and "changed on disk" in editor.message.value
    # The service in memory is left as the file was, and the edit stays in the form.
    assert service.standards["checkin-within-3-minutes"].target == 3
    assert editor.form.controls["target"].value == "4"


def test_new_standard_from_a_suggestion_is_added_and_saved(hotel_copy):
    service = load(hotel_copy)
    editor = StandardEditor(service, "lobby-clean")
    controls = editor.form.controls
    controls["owner"].value = "Housekeeping Manager"
    controls["agreed_by"].value = "Housekeeping team (2026-03-01)"
    controls["last_reviewed"].value = "2026-03-01"
    assert editor.save() is True
    saved = load(hotel_copy).standards["lobby-clean-checklist"]
    assert saved.owner == "Housekeeping Manager"
    assert saved.agreed_by[0].by == "Housekeeping team"
    assert editor.editing  # the draft is now one of the factor's standards


def test_unknown_factor():
    from blueprint.model.examples import tiny_service

    with pytest.raises(KeyError, match="no key factor"):
        StandardEditor(tiny_service(), "nope")


def test_every_translation_of_the_statement_can_be_fixed_in_the_form(hotel_copy):
    editor = StandardEditor(load(hotel_copy), "checkin-speed", standard="checkin-within-3-minutes")
    assert editor.form.labels["statement:zh"] == "statement (zh)"
    editor.form.controls["target"].value = "4"
    assert "BP104" in editor.form.notes["statement:zh"].value  # the zh finding sits at the zh field
    statement = "95% of guests are checked in within 4 minutes of reaching the desk."
    editor.form.controls["statement"].value = statement
    assert [f.path for f in editor.findings] == [("translations", "zh")]
    editor.form.controls["statement:zh"].value = "95%的客人在到达前台后4分钟内办完入住。"
    assert editor.findings == []
    assert editor.save()
    assert "95%的客人在到达前台后4分钟内办完入住。" in hotel_copy.read_text(encoding="utf-8")
    again = load(hotel_copy).standards["checkin-within-3-minutes"]
    assert again.translations == {"zh": "95%的客人在到达前台后4分钟内办完入住。"} and again.target == 4


def test_typed_fields_say_what_is_wanted_in_plain_words(hotel_copy):
    editor = StandardEditor(load(hotel_copy), "checkin-speed", standard="checkin-within-3-minutes")
    editor.form.controls["target"].value = "soon"
    shown = editor.form.notes["target"].value
    assert "the target must be a number of minutes" in shown
    assert shown.count("invalid") == 1 and "Input should" not in shown
    editor.form.controls["target"].value = "3"
    editor.form.controls["last_reviewed"].value = "last week"
    assert "year-month-day" in editor.form.notes["last_reviewed"].value
    editor.form.controls["share"].value = "1.5"
    assert "between 0 and 1" in editor.form.notes["share"].value


def test_a_negative_time_target_is_refused(hotel_copy):
    before = hotel_copy.read_text(encoding="utf-8")
    editor = StandardEditor(load(hotel_copy), "checkin-speed", standard="checkin-within-3-minutes")
    editor.form.controls["target"].value = "-3"
    assert "cannot be negative" in editor.form.notes["target"].value
    assert not editor.save()
    assert hotel_copy.read_text(encoding="utf-8") == before


def test_saving_with_errors_asks_first(hotel_copy):
    before = hotel_copy.read_text(encoding="utf-8")
    editor = StandardEditor(load(hotel_copy), "checkin-speed", standard="checkin-within-3-minutes")
    editor.form.controls["target"].value = "4"  # the statements still say 3 minutes: BP104 errors
    assert not editor.save()
    assert "Save anyway" in editor.message.value and editor.save_anyway.layout.display != "none"
    assert hotel_copy.read_text(encoding="utf-8") == before
    editor.save_anyway.click()
    assert "target: 4" in hotel_copy.read_text(encoding="utf-8")
    assert editor.save_anyway.layout.display == "none"

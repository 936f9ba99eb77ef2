"""Saving never loses or alters a character, and a killed save leaves a whole file.

Text of any kind (control characters, NEL and line separators, bidi marks,
emoji) written through every way the saver writes (an in-place edit, a
structural edit through ruamel.yaml, a new file) reads back unchanged; a
fuzzed valid file saved without change is byte-identical; a process killed
while saving leaves the old or the new file and no temporary file after the
next save. benchmarks/reliability.py runs the kill trials 100 times.
"""

from __future__ import annotations

import random
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from killsave import large_service_text, run_race, run_trial, styled
from strategies import render, service_documents, service_edits, styled_services, texts

import blueprint
from blueprint.errors import SaveError
from blueprint.io.atomic import leftovers, write_atomic
from blueprint.io.load import read, read_text
from blueprint.io.save import dumps, to_document
from blueprint.model import MomentOfTruth
from conftest import DATA

SAVES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SAVES
@given(texts(max_size=30), texts(max_size=60))
def test_any_text_saved_in_place_reads_back_unchanged(tmp_path, title, description):
    path = tmp_path / "mini.yaml"
    shutil.copy(DATA / "valid-minimal.yaml", path)
    service = blueprint.load(path)
    service.info = service.info.model_copy(update={"title": title})
    service.replace("arrive", description=description)
    service.save()
    again = blueprint.load(path)
    assert (again.info.title, again.moments["arrive"].description) == (title, description)


@SAVES
@given(texts(max_size=30))
def test_any_text_in_a_new_record_reads_back_unchanged(tmp_path, title):
    path = tmp_path / "mini.yaml"
    shutil.copy(DATA / "valid-minimal.yaml", path)
    service = blueprint.load(path)
    service.add(MomentOfTruth(id="added", title=title, stage="post-service"))
    service.save()
    assert blueprint.load(path).moments["added"].title == title
    assert read_text(dumps(service)).service.moments["added"].title == title


@SAVES
@given(service_documents(), st.sampled_from(["block", "flow", "json"]))
def test_fuzzed_valid_files_save_byte_identical(tmp_path, doc, style):
    path = tmp_path / "fuzzed.yaml"
    path.write_text(render(doc, style), encoding="utf-8")
    before = path.read_bytes()
    blueprint.load(path).save()
    assert path.read_bytes() == before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_edits_of_a_file_in_any_style_save_exactly_what_was_edited(tmp_path, data):
    raw, doc = data.draw(styled_services())
    edits = data.draw(service_edits(doc))
    path = tmp_path / "styled.yaml"
    path.write_bytes(raw)
    service = blueprint.load(path)
    for ident, field, value in edits:
        if ident == "service":
            service.info = service.info.model_copy(update={field: value})
        elif field == "remove":
            if service.has(ident):
                service.remove(ident)
        elif service.has(ident):
            service.replace(ident, **{field: value})
    try:
        service.save()
    except SaveError as refused:  # only an edit inside a part shared through aliases may be refused
        assert "would change every copy" in str(refused)
        assert path.read_bytes() == raw
        return
    after = path.read_bytes()
    # what is saved loads back to what was saved: the edited records, and every other one as it
    # was (an edited target may break a rule, so the file is read, not loaded)
    assert to_document(read(path).service) == to_document(service)
    text, before = after.decode("utf-8-sig"), raw.decode("utf-8-sig")
    assert after.startswith(b"\xef\xbb\xbf") == raw.startswith(b"\xef\xbb\xbf")
    if "\r\n" in before:
        assert text.count("\n") == text.count("\r\n")
    else:
        assert "\r\n" not in text
    for comment in ("# a service written by hand", "# the name customers see"):
        assert comment in text


@pytest.mark.parametrize("text", ["a\x85b", "\x7f", "\x9f", "\u2028", "\ufffe", "x\rz", "\ufeff"])
def test_characters_yaml_cannot_hold_raw_are_saved_as_escapes(minimal, text):
    service = blueprint.load(minimal)
    service.info = service.info.model_copy(update={"title": text})
    service.save()
    assert blueprint.load(minimal).info.title == text
    assert text not in minimal.read_text(encoding="utf-8")


def test_a_dead_writers_temporary_file_is_removed_by_the_next_save(minimal):
    dead = minimal.parent / f".{minimal.name}.{_host()}-999999999.abc.tmp"
    dead.write_text("half a file")
    foreign = minimal.parent / f".{minimal.name}.zzzzzz-1.abc.tmp"  # another host: too young to judge
    foreign.write_text("someone else's")
    write_atomic(minimal, minimal.read_bytes())
    assert leftovers(minimal) == [foreign]


@pytest.mark.parametrize("style", ["plain", "styled"], ids=["plain", "blocks-anchors-crlf-bom"])
@pytest.mark.parametrize("aim", [True, False], ids=["during-the-write", "any-moment"])
def test_killing_a_saving_process_leaves_a_whole_file(tmp_path, aim, style):
    # the styled file is smaller, so its trials take no longer than one plain trial
    original = styled(large_service_text(150)) if style == "styled" else large_service_text()
    rng = random.Random(9 + aim)
    for trial in range(2 if style == "plain" else 1):
        folder = tmp_path / f"trial{trial}"
        folder.mkdir()
        result = run_trial(folder, original, rng, aim=aim)
        assert result.version in ("original", "A", "B"), result
        assert result.leftovers_after_next_save == 0, result


@pytest.mark.parametrize("writers", [2, 3])
@pytest.mark.parametrize("style", ["plain", "styled"], ids=["plain", "blocks-anchors-crlf-bom"])
def test_of_writers_saving_at_once_one_wins_and_the_others_get_a_conflict(tmp_path, writers, style):
    text = large_service_text(20)
    raw = styled(text) if style == "styled" else text.encode("utf-8")
    edits = [(f"std{i}", 40.0 + i) for i in range(writers)]
    race = run_race(tmp_path, raw, edits)
    assert sorted(race.outcomes) == ["conflict"] * (writers - 1) + ["saved"], race.outcomes
    winner = race.outcomes.index("saved")
    original = blueprint.load(tmp_path / "raced.yaml").standards  # what the file holds now
    for i, (ident, target) in enumerate(edits):
        assert (original[ident].target == target) == (i == winner), (ident, race.outcomes)
    assert not (tmp_path / ".raced.yaml.lock").exists() and leftovers(tmp_path / "raced.yaml") == []


def _host() -> str:
    from blueprint.io import atomic

    return atomic._HOST

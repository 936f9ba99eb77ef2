"""The working copy a notebook or the presenter saves into, never the original."""

from __future__ import annotations

import pytest

from blueprint.io.workcopy import WorkingCopyError, working_copy

SHOESHINE = """\
# Shostack 1984: the shoeshine stand
service: {id: shoeshine, title: Shoeshine}
moments:
  - id: pay
    title: Pay  # the last moment
"""


def test_a_named_folder_gets_the_copy_and_keeps_it_across_runs(tmp_path):
    original = tmp_path / "shop" / "shoeshine.yaml"
    original.parent.mkdir()
    original.write_text(SHOESHINE, encoding="utf-8")
    copy = working_copy(original, tmp_path / "workshop-2026-03")
    assert copy == tmp_path / "workshop-2026-03" / "shoeshine.yaml"
    assert copy.read_text(encoding="utf-8") == SHOESHINE
    copy.write_text(SHOESHINE + "# agreed in the room\n", encoding="utf-8")
    assert working_copy(original, tmp_path / "workshop-2026-03") == copy
    assert copy.read_text(encoding="utf-8").endswith("# agreed in the room\n")  # the earlier work goes on
    assert original.read_text(encoding="utf-8") == SHOESHINE


def test_without_a_folder_each_copy_is_fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    original = tmp_path / "shoeshine.yaml"
    original.write_text(SHOESHINE, encoding="utf-8")
    first, second = working_copy(original), working_copy(original)
    assert first != second and first.parent.parent == tmp_path


def test_the_originals_own_folder_is_refused(tmp_path):
    original = tmp_path / "shoeshine.yaml"
    original.write_text(SHOESHINE, encoding="utf-8")
    with pytest.raises(WorkingCopyError, match="the copy would be the original"):
        working_copy(original, tmp_path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(WorkingCopyError, match=r"clinic\.yaml: no such file"):
        working_copy(tmp_path / "clinic.yaml")

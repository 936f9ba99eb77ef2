"""A service file reached through a symbolic link is saved where it lives; the link stays a link.

Teams keep one copy of a standard and link it into several projects
(``projects/riverside/bank.yaml -> ../../shared/bank.yaml``). A save through
the link must change the shared file, not cut the link and leave an edited
private copy behind it.
"""

from __future__ import annotations

import os
import shutil

import pytest

import blueprint
from blueprint.errors import SaveConflict
from blueprint.io.atomic import write_atomic
from conftest import ROOT

BANK = ROOT / "tests" / "data" / "saving" / "bank-counter.yaml"

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symbolic links")


@pytest.fixture
def linked(tmp_path):
    shared = tmp_path / "shared"
    project = tmp_path / "projects" / "riverside"
    shared.mkdir()
    project.mkdir(parents=True)
    shutil.copy(BANK, shared / "bank.yaml")
    os.chmod(shared / "bank.yaml", 0o640)
    (project / "bank.yaml").symlink_to(os.path.join("..", "..", "shared", "bank.yaml"))
    return shared / "bank.yaml", project / "bank.yaml"


def test_a_save_through_a_link_edits_the_linked_file(linked):
    real, link = linked
    service = blueprint.load(link)
    service.replace("wait-10", target=12)
    service.save()
    assert link.is_symlink() and os.readlink(link) == os.path.join("..", "..", "shared", "bank.yaml")
    assert "    target: 12\n" in real.read_text(encoding="utf-8")
    assert oct(real.stat().st_mode & 0o777) == oct(0o640)
    assert not [p.name for p in real.parent.iterdir() if p.name != "bank.yaml"]  # no temporary or lock file
    assert not [p.name for p in link.parent.iterdir() if p.name != "bank.yaml"]


def test_a_change_made_through_the_real_path_is_seen_through_the_link(linked):
    real, link = linked
    service = blueprint.load(link)
    real.write_text(real.read_text(encoding="utf-8") + "# a colleague's note\n", encoding="utf-8")
    service.replace("wait-10", target=12)
    with pytest.raises(SaveConflict):
        service.save()
    assert link.is_symlink() and real.read_text(encoding="utf-8").endswith("# a colleague's note\n")


def test_write_atomic_through_a_link(tmp_path):
    real = tmp_path / "report.html"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.html"
    link.symlink_to("report.html")
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


# -- saving to another name ---------------------------------------------------------------------


def test_saving_to_another_existing_file_is_refused_unless_forced(linked, tmp_path):
    real, _ = linked
    other = tmp_path / "call-centre.yaml"
    other.write_text("# the call centre's standards, kept by another team\nversion: 1\n", encoding="utf-8")
    before = other.read_bytes()
    service = blueprint.load(real)
    with pytest.raises(SaveConflict, match=r"call-centre\.yaml exists .*force=True"):
        service.save(other)
    assert other.read_bytes() == before
    service.save(other, force=True)
    assert blueprint.load(other).info.id == "riverside-branch"


def test_saving_a_new_service_over_an_existing_file_is_refused(tmp_path):
    from blueprint.model.examples import tiny_service

    taken = tmp_path / "tiny.yaml"
    taken.write_text("# someone's draft\n", encoding="utf-8")
    with pytest.raises(SaveConflict, match="exists"):
        tiny_service().save(taken)
    assert taken.read_text(encoding="utf-8") == "# someone's draft\n"


def test_saving_to_its_own_file_by_name_or_through_a_link_is_no_conflict(linked):
    real, link = linked
    service = blueprint.load(link)
    service.replace("wait-10", target=11)
    service.save(real)  # the same file by another path
    service.replace("wait-10", target=13)
    service.save(str(link))
    assert "    target: 13\n" in real.read_text(encoding="utf-8")


# -- a save the system refuses ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "hint"),
    [(28, "free some space"), (13, "permission"), (30, "read-only")],
    ids=["disk-full", "no-permission", "read-only-disk"],
)
def test_a_save_the_system_refuses_names_the_file_says_it_is_unchanged_and_what_to_do(
    linked, monkeypatch, code, hint
):
    import blueprint.io.atomic as atomic
    from blueprint.errors import SaveFailed

    real, link = linked
    before = real.read_bytes()
    service = blueprint.load(link)
    service.replace("wait-10", target=12)

    def refuse(fd):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic.os, "fsync", refuse)
    with pytest.raises(SaveFailed) as failed:
        service.save()
    message = str(failed.value)
    assert message.startswith(f"{link}: not saved; the file is as it was")
    assert os.strerror(code) in message and hint in message
    assert isinstance(failed.value, OSError) and failed.value.errno == code  # still an OSError for old code
    assert real.read_bytes() == before
    assert not [p.name for p in real.parent.iterdir() if p.name != "bank.yaml"]
    monkeypatch.undo()
    service.save()  # the same edit saves once the system lets it
    assert "    target: 12\n" in real.read_text(encoding="utf-8")


def test_the_editor_widget_shows_the_same_message(linked, monkeypatch):
    import html
    import re

    import blueprint.io.atomic as atomic
    from blueprint.widgets import StandardEditor

    _, link = linked
    editor = StandardEditor(blueprint.load(link), "short-wait", standard="wait-10")
    editor.form.controls["target"].value = "12"
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, os.strerror(28))))
    assert editor.save(anyway=True) is False
    shown = html.unescape(re.sub(r"<[^>]+>", "", editor.message.value.split("</style>")[-1]))
    assert "bank.yaml: not saved; the file is as it was" in shown and "free some space" in shown


def test_a_file_removed_on_disk_since_it_was_loaded_is_not_written_back_unasked(tmp_path):
    path = tmp_path / "bank.yaml"
    shutil.copy(BANK, path)
    service = blueprint.load(path)
    path.rename(tmp_path / "bank-2026.yaml")  # a colleague renamed it
    service.replace("wait-10", target=12)
    with pytest.raises(SaveConflict, match=r"bank\.yaml was removed or renamed on disk since it was loaded"):
        service.save()
    assert not path.exists()
    service.save(force=True)
    assert "    target: 12\n" in path.read_text(encoding="utf-8")


@pytest.mark.skipif(os.name == "nt" or os.geteuid() != 0, reason="giving a file to another owner needs root")
def test_a_save_keeps_the_files_owner_and_group(linked):
    real, link = linked
    os.chown(real, 4321, 8765)  # the file belongs to a colleague; the notebook's server runs as root
    service = blueprint.load(link)
    service.replace("wait-10", target=12)
    service.save()
    after = real.stat()
    assert (after.st_uid, after.st_gid) == (4321, 8765)
    assert oct(after.st_mode & 0o777) == oct(0o640)

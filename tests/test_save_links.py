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

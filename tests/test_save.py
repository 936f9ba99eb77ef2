from __future__ import annotations

import difflib
import shutil
import subprocess
import sys

import pytest

import blueprint
from blueprint.errors import SaveConflict, SaveError
from blueprint.io.save import dumps
from blueprint.model import KeyFactor, Standard
from blueprint.model.examples import tiny_service
from conftest import DATA, EXAMPLES


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("path", [DATA / "valid-minimal.yaml", *EXAMPLES], ids=lambda p: p.name)
def test_save_without_change_is_byte_identical(path, tmp_path):
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    before = copy.read_bytes()
    blueprint.load(copy).save()
    assert copy.read_bytes() == before


@pytest.mark.parametrize("path", [DATA / "valid-minimal.yaml", *EXAMPLES], ids=lambda p: p.name)
def test_editing_one_target_changes_only_that_line(path, tmp_path):
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    before = copy.read_text()
    service = blueprint.load(copy)
    standard = next(s for s in service.standards.values() if not isinstance(s.target, bool))
    service.replace(standard.id, target=standard.target + 1)
    service.save()
    changed = _changed_lines(before, copy.read_text())
    assert len(changed) == 2, changed
    assert changed[0].lstrip("-").split(":")[0].strip() == "target"
    assert blueprint.load(copy).standards[standard.id].target == standard.target + 1


def test_comments_survive_structural_edits(minimal):
    text = minimal.read_text().replace("  - id: register-guest\n", "  # the clerk\n  - id: register-guest\n")
    minimal.write_text(text)
    service = blueprint.load(minimal)
    service.add(
        KeyFactor(id="warm-welcome", title="Warm welcome", element="people", sub_item="attitude"),
        moment="arrive",
    )
    service.add(
        Standard(
            id="welcome",
            factors=["warm-welcome"],
            statement="Smile: always",
            metric="greeting-given",
            comparator="==",
            target=True,
            unit="boolean",
            share=0.95,
        )
    )
    service.remove("greet-by-name")
    service.save()
    after = minimal.read_text()
    assert "# the clerk" in after
    assert after.splitlines()[0].startswith("# A small but complete service")
    assert 'statement: "Smile: always"' in after and 'comparator: "=="' in after
    reloaded = blueprint.load(minimal)
    assert "welcome" in reloaded.standards and "greet-by-name" not in reloaded.standards
    assert reloaded.moment_of["warm-welcome"] == "arrive"


def test_save_twice_in_a_row_keeps_working(minimal):
    service = blueprint.load(minimal)
    service.replace("checkin-3min", target=4)
    service.save()
    service.replace("checkin-3min", owner="Night manager")
    service.save()
    reloaded = blueprint.load(minimal)
    assert reloaded.standards["checkin-3min"].target == 4
    assert reloaded.standards["checkin-3min"].owner == "Night manager"


def test_changed_on_disk_is_refused_with_what_changed(minimal):
    service = blueprint.load(minimal)
    minimal.write_text(minimal.read_text().replace("title: Mini hotel", "title: Someone else's edit"))
    service.replace("checkin-3min", target=5)
    with pytest.raises(SaveConflict, match="changed on disk") as info:
        service.save()
    assert "Someone else's edit" in str(info.value)
    assert "Someone else's edit" in minimal.read_text()  # nothing was overwritten
    service.save(force=True)
    assert blueprint.load(minimal).standards["checkin-3min"].target == 5


def test_bom_and_crlf_are_kept(minimal):
    raw = b"\xef\xbb\xbf" + minimal.read_bytes().replace(b"\n", b"\r\n")
    minimal.write_bytes(raw)
    service = blueprint.load(minimal)
    service.save()
    assert minimal.read_bytes() == raw
    service.replace("checkin-3min", target=4)
    service.save()
    after = minimal.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"target: 4\r\n" in after


def test_service_built_in_code_saves_to_a_new_file_and_loads_back(tmp_path):
    service = tiny_service()
    with pytest.raises(SaveError, match="no file yet"):
        service.save()
    path = tmp_path / "tiny.yaml"
    service.save(path)
    loaded = blueprint.load(path)
    assert list(loaded.moments) == list(service.moments)
    assert loaded.standards["checkin-3min"] == service.standards["checkin-3min"]
    assert dumps(service).startswith("version: 1\n")


def test_a_killed_save_leaves_the_old_or_the_new_file(minimal, tmp_path):
    script = tmp_path / "slow_save.py"
    script.write_text(
        "import sys, blueprint, blueprint.io.atomic as a\n"
        "real = a.os.fsync\n"
        "a.os.fsync = lambda fd: (print('writing', flush=True), __import__('time').sleep(30))\n"
        "s = blueprint.load(sys.argv[1]); s.replace('checkin-3min', target=9); s.save()\n"
    )
    before = minimal.read_bytes()
    proc = subprocess.Popen([sys.executable, str(script), str(minimal)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    proc.kill()
    proc.wait()
    assert minimal.read_bytes() == before
    assert blueprint.load(minimal).standards["checkin-3min"].target == 3


def test_a_sign_off_added_in_a_workshop_is_one_new_line_written_like_the_others(tmp_path):
    import datetime

    from blueprint.model import SignOff

    copy = tmp_path / "hotel-stay.yaml"
    shutil.copy(EXAMPLES[[p.name for p in EXAMPLES].index("hotel-stay.yaml")], copy)
    before = copy.read_text()
    service = blueprint.load(copy)
    standard = service.get("checkin-within-3-minutes")
    signed = SignOff(by="Night team", date=datetime.date(2026, 11, 30))
    service.replace(standard.id, agreed_by=[*standard.agreed_by, signed])
    service.save()
    assert _changed_lines(before, copy.read_text()) == ["+      - {by: Night team, date: 2026-11-30}"]
    assert blueprint.load(copy).get(standard.id).agreed_by[-1] == signed

"""Every notebook's save paths write into a copy: the project's own files stay as shipped.

Each notebook runs in a kernel, in a temp copy of the project (notebooks,
standards, examples), with ``TMPDIR`` inside it. A last cell then presses every
save button a widget of the notebook offers, after changing something, as a
user would: the cycle designer's emotion, the standard editor's owner, the
workshop's votes (Accept and save) and a standard agreed by the room. The test
checks that each save happened (a file under ``TMPDIR`` now differs from the
original) and that no file of ``standards/`` or ``examples/`` changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))

pytestmark = pytest.mark.slow

#: the last cell: change something in every widget that can save, press its save button, report
EXERCISE = r"""
import json as _json
from blueprint.widgets import CycleDesigner, StandardEditor, Workshop
from blueprint.widgets.agree import AgreePanel
from blueprint.widgets.voting import VotingPanel

_saves, _unknown = [], []
for _name, _obj in list(globals().items()):
    if isinstance(_obj, CycleDesigner):
        _first = _obj.order[0]
        _obj.set_emotion(_first, -3 if _obj.service.moments[_first].emotion != -3 else 3)
        _obj.save_button.click()
        _saves.append([_name, str(_obj.service.source), _obj.message.value])
    elif isinstance(_obj, StandardEditor):
        _obj.form.controls["owner"].value = "Night manager"
        _obj.save_button.click()
        _saves.append([_name, str(_obj.service.source), _obj.message.value])
    elif isinstance(_obj, Workshop):
        _factor = next(iter(_obj.service.factors))
        for _who in _obj.voting.participants:
            _obj.voting.vote(_who, _factor, "R", 1)
        _obj.voting.propose()
        _obj.voting.accept_button.click()
        _saves.append([_name, str(_obj.service.source), _obj.voting.message.value])
        _obj.agree.show_factors([_factor])
        _obj.agree.signers.children[0].value = True
        _obj.agree.save_button.click()
        _saves.append([_name, str(_obj.service.source), _obj.agree.message.value])
    elif isinstance(_obj, (VotingPanel, AgreePanel)) or (
        hasattr(_obj, "save_button") and type(_obj).__module__.startswith("blueprint")
    ):
        _unknown.append(_name)
print("SAVES" + _json.dumps({"saves": _saves, "unknown": _unknown}))
"""


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_saving_in_a_notebook_leaves_the_shipped_files_unchanged(name, tmp_path):
    import nbformat
    from nbclient import NotebookClient

    for folder in ("notebooks", "standards", "examples"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "tmp").mkdir()
    shipped = {folder: _digests(tmp_path / folder) for folder in ("standards", "examples")}
    book = nbformat.read(tmp_path / "notebooks" / name, as_version=4)
    book.cells.append(nbformat.v4.new_code_cell(EXERCISE))
    old_tmp = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = str(tmp_path / "tmp")  # the kernel inherits it: its copies land here
    try:
        NotebookClient(
            book,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(tmp_path / "notebooks")}},
        ).execute()
    finally:
        if old_tmp is None:
            del os.environ["TMPDIR"]
        else:
            os.environ["TMPDIR"] = old_tmp
    out = "".join(o.get("text", "") for o in book.cells[-1].outputs if o.get("name") == "stdout")
    report = json.loads(out.split("SAVES", 1)[1])
    assert report["unknown"] == [], f"{name}: widgets that can save but are not exercised here"

    for folder, before in shipped.items():
        assert _digests(tmp_path / folder) == before, f"{name} changed the project's {folder}/"
    done = []
    for widget, source, message in report["saves"]:
        assert Path(source).is_relative_to(tmp_path / "tmp"), f"{name}: {widget} saves to {source}"
        if "Not saved" not in message:  # a refusal (the copy changed on disk) writes nothing: also safe
            assert "aved" in message, f"{name}: {widget} neither saved nor refused: {message}"
            done.append((widget, Path(source)))
    assert bool(done) == bool(report["saves"]), f"{name}: no save path wrote anything"
    for widget, source in done:
        original = tmp_path / "standards" / source.name
        assert source.read_bytes() != original.read_bytes(), f"{name}: {widget} changed nothing"
    # the notebook tells its reader it works on a copy
    text = "\n".join(c.source for c in book.cells if c.cell_type == "markdown")
    assert not report["saves"] or "copy" in text

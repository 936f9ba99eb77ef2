"""Customer surveys live in blueprint.survey and the workshop votes in blueprint.workshop.

The old paths under ``blueprint.measure.survey`` that the docs and notebooks
named keep importing for one release: each warns, naming the new path, at the
line of the caller's import, and hands out the very same objects.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from conftest import ROOT

HERE = Path(__file__).resolve()

OLD_TO_NEW = {
    "blueprint.measure.survey": "blueprint.survey",
    "blueprint.measure.survey.example_data": "blueprint.survey.example_data",
    "blueprint.measure.survey.importance": "blueprint.survey.importance",
    "blueprint.measure.survey.kano": "blueprint.survey.kano",
    "blueprint.measure.survey.sheets": "blueprint.survey.sheets",
    "blueprint.measure.survey.tolerance_writeback": "blueprint.survey.tolerance_writeback",
    "blueprint.measure.survey.voting": "blueprint.workshop.votes",
    "blueprint.measure.survey.voting_import": "blueprint.workshop.vote_import",
}


def _forget_old_paths() -> None:
    for name in [name for name in sys.modules if name.startswith("blueprint.measure.survey")]:
        del sys.modules[name]


@pytest.mark.parametrize(("old", "new"), sorted(OLD_TO_NEW.items()))
def test_an_old_path_warns_with_the_new_one_and_gives_the_same_objects(old, new):
    _forget_old_paths()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old_module = importlib.import_module(old)
    ours = [w for w in caught if issubclass(w.category, DeprecationWarning) and f"{old} is" in str(w.message)]
    assert len(ours) == 1, [str(w.message) for w in caught]
    assert f"import from {new} instead" in str(ours[0].message)
    new_module = importlib.import_module(new)
    assert new_module.__all__, new
    assert list(old_module.__all__) == list(new_module.__all__)
    for name in new_module.__all__:
        assert getattr(old_module, name) is getattr(new_module, name), f"{old}.{name}"
    _forget_old_paths()


def test_the_warning_points_at_the_line_that_imports_the_old_path(tmp_path):
    script = tmp_path / "old_notebook_cell.py"
    script.write_text(
        "import warnings\n"
        "warnings.simplefilter('always')\n"
        "from blueprint.measure.survey.voting_import import read_votes\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    where = f"{script}:3: DeprecationWarning: "
    assert where + "blueprint.measure.survey.voting_import is deprecated" in done.stderr
    assert "import from blueprint.workshop.vote_import instead" in done.stderr


def test_the_new_packages_import_without_any_warning():
    _forget_old_paths()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for new in sorted({*OLD_TO_NEW.values(), "blueprint.workshop.vote_review", "blueprint.workshop"}):
            importlib.import_module(new)
    assert not [name for name in sys.modules if name.startswith("blueprint.measure.survey")]


def test_the_old_example_data_command_still_writes_the_same_files(tmp_path):
    written = {}
    for module in ("blueprint.survey.example_data", "blueprint.measure.survey.example_data"):
        folder = tmp_path / module
        command = [sys.executable, "-m", module, str(folder)]
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=True)
        assert done.stdout.strip(), module
        written[module] = {path.name: path.read_bytes() for path in sorted(folder.iterdir())}
    assert written["blueprint.survey.example_data"]
    assert written["blueprint.survey.example_data"] == written["blueprint.measure.survey.example_data"]


OLD = re.compile(
    r"blueprint\.measure\.survey|blueprint\.measure import survey|from \.\.?measure(\.survey| import survey)"
)


def test_nothing_but_the_old_modules_and_this_test_uses_the_old_paths():
    shims = ROOT / "src" / "blueprint" / "measure" / "survey"
    places = [ROOT / name for name in ("src", "tests", "notebooks", "docs", "benchmarks", "scripts")]
    files = [ROOT / "README.md"]
    for place in places:
        files += [p for p in place.rglob("*") if p.suffix in (".py", ".md", ".ipynb") and p.is_file()]
    users = [
        str(path.relative_to(ROOT))
        for path in files
        if shims not in path.parents and path != HERE and OLD.search(path.read_text(encoding="utf-8"))
    ]
    assert users == []
    assert sorted(p.stem for p in shims.glob("*.py")) == sorted(
        ["__init__", *(old.rpartition(".")[2] for old in OLD_TO_NEW if old != "blueprint.measure.survey")]
    )

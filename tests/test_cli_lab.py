"""``blueprint lab``: starts JupyterLab on the notebooks folder (the server itself is not started here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from blueprint import cli


@pytest.fixture
def calls(monkeypatch):
    seen: list[list[str]] = []
    monkeypatch.setattr("subprocess.call", lambda command: seen.append(command) or 0)
    return seen


def test_opens_the_notebooks_folder_by_default(tmp_path, monkeypatch, calls):
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path)
    assert cli.main(["lab", "--no-browser", "--port", "8899"]) == 0
    [command] = calls
    assert command[:3] == [sys.executable, "-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={(tmp_path / 'notebooks').resolve()}" in command
    assert "--ServerApp.port=8899" in command and "--no-browser" in command


def test_a_folder_can_be_named(tmp_path, calls):
    assert cli.main(["lab", str(tmp_path)]) == 0
    assert f"--ServerApp.root_dir={Path(tmp_path).resolve()}" in calls[0]


def test_missing_folder_is_a_usage_error(tmp_path, calls, capsys):
    assert cli.main(["lab", str(tmp_path / "nope")]) == 2
    assert "no such folder" in capsys.readouterr().err
    assert calls == []


def test_without_jupyterlab_says_how_to_install(tmp_path, monkeypatch, calls, capsys):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    assert cli.main(["lab", str(tmp_path)]) == 2
    assert 'pip install "blueprint-service-design[notebook]"' in capsys.readouterr().err

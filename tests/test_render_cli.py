"""``blueprint render``: format by suffix, translated titles, clear errors, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import graphviz
import pytest

from blueprint.cli import main
from conftest import DATA, ROOT

HOTEL = str(ROOT / "standards" / "hotel-stay.yaml")


@pytest.mark.graphviz
@pytest.mark.parametrize(
    ("view", "suffix", "magic"),
    [
        ("blueprint", ".svg", b"<?xml"),
        ("blueprint", ".png", b"\x89PNG"),
        ("cycle", ".pdf", b"%PDF"),
        ("cycle", ".svg", b"<?xml"),
    ],
)
def test_render_writes_the_format_of_the_suffix(view: str, suffix: str, magic: bytes, tmp_path: Path) -> None:
    out = tmp_path / f"picture{suffix}"
    assert main(["render", HOTEL, "--view", view, "-o", str(out)]) == 0
    assert out.read_bytes().startswith(magic)


def test_dot_needs_no_graphviz(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    out = tmp_path / "b.dot"
    assert main(["render", HOTEL, "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith('digraph "hotel-stay" {')


@pytest.mark.graphviz
def test_lang_uses_translated_titles(tmp_path: Path) -> None:
    out = tmp_path / "zh.svg"
    assert main(["render", HOTEL, "--lang", "zh", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "有形展示" in text and "服务蓝图" in text


def test_missing_graphviz_is_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def absent(*args: object, **kwargs: object) -> bytes:
        raise graphviz.ExecutableNotFound(["neato"])

    monkeypatch.setattr(graphviz, "pipe", absent)
    out = tmp_path / "b.png"
    assert main(["render", HOTEL, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "apt-get install graphviz" in err and "brew install graphviz" in err and "conda" in err
    assert "Traceback" not in err and not out.exists()


def test_broken_file_prints_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = DATA / "broken" / "dangling-factor.yaml"
    assert main(["render", str(broken), "-o", str(tmp_path / "x.svg")]) == 1
    err = capsys.readouterr().err
    assert "dangling-factor.yaml:" in err and "BP0" in err
    assert not (tmp_path / "x.svg").exists()


def test_unknown_suffix_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", HOTEL, "-o", str(tmp_path / "x.jpg")]) == 2
    assert ".svg, .png, .pdf or .dot" in capsys.readouterr().err


def test_missing_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(tmp_path / "none.yaml"), "-o", str(tmp_path / "x.svg")]) == 2
    assert "cannot be read" in capsys.readouterr().err

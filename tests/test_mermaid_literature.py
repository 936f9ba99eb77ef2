"""Mermaid export and import on services from the literature, and on files handed to the import by mistake."""

from __future__ import annotations

import pytest

from blueprint.cli import main
from blueprint.io.load import load
from conftest import DATA

LITERATURE = DATA / "literature"


@pytest.mark.parametrize("name", ["discount-brokerage", "dental-practice", "permit-office-hostile"])
@pytest.mark.parametrize("lang", [None, "zh"])
def test_export_then_import_gives_the_same_service(name, lang, tmp_path, capsys):
    source = LITERATURE / f"{name}.yaml"
    exported, back = tmp_path / "service.md", tmp_path / "back.yaml"
    assert (
        main(
            [
                "export",
                str(source),
                "--to",
                "mermaid",
                "-o",
                str(exported),
                *(["--lang", lang] if lang else []),
            ]
        )
        == 0
    )
    assert main(["import", str(exported), "-o", str(back)]) == 0
    capsys.readouterr()
    first, second = load(source), load(back)
    for section in ("info", "metrics", "channels", "moments", "steps", "standards", "promises"):
        assert getattr(first, section) == getattr(second, section), section


def test_importing_the_service_file_itself_says_it_holds_no_diagram_and_how_to_make_one(tmp_path, capsys):
    source = LITERATURE / "discount-brokerage.yaml"  # starts with a '#' comment line
    assert main(["import", str(source), "-o", str(tmp_path / "out.yaml")]) == 1
    out = capsys.readouterr().err
    assert "Mermaid '#' diagram" not in out
    assert "holds no Mermaid diagram" in out and f"blueprint export {source.name} --to mermaid" in out
    assert not (tmp_path / "out.yaml").exists()


def test_a_diagram_of_another_kind_is_named(tmp_path, capsys):
    path = tmp_path / "seq.md"
    path.write_text("```mermaid\nsequenceDiagram\n  Alice->>Bob: hi\n```\n", encoding="utf-8")
    assert main(["import", str(path), "-o", str(tmp_path / "out.yaml")]) == 1
    assert f"{path}:2:1: error MM001 this is a Mermaid 'sequenceDiagram' diagram" in capsys.readouterr().err

"""The floors of the package hold: the model imports nothing above it, and no import goes round in a circle.

import-linter checks the layers (``lint-imports``), but it cannot see an import
written as a string (``importlib.import_module("blueprint.io.save")``), so these
tests read the source itself. Every import counts: at the top of a module,
inside a function, or only for the type checker.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from blueprint import wiring

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "blueprint"
MODEL = PACKAGE / "model"


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules(root: Path) -> dict[str, Path]:
    return {_module_name(path, root.parent): path for path in sorted(root.rglob("*.py"))}


def imports_of(path: Path, name: str, known: set[str]) -> set[str]:
    """The modules of ``known`` that the module ``name`` (at ``path``) imports, however it does so."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            named = [f"{module}.{alias.name}" for alias in node.names]
            submodules = [sub for sub in named if sub in known]
            targets = submodules if len(submodules) == len(node.names) else [module, *submodules]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if called in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                targets = [node.args[0].value]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            # A module always runs its own packages first; that is no edge of its own.
            if target and target != name and not name.startswith(target + "."):
                found.add(target)
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    modules = _modules(root)
    return {name: imports_of(path, name, set(modules)) for name, path in modules.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, round and round (strongly connected, size > 1)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in order:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], order[other])
        if low[node] == order[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in order:
            visit(node)
    return found


def test_the_model_imports_nothing_by_string():
    offenders = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in sorted(MODEL.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(word in line for word in ("import_module", "__import__", "importlib"))
    ]
    assert offenders == [], "the model must not reach up by string:\n" + "\n".join(offenders)


def test_the_model_imports_only_the_model_and_the_wiring():
    graph = import_graph(PACKAGE)
    upward = {
        f"{name} -> {target}"
        for name, targets in graph.items()
        if name.startswith("blueprint.model")
        for target in targets
        if target.startswith("blueprint")
        and not target.startswith("blueprint.model")
        and target != "blueprint.wiring"
    }
    assert upward == set()


def test_the_wiring_imports_nothing_of_blueprint():
    assert {t for t in import_graph(PACKAGE)["blueprint.wiring"] if t.startswith("blueprint")} == set()


def test_no_module_imports_itself_round_a_circle():
    assert circles(import_graph(PACKAGE)) == []


def test_the_circle_finder_sees_string_lazy_and_type_checking_imports(tmp_path):
    # A bank branch written in three modules that import each other three different ways.
    package = tmp_path / "branch"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "teller.py").write_text("from .queue import Ticket\n")
    (package / "queue.py").write_text(
        textwrap.dedent(
            """
            from typing import TYPE_CHECKING
            if TYPE_CHECKING:
                from .vault import Vault
            """
        )
    )
    (package / "vault.py").write_text(
        "def open_vault():\n    import importlib\n    return importlib.import_module('branch.teller')\n"
    )
    (package / "lobby.py").write_text("from . import teller\n")
    assert circles(import_graph(package)) == [["branch.queue", "branch.teller", "branch.vault"]]


def test_render_is_a_top_level_function_whatever_was_imported_first():
    # A notebook may import a view module before it ever touches blueprint.render.
    code = textwrap.dedent(
        """
        import blueprint.render.output
        import blueprint
        from blueprint.model.examples import tiny_service
        service = tiny_service()
        picture = blueprint.render(service, view="cycle")
        assert picture.dot == service.render("cycle").dot, "two ways to draw differ"
        assert blueprint.render.VIEWS["cycle"]().__name__ == "cycle_view"
        print(picture.dot.splitlines()[0])
        """
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("digraph")


def test_the_top_level_render_draws_the_views_a_service_draws():
    import blueprint
    from blueprint.model.examples import tiny_service

    service = tiny_service()
    assert blueprint.render(service, view="blueprint").dot == service.render().dot
    with pytest.raises(ValueError, match="unknown view 'floorplan'"):
        blueprint.render(service, view="floorplan")


def test_the_wiring_names_what_is_missing():
    with pytest.raises(LookupError, match="nothing provides 'teleport'"):
        wiring.lookup("teleport")


def test_a_service_saves_and_summarises_through_the_wiring(tmp_path):
    import blueprint

    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(
        textwrap.dedent(
            """\
            version: 1
            service:
              id: clinic
              title: Walk-in clinic  # the GP practice's Saturday clinic
            moments:
              - id: reception
                title: Reception
                stage: pre-service
              - id: consultation
                title: Consultation
                stage: in-service
            """
        ),
        encoding="utf-8",
    )
    service = blueprint.load(clinic)
    assert service.summary().splitlines()[0] == "Walk-in clinic (clinic)"
    service.replace("consultation", title="Consultation with the GP")
    service.save()
    text = clinic.read_text(encoding="utf-8")
    assert "# the GP practice's Saturday clinic" in text
    assert "title: Consultation with the GP" in text


def test_no_module_imports_by_string():
    # Lazy names and views import plainly inside functions, so import-linter sees every import.
    found = sorted(
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in PACKAGE.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "import_module(" in line or "__import__(" in line
    )
    assert found == [], "import plainly, not by string:\n" + "\n".join(found)


def test_no_module_imports_a_private_name_of_another():
    borrowed = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (
                node.level or (node.module or "").startswith("blueprint")
            ):
                names = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
                borrowed += [f"{path.relative_to(SRC)}: {node.module} {name}" for name in names]
    assert borrowed == []


def test_every_module_stays_under_450_lines():
    long = {
        str(path.relative_to(PACKAGE)): count
        for path in PACKAGE.rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 450
    }
    assert long == {}, "split these by job: " + ", ".join(f"{name} ({n} lines)" for name, n in long.items())

"""environment.yml (for conda users) and pyproject.toml (for pip users) list the same packages."""

from __future__ import annotations

import re

import tomllib
import yaml

from conftest import ROOT

# conda-forge names for PyPI names that differ
CONDA_NAME = {"graphviz": "python-graphviz", "matplotlib": "matplotlib-base"}
# what conda needs that pip does not: the interpreter, the dot binary, pip itself
CONDA_ONLY = {"python", "graphviz", "pip"}


def _name_and_bound(requirement: str) -> tuple[str, str | None]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*(?:>=\s*([0-9][^,;\s]*))?", requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-"), match.group(2)


def _pyproject() -> dict[str, str | None]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += extra
    # an extra that includes another (notebook includes live) names the project itself
    return {name: bound for name, bound in map(_name_and_bound, wanted) if name != project["name"]}


def _environment() -> tuple[dict[str, str | None], dict[str, str | None]]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = {}, {}
    for item in env["dependencies"]:
        if isinstance(item, dict):
            pip.update(_name_and_bound(p) for p in item["pip"] if not p.startswith("-e"))
        else:
            name, bound = _name_and_bound(item)
            conda[name] = bound
    return conda, pip


def test_every_pip_dependency_is_in_the_conda_environment_with_the_same_bound():
    conda, pip = _environment()
    for name, bound in _pyproject().items():
        conda_name = CONDA_NAME.get(name, name)
        assert conda_name in conda or name in pip, f"{name} is missing from environment.yml"
        env_bound = conda.get(conda_name, pip.get(name))
        assert env_bound == bound, f"{name}: pyproject says >={bound}, environment.yml says >={env_bound}"


def test_the_conda_environment_has_nothing_pyproject_lacks():
    conda, pip = _environment()
    known = {CONDA_NAME.get(n, n) for n in _pyproject()} | set(_pyproject())
    extra = (set(conda) | set(pip)) - known - CONDA_ONLY
    assert not extra, f"in environment.yml but not pyproject.toml: {sorted(extra)}"


def test_conda_environment_brings_the_graphviz_binary():
    conda, _ = _environment()
    assert "graphviz" in conda and "python-graphviz" in conda

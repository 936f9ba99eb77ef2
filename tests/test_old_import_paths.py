"""Modules renamed by their job: each old import path still works for one release, and says where to go."""

from __future__ import annotations

import importlib
import sys

import pytest

from test_architecture import PACKAGE, import_graph

#: old path -> (new path, a name both must give, the same object)
MOVED = {
    "blueprint.measure.quick": ("blueprint.measure.duck", "Engine"),
    "blueprint.measure.engine": ("blueprint.measure.ibis_queries", "aggregate"),
    "blueprint.formats": ("blueprint.findings_output", "sarif_report"),
    "blueprint.reporting": ("blueprint.report.pipeline", "build_report"),
    "blueprint.render.report": ("blueprint.report.layout", "report_html"),
    "blueprint.render.report_parts": ("blueprint.report.parts", "gap_table"),
    "blueprint.render.report_charts": ("blueprint.report.charts", "servqual_chart"),
    "blueprint.render.report_blueprint": ("blueprint.report.blueprint_section", "blueprint_parts"),
    "blueprint.render.report_service_types": ("blueprint.report.service_types", "service_type_part"),
    "blueprint.checks.figures": ("blueprint.checks.numbers", "mentions"),
    "blueprint.checks.config": ("blueprint.checks.lint_config", "LintConfig"),
    "blueprint.io.config": ("blueprint.io.project_config", "load_config"),
    "blueprint.io.mermaid": ("blueprint.io.mermaid_read", "read_journey"),
    "blueprint.measure.locate": ("blueprint.measure.source_lookup", "open_source"),
    "blueprint.io.textlocate": ("blueprint.io.text_positions", "TextLocator"),
    "blueprint.io.yamlsource": ("blueprint.io.yaml_located", "parse"),
    "blueprint.render.markup": ("blueprint.escaping", "escape_text"),
    "blueprint.measure.progress": ("blueprint.progress", "watching"),
}


@pytest.mark.parametrize("old", sorted(MOVED))
def test_an_old_path_warns_naming_the_new_one_and_gives_the_same_objects(old):
    new, name = MOVED[old]
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=new.replace(".", r"\.")):
        module = importlib.import_module(old)
    assert getattr(module, name) is getattr(importlib.import_module(new), name)
    for exported in module.__all__:
        assert hasattr(module, exported), exported


def test_the_kept_query_is_also_reachable_through_the_old_path():
    sys.modules.pop("blueprint.measure.quick", None)
    with pytest.warns(DeprecationWarning, match=r"blueprint\.measure\.query_cache"):
        quick = importlib.import_module("blueprint.measure.quick")
    from blueprint.measure import query_cache

    assert quick.remember is query_cache.remember and quick.lookup is query_cache.lookup


def test_nothing_in_the_package_imports_an_old_path():
    graph = import_graph(PACKAGE)
    users = {name: imported for name, imported in graph.items() if name not in MOVED}
    found = {name: sorted(set(MOVED) & imported) for name, imported in users.items()}
    assert {name: olds for name, olds in found.items() if olds} == {}


def test_the_loaders_rule_names_have_a_name_of_their_own_and_the_old_one_warns():
    from blueprint.checks import RULES
    from blueprint.model import integrity

    assert integrity.LOADER_RULES["BP006"] == "dangling-reference"
    assert not set(integrity.LOADER_RULES) & set(RULES)
    with pytest.warns(DeprecationWarning, match="LOADER_RULES"):
        assert integrity.RULES is integrity.LOADER_RULES
    with pytest.raises(AttributeError):
        integrity.NO_SUCH_NAME  # noqa: B018

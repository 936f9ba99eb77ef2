"""Blueprint: service design as code.

Model a service cycle as a graph of moments of truth, tag the key factors at
each moment, turn them into measurable standards and check the whole against
the gap model.

>>> import blueprint
>>> service = blueprint.load("standards/hotel-stay.yaml")
>>> print(service.summary().splitlines()[0])
Overnight hotel stay (hotel-stay)
>>> service.graph.nodes["check-in"]["stage"] == "in-service"
True
>>> blueprint.render(service, view="cycle").dot.startswith("digraph")
True
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from . import wiring as _wiring

__version__ = "0.1.0"

# Public names and the module that defines them. Imported on first use, so
# ``import blueprint`` and the CLI start fast.
_LAZY = {
    "load": "blueprint.io.load",
    "read": "blueprint.io.load",
    "save": "blueprint.io.save",
    "render": "blueprint.render",
    "Service": "blueprint.model.service",
    "ServiceInfo": "blueprint.model.service",
    "MomentOfTruth": "blueprint.model.objects",
    "KeyFactor": "blueprint.model.objects",
    "Standard": "blueprint.model.objects",
    "Step": "blueprint.model.objects",
    "Promise": "blueprint.model.objects",
    "Metric": "blueprint.model.objects",
    "Finding": "blueprint.model.findings",
    "Location": "blueprint.model.findings",
    "queries": "blueprint.model.queries",
    "suggest": "blueprint.checks.suggest",
    "BlueprintError": "blueprint.errors",
    "LoadError": "blueprint.errors",
    "SaveConflict": "blueprint.errors",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'blueprint' has no attribute {name!r}")
    # ``queries`` is a module; ``render`` is the render package, which is callable.
    value = import_module(module) if name in ("queries", "render") else getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


# The model imports nothing above it: a service saves and draws itself through
# these, filled here because this package is always imported before the model.
_wiring.provide("save", lambda: import_module("blueprint.io.save").save)
_wiring.provide("render", lambda: import_module("blueprint.render").render)
_wiring.provide("display", lambda: import_module("blueprint.render").display_bundle)
_wiring.provide("summary", lambda: import_module("blueprint.model.queries").summary)

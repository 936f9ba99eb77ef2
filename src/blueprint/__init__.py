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

import sys
from types import ModuleType
from typing import Any

from . import wiring as _wiring
from ._version import __version__

# Public names and the module that defines them. Imported on first use, so
# ``import blueprint`` and the CLI start fast.
_LAZY = {
    "load": "io.load",
    "read": "io.load",
    "save": "io.save",
    "render": "render",
    "Service": "model.service",
    "ServiceInfo": "model.service",
    "MomentOfTruth": "model.objects",
    "KeyFactor": "model.objects",
    "Standard": "model.objects",
    "Step": "model.objects",
    "Promise": "model.objects",
    "Metric": "model.objects",
    "Finding": "model.findings",
    "Location": "model.findings",
    "queries": "model.queries",
    "suggest": "checks.suggest",
    "BlueprintError": "errors",
    "LoadError": "errors",
    "SaveConflict": "errors",
}

__all__ = ["__version__", *_LAZY]


def _module(path: str) -> ModuleType:
    """The module ``path`` (relative to this package) of :data:`_LAZY`, imported now."""
    if path == "io.load":
        from .io import load

        return load
    elif path == "io.save":
        from .io import save

        return save
    elif path == "render":
        # Not ``from . import render``: that reads this package's attribute first, and
        # when it is missing (a reloaded package) asks this very ``__getattr__`` again.
        from .render import render as draw

        return sys.modules[draw.__module__]
    elif path == "model.service":
        from .model import service

        return service
    elif path == "model.objects":
        from .model import objects

        return objects
    elif path == "model.findings":
        from .model import findings

        return findings
    elif path == "model.queries":
        from .model import queries

        return queries
    elif path == "checks.suggest":
        from .checks import suggest

        return suggest
    else:
        from . import errors

        return errors


def __getattr__(name: str) -> Any:
    path = _LAZY.get(name)
    if path is None:
        raise AttributeError(f"module 'blueprint' has no attribute {name!r}")
    module = _module(path)
    # ``queries`` is a module; ``render`` is the render package, which is callable.
    value = module if name in ("queries", "render") else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


# The model imports nothing above it: a service saves and draws itself through
# these, filled here because this package is always imported before the model.
_wiring.provide("save", lambda: _module("io.save").save)
_wiring.provide("render", lambda: _module("render").render)
_wiring.provide("display", lambda: _module("render").display_bundle)
_wiring.provide("summary", lambda: _module("model.queries").summary)

"""Notebook widgets: explore a service, edit its standards, watch its gaps, design its cycle, run a workshop.

The widgets hold the :class:`~blueprint.model.Service` in Python and send
only small serialised state to the browser (the SVG once per view and
language, the selected moment, which moments to dim). They need the optional
notebook dependencies; without them importing this package says how to install
them in one line.

>>> import blueprint
>>> from blueprint.widgets import Explorer
>>> explorer = Explorer(blueprint.load("standards/hotel-stay.yaml"), picture=False)
>>> explorer.selected = "check-in"
>>> "Check in at the front desk" in explorer.panel.value
True
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from ._deps import require

require()

_LAZY = {
    "Explorer": "blueprint.widgets.explorer",
    "StandardEditor": "blueprint.widgets.editor",
    "GapDashboard": "blueprint.widgets.gaps",
    "CycleDesigner": "blueprint.widgets.designer",
    "SvgView": "blueprint.widgets.svgview",
    "Workshop": "blueprint.widgets.workshop",
    "MarginSlider": "blueprint.widgets.margin",
    "FindingsTable": "blueprint.widgets.findings_table",
    "picture": "blueprint.widgets.svgview",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'blueprint.widgets' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

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

from typing import Any

from ._deps import require

require()

_LAZY = {
    "Explorer": "explorer",
    "StandardEditor": "editor",
    "GapDashboard": "gaps",
    "CycleDesigner": "designer",
    "SvgView": "svgview",
    "Workshop": "workshop",
    "MarginSlider": "margin",
    "FindingsTable": "findings_table",
    "picture": "svgview",
}

__all__ = sorted(_LAZY)


def _widget(name: str) -> Any:
    """The widget class ``name``, imported from its module now."""
    if name == "Explorer":
        from .explorer import Explorer

        return Explorer
    elif name == "StandardEditor":
        from .editor import StandardEditor

        return StandardEditor
    elif name == "GapDashboard":
        from .gaps import GapDashboard

        return GapDashboard
    elif name == "CycleDesigner":
        from .designer import CycleDesigner

        return CycleDesigner
    elif name == "SvgView":
        from .svgview import SvgView

        return SvgView
    elif name == "Workshop":
        from .workshop import Workshop

        return Workshop
    elif name == "MarginSlider":
        from .margin import MarginSlider

        return MarginSlider
    elif name == "FindingsTable":
        from .findings_table import FindingsTable

        return FindingsTable
    else:
        from .svgview import picture

        return picture


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'blueprint.widgets' has no attribute {name!r}")
    value = _widget(name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

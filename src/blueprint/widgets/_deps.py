"""The optional notebook dependencies, checked once with a one-line install hint."""

from __future__ import annotations

from importlib.util import find_spec

__all__ = ["INSTALL_HINT", "require"]

INSTALL_HINT = 'blueprint.widgets needs the notebook extras: pip install "blueprint-service-design[notebook]"'

#: module name -> what it is for, in the order they are checked
_NEEDED = {"ipywidgets": "the controls", "anywidget": "the clickable blueprint"}


def require() -> None:
    """Raise ``ImportError`` with :data:`INSTALL_HINT` when a notebook dependency is missing."""
    missing = [name for name in _NEEDED if _absent(name)]
    if missing:
        raise ImportError(f"{INSTALL_HINT} (missing: {', '.join(missing)})") from None


def _absent(name: str) -> bool:
    import sys

    # A module set to None in sys.modules is how tests (and users) block an import.
    if name in sys.modules:
        return sys.modules[name] is None
    try:
        return find_spec(name) is None
    except (ImportError, ValueError):
        return True

"""Where the floors above the model plug in what a service does beyond holding records.

The model is the ground floor: it imports nothing of Blueprint above it. A
:class:`~blueprint.model.service.Service` can still save itself and show itself
in Jupyter, because it asks this registry for the function that does so, and
the ``blueprint`` package fills the registry when it is imported. This module
uses only the standard library, so the model may import it.

>>> from blueprint import wiring
>>> sorted(wiring.provided())
['display', 'render', 'save', 'summary']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["lookup", "provide", "provided"]

_providers: dict[str, Callable[[], Callable[..., Any]]] = {}


def provide(name: str, loader: Callable[[], Callable[..., Any]]) -> None:
    """Register ``loader``, called on first use, as the source of the function ``name``."""
    _providers[name] = loader


def provided() -> list[str]:
    """The names of the functions registered so far."""
    return list(_providers)


def lookup(name: str) -> Callable[..., Any]:
    """The function registered as ``name``; ``LookupError`` saying what is missing."""
    loader = _providers.get(name)
    if loader is None:
        raise LookupError(f"nothing provides {name!r}: import blueprint to wire the model to its layers")
    return loader()

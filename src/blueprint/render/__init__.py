"""Pictures of a service: blueprint, service cycle, emotion curve, channel matrix.

Every view is a function ``view(service, lang=None, **options)`` returning a
:class:`~blueprint.render.output.Rendered`, registered by name in
:data:`VIEWS` through a loader that imports it, so that a view's module (and
its heavy imports) loads only when that view is drawn.

>>> from blueprint.model.examples import tiny_service
>>> picture = render(tiny_service(), view="blueprint")
>>> picture.dot.startswith("digraph")
True

The package itself is callable, so that ``blueprint.render(service, view=...)``
draws whether or not this package was imported before.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model.service import Service
    from .output import Rendered

__all__ = ["VIEWS", "display_bundle", "render", "view_function"]


def _blueprint() -> Callable[..., Rendered]:
    from .blueprint_view import blueprint_view

    return blueprint_view


def _cycle() -> Callable[..., Rendered]:
    from .cycle_view import cycle_view

    return cycle_view


def _emotion() -> Callable[..., Rendered]:
    from .emotion import emotion_curve

    return emotion_curve


def _channels() -> Callable[..., Rendered]:
    from .channels import channel_matrix

    return channel_matrix


def _elements() -> Callable[..., Rendered]:
    from .elements_view import elements_view

    return elements_view


#: view name -> a loader that imports the function drawing it and returns it
VIEWS: dict[str, Callable[[], Callable[..., Rendered]]] = {
    "blueprint": _blueprint,
    "cycle": _cycle,
    "emotion": _emotion,
    "channels": _channels,
    "elements": _elements,
}


def view_function(view: str) -> Callable[..., Rendered]:
    """The function drawing ``view``; ``ValueError`` naming the views when unknown."""
    loader = VIEWS.get(view)
    if loader is None:
        raise ValueError(f"unknown view {view!r}; use one of: {', '.join(VIEWS)}")
    return loader()


def render(service: Service, view: str = "blueprint", *, lang: str | None = None, **options: Any) -> Rendered:
    """Draw ``service`` as ``view`` (``blueprint``, ``cycle``, ``emotion`` or ``channels``).

    ``lang`` picks translated titles (``"zh"``); ``options`` go to the view.
    The result displays in Jupyter and saves with ``.save("out.svg")``.
    """
    return view_function(view)(service, lang=lang, **options)


def display_bundle(service: Service, include: Any = None, exclude: Any = None) -> dict[str, Any]:
    """The Jupyter display of a service: its blueprint as SVG, or a short error note.

    Never raises: a notebook cell showing a service must not fail because a
    picture could not be drawn.
    """
    try:
        return render(service, view="blueprint")._repr_mimebundle_(include, exclude)
    except Exception as exc:  # display must never raise into the notebook
        from .output import error_bundle

        return error_bundle(exc, text=repr(service))


class _DrawingPackage(ModuleType):
    """This package, callable as :func:`render`."""

    def __call__(
        self, service: Service, view: str = "blueprint", *, lang: str | None = None, **options: Any
    ) -> Rendered:
        return render(service, view, lang=lang, **options)


sys.modules[__name__].__class__ = _DrawingPackage

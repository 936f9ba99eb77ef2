"""Pictures of a service: blueprint, service cycle, emotion curve, channel matrix.

Every view is a function ``view(service, lang=None, **options)`` returning a
:class:`~blueprint.render.output.Rendered`, registered by name in
:data:`VIEWS` as ``"module:function"`` so that a view's module (and its heavy
imports) loads only when that view is drawn.

>>> from blueprint.model.examples import tiny_service
>>> picture = render(tiny_service(), view="blueprint")
>>> picture.dot.startswith("digraph")
True

The package itself is callable, so that ``blueprint.render(service, view=...)``
draws whether or not this package was imported before.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model.service import Service
    from .output import Rendered

__all__ = ["VIEWS", "display_bundle", "render", "view_function"]

#: view name -> "module:function" drawing it
VIEWS: dict[str, str] = {
    "blueprint": "blueprint.render.blueprint_view:blueprint_view",
    "cycle": "blueprint.render.cycle_view:cycle_view",
    "emotion": "blueprint.render.emotion:emotion_curve",
    "channels": "blueprint.render.channels:channel_matrix",
    "elements": "blueprint.render.elements_view:elements_view",
}


def view_function(view: str) -> Any:
    """The function drawing ``view``; ``ValueError`` naming the views when unknown."""
    target = VIEWS.get(view)
    if target is None:
        raise ValueError(f"unknown view {view!r}; use one of: {', '.join(VIEWS)}")
    module_name, _, function = target.partition(":")
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise ValueError(f"the {view} view is not available in this version of Blueprint") from None
    return getattr(module, function)


def render(service: Service, view: str = "blueprint", *, lang: str | None = None, **options: Any) -> Rendered:
    """Draw ``service`` as ``view`` (``blueprint``, ``cycle``, ``emotion`` or ``channels``).

    ``lang`` picks translated titles (``"zh"``); ``options`` go to the view.
    The result displays in Jupyter and saves with ``.save("out.svg")``.
    """
    result: Rendered = view_function(view)(service, lang=lang, **options)
    return result


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

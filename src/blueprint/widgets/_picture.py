"""Draw a view of the service as SVG for the widgets, once per (view, language), never raising."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["PictureCache", "languages"]


class PictureCache:
    """SVG text per (view, language, options), drawn on first use and kept.

    A failed drawing is kept too, as its message, so a missing Graphviz or a
    view not in this version is reported once and not retried on every click.
    """

    def __init__(self, service: Service) -> None:
        self.service = service
        self._svg: dict[tuple[Any, ...], tuple[str, str]] = {}

    def get(self, view: str, lang: str | None = None, *, key: Any = (), **options: Any) -> tuple[str, str]:
        """``(svg, message)``: the picture, or ``""`` and why there is none.

        ``key`` tells apart pictures of the same view whose service changed
        (e.g. the emotions along the cycle); it is not passed to the view.
        """
        # Options may hold mappings (a status per moment), so they do not go into the key: ``key`` does.
        key = (view, lang, key)
        if key not in self._svg:
            self._svg[key] = _draw(self.service, view, lang, options)
        return self._svg[key]

    def clear(self) -> None:
        """Forget every picture (after the service changed)."""
        self._svg.clear()


def _draw(service: Service, view: str, lang: str | None, options: dict[str, Any]) -> tuple[str, str]:
    try:
        from ..render import render
    except ImportError:
        return "", f"The {view} picture is not available yet: this version has no blueprint.render."
    try:
        return render(service, view, lang=lang, **options).svg(), ""
    except ValueError as exc:  # an unknown view, or one not in this version
        return "", f"The {view} picture is not available yet: {exc}."
    except Exception as exc:  # a picture must never break the widget
        return "", f"The {view} picture could not be drawn: {type(exc).__name__}: {exc}"


def languages(service: Service) -> list[str]:
    """Languages the service has translations for, sorted (the original titles come first)."""
    found = set(service.info.translations)
    for moment in service.moments.values():
        found.update(moment.translations)
    return sorted(found)

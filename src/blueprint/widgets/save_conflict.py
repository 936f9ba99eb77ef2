"""A save that finds the file changed since it was opened: plain words and two buttons that do what they say.

Someone else (or the same designer in another window) saved the service file
after this widget read it. The widget does not overwrite their work
silently; it says so and offers **Reload** (read the file again, to see their
change) and **Save anyway** (replace their change with this one). No code,
no ``force=True``: the buttons do it.

>>> bar = ConflictBar()
>>> bar.layout.display
'none'
>>> bar.show(lambda: None, lambda: None)
>>> bar.layout.display, [b.description for b in bar.children]
('', ['Reload', 'Save anyway'])
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ._html import note, panel

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["ConflictBar", "conflict_text", "reload_service"]


def conflict_text(service: Service, *, kept: str, name_file: bool = True) -> str:
    """What to tell the designer when the file changed or went on disk; ``kept``: what happens to their edit.

    >>> import pathlib, tempfile
    >>> from blueprint.model.examples import tiny_service
    >>> service = tiny_service()
    >>> service.source = str(pathlib.Path(tempfile.mkdtemp()) / "hotel.yaml")
    >>> _ = pathlib.Path(service.source).write_text("their version")
    >>> conflict_text(service, kept="your edit stays in the form")  # doctest: +NORMALIZE_WHITESPACE
    'Not saved: hotel.yaml was changed on disk since you opened it (by someone else, or in another
    window). Reload to see their change (your edit stays in the form), or Save anyway to replace it
    with yours.'
    >>> pathlib.Path(service.source).unlink()
    >>> conflict_text(service, kept="your edit stays in the form")  # doctest: +NORMALIZE_WHITESPACE
    'Not saved: hotel.yaml was removed or renamed on disk since you opened it, so there is nothing to
    reload. Save anyway to write it back where it was, with your change.'
    >>> pathlib.Path(service.source).parent.rmdir()
    """
    name = Path(service.source).name if service.source and name_file else "the service file"
    if service.source and not Path(service.source).exists():
        return (
            f"Not saved: {name} was removed or renamed on disk since you opened it, so there is nothing "
            "to reload. Save anyway to write it back where it was, with your change."
        )
    return (
        f"Not saved: {name} was changed on disk since you opened it (by someone else, or in another "
        f"window). Reload to see their change ({kept}), or Save anyway to replace it with yours."
    )


def reload_service(service: Service) -> str | None:
    """Read ``service``'s file again into the same object; None when done, else what went wrong in words.

    Every widget holding ``service`` sees the file as it is now. When the
    file cannot be read (the other change broke it), ``service`` stays as it
    was and the reason is returned.
    """
    from ..errors import BlueprintError
    from ..io.load import load

    if not service.source:
        return "this service has no file to reload"
    try:
        fresh = load(service.source)
    except (BlueprintError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"the file cannot be read now ({first}); fix it, then press Reload again"
    state: dict[str, Any] = vars(service)
    state.clear()
    state.update(vars(fresh))
    return None


class ConflictBar(w.HBox):  # type: ignore[misc]
    """The Reload and Save anyway buttons shown after a refused save; hidden otherwise."""

    def __init__(self) -> None:
        self.reload_button = w.Button(description="Reload", icon="refresh", tooltip="read the file again")
        self.anyway_button = w.Button(
            description="Save anyway",
            icon="exclamation-triangle",
            button_style="danger",
            tooltip="replace the other change with yours",
        )
        self.reload_button.add_class("bp-conflict-reload")
        self.anyway_button.add_class("bp-conflict-anyway")
        self._reload: Callable[[], Any] = lambda: None
        self._anyway: Callable[[], Any] = lambda: None
        self.reload_button.on_click(lambda _: self._press(self._reload))
        self.anyway_button.on_click(lambda _: self._press(self._anyway))
        super().__init__([self.reload_button, self.anyway_button], layout=w.Layout(display="none"))
        self.add_class("bp-conflict")

    def show(self, reload: Callable[[], Any], anyway: Callable[[], Any]) -> None:
        """Offer the two buttons; each hides the bar, then does its job."""
        self._reload, self._anyway = reload, anyway
        self.layout.display = ""

    def hide(self) -> None:
        self.layout.display = "none"

    def reload(self, service: Service, message: Any) -> bool:
        """Hide the bar and read ``service``'s file again; if it fails, say why in ``message``: False."""
        self.hide()
        trouble = reload_service(service)
        if trouble is not None:
            message.value = panel(note(f"Not reloaded: {trouble}.", "bad"))
        return trouble is None

    def _press(self, action: Callable[[], Any]) -> None:
        self.hide()
        action()

"""ArrowKeys: the left and right arrow keys, sent to Python as steps (-1, +1).

``ipywidgets`` buttons need a click; a facilitator at a projector wants the
arrow keys (or a presentation clicker, which sends them). This small
anywidget listens on the page (``static/keys.js``), ignores keys typed into
fields, and calls the handlers given to :meth:`ArrowKeys.on_step`. It works
wherever the widget is shown: JupyterLab, Notebook 7 and Voilà.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from typing import Any

import anywidget
import traitlets

__all__ = ["ArrowKeys"]


class ArrowKeys(anywidget.AnyWidget):  # type: ignore[misc]
    """Shows ``hint``; each arrow key pressed in the page calls the step handlers with -1 or +1."""

    _esm = files(__package__).joinpath("static", "keys.js").read_text(encoding="utf-8")
    hint = traitlets.Unicode("← → keys move between moments").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._handlers: list[Callable[[int], None]] = []
        self.on_msg(self._received)

    def on_step(self, handler: Callable[[int], None]) -> None:
        """Call ``handler(step)`` for each arrow key (-1 left, +1 right)."""
        self._handlers.append(handler)

    def press(self, step: int) -> None:
        """Act as if the key for ``step`` was pressed (for tests and scripts)."""
        self._received(self, {"step": step}, [])

    def _received(self, _widget: Any, content: Any, _buffers: Any) -> None:
        step = content.get("step") if isinstance(content, dict) else None
        if step in (-1, 1):
            for handler in self._handlers:
                handler(step)

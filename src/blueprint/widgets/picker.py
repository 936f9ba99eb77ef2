"""A paged, searchable list of moments: the keyboard-friendly way to select one.

A ``Select`` with a thousand options is slow to draw and hard to use, so the
list shows one page of the moments that pass the filters and the search, with
buttons to turn pages. Choosing an entry sets ``value``; setting ``value``
from Python turns to the page that holds it.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w
import traitlets

__all__ = ["MomentPicker"]


class MomentPicker(w.VBox):  # type: ignore[misc]
    """Search box, one page of moments, and page buttons. ``value`` is a moment id or ""."""

    value = traitlets.Unicode("")

    def __init__(self, label: Callable[[str], str], *, page_size: int = 50) -> None:
        self._label = label
        self.page_size = page_size
        self._ids: list[str] = []
        self._page = 0
        self._quiet = False
        self.search = w.Text(placeholder="search moments", layout=w.Layout(width="100%"))
        self.search.add_class("bp-search")
        self.list = w.Select(options=[], rows=10, layout=w.Layout(width="100%"))
        self.list.add_class("bp-moment-list")
        self.previous = w.Button(icon="chevron-left", tooltip="previous page", layout=w.Layout(width="36px"))
        self.next = w.Button(icon="chevron-right", tooltip="next page", layout=w.Layout(width="36px"))
        self.status = w.HTML()
        self.previous.on_click(lambda _: self._turn(-1))
        self.next.on_click(lambda _: self._turn(1))
        self.list.observe(self._chosen, "value")
        super().__init__(
            [self.search, self.list, w.HBox([self.previous, self.next, self.status])],
            layout=w.Layout(width="100%"),
        )

    def show(self, ids: list[str]) -> None:
        """List ``ids`` (already filtered, in order), keeping the current choice in view."""
        self._ids = ids
        self._page = self._page_of(self.value)
        self._draw()

    def relabel(self) -> None:
        """Redraw the labels (after a language change)."""
        self._draw()

    @property
    def pages(self) -> int:
        return max(1, -(-len(self._ids) // self.page_size))

    def _page_of(self, moment_id: str) -> int:
        try:
            return self._ids.index(moment_id) // self.page_size
        except ValueError:
            return min(self._page, self.pages - 1)

    def _turn(self, step: int) -> None:
        self._page = max(0, min(self.pages - 1, self._page + step))
        self._draw()

    def _draw(self) -> None:
        start = self._page * self.page_size
        shown = self._ids[start : start + self.page_size]
        self._quiet = True
        try:
            self.list.options = [(self._label(m), m) for m in shown]
            self.list.value = self.value if self.value in shown else None
        finally:
            self._quiet = False
        self.previous.disabled = self._page == 0
        self.next.disabled = self._page >= self.pages - 1
        end = start + len(shown)
        count = f"{start + 1}–{end} of {len(self._ids)}" if shown else "no moment matches"
        self.status.value = f'<span class="bp-muted">{count}</span>'

    def _chosen(self, change: dict[str, object]) -> None:
        if not self._quiet and change["new"]:
            self.value = str(change["new"])

    @traitlets.observe("value")
    def _follow(self, change: dict[str, object]) -> None:
        page = self._page_of(str(change["new"]))
        if page != self._page or self.list.value != change["new"]:
            self._page = page
            self._draw()

"""Explorer: the blueprint (or the cycle) with a side panel for the moment you click.

The picture is drawn once per view and language and kept; a click or a
filter change only updates the side panel, the list and which moments are
faded. Filters narrow the list and fade the rest of the picture; the list is
paged, so a 1,000-moment service stays quick.

>>> from blueprint.model.examples import tiny_service
>>> explorer = Explorer(tiny_service(), picture=False)
>>> explorer.selected = "check-in"
>>> "Quick check-in" in explorer.panel.value
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w
import traitlets

from ._html import Safe, esc, panel
from ._measure import cycle_verdicts, measured, status_labels
from ._picture import PictureCache, languages
from .facets import FILTERS, Facets, lint_unlocated
from .panel import empty_panel, moment_panel
from .picker import MomentPicker
from .svgview import SvgView, node_targets

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["Explorer"]

_ANY = "(any)"
#: above this many moments the picture waits for the Draw button instead of drawing at once
LARGE = 1500


class Explorer(w.VBox):  # type: ignore[misc]
    """Explore ``service``: click a moment (or pick it from the list) to see its factors and standards.

    Parameters
    ----------
    service : Service
    data : optional
        Operational data; when given, standards show their gap-3 status.
    lang : str, optional
        Start with the titles in this language (``"zh"``).
    picture : bool, optional
        Draw the picture now. Default: yes, unless the service has more than
        ``LARGE`` moments, which wait for the Draw button.
    config : LintConfig, optional
        Lint configuration for the findings.
    """

    selected = traitlets.Unicode("")
    lang = traitlets.Unicode("")
    view = traitlets.Unicode("blueprint")

    def __init__(
        self,
        service: Service,
        data: Any = None,
        *,
        lang: str | None = None,
        picture: bool | None = None,
        config: Any = None,
    ) -> None:
        self.service = service
        self.findings = lint_unlocated(service, config)
        self.facets = Facets(service, self.findings)
        self.compliance, self.status_note = measured(service, data)
        self.status = (
            status_labels(self.compliance) if self.compliance else ({} if self.status_note else None)
        )
        #: cycle-view colouring: each moment's verdict on its standards, when data is given
        self.cycle_status = cycle_verdicts(service, self.compliance) if self.compliance else None
        self.pictures = PictureCache(service)
        self._draw_picture = picture if picture is not None else len(service.moments) <= LARGE
        self.svg = SvgView()
        self.panel = w.HTML(empty_panel())
        self.panel.add_class("bp-side-panel")
        self.picker = MomentPicker(self._label)
        self.filters = {
            name: w.Dropdown(options=[_ANY, *self.facets.options(name)], description=label,
                             layout=w.Layout(width="210px"), style={"description_width": "70px"})
            for name, label in FILTERS.items()
        }  # fmt: skip
        self.only_findings = w.Checkbox(description="only moments with findings", indent=False)
        self.matches = w.HTML()
        self.view_toggle = w.ToggleButtons(options=[("Blueprint", "blueprint"), ("Cycle", "cycle")],
                                           description="View", style={"button_width": "90px"})  # fmt: skip
        codes = [("original", ""), *((c, c) for c in languages(service))]
        self.lang_toggle = w.ToggleButtons(options=codes, description="Language")
        self.lang_toggle.style.button_width = "70px"
        self.draw_button = w.Button(description="Draw picture", icon="paint-brush")
        self.draw_button.layout.display = "none" if self._draw_picture else ""
        self._wire()
        super().__init__(self._layout(), layout=w.Layout(width="100%"))
        self.add_class("bp-explorer")
        self.lang = lang or ""
        self._refilter()
        self._show_picture()

    # -- layout and wiring ------------------------------------------------------------

    def _layout(self) -> list[w.Widget]:
        s = self.service
        head = w.HTML(
            panel(
                Safe(
                    f"<h3>{esc(s.info.title)}</h3><div class='bp-sub'>{len(s.moments)} moments · "
                    f"{len(s.factors)} key factors · {len(s.standards)} standards · "
                    f"{len(self.findings)} findings</div>"
                )
            )
        )
        bar = w.HBox([self.view_toggle, self.lang_toggle, self.draw_button])
        bar.layout.flex_flow = "row wrap"
        filters = w.HBox([*self.filters.values(), self.only_findings, self.matches],
                         layout=w.Layout(flex_flow="row wrap", align_items="center"))  # fmt: skip
        side = w.VBox(
            [self.picker, self.panel], layout=w.Layout(flex="0 0 460px", width="460px", overflow="auto")
        )
        picture = w.Box([self.svg], layout=w.Layout(flex="1 1 480px", min_width="0"))
        body = w.HBox([picture, side])
        body.layout = w.Layout(width="100%", align_items="flex-start", flex_flow="row wrap")
        return [head, bar, filters, body]

    def _wire(self) -> None:
        self.svg.observe(lambda c: setattr(self, "selected", c["new"]), "selected")
        self.picker.observe(lambda c: setattr(self, "selected", c["new"]), "value")
        self.picker.search.observe(lambda _: self._refilter(), "value")
        for control in (*self.filters.values(), self.only_findings):
            control.observe(lambda _: self._refilter(), "value")
        self.view_toggle.observe(lambda c: setattr(self, "view", c["new"]), "value")
        self.lang_toggle.observe(lambda c: setattr(self, "lang", c["new"]), "value")
        self.draw_button.on_click(lambda _: self._draw_now())

    # -- reactions ----------------------------------------------------------------------

    @traitlets.validate("selected")
    def _known(self, proposal: dict[str, Any]) -> str:
        value = str(proposal["value"])
        if value and value not in self.service.moments:
            raise traitlets.TraitError(f"{value!r} is not a moment of {self.service.info.id!r}")
        return value

    @traitlets.observe("selected")
    def _on_select(self, change: dict[str, Any]) -> None:
        moment_id = change["new"]
        self.svg.selected = moment_id
        self.picker.value = moment_id
        self._show_panel()

    @traitlets.observe("lang")
    def _on_lang(self, change: dict[str, Any]) -> None:
        if change["new"] not in [code for _, code in self.lang_toggle.options]:
            # A language without translations shows the original titles; offer it all the same.
            self.lang_toggle.options = [*self.lang_toggle.options, (change["new"], change["new"])]
        self.lang_toggle.value = change["new"]
        self.picker.relabel()
        self._show_panel()
        self._show_picture()

    @traitlets.observe("view")
    def _on_view(self, change: dict[str, Any]) -> None:
        self.view_toggle.value = change["new"]
        self._show_picture()

    def _refilter(self) -> None:
        chosen = {name: (d.value if d.value != _ANY else None) for name, d in self.filters.items()}
        ids = self.facets.matching(only_findings=self.only_findings.value, **chosen)
        text = self.picker.search.value.strip().lower()
        if text:
            ids = [m for m in ids if text in self._label(m).lower()]
        self.visible = ids
        self.picker.show(ids)
        shown = set(ids)
        everything = len(shown) == len(self.facets.order)
        self.svg.dimmed = [] if everything else [m for m in self.facets.order if m not in shown]
        if self.selected and self.selected not in shown:
            self.selected = ""  # its moment is filtered out: the side panel no longer shows it
        self.matches.value = f'<span class="bp-muted">{len(ids)} of {len(self.facets.order)} moments</span>'

    def _show_panel(self) -> None:
        if not self.selected:
            self.panel.value = empty_panel()
            return
        self.panel.value = moment_panel(
            self.service,
            self.selected,
            self.facets,
            lang=self.lang or None,
            status=self.status,
            status_note=self.status_note,
        )

    def _show_picture(self) -> None:
        if not self._draw_picture:
            self.svg.message = (
                f"This service has {len(self.service.moments)} moments: press Draw picture to lay it out "
                "(the list and the panel work without it)."
            )
            return
        options: dict[str, Any] = {}
        if self.view == "cycle" and self.cycle_status:
            options = self.cycle_status
        svg, message = self.pictures.get(self.view, self.lang or None, key=bool(options), **options)
        self.svg.set_trait("message", message)
        self.svg.targets = node_targets(svg, self.service.moments) if svg else {}
        self.svg.svg = svg

    def _draw_now(self) -> None:
        self._draw_picture = True
        self.draw_button.layout.display = "none"
        self._show_picture()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """The live Explorer, and its picture with the side panel as HTML for where widgets do not run."""
        data = super()._repr_mimebundle_(**kwargs)
        if isinstance(data, dict):
            picture = self.svg.svg or f'<p class="bp-note">{esc(self.svg.message)}</p>'
            data["text/html"] = f"{picture}{self.panel.value}"
        return data

    def _label(self, moment_id: str) -> str:
        moment = self.service.moments[moment_id]
        return f"{moment.title_in(self.lang or None)} ({moment_id})"

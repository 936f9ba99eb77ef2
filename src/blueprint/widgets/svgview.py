"""SvgView: a Graphviz SVG in a notebook whose moments can be clicked, with zoom and pan.

``ipywidgets.HTML`` cannot report a click, so this is an anywidget with a
small front-end module (``static/svgview.js``) that attaches handlers to the
SVG's ``<g class="node">`` groups and sets the ``selected`` trait. The SVG is
sent once; selection and dimming are separate small traits, so a click never
re-sends the picture.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib.resources import files
from typing import Any

import anywidget
import traitlets

from ..escaping import escape_text
from ..style import with_tokens

__all__ = ["SvgView", "node_targets", "picture"]

_STATIC = files(__package__).joinpath("static")
_NODE_TITLE = re.compile(r'<g id="[^"]*" class="node"[^>]*>\s*<title>([^<]*)</title>')


class SvgView(anywidget.AnyWidget):  # type: ignore[misc]
    """The picture. Set ``svg`` and ``targets``; read or set ``selected``."""

    _esm = _STATIC.joinpath("svgview.js").read_text(encoding="utf-8")
    _css = with_tokens(_STATIC.joinpath("svgview.css").read_text(encoding="utf-8"))

    #: the SVG document (Graphviz output); empty while nothing is drawn
    svg = traitlets.Unicode("").tag(sync=True)
    #: node title in the SVG -> moment id, for the nodes that are moments
    targets = traitlets.Dict({}).tag(sync=True)
    #: the selected moment id ("" for none)
    selected = traitlets.Unicode("").tag(sync=True)
    #: moment ids drawn faded (filtered out)
    dimmed = traitlets.List(traitlets.Unicode(), []).tag(sync=True)
    #: shown instead of (or under) the picture, e.g. why there is none
    message = traitlets.Unicode("").tag(sync=True)
    #: height of the viewport in pixels (at most, when the view fits the picture's width)
    height = traitlets.Int(560).tag(sync=True)
    #: how the picture opens: "readable" (labels at a readable size, from the left; the Explorer),
    #: "width" (fit to the cell's width, the viewport as high as the picture needs; notebooks)
    fit = traitlets.Unicode("readable").tag(sync=True)
    #: the smallest zoom the picture opens at in "readable": the blueprint's 10 pt (13.3 px) labels at 11.3 px
    readable_scale = traitlets.Float(0.85).tag(sync=True)
    #: where "readable" opens a picture larger than the view: "left" (top left) or "top" (top centre, a cycle)
    start = traitlets.Unicode("left").tag(sync=True)
    #: zoom with the wheel alone (otherwise ctrl/cmd + wheel, so the notebook still scrolls)
    wheel_zoom = traitlets.Bool(False).tag(sync=True)

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The live widget, and the picture itself for where widgets do not run.

        JupyterLab shows the widget; a saved notebook read without a kernel
        (nbconvert, a repository's viewer) shows the SVG, or the message
        saying why there is no picture.
        """
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:
            return None
        data, metadata = bundle
        if self.svg:
            data["image/svg+xml"] = self.svg
        elif self.message:
            data["text/html"] = f'<p class="bp-note">{escape_text(self.message)}</p>'
        return data, metadata


def picture(service: Any, view: str = "blueprint", *, lang: str | None = None, height: int = 640) -> SvgView:
    """A view of ``service`` fitted to the notebook cell's width, with zoom and pan.

    A wide blueprint drawn at its own size runs far past the cell; this shows
    it whole across the cell (the viewport only as high as the picture needs,
    ``height`` at most), with the + / − / Fit buttons, drag to pan and
    ctrl + wheel to zoom. A picture that cannot be drawn shows why.
    """
    from ._picture import PictureCache

    svg, message = PictureCache(service).get(view, lang)
    shown = SvgView(svg=svg, message=message, fit="width", height=height)
    shown.targets = node_targets(svg, service.moments) if svg else {}
    return shown


def node_targets(svg: str, moment_ids: Iterable[str]) -> dict[str, str]:
    """Map each moment's node title in ``svg`` to the moment id.

    Graphviz writes each node's name as the ``<title>`` of its group. A
    renderer may prefix the names (``m_check-in``, ``moment:check-in``), so a
    title also matches the moment whose id it ends with after a separator.

    >>> node_targets('<g id="node1" class="node"><title>m:check&#45;in</title>', ["check-in"])
    {'m:check-in': 'check-in'}
    >>> node_targets('<g id="node2" class="node"><title>m:eat#badge0</title>', ["eat"])
    {'m:eat#badge0': 'eat'}
    """
    import html

    wanted = set(moment_ids)
    found: dict[str, str] = {}
    for raw in _NODE_TITLE.findall(svg):
        title = html.unescape(raw).strip()
        # A part of a node (a badge "m:check-in#badge0") selects the node it belongs to.
        name = title.split("#", 1)[0]
        if name in wanted:
            found[title] = name
            continue
        for sep in (":", "__", "_", "/"):
            tail = name.split(sep, 1)[-1] if sep in name else None
            if tail in wanted:
                found[title] = tail
                break
    return found

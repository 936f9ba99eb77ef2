"""A rendered picture: DOT for Graphviz, or finished SVG/PNG/PDF, that saves and displays itself.

How a view builds one (other views plug in through these constructors):

* ``Rendered.from_dot(source, engine="neato", no_op=2)`` — DOT text that
  Graphviz draws on demand. ``.dot`` works without the Graphviz binary; the
  other formats need it and raise :class:`GraphvizNotFound` with install
  instructions when it is missing.
* ``Rendered.from_svg(svg, png=None, pdf=None)`` — a finished picture, e.g. from
  matplotlib. Formats not given raise :class:`RenderError` when asked for.
* ``Rendered.from_figure(figure, dpi=150)`` — a matplotlib figure, saved at once
  to SVG, PNG and PDF (the figure is left open; close it yourself).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import BlueprintError
from ..escaping import error_html

__all__ = [
    "FORMATS",
    "GraphvizNotFound",
    "MissingGlyphs",
    "RenderError",
    "Rendered",
    "error_bundle",
    "missing_glyphs",
]

#: file suffix -> format name
FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot", ".html": "html"}

INSTALL_HINT = (
    "install Graphviz: 'apt-get install graphviz' (Debian/Ubuntu), 'brew install graphviz' (macOS) "
    "or 'conda install -c conda-forge graphviz'; DOT output (.dot) works without it"
)


class RenderError(BlueprintError):
    """A picture could not be produced in the format asked for."""


class GraphvizNotFound(RenderError):
    """The Graphviz programs (``dot``, ``neato``) are not installed or not on PATH."""

    def __init__(self, engine: str = "dot") -> None:
        super().__init__(f"the Graphviz program {engine!r} was not found; {INSTALL_HINT}")


class MissingGlyphs(UserWarning):
    """A picture holds characters no installed font can draw: they show as empty boxes."""


def missing_glyphs(chars: list[str], picture: str = "picture") -> MissingGlyphs:
    """The warning that ``picture`` draws ``chars`` as empty boxes, with what to do."""
    return MissingGlyphs(
        f"the {picture} draws {' '.join(chars)} as empty boxes: no installed font has "
        f"{'it' if len(chars) == 1 else 'them'}; install a font that has "
        f"{'it' if len(chars) == 1 else 'them'} (most emoji and symbols: apt-get install fonts-symbola "
        "on Debian/Ubuntu), write them as words, or draw an SVG, "
        "which keeps text as text for the viewer's fonts to draw"
    )


class Rendered:
    """A picture of a service. Use the ``from_*`` constructors rather than this one."""

    def __init__(
        self,
        *,
        dot: str | None = None,
        engine: str = "neato",
        no_op: int | None = 2,
        svg: str | None = None,
        png: bytes | None = None,
        pdf: bytes | None = None,
        html: str | None = None,
        png_dpi: int = 144,
    ) -> None:
        #: the DOT source, or None for pictures not drawn by Graphviz
        self.dot = dot
        self.engine, self.no_op, self.png_dpi = engine, no_op, png_dpi
        self._cache: dict[str, Any] = {"svg": svg, "png": png, "pdf": pdf}
        #: an HTML form of the picture (e.g. the channel matrix as a table), or None
        self.html = html

    @classmethod
    def from_dot(
        cls, source: str, *, engine: str = "neato", no_op: int | None = 2, png_dpi: int = 144
    ) -> Rendered:
        """A picture Graphviz draws from ``source`` (with ``neato -n2`` by default: positions are fixed)."""
        return cls(dot=source, engine=engine, no_op=no_op, png_dpi=png_dpi)

    @classmethod
    def from_svg(
        cls, svg: str, png: bytes | None = None, pdf: bytes | None = None, html: str | None = None
    ) -> Rendered:
        """A finished picture: SVG text, and PNG/PDF bytes (and an HTML form) when available."""
        return cls(svg=svg, png=png, pdf=pdf, html=html)

    @classmethod
    def from_figure(cls, figure: Any, *, dpi: int = 150) -> Rendered:
        """A matplotlib figure, saved now as SVG, PNG and PDF (deterministic SVG: no date, fixed ids)."""
        import io

        out: dict[str, Any] = {}
        for fmt in ("svg", "png", "pdf"):
            buffer = io.BytesIO()
            metadata = {"Date": None} if fmt == "svg" else {"CreationDate": None} if fmt == "pdf" else None
            figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, bbox_inches="tight")
            out[fmt] = buffer.getvalue()
        return cls(svg=out["svg"].decode("utf-8"), png=out["png"], pdf=out["pdf"])

    # -- formats --------------------------------------------------------------------

    def svg(self) -> str:
        """The picture as SVG text."""
        if self._cache["svg"] is None:
            self._cache["svg"] = self._graphviz("svg").decode("utf-8")
        return str(self._cache["svg"])

    def png(self) -> bytes:
        """The picture as PNG bytes."""
        if self._cache["png"] is None:
            self._cache["png"] = self._graphviz("png", dpi=self.png_dpi)
        return bytes(self._cache["png"])

    def pdf(self) -> bytes:
        """The picture as PDF bytes."""
        if self._cache["pdf"] is None:
            self._cache["pdf"] = self._graphviz("pdf")
        return bytes(self._cache["pdf"])

    def save(self, path: str | os.PathLike[str], format: str | None = None) -> Path:
        """Write the picture to ``path``; the format follows the suffix (.svg .png .pdf .dot).

        Returns the path written. The file is replaced atomically, so a failed
        render never leaves half a picture behind.
        """
        from ..io.atomic import write_atomic

        target = Path(path)
        fmt = format or FORMATS.get(target.suffix.lower(), "")
        if fmt not in FORMATS.values():
            raise RenderError(
                f"{target}: cannot tell the format from the suffix {target.suffix!r}; "
                "use .svg, .png, .pdf or .dot"
            )
        write_atomic(target, self.content(fmt))
        return target

    def content(self, format: str) -> str | bytes:
        """The picture in ``format`` (``svg``, ``png``, ``pdf`` or ``dot``)."""
        if format == "html":
            if self.html is None:
                raise RenderError("this picture has no HTML form; save it as .svg, .png or .pdf")
            return self.html
        if format == "dot":
            if self.dot is None:
                raise RenderError(
                    "this picture is not drawn with Graphviz, so it has no DOT; save it as .svg"
                )
            return self.dot
        if format not in ("svg", "png", "pdf"):
            raise RenderError(f"unknown format {format!r}; use svg, png, pdf or dot")
        return getattr(self, format)()  # type: ignore[no-any-return]

    def _graphviz(self, fmt: str, dpi: int | None = None) -> bytes:
        if self.dot is None:
            raise RenderError(f"no {fmt.upper()} was made for this picture; use .svg() instead")
        import graphviz

        source = self.dot
        if dpi is not None:
            # The DOT is ours: its first line opens the graph, so a graph attribute can follow it.
            head, _, rest = source.partition("\n")
            source = f"{head}\n  graph [dpi={int(dpi)}];\n{rest}"
        try:
            data = source.encode("utf-8")
            drawn = graphviz.pipe(self.engine, fmt, data, neato_no_op=self.no_op, quiet=True)
        except graphviz.ExecutableNotFound:
            raise GraphvizNotFound(self.engine) from None
        except graphviz.CalledProcessError as exc:
            detail = (exc.stderr or b"").decode("utf-8", "replace").strip()
            raise RenderError(f"Graphviz failed to draw the picture: {detail or exc}") from None
        if fmt in ("png", "pdf"):  # an SVG keeps its text as text, for the viewer's fonts
            from .glyphs import undrawable

            missing = undrawable(self.dot)
            if missing:
                import warnings

                warnings.warn(missing_glyphs(missing), stacklevel=4)
        return drawn

    # -- display ----------------------------------------------------------------------

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """Jupyter display: SVG, or a short error note. Never raises."""
        try:
            bundle: dict[str, Any] = {"image/svg+xml": self.svg()}
            if self.html is not None:
                bundle["text/html"] = self.html
        except Exception as exc:  # display must never raise into the notebook
            bundle = error_bundle(exc)
        return _filter(bundle, include, exclude)

    def __repr__(self) -> str:
        kind = f"DOT, {len(self.dot)} characters" if self.dot is not None else "SVG"
        return f"<Rendered picture ({kind}); .save('out.svg') or display it in Jupyter>"


def error_bundle(exc: BaseException, *, text: str | None = None) -> dict[str, Any]:
    """What a notebook shows when a picture fails: a short HTML note and plain text."""
    message = str(exc) or type(exc).__name__
    return {
        "text/html": error_html("Blueprint could not draw this picture", f"{type(exc).__name__}: {message}"),
        "text/plain": (text + "\n" if text else "") + f"(picture not available: {message})",
    }


def _filter(bundle: dict[str, Any], include: Any, exclude: Any) -> dict[str, Any]:
    if include:
        bundle = {k: v for k, v in bundle.items() if k in include}
    if exclude:
        bundle = {k: v for k, v in bundle.items() if k not in exclude}
    return bundle

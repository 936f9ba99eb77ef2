"""Matplotlib plumbing shared by the chart views: fonts for any script, byte-stable output.

Figures are made with :class:`matplotlib.figure.Figure` and the Agg canvas
directly, never through ``pyplot``, so rendering leaves no global figure or
backend behind in a notebook. Settings that must hold while drawing (fonts,
the SVG hash salt) are applied with ``rc_context`` around both building and
saving, and are undone afterwards.
"""

from __future__ import annotations

import functools
import io
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .output import MissingGlyphs, Rendered, missing_glyphs

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "BASE_FONT",
    "FORMATS",
    "ChartPicture",
    "MissingGlyphs",
    "chart_style",
    "cjk_font",
    "clean_texts",
    "figure_bytes",
    "font_families",
    "new_figure",
    "svg_describe",
    "symbol_font",
]

#: formats a chart can be saved in, with their MIME types
FORMATS = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}

# Latin text in DejaVu Sans (shipped with matplotlib); glyphs it lacks fall
# back, glyph by glyph, to the first CJK font found on the system, then to a
# font of symbols and emoji.
BASE_FONT = "DejaVu Sans"  #: the font every chart is drawn in (matplotlib ships it)
_CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "Arial Unicode MS",
)
_INSTALL_HINT = (
    "no CJK font found: Chinese text would show as boxes; install one "
    "(Debian/Ubuntu: apt install fonts-noto-cjk or fonts-wqy-microhei; macOS and Windows ship one)"
)


#: where CJK fonts usually live, for when fontconfig cannot be asked (Debian, Fedora, macOS, Windows)
_CJK_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)


#: fonts drawing emoji and symbols in one colour (matplotlib cannot draw colour-emoji fonts):
#: Symbola is Debian/Ubuntu's fonts-symbola; Windows and macOS ship the others
_SYMBOL_FONTS = ("Symbola", "Noto Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Apple Symbols")
_SYMBOL_FILES = (
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
    "/usr/share/fonts/truetype/ttf-ancient-scripts/Symbola_hint.ttf",
    "/usr/share/fonts/gdouros-symbola/Symbola.ttf",
    "C:/Windows/Fonts/seguiemj.ttf",
    "C:/Windows/Fonts/seguisym.ttf",
)


@functools.cache
def cjk_font() -> str | None:
    """The first installed font family that has Chinese glyphs, or None.

    Matplotlib knows the fonts its cache listed when it was built; a CJK font
    installed later is missing from it. Then the font is looked up with
    fontconfig (``fc-list :lang=zh``) or at the usual places, and registered.
    """
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    known = next((name for name in _CJK_FONTS if name in installed), None)
    if known is not None:
        return known
    return _register_file(font_manager.fontManager, [*_fontconfig_files(":lang=zh", _CJK_FONTS), *_CJK_FILES])


@functools.cache
def symbol_font() -> str | None:
    """The first installed font family with emoji and symbols (🙂 ✈ ☎) drawn in one colour, or None.

    Found the way :func:`cjk_font` finds a CJK font: by name among the fonts
    matplotlib knows, else with fontconfig (``fc-list :charset=1f642``) or at
    the usual places, and registered. Colour-emoji fonts are passed over.
    """
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    known = next((name for name in _SYMBOL_FONTS if name in installed), None)
    if known is not None:
        return known
    found = [path for path in _fontconfig_files(":charset=1f642", _SYMBOL_FONTS) if "Color" not in path]
    return _register_file(font_manager.fontManager, [*found, *_SYMBOL_FILES])


def _register_file(manager: Any, paths: list[str]) -> str | None:
    """Add the first of ``paths`` that is a readable font to matplotlib's fonts; its family name."""
    import os

    for path in paths:
        if not os.path.isfile(path):
            continue
        before = len(manager.ttflist)
        try:
            manager.addfont(path)
        except (OSError, RuntimeError, ValueError):  # unreadable or not a font after all
            continue
        added = manager.ttflist[before:]
        if added:
            return str(added[0].name)
    return None


def _fontconfig_files(query: str, preferred: tuple[str, ...]) -> list[str]:
    """Font files fontconfig lists for ``query``, ``preferred`` families first; empty without ``fc-list``."""
    import shutil
    import subprocess

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        listed = subprocess.run(
            [fc_list, query, "file", "family"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    entries = []
    for line in listed.splitlines():
        path, _, families = line.partition(":")
        if path.strip():
            rank = min((i for i, name in enumerate(preferred) if name in families), default=len(preferred))
            entries.append((rank, path.strip()))
    return [path for _, path in sorted(entries)]


def font_families(need_cjk: bool = False) -> list[str]:
    """The font family list to draw with; warns once when ``need_cjk`` and no CJK font is installed."""
    cjk = cjk_font()
    if cjk is None and need_cjk:
        warnings.warn(_INSTALL_HINT, RuntimeWarning, stacklevel=3)
    return [BASE_FONT, *(name for name in (cjk, symbol_font()) if name)]


@contextmanager
def chart_style(need_cjk: bool = False) -> Iterator[None]:
    """Settings every chart is built and saved under; restored on exit."""
    import matplotlib

    settings: dict[str, Any] = {
        "font.family": font_families(need_cjk),
        "font.size": 10,
        "svg.hashsalt": "blueprint",  # fixed ids in SVG: same input, same bytes
        "svg.fonttype": "none",  # text stays text: searchable, selectable, small
        "pdf.fonttype": 42,  # embed TrueType, which CJK fonts need
        "axes.unicode_minus": True,
    }
    with matplotlib.rc_context(settings):  # type: ignore[arg-type]
        yield


def new_figure(width: float, height: float) -> Figure:
    """A figure on its own Agg canvas, not registered with ``pyplot``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def figure_bytes(figure: Figure, fmt: str, *, dpi: int = 150, need_cjk: bool = False) -> bytes:
    """``figure`` as SVG, PNG or PDF bytes, without dates, so output is reproducible."""
    if fmt not in FORMATS:
        raise ValueError(f"cannot save a chart as {fmt!r}; use one of: {', '.join(FORMATS)}")
    metadata: dict[str, Any] = {
        "svg": {"Date": None},
        "pdf": {"CreationDate": None, "ModDate": None},
        "png": {"Software": None},
    }[fmt]
    buffer = io.BytesIO()
    clean_texts(figure)
    with chart_style(need_cjk), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    _pass_on(caught)
    return buffer.getvalue()


_MISSING_GLYPH = re.compile(r"Glyph (\d+) \(.*\) missing from font")


def _pass_on(caught: list[warnings.WarningMessage]) -> None:
    """Warn again what drawing warned, matplotlib's one warning per missing glyph made one sentence.

    The sentence names the characters, says they are drawn as empty boxes,
    and what to do; every other warning passes on as it was.
    """
    missing: dict[str, None] = {}
    for one in caught:
        found = _MISSING_GLYPH.search(str(one.message))
        if found:
            missing[chr(int(found.group(1)))] = None
            continue
        warnings.warn_explicit(one.message, one.category, one.filename, one.lineno)
    if missing:
        warnings.warn(missing_glyphs(list(missing), "chart"), stacklevel=3)


def clean_texts(figure: Figure) -> None:
    """Drop from every text in ``figure`` the characters an SVG file cannot hold (control codes).

    A service file may hold them as escapes (``"\\x07"``); every writer leaves
    them out, as :func:`~blueprint.escaping.clean` does for SVG and HTML.
    """
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    from ..escaping import clean, contain

    for text in figure.findobj(Text):
        shown = text.get_text()
        if shown and contain(clean(shown)) != shown:  # and a direction override ends with its text
            text.set_text(contain(clean(shown)))
    for axes in figure.axes:  # tick labels are made again from their formatter when drawn
        for axis in (axes.xaxis, axes.yaxis):
            formatter = axis.get_major_formatter()
            if isinstance(formatter, FixedFormatter):
                formatter.seq = [clean(label) for label in formatter.seq]
            elif isinstance(formatter, FuncFormatter):  # what set_xticklabels makes
                formatter.func = _cleaned(formatter.func)


def _cleaned(label: Callable[..., Any]) -> Callable[..., str]:
    from ..escaping import clean

    return lambda *args, **kwargs: clean(label(*args, **kwargs))


def svg_describe(svg: bytes, title: str, description: str) -> bytes:
    """``svg`` with a ``<title>`` and ``<desc>`` as the root's first children.

    Screen readers announce them, search finds them, and they carry the full
    text of labels the picture wraps or shortens.
    """
    from ..escaping import escape_text

    head, sep, rest = svg.partition(b"<svg")
    end = rest.index(b">") + 1
    inserted = f"\n <title>{escape_text(title)}</title>\n <desc>{escape_text(description)}</desc>"
    return head + sep + rest[:end] + inserted.encode("utf-8") + rest[end:]


class ChartPicture(Rendered):
    """A chart that makes each format only when asked for: SVG, PNG and PDF from ``produce``.

    ``produce(fmt)`` returns the bytes of one format; ``html`` is an optional
    HTML form of the same picture (a table, say).
    """

    def __init__(self, produce: Callable[[str], bytes], *, html: str | None = None) -> None:
        super().__init__(html=html)
        self._produce = produce

    def svg(self) -> str:
        if self._cache["svg"] is None:
            self._cache["svg"] = self._produce("svg").decode("utf-8")
        return str(self._cache["svg"])

    def png(self) -> bytes:
        if self._cache["png"] is None:
            self._cache["png"] = self._produce("png")
        return bytes(self._cache["png"])

    def pdf(self) -> bytes:
        if self._cache["pdf"] is None:
            self._cache["pdf"] = self._produce("pdf")
        return bytes(self._cache["pdf"])

    def __repr__(self) -> str:
        return "<Rendered chart; .save('out.svg' | '.png' | '.pdf') or display it in Jupyter>"

"""The status colouring of the cycle view and its legend.

By default a moment's status says how many of its key factors already have a
standard (gap 2 at a glance). Callers pass their own: categories
(``{"check-in": "late"}``) get a colour each, numbers (a compliance rate, a
satisfaction score) a red-to-green scale (0 to 1 for shares).

>>> from blueprint.model.examples import tiny_service
>>> from blueprint.model.queries import cycle_order
>>> service = tiny_service()
>>> legend = status_legend(service, cycle_order(service))
>>> legend.value_of("check-in"), legend.value_of("arrive")
('all', 'no factors')
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .dot_quote import html_text, number
from .theme import INK, MUTED, STATUS, VERDICT, word
from .wrap import text_width

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["Legend", "default_status", "moment_verdicts", "status_legend", "verdict_text"]

_MISSING = "#eceff1"
_PALETTE = ("#a6cee3", "#fdbf6f", "#b2df8a", "#cab2d6", "#fb9a99", "#ffff99", "#8dd3c7", "#d9d9d9", "#fccde5")
_SCALE = ((0.0, (245, 184, 176)), (0.5, (251, 226, 160)), (1.0, (185, 223, 176)))


@dataclass
class Legend:
    """Each moment's status and colour, and the legend that explains the colours."""

    values: dict[str, object]
    colours: dict[str, str]
    entries: list[tuple[str, str]] = field(default_factory=list)
    title: str = ""

    def value_of(self, moment_id: str) -> object:
        return self.values.get(moment_id)

    def colour_of(self, moment_id: str) -> str:
        return self.colours.get(moment_id, _MISSING)

    @property
    def width(self) -> float:
        texts = [text_width(text, 9) for _, text in self.entries] + [text_width(self.title, 10, bold=True)]
        return max(texts) + 34

    @property
    def height(self) -> float:
        return 18 + 15 * len(self.entries)

    @property
    def html(self) -> str:
        rows = [f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT POINT-SIZE="10" COLOR="{INK}"><B>'
                f"{html_text(self.title)}</B></FONT></TD></TR>"]  # fmt: skip
        for colour, text in self.entries:
            rows.append(
                f'<TR><TD BGCOLOR="{colour}" WIDTH="16" HEIGHT="11" FIXEDSIZE="TRUE"></TD>'
                f'<TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{MUTED}"> {html_text(text)}</FONT></TD></TR>'
            )
        return (
            '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">' + "".join(rows) + "</TABLE>"
        )


def default_status(service: Service, moment_id: str) -> str:
    """``all``, ``some`` or ``none`` of the moment's key factors have a standard; or ``no factors``."""
    factors = service.moments[moment_id].factors
    if not factors:
        return "no factors"
    covered = sum(1 for f in factors if service.standards_of_factor.get(f.id))
    return "all" if covered == len(factors) else "none" if covered == 0 else "some"


def moment_verdicts(
    service: Service, standards: Mapping[str, tuple[str, float | None]]
) -> dict[str, tuple[str, float | None]]:
    """Each moment's verdict and share from its standards' (standard id -> verdict, share).

    A moment passes only when every one of its standards passes; otherwise it
    takes its worst verdict (fail, implausible, too few, no data), and the
    lowest share among the standards with that verdict. A standard missing
    from ``standards`` has no data; a moment without standards has ``no standard``.

    >>> from blueprint.model.examples import tiny_service
    >>> found = moment_verdicts(tiny_service(), {"checkin-3min": ("fail", 0.986)})
    >>> found["check-in"], found["arrive"]
    (('fail', 0.986), ('no standard', None))
    """
    from ..model.queries import standards_of

    rank = {verdict: i for i, verdict in enumerate(VERDICT)}
    out: dict[str, tuple[str, float | None]] = {}
    for moment_id in service.moments:
        found = [standards.get(s.id, ("no data", None)) for s in standards_of(service, moment_id)]
        if not found:
            out[moment_id] = ("no standard", None)
            continue
        worst = min((verdict for verdict, _ in found), key=lambda v: rank.get(v, 0))
        shares = [share for verdict, share in found if verdict == worst and share is not None]
        out[moment_id] = (worst, min(shares) if shares else None)
    return out


def verdict_text(verdict: str, share: float | None) -> str:
    """``fail · 98.6%``: the verdict, and the share of cases meeting the standard when there is one.

    >>> verdict_text("fail", 0.98611), verdict_text("no data", None)
    ('fail · 98.6%', 'no data')
    """
    return verdict if share is None else f"{verdict} · {share * 100:.1f}%"


def status_legend(
    service: Service,
    order: list[str],
    status: Mapping[str, object] | None = None,
    colors: Mapping[object, str] | None = None,
    title: str | None = None,
    lang: str | None = None,
) -> Legend:
    """The status of every moment in ``order`` and the legend for the cycle view."""
    if status is None:
        values: dict[str, object] = {m: default_status(service, m) for m in order}
        colours: dict[object, str] = {key: value for key, value in STATUS.items()}
        colours.update(colors or {})
        used = [key for key in STATUS if key in values.values()]
        legend = Legend(
            values, {m: colours[str(v)] for m, v in values.items()}, title=title or word("status", lang)
        )
        legend.entries = [(colours[key], word(key, lang)) for key in used]
        return legend
    values = {m: status[m] for m in order if m in status}
    if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values.values()):
        legend = _numeric(values, title or "")
        if len(values) < len(order):
            legend.entries.append((_MISSING, word("no status", lang)))
        return legend
    given = {str(v) for v in values.values()}
    names = [str(k) for k in (colors or {}) if str(k) in given] + sorted(
        given - {str(k) for k in colors or {}}
    )
    chosen = {name: (colors or {}).get(name) or _PALETTE[i % len(_PALETTE)] for i, name in enumerate(names)}
    legend = Legend(values, {m: chosen[str(v)] for m, v in values.items()}, title=title or "")
    legend.entries = [(chosen[name], name) for name in names]
    if len(values) < len(order):
        legend.entries.append((_MISSING, word("no status", lang)))
    return legend


def _numeric(values: dict[str, object], title: str) -> Legend:
    """Numbers on a red-to-green scale: 0 to 1 for shares, else from the lowest to the highest."""
    numbers = [float(v) for v in values.values()]  # type: ignore[arg-type]
    low, high = min(numbers), max(numbers)
    if low >= 0 and high <= 1:  # shares and rates: 0.82 is not "the worst" just for being lowest
        low, high = 0.0, 1.0
    span = (high - low) or 1.0
    colours = {m: _blend((float(v) - low) / span) for m, v in values.items()}  # type: ignore[arg-type]
    legend = Legend(values, colours, title=title)
    legend.entries = [(_blend(t), number(low + t * span if high != low else low)) for t in (0.0, 0.5, 1.0)]
    return legend


def _blend(t: float) -> str:
    """A colour on the red - amber - green scale, ``t`` from 0 to 1."""
    t = min(1.0, max(0.0, t))
    for (t0, c0), (t1, c1) in itertools.pairwise(_SCALE):
        if t <= t1:
            f = (t - t0) / (t1 - t0)
            return "#" + "".join(f"{round(a + (b - a) * f):02x}" for a, b in zip(c0, c1, strict=True))
    return "#" + "".join(f"{c:02x}" for c in _SCALE[-1][1])

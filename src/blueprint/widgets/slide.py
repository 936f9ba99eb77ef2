"""The presenter's slide: one moment of truth in large type, as escaped HTML.

A slide shows where the moment sits in the cycle, its title, what the
customer sees (physical evidence), its key factors with their tags and the
standards that hold now, and which moment comes next; after the last moment
the cycle closes back to the first (the next visit). It is built from the
moment's own records only, so turning a slide costs the same on a service of
ten moments or ten thousand.

>>> from blueprint.model.examples import tiny_service
>>> html = slide(tiny_service(), ["arrive", "check-in"], 1)
>>> "Moment 2 of 2" in html and "next visit" in html
True
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from ..model.queries import moments_of_standard
from ._html import Safe, badge, esc
from .panel import target_text

if TYPE_CHECKING:
    from ..model.objects import KeyFactor, MomentOfTruth
    from ..model.service import Service

__all__ = ["factor_badges", "presenter_style", "slide", "workshop_style"]


def slide(
    service: Service, order: list[str], index: int, *, lang: str | None = None, identifiers: bool = True
) -> Safe:
    """The slide for the moment at ``index`` of ``order`` (the cycle order).

    ``identifiers=False`` leaves out the standards' ids (the presenter's
    slide shows the room words, not file keys).

    The stylesheets are not repeated in every slide: show :func:`workshop_style`
    (and the panels' ``style()``) once beside it.
    """
    moment = service.moments[order[index]]
    following = order[(index + 1) % len(order)]
    closes = index + 1 == len(order)
    upcoming = esc(service.moments[following].title_in(lang))
    next_line = (
        f"Next: back to <b>{upcoming}</b> — the cycle closes (the next visit)"
        if closes
        else f"Next: <b>{upcoming}</b>"
    )
    share = (index + 1) / len(order) * 100
    return Safe(
        f'<div class="bp-slide" data-moment="{esc(moment.id)}">'
        f'<div class="bp-slide-top"><div class="bp-slide-where">'
        f"<span>Moment {index + 1} of {len(order)}</span>"
        f'{_marks(moment)}</div><div class="bp-slide-next">{next_line}</div></div>'
        f'<div class="bp-progress"><span style="width:{share:.1f}%"></span></div>'
        f"<h1>{esc(moment.title_in(lang))}</h1>"
        + (f'<p class="bp-slide-text">{esc(moment.description)}</p>' if moment.description else "")
        + '<div class="bp-slide-grid"><div>'
        + _evidence(moment, lang)
        + _factors(moment, lang)
        + "</div><div>"
        + _standards(service, moment, lang, identifiers)
        + _fail_points(service, moment, lang)
        + "</div></div></div>"
    )


def factor_badges(factor: KeyFactor) -> Safe:
    """The factor's tags: element / sub-item, BPM class, SERVQUAL dimension, importance."""
    marks = [badge(f"{factor.element.value} / {factor.sub_item}", "info")]
    marks.append(badge(factor.bpm.value, "plain") if factor.bpm else badge("no BPM class", "warn"))
    if factor.dimension:
        marks.append(badge(factor.dimension.value, "muted"))
    if factor.importance is not None:
        marks.append(badge(f"importance {factor.importance:g}", "plain"))
    return Safe(" ".join(marks))


@cache
def workshop_style() -> Safe:
    """The workshop's stylesheet (``static/workshop.css``) as a ``<style>`` element."""
    css = files(__package__).joinpath("static", "workshop.css").read_text(encoding="utf-8")
    return Safe(f"<style>{css}</style>")


@cache
def presenter_style() -> Safe:
    """The presenter's stylesheet (``static/presenter.css``): projector type, scaled with the screen."""
    css = files(__package__).joinpath("static", "presenter.css").read_text(encoding="utf-8")
    return Safe(f"<style>{css}</style>")


def _marks(moment: MomentOfTruth) -> str:
    marks = [badge(moment.stage.value, f"stage-{moment.stage.value}")]
    if moment.fail_point:
        marks.append(badge("fail point", "fail"))
    if moment.wait_point:
        marks.append(badge("wait point", "wait"))
    if moment.emotion is not None:
        marks.append(
            badge(
                f"emotion {moment.emotion:+d}",
                "good" if moment.emotion > 0 else "bad" if moment.emotion < 0 else "plain",
            )
        )
    return "".join(marks)


def _evidence(moment: MomentOfTruth, lang: str | None) -> str:
    items = "".join(f"<li>{esc(e.title_in(lang))}</li>" for e in moment.physical_evidence)
    body = f"<ul>{items}</ul>" if items else '<p class="bp-none">nothing recorded</p>'
    return f"<h2>What the customer sees</h2>{body}"


def _factors(moment: MomentOfTruth, lang: str | None) -> str:
    items = "".join(
        f'<li>{esc(f.title_in(lang))}<span class="bp-slide-detail">{factor_badges(f)}</span></li>'
        for f in moment.factors
    )
    body = f"<ul>{items}</ul>" if items else '<p class="bp-none">no key factors yet</p>'
    return f"<h2>Key factors</h2>{body}"


def _feeding_steps(service: Service, moment_id: str) -> list[str]:
    """The steps that feed a moment, directly or through other steps, in file order."""
    fed_by: dict[str, list[str]] = {}
    for step in service.steps.values():
        for target in step.supports:
            fed_by.setdefault(target, []).append(step.id)
    found: set[str] = set()
    todo = [moment_id]
    while todo:
        for step_id in fed_by.get(todo.pop(), ()):
            if step_id not in found:
                found.add(step_id)
                todo.append(step_id)
    return [s for s in service.steps if s in found]


def _fail_points(service: Service, moment: MomentOfTruth, lang: str | None) -> str:
    """The fail points of the moment and of the steps behind it, numbered as the blueprint numbers them."""
    from ..model.queries import fail_points

    numbered = {ident: (label, point) for label, ident, point in fail_points(service)}
    items = []
    for record in (moment, *(service.steps[s] for s in _feeding_steps(service, moment.id))):
        if record.id not in numbered:
            continue
        label, point = numbered[record.id]
        cause = f": {esc(point.cause)}" if point.cause else ""
        if point.fail_safe:
            kind = f" ({esc(point.poka_yoke.value)})" if point.poka_yoke else ""
            guard = f"→ fail-safe: {esc(point.fail_safe)}{kind}"
        else:  # the same words as under the blueprint: a bare fail point says it with a dash
            guard = "→ no fail-safe yet" if cause or point.effect else "— no fail-safe yet"
        items.append(
            f"<li><b>{esc(label)}</b> {esc(record.title_in(lang))}{cause}"
            f'<span class="bp-slide-detail">{guard}</span></li>'
        )
    return f"<h2>Fail points</h2><ul>{''.join(items)}</ul>" if items else ""


def _standards(service: Service, moment: MomentOfTruth, lang: str | None, identifiers: bool = True) -> str:
    ids = dict.fromkeys(s for f in moment.factors for s in service.standards_of_factor.get(f.id, []))
    for step_id in _feeding_steps(service, moment.id):  # not a standard whose step is misfiled (BP210)
        on_step = service.standards_of_step.get(step_id, [])
        ids.update(dict.fromkeys(s for s in on_step if moment.id in moments_of_standard(service, s)))
    items = []
    for standard_id in ids:
        s = service.standards[standard_id]
        statement = s.translations.get(lang, s.statement) if lang else s.statement
        owner = f" · {esc(s.owner)}" if s.owner else ""
        ident = f" · <code>{esc(s.id)}</code>" if identifiers else ""
        detail = f'<span class="bp-slide-detail">{esc(target_text(s))}{owner}{ident}</span>'
        items.append(f"<li>{esc(statement)}{detail}</li>")
    body = f"<ul>{''.join(items)}</ul>" if items else '<p class="bp-none">no standard yet (gap 2)</p>'
    return f"<h2>Standards now</h2>{body}"

"""Suggest draft standards for a key factor, from its element and sub-item (step 3 of the method).

A draft is complete enough to pass the lint once people fill in what only
they can decide: the target (unless the factor records the customers'
tolerance), the owner, the staff sign-off and the review date. Those fields
are listed in :attr:`Suggestion.todo` and left empty in the draft.

Examples
--------
>>> from blueprint.model.examples import tiny_service
>>> [draft] = suggest(tiny_service(), "food-hot")
>>> draft.standard["metric"], draft.standard["comparator"], draft.todo
('food-hot-time', '<=', ('target', 'owner', 'agreed_by', 'last_reviewed'))
>>> standard = draft.complete(target=30, owner="Room service manager",
...                           agreed_by=[{"by": "kitchen team"}], last_reviewed="2026-01-10")
>>> standard.statement
'Food arrives hot: 95% of cases done within 30 minutes.'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model.objects import Metric, Standard
from ..model.units import quantity_of
from ..model.vocabulary import BPM, Quantity
from ._common import show
from .drafts import TEMPLATES, Template
from .lint_config import LintConfig

if TYPE_CHECKING:
    from ..model.objects import KeyFactor
    from ..model.service import Service

__all__ = ["Suggestion", "suggest", "suggestions_text", "suggestions_yaml"]

_HUMAN = ("owner", "agreed_by", "last_reviewed")
_DUMP: dict[str, Any] = {"sort_keys": False, "allow_unicode": True, "width": 4096, "default_flow_style": None}
_TODO_NOTES = {
    "target": "choose from customer research (tolerance, complaints)",
    "owner": "the role accountable for it, e.g. the manager of the team that delivers it",
    "agreed_by": "sign-off by the staff who deliver it: [{by: ..., date: ...}]",
    "last_reviewed": "the date it was agreed",
    "goals": "the organisation's goals it serves, from service.goals",
}


@dataclass(frozen=True)
class Suggestion:
    """A draft standard for one factor, the metric it needs, and why it was proposed.

    ``standard`` holds the draft as file data (keys in file order); fields in
    ``todo`` are None or empty and must be chosen by people. ``metric`` is a
    metric to add to the service, or None when an existing one is reused.
    """

    factor: str
    standard: dict[str, Any]
    metric: dict[str, Any] | None
    reason: str
    todo: tuple[str, ...]
    _statement: str = field(repr=False, default="")

    def complete(self, **choices: Any) -> Standard:
        """The standard with the ``todo`` fields chosen; ``ValueError`` names any left out."""
        missing = [name for name in self.todo if choices.get(name) in (None, [], "")]
        if missing:
            raise ValueError(f"choose {', '.join(missing)} for the draft {self.standard['id']!r}")
        data = {**self.standard, **choices}
        if "target" in self.todo and "statement" not in choices:
            data["statement"] = self._statement.replace("{target}", show(data["target"], data["unit"]))
        return Standard.model_validate(data)

    def metric_record(self) -> Metric | None:
        """The metric to add, as a record."""
        return Metric.model_validate(self.metric) if self.metric else None


def suggest(service: Service, factor_id: str, config: LintConfig | None = None) -> list[Suggestion]:
    """Draft standards for ``factor_id``, one per way its element and sub-item are usually measured.

    No drafts for a factor customers class as indifferent or reverse: a standard for it
    would be one for its own sake (pitfall 6, BP115). Raises ``KeyError`` for a
    factor the service does not have.
    """
    if factor_id not in service.factors:
        raise KeyError(f"no key factor {factor_id!r} in service {service.info.id!r}")
    factor = service.factors[factor_id]
    if factor.bpm in (BPM.INDIFFERENT, BPM.REVERSE):
        return []
    config = config or LintConfig()
    taken = set(service.metrics) | set(service.standards) | set(service.moments) | set(service.factors)
    drafts = []
    for template in TEMPLATES[(factor.element, factor.sub_item)]:
        drafts.append(_draft(service, factor, template, config, taken))
        taken.update({drafts[-1].standard["id"], (drafts[-1].metric or {}).get("id", "")})
    return drafts


def _draft(
    service: Service, factor: KeyFactor, template: Template, config: LintConfig, taken: set[str]
) -> Suggestion:
    metric_id, metric, scale, comparator = _metric(service, factor, template, taken)
    target, unit, because = _target(factor, template)
    if metric is not None and "unit" in metric:
        metric["unit"] = unit
    reused = service.metrics.get(metric_id) if metric is None else None
    if reused is not None and reused.unit and target is None:  # the data are in the metric's unit
        unit = reused.unit
    share = max(template.share, config.min_share, 0.98 if factor.bpm is BPM.BASIC else 0.0)
    statement = (
        template.statement.replace("{title}", factor.title.rstrip(". "))
        .replace("{top}", f"{scale[1]:g}" if scale else "")
        .replace("{share}", show(share, "share"))
    )
    if comparator in (">=", ">"):  # a reused metric read as a floor: "at least 7 days"
        statement = statement.replace("within {target}", "at least {target}")
    blank = "<target>" if unit in ("score", "count", "boolean") else f"<target> {unit}"
    standard: dict[str, Any] = {
        "id": _fresh(f"{factor.id}-{template.key}", taken),
        "factors": [factor.id],
        "statement": statement.replace("{target}", blank if target is None else show(target, unit)),
        "metric": metric_id,
        "comparator": comparator,
        "target": target,
        "unit": unit,
        "share": share,
        "kind": template.kind,
        "measurement": {"method": template.method},
        "owner": None,
        "visible": template.visible,
        "agreed_by": [],
        "last_reviewed": None,
    }
    todo = (("target",) if target is None else ()) + _HUMAN
    if service.info.goals:  # the organisation's goals it serves are people's choice (guideline 10)
        standard["goals"] = []
        todo += ("goals",)
    reasons = [template.reason, because]
    if factor.bpm is BPM.BASIC:
        reasons.append(f"a basic factor: customers expect it always, so the share is {show(share, 'share')}")
    existing = service.standards_of_factor.get(factor.id, [])
    if existing:
        reasons.append(f"the factor already has {len(existing)} standard(s): {', '.join(existing)}")
    return Suggestion(factor.id, standard, metric, "; ".join(r for r in reasons if r), todo, statement)


def _metric(
    service: Service, factor: KeyFactor, template: Template, taken: set[str]
) -> tuple[str, dict[str, Any] | None, tuple[float, float] | None, str]:
    """The metric to use (an existing one of the factor's, else a new one), its scale and comparator.

    A reused metric keeps the direction its standards already use: a lead time
    is a floor (">= 7 days"), a waiting time a ceiling.
    """
    quantity = Quantity(template.quantity)
    for standard_id in service.standards_of_factor.get(factor.id, []):
        used = service.metrics.get(service.standards[standard_id].metric)
        if used is not None and used.quantity is quantity:
            return used.id, None, used.scale, service.standards[standard_id].comparator.value
    suffix = {"duration": "time", "binary": "check", "score": "rating"}.get(template.quantity, "measure")
    metric_id = _fresh(f"{factor.id}-{suffix}", taken)
    taken.add(metric_id)  # metrics and standards share one id namespace
    title = template.metric_title.replace("{title}", factor.title.rstrip(". "))
    metric: dict[str, Any] = {"id": metric_id, "title": title, "quantity": quantity.value}
    if quantity is not Quantity.BINARY:
        metric["unit"] = template.unit
    if template.scale:
        metric["scale"] = list(template.scale)
    return metric_id, metric, template.scale, template.comparator


def _target(factor: KeyFactor, template: Template) -> tuple[float | bool | None, str, str]:
    """The target, its unit and why: the customers' tolerance when the factor records one."""
    if template.target is not None:
        return template.target, template.unit, ""
    tolerance = factor.customer_tolerance
    if tolerance is None or quantity_of(tolerance.unit) is not Quantity(template.quantity):
        return (
            None,
            template.unit,
            "the target is for people to choose, from customer research on this factor",
        )
    said = show(tolerance.value, tolerance.unit)
    return (
        tolerance.value,
        tolerance.unit,
        f"the target is the customers' tolerance ({said}), no stricter (pitfall 1)",
    )


def _fresh(wanted: str, taken: set[str]) -> str:
    candidate, n = wanted, 2
    while candidate in taken:
        candidate, n = f"{wanted}-{n}", n + 1
    return candidate


def suggestions_text(suggestions: list[Suggestion]) -> str:
    """The drafts for people: statement, measurement, why, and what is left to choose.

    The statement holds the factor's title: it is shown with its escapes
    (a line break as ``\\n``), one line per field, as a terminal needs.
    """
    from ..escaping import terminal

    out = []
    for draft in suggestions:
        data = draft.standard
        target = "?" if data["target"] is None else show(data["target"], data["unit"])
        out += [
            f"{data['id']}  ({data['kind']}, {data['measurement']['method']})",
            f"  {terminal(data['statement'])}",
            f"  metric {data['metric']}{' (new)' if draft.metric else ''}: "
            f"{data['comparator']} {target}, share {show(data['share'], 'share')}",
            f"  why: {draft.reason}",
            f"  to choose: {', '.join(draft.todo)}",
            "",
        ]
    return "\n".join(out).rstrip()


def suggestions_yaml(suggestions: list[Suggestion]) -> str:
    """The drafts as YAML to paste into a service file; fields to choose carry a ``# TODO`` comment."""
    import yaml

    metrics = [d.metric for d in suggestions if d.metric]
    parts = [
        f"# Drafts for key factor {suggestions[0].factor!r}. Fill in every TODO, then run blueprint check.",
        "# Paste the entries (the lines starting with '- ') under the file's own metrics: and standards:",
        "# lists; a second metrics: or standards: key in one file is refused.",
    ]
    if metrics:  # indented as the standards below and as service files indent their lists
        text = yaml.safe_dump(metrics, **{**_DUMP, "default_flow_style": False}).rstrip()
        parts.append("metrics:\n" + "\n".join("  " + line for line in text.splitlines()))
    parts.append("standards:")
    for draft in suggestions:
        text = yaml.safe_dump([draft.standard], **_DUMP)
        lines = [f"  # why: {draft.reason}"]
        for line in text.splitlines():
            key = line.lstrip("- ").split(":", 1)[0]
            if key == "comparator":
                line = line.split(":", 1)[0] + f': "{draft.standard["comparator"]}"'
            if key in draft.todo:
                line += f"  # TODO: {_TODO_NOTES[key]}"
            lines.append("  " + line)
        parts.append("\n".join(lines))
    return "\n".join(parts)

"""The lint on a standard being edited: run on a copy of the service, shown field by field.

The form's standard is put into a trial copy of the service (with the new
metric a draft needs), the standards lint runs there, and each finding is
placed next to the form field it is about.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..checks import RULES
from .facets import lint_unlocated
from .form import FIELDS, translated

if TYPE_CHECKING:
    from ..model.findings import Finding
    from ..model.objects import Metric, Standard
    from ..model.service import Service

__all__ = ["field_of", "field_of_finding", "lint_standard", "plain", "plain_error"]

#: the lint rules about a single standard (coverage rules are about moments and factors)
STANDARD_RULES = [r for r in RULES if r.startswith("BP1")]
_MEASUREMENT = {"method", "source", "frequency"}
#: where a finding about the whole standard is shown, by rule
_RULE_FIELD = {
    "BP102": "method",
    "BP103": "kind",
    "BP105": "share",
    "BP106": "share",
    "BP111": "visible",
    "BP113": "target",
    "BP121": "owner",
    "BP122": "agreed_by",
    "BP123": "last_reviewed",
}


def lint_standard(service: Service, standard: Standard, metric: Metric | None) -> list[Finding]:
    """The standards lint's findings on ``standard`` as if it were in ``service``."""
    found = lint_unlocated(_trial(service, standard, metric), None)
    return [f for f in found if f.subject == standard.id and f.rule in STANDARD_RULES]


def field_of_finding(finding: Finding) -> str:
    """The form field a finding is shown next to."""
    return field_of(finding.path) if finding.path else _RULE_FIELD.get(finding.rule, "statement")


def _trial(service: Service, standard: Standard, metric: Metric | None) -> Service:
    """A copy of ``service`` holding ``standard`` (and its new metric), for the lint only."""
    from ..model.service import Service

    standards = {**service.standards, standard.id: standard}
    metrics = dict(service.metrics)
    if metric is not None:
        metrics.setdefault(metric.id, metric)
    trial = Service(
        service.info, metrics=metrics.values(), channels=service.channels.values(),
        moments=service.moments.values(), steps=service.steps.values(),
        standards=standards.values(), promises=service.promises.values(), source=service.source,
    )  # fmt: skip
    return trial


def field_of(path: tuple[Any, ...]) -> str:
    """The form field a validation error or finding path points at."""
    first = str(path[0]) if path else "statement"
    if first == "translations" and len(path) > 1:
        return translated(str(path[1]))
    if first == "measurement":
        second = str(path[1]) if len(path) > 1 else "method"
        return second if second in _MEASUREMENT else "method"
    return first if first in FIELDS else "statement"


def plain(message: str) -> str:
    return message.removeprefix("Value error, ")


def plain_error(field: str, error: Any, unit: str | None = None) -> str:
    """What is wrong with a field the form could not read, in the designer's words.

    ``error`` is one pydantic error; ``unit`` the unit chosen in the form.

    >>> plain_error("target", {"type": "float_parsing", "msg": "Input should be a valid number"}, "minutes")
    'the target must be a number of minutes (or yes / no for a yes/no standard)'
    """
    kind = str(error.get("type", ""))
    if field == "target":
        if kind == "negative_time":
            return f"a time target cannot be negative: write how many {unit} at most or at least"
        what = f"a number of {unit}" if unit and unit not in ("boolean", "count") else "a number"
        return f"the target must be {what} (or yes / no for a yes/no standard)"
    if field == "share":
        return "the share must be between 0 and 1, e.g. 0.95, or a percentage such as 95%"
    if field == "last_reviewed":
        return "write the date of the last review as year-month-day, e.g. 2026-01-20"
    if field == "id":
        return (
            "the id may hold letters, digits, hyphens, dots and underscores, starting with a letter or digit"
        )
    if field.startswith("statement") and kind == "string_too_short":
        return "write the standard as one sentence a customer would understand"
    return plain(str(error.get("msg", "")))

"""The rule registry: every lint rule with its id, title, severity, gap and rationale.

A rule is a small function of the service (and the lint configuration) that
yields :class:`Hit` s: the subject it is about, a message and a fix. The
:func:`rule` decorator declares the rule's metadata once and turns the
function into a :class:`Rule`, which makes full :class:`Finding` s from the
hits: the rule id, the configured severity, the gap and the location in the
file. Nothing here prints.

Rule ids are grouped by hundreds: ``BP0xx`` are file-format problems found by
the loader, ``BP1xx`` the standards lint, ``BP2xx`` coverage and design,
``BP3xx`` the gap checks. A new topic module registers its rules by being
imported from :mod:`blueprint.checks`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ..model.findings import Finding, Location
from ..model.vocabulary import Severity
from .lint_config import RULE_IDS, LintConfig

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["RULES", "Hit", "Rule", "locate", "rule"]

_ID = re.compile(r"^BP[1-9][0-9]{2}$")


class Hit(NamedTuple):
    """What a rule function yields: the subject, what is wrong, how to fix it, and where.

    ``path`` is the field inside the subject's record (``("target",)``) that
    the finding points at; empty for the record itself. ``severity`` lowers
    (or raises) one hit below the rule's own level, for a milder case of the
    same problem; the configured severity of the rule still wins.
    """

    subject: str | None
    message: str
    hint: str | None = None
    path: tuple[Any, ...] = ()
    severity: Severity | None = None


RuleFunction = Callable[..., Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """A registered lint rule. Call it on a service to get its findings."""

    id: str
    name: str
    title: str
    severity: Severity
    func: RuleFunction = field(repr=False, compare=False)
    gap: int | None = None
    rationale: str = ""
    example: str = ""
    cites: tuple[str, ...] = ()
    topic: str = ""

    @property
    def advice(self) -> str:
        """What to do about a finding in plain words, for widgets ("" when the hint is plain already)."""
        from .plain import ADVICE

        return ADVICE.get(self.id, "")

    def __call__(self, service: Service, config: LintConfig | None = None, **context: Any) -> list[Finding]:
        """The findings of this rule on ``service``, located, at the configured severity."""
        config = config or LintConfig()
        configured = config.severity.get(self.id)
        return [
            Finding(
                self.id,
                configured or hit.severity or self.severity,
                hit.message,
                hit.hint,
                subject=hit.subject,
                gap=self.gap,
                location=locate(service, hit.subject, hit.path),
                path=hit.path,
            )
            for hit in self.func(service, config, **context)
        ]


#: every lint rule, by id, in the order the modules registered them
RULES: dict[str, Rule] = {}


def rule(
    id: str,
    title: str,
    severity: Severity | str,
    gap: int | None = None,
    *,
    name: str,
    rationale: str,
    example: str = "",
    cites: tuple[str, ...] = (),
) -> Callable[[RuleFunction], Rule]:
    """Register the decorated function as the lint rule ``id``.

    ``rationale`` says why the rule exists and cites the guideline or pitfall
    it comes from (``cites`` lists them as ``G3`` / ``P3`` for the index);
    ``example`` is a YAML snippet that triggers it.
    """
    if not _ID.match(id):
        raise ValueError(f"rule id {id!r} must look like BP101 (BP0xx belongs to the loader)")
    if id in RULES:
        raise ValueError(f"rule {id} is registered twice")

    def register(func: RuleFunction) -> Rule:
        registered = Rule(
            id,
            name,
            title,
            Severity(severity),
            func,
            gap,
            _clean(rationale),
            _clean(example),
            cites,
            func.__module__.rsplit(".", 1)[-1],
        )
        RULES[id] = registered
        RULE_IDS.add(id)
        return registered

    return register


def locate(service: Service, subject: str | None, path: tuple[Any, ...] = ()) -> Location | None:
    """Where ``subject`` (and ``path`` inside it) is written; the file alone when unknown."""
    if subject is None or service.locator is None:
        return Location(service.source) if service.source else None
    # The loader's locator takes a path tuple as well as a single field name.
    return service.locator(subject, path or None)  # type: ignore[arg-type]


def _clean(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).strip()

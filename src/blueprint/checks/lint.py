"""Run the lint: every enabled rule, then inline suppressions, then unused suppressions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from ..model.findings import Finding
from .lint_config import LintConfig
from .registry import RULES
from .suppression import UNUSED, apply_suppressions

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["Read", "check", "lint"]


class Read(Protocol):
    """What reading a file gave, as :func:`check` needs it (:class:`blueprint.io.load.Loaded` is one)."""

    @property
    def ok(self) -> bool: ...
    @property
    def service(self) -> Service | None: ...
    @property
    def findings(self) -> list[Finding]: ...


def lint(
    service: Service,
    config: LintConfig | None = None,
    *,
    rules: Iterable[str] | None = None,
    context: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Finding]:
    """Every finding of the lint on ``service``, in file order.

    ``config`` sets severities, thresholds and disabled rules (defaults when
    None); ``rules`` limits the run to some rule ids. Findings silenced by a
    ``suppress:`` entry on their subject are left out, and suppressions that
    silence nothing are reported as BP100. ``context`` gives some rules
    outside knowledge, by rule id: ``{"BP302": {"importance": {...}}}``.

    Examples
    --------
    >>> from blueprint.model.examples import tiny_service
    >>> sorted({f.rule for f in lint(tiny_service())})  # doctest: +NORMALIZE_WHITESPACE
    ['BP102', 'BP111', 'BP112', 'BP121', 'BP122', 'BP123', 'BP125', 'BP127', 'BP201', 'BP206',
     'BP265', 'BP266', 'BP301']
    """
    config = config or LintConfig()
    selected = set(RULES) if rules is None else set(rules)
    unknown = selected - set(RULES)
    if unknown:
        raise ValueError(f"unknown rule(s): {', '.join(sorted(unknown))}")
    ran = frozenset(r for r in selected if config.enabled(r) and r != UNUSED)
    findings: list[Finding] = []
    for rule_id in sorted(ran):
        findings.extend(RULES[rule_id](service, config, **(context or {}).get(rule_id, {})))
    kept, used = apply_suppressions(service, findings)
    if UNUSED in selected and config.enabled(UNUSED):
        kept.extend(RULES[UNUSED](service, config, used=frozenset(used), ran=ran))
    return sorted(kept, key=_order)


def _order(finding: Finding) -> tuple[str, int, int, str]:
    where = finding.location
    if where is None:
        return ("", 0, 0, finding.rule)
    return (where.file or "", where.line or 0, where.column or 0, finding.rule)


def check(
    loaded: Read,
    config: LintConfig | None = None,
    *,
    context: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Finding]:
    """The findings for one read file: its load problems, then the lint once it loads cleanly.

    The lint is skipped for a file with load errors: a half-read service
    would give findings about records that are only missing because they
    failed to load.
    """
    if not loaded.ok or loaded.service is None:
        return list(loaded.findings)
    return [*loaded.findings, *lint(loaded.service, config, context=context)]

"""The standards lint: rule functions that return findings, a registry, and ``lint``.

Each rule is a small function in a topic module, registered with
:func:`~blueprint.checks.registry.rule` under a stable id. Ids: ``BP1xx`` the
standards lint (guidelines and pitfalls), ``BP2xx`` coverage and design,
``BP3xx`` gap checks. A topic module joins the lint by being listed in
``TOPICS``.

>>> from blueprint.model.examples import tiny_service
>>> [f.subject for f in lint(tiny_service(), rules=["BP201"])]
['arrive', 'room-service', 'check-out']
"""

from __future__ import annotations

from importlib import import_module

from .lint import check, lint
from .lint_config import THRESHOLDS, LintConfig
from .registry import RULES, Hit, Rule, rule

__all__ = [
    "RULES",
    "THRESHOLDS",
    "TOPICS",
    "Hit",
    "LintConfig",
    "Rule",
    "check",
    "lint",
    "rule",
]

#: modules whose rules make up the lint, imported (and so registered) here
TOPICS = [
    "suppression",
    "measurable",
    "wording",
    "customer",
    "governance",
    "backing",
    "coverage",
    "channels",
    "gaps",
    "promises",
    "sequence",
    "failpoints",
    "execution",
]

for _topic in TOPICS:
    import_module(f"{__name__}.{_topic}")

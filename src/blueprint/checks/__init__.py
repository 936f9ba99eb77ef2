"""The standards lint: rule functions that return findings, a registry, and ``lint``.

Each rule is a small function in a topic module, registered with
:func:`~blueprint.checks.registry.rule` under a stable id. Ids: ``BP1xx`` the
standards lint (guidelines and pitfalls), ``BP2xx`` coverage and design,
``BP3xx`` gap checks. A topic module joins the lint by being listed in
``TOPICS``, imported (and so registered) here.

>>> from blueprint.model.examples import tiny_service
>>> [f.subject for f in lint(tiny_service(), rules=["BP201"])]
['arrive', 'room-service', 'check-out']
"""

from __future__ import annotations

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

# The topic modules register their rules when imported, in this order (the order of RULES).
# isort: off
from . import suppression
from . import measurable
from . import wording
from . import customer
from . import governance
from . import backing
from . import coverage
from . import channels
from . import gaps
from . import promises
from . import sequence
from . import failpoints
from . import execution
# isort: on

#: modules whose rules make up the lint, in the order their rules are registered
TOPICS = [
    module.__name__.rpartition(".")[2]
    for module in (
        suppression,
        measurable,
        wording,
        customer,
        governance,
        backing,
        coverage,
        channels,
        gaps,
        promises,
        sequence,
        failpoints,
        execution,
    )
]

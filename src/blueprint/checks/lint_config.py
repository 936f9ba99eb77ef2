"""What a team can tune in the lint: severities, thresholds and disabled rules.

The configuration is plain data; :mod:`blueprint.io.project_config` reads it from
``[tool.blueprint]`` in ``pyproject.toml``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from typing import Any

from ..model.vocabulary import Severity

__all__ = ["RULE_IDS", "THRESHOLDS", "LintConfig"]

#: the ids of the registered lint rules, which a setting may name; filled by
#: :func:`blueprint.checks.registry.rule` as each rule registers
RULE_IDS: set[str] = set()


@dataclass(frozen=True)
class LintConfig:
    """Settings for :func:`blueprint.checks.lint`; every field has a sensible default.

    Examples
    --------
    >>> LintConfig().min_share
    0.95
    >>> LintConfig.from_mapping({"disable": ["BP111"], "thresholds": {"min_share": 0.95}}).min_share
    0.95
    """

    #: a required share below this does not aim at near zero defects (guideline 2)
    min_share: float = 0.95
    #: more standards than this on one key factor is over-detailed (pitfall 5)
    max_standards_per_factor: int = 4
    #: more standards than this on one moment is over-detailed (pitfall 5)
    max_standards_per_moment: int = 8
    #: a standard not reviewed for longer than this is due for review (guideline 8)
    review_period_days: int = 365
    #: a factor at or above this importance needs a standard (gap 2)
    high_importance: float = 0.7
    #: a target more than this many times stricter than customers' tolerance is questioned (pitfall 1)
    strictness_ratio: float = 2.0
    #: management's and customers' importance of a factor differing by more than this is gap 1
    importance_gap: float = 0.2
    #: the sequence principles walk at most this many paths through the cycle (BP260 says when)
    max_journeys: int = 2000
    #: rule id -> severity that replaces the rule's default
    severity: dict[str, Severity] = field(default_factory=dict)
    #: rule ids that are not run
    disable: frozenset[str] = frozenset()
    #: the day reviews are counted to; None means today
    today: dt.date | None = None
    #: where the settings were read from, for messages
    source: str | None = None

    @property
    def reference_date(self) -> dt.date:
        """The date review periods are counted to."""
        return self.today or dt.date.today()

    def enabled(self, rule_id: str) -> bool:
        return rule_id not in self.disable

    @classmethod
    def from_mapping(cls, data: dict[str, Any], source: str | None = None) -> LintConfig:
        """Build a configuration from ``[tool.blueprint]`` data; ``ValueError`` names the bad key.

        Keys: ``disable`` (list of rule ids), ``severity`` (table of rule id
        to ``error``/``warning``/``info``) and ``thresholds`` (table of the
        numeric settings above). Other keys belong to other parts of
        Blueprint and are left alone.
        """
        disable = data.get("disable", [])
        if not isinstance(disable, list) or not all(isinstance(r, str) for r in disable):
            raise ValueError('disable must be a list of rule ids, e.g. disable = ["BP111"]')
        severity: dict[str, Severity] = {}
        for rule_id, level in _table(data, "severity").items():
            if level not in {s.value for s in Severity}:
                raise ValueError(f'severity.{rule_id} = {level!r}: use "error", "warning" or "info"')
            severity[rule_id] = Severity(level)
        for rule_id in [*disable, *severity]:
            if rule_id not in RULE_IDS:
                raise ValueError(f"{rule_id!r} is not a lint rule; see `blueprint rules` for the list")
        values: dict[str, Any] = {}
        for key, value in _table(data, "thresholds").items():
            values[key] = _threshold(key, value)
        return replace(cls(), severity=severity, disable=frozenset(disable), source=source, **values)


#: the numeric settings, with their defaults
THRESHOLDS: dict[str, Any] = {
    f.name: f.default for f in fields(LintConfig) if isinstance(f.default, (int, float))
}


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    table = data.get(key, {})
    if not isinstance(table, dict):
        raise ValueError(f"{key} must be a table, e.g. [tool.blueprint.{key}]")
    return table


def _threshold(key: str, value: Any) -> Any:
    import difflib

    if key not in THRESHOLDS:
        close = difflib.get_close_matches(key, list(THRESHOLDS), n=1)
        suggestion = f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(THRESHOLDS)}"
        raise ValueError(f"unknown threshold {key!r}{suggestion}")
    default = THRESHOLDS[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"thresholds.{key} = {value!r}: expected a number zero or more")
    if isinstance(default, int) and not isinstance(value, int):
        raise ValueError(f"thresholds.{key} = {value!r}: expected a whole number")
    if key in ("min_share", "high_importance", "importance_gap") and value > 1:
        raise ValueError(f"thresholds.{key} = {value!r}: expected a share from 0 to 1")
    return value

"""Is each standard measurable, consistent, and aimed at every customer rather than the average?

Guidelines 2, 3 and 5 of DOMAIN.md §6 (near zero defects; stated clearly and
written down; realistic and easy to understand) and pitfall 3 (aiming at the
average).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model.vocabulary import Comparator, MeasurementMethod, Quantity, StandardKind, Statistic
from ._common import quantity, show
from .registry import Hit, rule

if TYPE_CHECKING:
    from ..model.service import Service
    from .lint_config import LintConfig

__all__ = [
    "comparator_fits_metric",
    "kind_fits_measurement",
    "measurement_stated",
    "near_zero_defects",
    "one_source_per_metric",
    "target_not_average",
]


@rule(
    "BP101",
    "comparator, statistic and share fit the metric",
    "error",
    gap=2,
    name="comparator-fits-metric",
    cites=("G3", "G5"),
    rationale="""
    A standard is only measurable when its parts fit together (guidelines 3 and 5):
    a yes/no metric is compared with ``==``; a measured duration never equals a value
    exactly, so ``==`` on a duration can never be met; and ``share`` counts the cases
    that meet the target, which means nothing for a mean or a median.
    """,
    example="""
    - id: checkin-3min
      metric: checkin-duration     # a duration
      comparator: "=="             # BP101: use <= for a ceiling
      target: 3
      unit: minutes
    """,
)
def comparator_fits_metric(service: Service, config: LintConfig) -> Iterator[Hit]:
    for standard in service.standards.values():
        kind = quantity(service, standard)
        if kind is Quantity.BINARY and standard.comparator is not Comparator.EQ:
            yield Hit(
                standard.id,
                f"a yes/no metric is compared with {standard.comparator.value}",
                'write comparator: "==" with target: true (or false)',
                ("comparator",),
            )
        elif kind is Quantity.DURATION and standard.comparator is Comparator.EQ:
            yield Hit(
                standard.id,
                "a measured duration never equals a target exactly, so == is never met",
                'use "<=" for a ceiling or ">=" for a floor',
                ("comparator",),
            )
        if standard.share is not None and standard.statistic is not Statistic.EACH:
            yield Hit(
                standard.id,
                f"share {standard.share:g} has no meaning on a {standard.statistic.value}",
                "share counts the cases that meet the target; use statistic: each with it",
                ("share",),
            )


@rule(
    "BP102",
    "says how compliance is measured",
    "warning",
    gap=3,
    name="measurement-stated",
    cites=("G3", "G11"),
    rationale="""
    A standard nobody measures is not implemented seriously (guideline 11), and one
    without a stated method cannot be checked against delivery (gap 3). Record the
    method (system-log, observation, mystery-shopper, survey, checklist), and where
    the data lives.
    """,
    example="""
    - id: checkin-3min
      # BP102: no measurement: {method: system-log, source: pms.checkins}
    """,
)
def measurement_stated(service: Service, config: LintConfig) -> Iterator[Hit]:
    for standard in service.standards.values():
        if standard.measurement is None:
            # a soft standard is measured by asking customers (BP103 holds it to that)
            soft = standard.kind is StandardKind.SOFT
            how = (
                "method: survey, source: ..., frequency: quarterly"
                if soft
                else ("method: system-log, source: ..., frequency: daily")
            )
            yield Hit(
                standard.id,
                f"standard {standard.id!r} does not say how it is measured",
                f"add measurement: {{{how}}}",
            )


@rule(
    "BP103",
    "hard or soft as its measurement",
    "warning",
    name="kind-fits-measurement",
    cites=("G5",),
    rationale="""
    Hard standards are counted or timed by the operation; soft standards are measured
    by asking customers. A soft standard read from a system log, or a hard one taken
    from a survey, measures something other than what it claims (guideline 5).
    """,
    example="""
    - id: greeting-warm
      kind: soft
      measurement: {method: system-log}   # BP103: soft standards ask customers
    """,
)
def kind_fits_measurement(service: Service, config: LintConfig) -> Iterator[Hit]:
    operational = {MeasurementMethod.SYSTEM_LOG, MeasurementMethod.CHECKLIST}
    for standard in service.standards.values():
        method = standard.measurement.method if standard.measurement else None
        if standard.kind is StandardKind.SOFT and method in operational:
            yield Hit(
                standard.id,
                f"a soft standard is measured by {method.value}, not by asking customers",
                "use method: survey or mystery-shopper, or make it kind: hard",
                ("measurement", "method"),
            )
        elif standard.kind is StandardKind.HARD and method is MeasurementMethod.SURVEY:
            yield Hit(
                standard.id,
                "a hard standard is measured by a customer survey",
                "surveys measure soft standards: write kind: soft, or measure it in the operation",
                ("kind",),
            )


@rule(
    "BP105",
    "the target is not an average",
    "warning",
    gap=2,
    name="target-not-average",
    cites=("P3", "G2"),
    rationale="""
    Aiming at the average is pitfall 3: an average check-in of 3 minutes hides the
    guests who waited 15, and a mean score of 4 hides the unhappy ones. Set a definite
    target that each case must meet, and the share of cases that must meet it
    (statistic: each with share: 0.95), so the tail of customers is counted.
    """,
    example="""
    - id: checkin-3min
      target: 3
      unit: minutes
      statistic: mean     # BP105: write statistic: each and share: 0.95
    """,
)
def target_not_average(service: Service, config: LintConfig) -> Iterator[Hit]:
    for standard in service.standards.values():
        if standard.statistic is Statistic.EACH:
            continue
        hidden = (
            "customers in the tail" if standard.statistic is Statistic.MEAN else "the worse half of cases"
        )
        yield Hit(
            standard.id,
            f"the target {show(standard.target, standard.unit)} applies to the {standard.statistic.value}, "
            f"which hides {hidden} (an average of 3 minutes hides the customer who waited 15)",
            "compare each case instead: statistic: each with share: 0.95",
            ("statistic",),
        )


@rule(
    "BP106",
    "aims at near zero defects",
    "warning",
    gap=2,
    name="near-zero-defects",
    cites=("G2",),
    rationale="""
    Guideline 2: a standard aims at (near) zero defects (近乎零缺陷). A required share
    below the configured level (``min_share``, default 0.95) plans for more than one
    customer in twenty to be let down; so does a target on a pass rate below that
    level. The seed asks for zero defects pursued humanely, so not 100%: one in
    twenty is the most a standard can let down and still be near zero.
    """,
    example="""
    - id: checkin-3min
      share: 0.7          # BP106: 30% of guests may wait longer
    """,
)
def near_zero_defects(service: Service, config: LintConfig) -> Iterator[Hit]:
    floor = show(config.min_share, "share")
    for standard in service.standards.values():
        if standard.share is not None and standard.share < config.min_share:
            yield Hit(
                standard.id,
                f"share {show(standard.share, 'share')} lets "
                f"{show(1 - standard.share, 'share')} of cases miss the target",
                f"aim at near zero defects: a share of at least {floor}",
                ("share",),
            )
            continue
        is_rate = quantity(service, standard) is Quantity.PROPORTION and standard.comparator in (
            Comparator.GE,
            Comparator.GT,
        )
        target = standard.target
        if is_rate and not isinstance(target, bool):
            rate = target / 100 if standard.unit == "percent" else target
            if rate < config.min_share:
                yield Hit(
                    standard.id,
                    f"a pass rate of {show(rate, 'share')} plans for "
                    f"{show(1 - rate, 'share')} of cases to fail",
                    f"aim at near zero defects: a rate of at least {floor}",
                    ("target",),
                )


@rule(
    "BP108",
    "standards on one metric read one source",
    "warning",
    gap=3,
    name="one-source-per-metric",
    cites=("G3",),
    rationale="""
    A metric is one kind of observation, recorded in one place. Two standards on the
    same metric that name different sources measure the same thing from two sets of
    data, and their verdicts can disagree without anyone noticing; usually one source
    is a slip (an old export, a copied standard). Name the same source in both, or,
    when the two really measure different things, give each its own metric.
    """,
    example="""
    - id: desk-wait-5-minutes
      metric: queue-wait
      measurement: {method: system-log, source: data/queue.csv}
    - id: desk-wait-10-minutes
      metric: queue-wait
      measurement: {method: system-log, source: data/queue_old.csv}   # BP108
    """,
)
def one_source_per_metric(service: Service, config: LintConfig) -> Iterator[Hit]:
    first: dict[str, tuple[str, str]] = {}  # metric -> (its first source, the standard naming it)
    for standard in service.standards.values():
        measurement = standard.measurement
        if measurement is None or measurement.elsewhere or not measurement.source:
            continue
        source = _same_path(measurement.source)
        seen = first.setdefault(standard.metric, (source, standard.id))
        if seen[0] != source:
            yield Hit(
                standard.id,
                f"standard {standard.id!r} reads metric {standard.metric!r} from "
                f"{measurement.source!r}, but standard {seen[1]!r} reads it from {seen[0]!r}",
                "name one source for the metric in both standards, or give each its own metric",
                ("measurement", "source"),
            )


def _same_path(source: str) -> str:
    """``./data/a.csv`` and ``data//a.csv`` name one file: compare them written one way."""
    text = source.strip().replace("\\", "/")
    return posixpath.normpath(text) if "/" in text or text.startswith(".") else text

"""Does the statement people read say what the structured target says?

Guideline 3 (stated clearly and written down) and guideline 7 (once set, no
deviation): the figures in the statement and its translations are read by
:mod:`blueprint.checks.numbers` and compared with the target, the share and
the comparator.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model.vocabulary import Comparator, Quantity, Statistic
from ._common import base_target, lower_bound, quantity, same, show, upper_bound
from .numbers import Mention, mentions, speaks_of_average
from .registry import Hit, rule

if TYPE_CHECKING:
    from ..model.objects import Standard
    from ..model.service import Service
    from .lint_config import LintConfig

__all__ = ["statement_matches_target", "statement_states_target"]


@rule(
    "BP104",
    "the statement agrees with the structured target",
    "error",
    name="statement-matches-target",
    cites=("G3", "G7"),
    rationale="""
    Staff and customers read the statement; the lint and the measurements read the
    structured target. When they disagree ("3 minutes" in the text, 240 seconds in the
    target) one of them is wrong, and the standard in force is unclear (guidelines 3
    and 7). Figures are read from the statement and its translations: durations
    ("3 min", "180 seconds", "3分钟", "三分鐘"), percentages ("95%", "百分之95"), counts
    and scores next to a bound ("within 3 rings", "at least 4 out of 5"). Chinese is
    read in simplified or traditional script, with digits or Chinese numerals.
    """,
    example="""
    - id: checkin-3min
      statement: 95% of guests are checked in within 3 minutes.
      target: 240        # BP104: the statement says 3 minutes
      unit: seconds
      share: 0.95
    """,
)
def statement_matches_target(service: Service, config: LintConfig) -> Iterator[Hit]:
    for standard in service.standards.values():
        texts: list[tuple[str, str, tuple[str, ...]]] = [("", standard.statement, ("statement",))]
        texts += [(f"{lang} ", text, ("translations", lang)) for lang, text in standard.translations.items()]
        for label, text, path in texts:
            for message, hint in _disagreements(text, standard, quantity(service, standard)):
                yield Hit(standard.id, f"the {label}statement {message}", hint, path)


def _disagreements(text: str, standard: Standard, kind: Quantity | None) -> Iterator[tuple[str, str]]:
    found = mentions(text)
    target, written = base_target(standard), show(standard.target, standard.unit)
    if target is not None and kind in (Quantity.DURATION, Quantity.COUNT, Quantity.SCORE):
        figures = (
            [m for m in found if m.kind == "duration"]
            if kind is Quantity.DURATION
            else [m for m in found if m.kind == "number" and m.counted]
        )
        matching = next((m for m in figures if same(m.value, target)), None)
        if figures and matching is None:
            yield (
                f"says {_said(figures[0])} but the target is {written}",
                "make the statement and the target agree "
                f"(target: {standard.target:g}, unit: {standard.unit})",
            )
        elif matching is not None and _contrary(matching, standard.comparator):
            word = "at most" if matching.bound == "upper" else "at least"
            yield (
                f"says {word} {_said(matching)} but the comparator is {standard.comparator.value}",
                "make the comparator and the statement's wording agree",
            )
    percents = [m for m in found if m.kind == "percent"]
    expected = _expected_shares(standard, kind)
    if percents and not any(same(p.value, e) for p in percents for e in expected):
        has = (
            f"share is {show(standard.share, 'share')}"
            if standard.share
            else "standard sets no share, so every case must meet the target"
        )
        yield (
            f"says {_said(percents[0])} but the {has}",
            f"write share: {percents[0].value:g}, or correct the percentage in the statement",
        )
    if speaks_of_average(text) and standard.statistic is not Statistic.MEAN:
        yield (
            f"speaks of an average but the target applies to {standard.statistic.value} case",
            "reword the statement, or write statistic: mean (and see BP105 on averages)",
        )


def _expected_shares(standard: Standard, kind: Quantity | None) -> list[float]:
    expected = []
    if standard.share is not None:
        expected.append(standard.share)
    elif standard.statistic is Statistic.EACH:
        expected.append(1.0)
    target = base_target(standard)
    if kind is Quantity.PROPORTION and target is not None:
        expected.append(target)
    return expected


def _said(mention: Mention) -> str:
    return f"'{mention.text.strip()}'" if mention.text else f"{mention.value:g} seconds in all"


def _contrary(mention: Mention, comparator: Comparator) -> bool:
    return (mention.bound == "lower" and upper_bound(comparator)) or (
        mention.bound == "upper" and lower_bound(comparator)
    )


@rule(
    "BP107",
    "the statement states the target",
    "warning",
    name="statement-states-target",
    cites=("G3", "G12"),
    rationale="""
    Guideline 3: a standard is stated clearly and written down; guideline 12: it is
    communicated. A statement without its figure ("guests are checked in quickly")
    leaves staff and customers to guess the target, so the standard cannot guide
    anyone. Durations, counts, scores and rates should appear in the statement.
    """,
    example="""
    - id: checkin-3min
      statement: Guests are checked in quickly.   # BP107: say "within 3 minutes"
      target: 3
      unit: minutes
    """,
)
def statement_states_target(service: Service, config: LintConfig) -> Iterator[Hit]:
    wanted = {Quantity.DURATION: "duration", Quantity.PROPORTION: "percent"}
    for standard in service.standards.values():
        kind, target = quantity(service, standard), base_target(standard)
        if target is None or kind is None or kind is Quantity.BINARY:
            continue
        found = mentions(standard.statement)
        if any(m.kind == wanted.get(kind, "number") for m in found):
            continue
        if any(m.kind == "number" and same(m.value, float(standard.target)) for m in found):
            continue
        yield Hit(
            standard.id,
            f"the statement does not state the target "
            f"({standard.comparator.value} {show(standard.target, standard.unit)})",
            "write the figure into the statement, e.g. '... within 3 minutes'",
            ("statement",),
        )

"""The objects a service is made of, as immutable records.

These classes only describe; checks and measurements evaluate them. They are
also the file format: the JSON Schema under ``standards/`` is generated from
them, so a field documented here is documented for editors too.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from .time_format import format_problem
from .units import quantity_of
from .vocabulary import (
    BPM,
    SUB_ITEMS,
    Comparator,
    Dimension,
    Element,
    EvidenceMethod,
    Lane,
    Level,
    MeasurementMethod,
    PokaYoke,
    Quantity,
    Signer,
    Stage,
    StandardKind,
    Statistic,
    TimeUnit,
    TrainingMethod,
)

__all__ = [
    "Channel",
    "Claim",
    "Cost",
    "CustomerEvidence",
    "Duration",
    "FailPoint",
    "Goal",
    "Id",
    "KeyFactor",
    "Measurement",
    "Metric",
    "MomentOfTruth",
    "PhysicalEvidence",
    "Promise",
    "Record",
    "SignOff",
    "Standard",
    "Step",
    "Suppression",
    "Titled",
    "Tolerance",
    "Training",
]

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=120),
]
Text = Annotated[str, StringConstraints(min_length=1)]
Translations = dict[Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")], Text]


class Record(BaseModel):
    """Base of every object in a service file: immutable, no unknown keys."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_enum_values=False,
        validate_default=False,
        # Validators are built when first used: a command that reads one small file then
        # builds only the ones it needs, which halves pydantic's share of its start-up.
        defer_build=True,
    )


class Titled(Record):
    """A record with a title that may be translated (``translations: {zh: ...}``)."""

    id: Id
    title: Text
    translations: Translations = Field(default_factory=dict)

    def title_in(self, lang: str | None = None) -> str:
        """The title in ``lang`` when a translation exists, else the original title."""
        return self.translations.get(lang, self.title) if lang else self.title


class Suppression(Record):
    """Silences one rule on the object it is written on; the reason is required."""

    rule: Annotated[str, StringConstraints(pattern=r"^BP[0-9]{3}$")]
    reason: Text


class Metric(Record):
    """A measured quantity that standards set targets on and data reports."""

    id: Id
    title: Text
    translations: Translations = Field(default_factory=dict)
    quantity: Quantity
    unit: str | None = Field(
        None, description="Unit the operational data records this metric in (e.g. seconds)."
    )
    scale: tuple[float, float] | None = Field(
        None, description="Lowest and highest score, required for score metrics (e.g. [1, 5])."
    )
    description: str | None = None

    @model_validator(mode="after")
    def _fits(self) -> Metric:
        if self.quantity is Quantity.SCORE and self.scale is None:
            raise ValueError("a score metric needs a scale, e.g. scale: [1, 5]")
        if self.scale is not None and not all(abs(x) < float("inf") for x in self.scale):
            raise ValueError("scale must be two finite numbers [lowest, highest], e.g. [1, 5]")
        if self.scale is not None and not self.scale[0] < self.scale[1]:
            raise ValueError("scale must be [lowest, highest] with lowest < highest")
        if self.unit is not None and quantity_of(self.unit) is not self.quantity:
            raise ValueError(f"unit {self.unit!r} does not measure a {self.quantity.value}")
        return self


class Channel(Titled):
    """A way customers reach the service (branch, phone agent, website, ...).

    The optional qualities are the ones customers weigh when they choose a
    channel; the channels view and the file's readers compare channels by them.
    """

    hours: str | None = Field(None, description="When the channel is open, e.g. 24/7 or branch hours.")
    cost: Level | None = Field(None, description="What serving a customer here costs: low, medium or high.")
    stability: Level | None = Field(
        None, description="How seldom the channel fails or is out of reach: low, medium or high."
    )
    security: Level | None = Field(
        None, description="How well it protects the customer's data and money: low, medium or high."
    )
    face_to_face: bool | None = Field(None, description="The customer meets a person face to face.")


class PhysicalEvidence(Titled):
    """Something tangible the customer sees or touches at a moment."""


class CustomerEvidence(Record):
    """Customer research that shows a factor matters (survey item, complaints, ...)."""

    method: EvidenceMethod
    source: Text = Field(description="Where the evidence is: study, report, log, item number.")
    item: str | None = Field(None, description="Survey item or question the factor maps to.")
    date: dt.date | None = None
    note: str | None = None


class Tolerance(Record):
    """What customers accept at this factor, from research: the bound of their patience."""

    comparator: Comparator = Comparator.LE
    value: float
    unit: str
    source: str | None = None


class KeyFactor(Titled):
    """What decides the customer's experience at one moment of truth."""

    element: Element
    sub_item: str
    bpm: BPM | None = None
    dimension: Dimension | None = None
    importance: float | None = Field(
        None, ge=0, le=1, description="Weight from 0 (irrelevant) to 1 (decisive)."
    )
    assumed_importance: float | None = Field(
        None, ge=0, le=1, description="Management's own estimate of the weight, to compare with gap 1."
    )
    customer_evidence: list[CustomerEvidence] = Field(default_factory=list)
    customer_tolerance: Tolerance | None = None
    suppress: list[Suppression] = Field(default_factory=list)

    @model_validator(mode="after")
    def _sub_item_of_element(self) -> KeyFactor:
        allowed = SUB_ITEMS[self.element]
        if self.sub_item not in allowed:
            raise ValueError(
                f"sub_item {self.sub_item!r} is not part of the {self.element.value} element; "
                f"use one of: {', '.join(allowed)}"
            )
        return self


class FailPoint(Record):
    """Where the service goes wrong most often: why, what follows, and what prevents or recovers it.

    Written ``fail_point: true`` when only the place is known, or as a mapping
    (Shostack 1984; Chase & Stewart 1994 on fail-safing).
    """

    cause: Text | None = Field(None, description="What goes wrong, and why.")
    effect: Text | None = Field(None, description="What the customer suffers when it does.")
    fail_safe: Text | None = Field(
        None, description="What prevents the failure or recovers from it (the poka-yoke)."
    )
    poka_yoke: PokaYoke | None = Field(
        None,
        description="Kind of fail-safe: task, treatment or tangible (the server's); "
        "preparation, encounter or resolution (the customer's).",
    )


class Duration(Record):
    """The standard execution time of a moment or step, and what customers tolerate (Shostack 1984)."""

    standard: float = Field(ge=0, allow_inf_nan=False, description="Time the action should take.")
    tolerable: float | None = Field(
        None,
        ge=0,
        allow_inf_nan=False,
        description="Longest time customers accept before waiting turns into dissatisfaction.",
    )
    unit: TimeUnit = TimeUnit.SECONDS

    @model_validator(mode="after")
    def _tolerable_not_shorter(self) -> Duration:
        if self.tolerable is not None and self.tolerable < self.standard:
            raise ValueError(
                f"tolerable {self.tolerable:g} is shorter than the standard {self.standard:g}; "
                "the standard time must be one customers tolerate"
            )
        return self

    @property
    def standard_seconds(self) -> float:
        return self.standard * (60.0 if self.unit is TimeUnit.MINUTES else 1.0)

    @property
    def tolerable_seconds(self) -> float | None:
        if self.tolerable is None:
            return None
        return self.tolerable * (60.0 if self.unit is TimeUnit.MINUTES else 1.0)


class Cost(Record):
    """What one occurrence of a moment or step costs the organisation."""

    amount: float = Field(ge=0, allow_inf_nan=False)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(
        description="ISO 4217 code, e.g. USD, EUR, CNY."
    )


class MomentOfTruth(Titled):
    """A customer action where the customer meets the organisation (Carlzon)."""

    stage: Stage
    emotion: int | None = Field(None, ge=-3, le=3, description="Expected emotion from -3 to +3.")
    fail_point: bool | FailPoint = Field(
        False, description="true, or {cause, effect, fail_safe, poka_yoke}: where things go wrong most often."
    )
    wait_point: bool = False
    duration: Duration | None = Field(None, description="Standard and tolerable execution time.")
    cost: Cost | None = Field(None, description="Cost of one occurrence.")
    choice: bool = Field(False, description="The customer makes a choice here.")
    optional: bool = Field(False, description="Some customers skip this moment.")
    ritual: bool = Field(False, description="A repeated, recognisable gesture of the service.")
    channels: list[Id] = Field(
        default_factory=list,
        description="Channels offering this moment. A moment that lists channels is a function of the "
        "channels x functions matrix; write channels: [] for a function no channel offers yet.",
    )
    next: list[Id] | None = Field(
        None,
        description="Moments that follow. Omitted: the next moment in the file. "
        "Empty list: the customer leaves here and the cycle closes to the first moment.",
    )
    physical_evidence: list[PhysicalEvidence] = Field(default_factory=list)
    factors: list[KeyFactor] = Field(default_factory=list)
    description: str | None = None
    suppress: list[Suppression] = Field(default_factory=list)

    #: fields whose empty value, written in the file, says something and is kept on saving
    KEEP_EMPTY: ClassVar[tuple[str, ...]] = ("channels",)

    @property
    def is_function(self) -> bool:
        """The moment is a function of the channel matrix: it lists ``channels:``, even ``[]``."""
        return bool(self.channels) or "channels" in self.model_fields_set


class Step(Titled):
    """An employee or system action below the line of interaction."""

    lane: Lane
    supports: list[Id] = Field(min_length=1, description="Moments or steps this step feeds.")
    fail_point: bool | FailPoint = Field(
        False, description="true, or {cause, effect, fail_safe, poka_yoke}: where things go wrong most often."
    )
    wait_point: bool = False
    duration: Duration | None = Field(None, description="Standard and tolerable execution time.")
    cost: Cost | None = Field(None, description="Cost of one occurrence.")
    description: str | None = None
    suppress: list[Suppression] = Field(default_factory=list)


class Measurement(Record):
    """How a standard's observations are collected."""

    method: MeasurementMethod
    source: str | None = Field(None, description="File or table holding the observations.")
    frequency: str | None = Field(None, description="How often it is measured: daily, monthly, ...")
    elsewhere: Text | None = Field(
        None,
        description="Measured outside Blueprint: say where and by whom. Blueprint does not measure "
        "the standard and a run with data does not fail for its lack of data.",
    )
    timestamp_format: str | None = Field(
        None,
        description="How the source writes its timestamps when not ISO 8601, strftime-style as DuckDB's "
        "strptime reads them, e.g. '%d/%m/%Y %H:%M' (day first) or '%m/%d/%Y %I:%M %p' (month first); "
        "'excel' for Excel serial dates (46363.395833 is 7 December 2026 09:30).",
    )

    @field_validator("timestamp_format")
    @classmethod
    def _format_readable(cls, value: str | None) -> str | None:
        problem = None if value is None else format_problem(value)
        if problem:
            raise ValueError(problem)
        return value


class SignOff(Record):
    """Who agreed to a standard, and when (guideline 1)."""

    by: Text
    role: Signer | None = Field(None, description="staff (when not given) or customer, e.g. a panel.")
    date: dt.date | None = None


class Training(Record):
    """How staff learn a standard and when they last did (guideline 12, the training system)."""

    method: TrainingMethod
    title: str | None = Field(None, description="The course, briefing or page of the manual.")
    date: dt.date | None = Field(None, description="When it was last held or refreshed.")


class Goal(Record):
    """One of the organisation's goals that standards serve (guideline 10)."""

    id: Id
    title: Text
    translations: Translations = Field(default_factory=dict)


class Standard(Record):
    """A key factor made specific, measurable and written down."""

    id: Id
    factors: list[Id] = Field(default_factory=list, description="Key factors this standard serves.")
    steps: list[Id] = Field(
        default_factory=list,
        description="Steps this standard times or checks (frontstage, backstage or support); "
        "a step standard serves the moments its step supports.",
    )
    statement: Text
    translations: Translations = Field(default_factory=dict)
    metric: Id
    comparator: Comparator
    target: float | bool
    unit: str
    share: float | None = Field(
        None, gt=0, le=1, description="Share of cases that must meet the target, e.g. 0.95."
    )
    statistic: Statistic = Statistic.EACH
    kind: StandardKind = StandardKind.HARD
    measurement: Measurement | None = None
    owner: str | None = None
    visible: bool = Field(False, description="Published to customers.")
    agreed_by: list[SignOff] = Field(default_factory=list)
    last_reviewed: dt.date | None = None
    goals: list[Id] = Field(default_factory=list, description="The organisation's goals it serves.")
    training: list[Training] = Field(default_factory=list, description="How staff learn it.")
    suppress: list[Suppression] = Field(default_factory=list)

    @model_validator(mode="after")
    def _serves_something(self) -> Standard:
        if not self.factors and not self.steps:
            raise ValueError("serves no key factor and no step")
        return self

    @model_validator(mode="after")
    def _known_unit(self) -> Standard:
        if quantity_of(self.unit) is None:
            from .units import UNITS

            raise ValueError(f"unknown unit {self.unit!r}; use one of: {', '.join(UNITS)}")
        return self


class Claim(Record):
    """The value a promise states, in the standard's terms."""

    value: float | bool
    unit: str
    share: float | None = Field(None, gt=0, le=1)


class Promise(Record):
    """An external claim: advertising, a service guarantee, the website."""

    id: Id
    channel: Text
    text: Text
    translations: Translations = Field(default_factory=dict, description="The text in other languages.")
    standard: Id | None = None
    claims: Claim | None = None


def field_names(cls: type[BaseModel]) -> list[str]:
    """The keys a YAML mapping for ``cls`` may hold, in declaration order."""
    return list(cls.model_fields)


def dump(record: BaseModel) -> dict[str, Any]:
    """``record`` as YAML-ready data, leaving out fields at their defaults."""
    data = record.model_dump(mode="json", exclude_defaults=True)
    for name in getattr(record, "KEEP_EMPTY", ()):
        if name in record.model_fields_set and name not in data:
            data[name] = getattr(record, name)
    return data

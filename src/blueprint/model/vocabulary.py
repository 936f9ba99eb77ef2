"""The field's fixed vocabularies: stages, lanes, the three elements, BPM, RATER.

Every closed list a service file may use is declared here once, so the schema,
the error messages ("expected one of ...") and the documentation agree.
"""

from __future__ import annotations

from enum import Enum

__all__ = [
    "BPM",
    "LITERATURE_NAMES",
    "SUB_ITEMS",
    "Comparator",
    "Dimension",
    "Element",
    "EvidenceMethod",
    "Lane",
    "Level",
    "MeasurementMethod",
    "PokaYoke",
    "Quantity",
    "Severity",
    "Signer",
    "Stage",
    "StandardKind",
    "Statistic",
    "TimeUnit",
    "TrainingMethod",
]


class _Vocabulary(str, Enum):
    """A closed list whose values are the words written in the YAML file."""

    def __str__(self) -> str:
        return self.value


class Stage(_Vocabulary):
    """Where a moment of truth sits in the service cycle."""

    PRE = "pre-service"
    IN = "in-service"
    POST = "post-service"


class Level(_Vocabulary):
    """A coarse three-step rating of a channel's quality (cost, stability, security)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Lane(_Vocabulary):
    """Blueprint lanes below the customer (Shostack; Bitner, Ostrom & Morgan).

    Physical evidence and customer actions are the two lanes above the line of
    interaction; they hold evidence and moments, not steps.
    """

    FRONTSTAGE = "frontstage"
    BACKSTAGE = "backstage"
    SUPPORT = "support"


#: Names the literature uses for a value of a vocabulary, each with the word a file writes:
#: Bitner, Ostrom & Morgan's onstage/visible and backstage/invisible contact employee
#: actions, Shostack's support processes, Kano's names for the BPM classes.
LITERATURE_NAMES = {
    "onstage": "frontstage",
    "on-stage": "frontstage",
    "front-stage": "frontstage",
    "visible": "frontstage",
    "visible-contact-employee-actions": "frontstage",
    "onstage-contact-employee-actions": "frontstage",
    "back-stage": "backstage",
    "invisible": "backstage",
    "invisible-contact-employee-actions": "backstage",
    "backstage-contact-employee-actions": "backstage",
    "support-processes": "support",
    "must-be": "basic",
    "one-dimensional": "performance",
    "attractive": "motivation",
    "delighter": "motivation",
    "before-service": "pre-service",
    "pre-sale": "pre-service",
    "pre-sales": "pre-service",
    "during-service": "in-service",
    "in-sale": "in-service",
    "after-service": "post-service",
    "after-sale": "post-service",
    "after-sales": "post-service",
}


class Element(_Vocabulary):
    """The three elements a service standard is built from."""

    HARDWARE = "hardware"
    SOFTWARE = "software"
    PEOPLE = "people"


#: The sub-items of each element, in the order the sources list them.
SUB_ITEMS: dict[Element, tuple[str, ...]] = {
    Element.HARDWARE: ("location", "facilities", "environment"),
    Element.SOFTWARE: (
        "timeliness",
        "flow",
        "flexibility",
        "anticipation",
        "channels",
        "feedback",
        "supervision",
    ),
    Element.PEOPLE: (
        "appearance",
        "attitude",
        "attentiveness",
        "tact",
        "guidance",
        "selling",
        "problem-solving",
    ),
}


class BPM(_Vocabulary):
    """Basic / performance / motivation factors, with Kano's two extra classes."""

    BASIC = "basic"
    PERFORMANCE = "performance"
    MOTIVATION = "motivation"
    INDIFFERENT = "indifferent"
    REVERSE = "reverse"


class Dimension(_Vocabulary):
    """The five SERVQUAL dimensions (RATER)."""

    TANGIBLES = "tangibles"
    RELIABILITY = "reliability"
    RESPONSIVENESS = "responsiveness"
    ASSURANCE = "assurance"
    EMPATHY = "empathy"


class EvidenceMethod(_Vocabulary):
    """How customer research backs a key factor (closes gap 1)."""

    SURVEY = "survey"
    INTERVIEW = "interview"
    OBSERVATION = "observation"
    COMPLAINT_LOG = "complaint-log"
    MYSTERY_SHOPPING = "mystery-shopping"
    EXPERIMENT = "experiment"
    EXPERT_PANEL = "expert-panel"


class Signer(_Vocabulary):
    """Who agreed to a standard (guideline 1: staff, and customers where possible)."""

    STAFF = "staff"
    CUSTOMER = "customer"


class TrainingMethod(_Vocabulary):
    """How staff learn a standard: the training support system (员工培训支持系统)."""

    COURSE = "course"
    ONBOARDING = "onboarding"
    BRIEFING = "briefing"
    COACHING = "coaching"
    MANUAL = "manual"


class Quantity(_Vocabulary):
    """What a metric measures; decides which units fit it."""

    DURATION = "duration"
    COUNT = "count"
    PROPORTION = "proportion"
    SCORE = "score"
    BINARY = "binary"


class Comparator(_Vocabulary):
    """How an observation is compared with a standard's target."""

    LE = "<="
    LT = "<"
    GE = ">="
    GT = ">"
    EQ = "=="


class StandardKind(_Vocabulary):
    """Hard standards are counted or timed by the operation; soft ones are asked of customers."""

    HARD = "hard"
    SOFT = "soft"


class MeasurementMethod(_Vocabulary):
    """Where a standard's observations come from."""

    SYSTEM_LOG = "system-log"
    OBSERVATION = "observation"
    MYSTERY_SHOPPER = "mystery-shopper"
    SURVEY = "survey"
    CHECKLIST = "checklist"


class PokaYoke(_Vocabulary):
    """The kind of fail-safe (poka-yoke) that guards a fail point (Chase & Stewart 1994).

    Three guard the server's errors: ``task`` (doing the work wrong), ``treatment``
    (how the customer is treated) and ``tangible`` (what the customer sees).
    Three guard the customer's: ``preparation`` (before the encounter),
    ``encounter`` (during it) and ``resolution`` (after it).
    """

    TASK = "task"
    TREATMENT = "treatment"
    TANGIBLE = "tangible"
    PREPARATION = "preparation"
    ENCOUNTER = "encounter"
    RESOLUTION = "resolution"


class TimeUnit(_Vocabulary):
    """The unit an execution time (``duration:``) is written in."""

    SECONDS = "seconds"
    MINUTES = "minutes"


class Statistic(_Vocabulary):
    """What the target is compared with.

    ``each``: every observation is compared and ``share`` of them must meet the
    target (the form the sources recommend). ``mean`` and ``median`` compare an
    aggregate, which hides the customers in the tail (pitfall 3).
    """

    EACH = "each"
    MEAN = "mean"
    MEDIAN = "median"


class Severity(_Vocabulary):
    """How much a finding matters; ordered from most to least severe."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]

"""Mermaid text for a service: a flowchart of the blueprint and a ``journey`` of the cycle.

Teams paste these into Markdown that renders on code hosts. User text never
reaches Mermaid raw: every character Mermaid's grammar or the HTML it emits
could read as syntax is written as a Mermaid entity code (``#quot;``,
``#35;``), which Mermaid turns back into the literal character when it draws.

Examples
--------
>>> from blueprint.model.examples import tiny_service
>>> print(to_mermaid_journey(tiny_service()))  # doctest: +NORMALIZE_WHITESPACE
journey
  title Tiny hotel
  section Pre-service
    %% blueprint: emotion none
    Arrive at the hotel: 3: Customer
  section In-service
    %% blueprint: emotion none
    Check in at the desk: 3: Customer, Clerk registers guest
    %% blueprint: emotion none
    Order room service: 3: Customer
  section Post-service
    %% blueprint: emotion none
    Check out: 3: Customer
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..escaping import clean
from ..io.mermaid_read import EMOTION_COMMENT, emotion_to_score
from ..model.queries import cycle_order
from .chart_text import label_words
from .mermaid_flowchart import journey_actors, to_mermaid_flowchart
from .mermaid_text import mermaid_text, task_name

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["mermaid_text", "to_mermaid_flowchart", "to_mermaid_journey", "to_mermaid_markdown"]


def to_mermaid_journey(service: Service, lang: str | None = None) -> str:
    """A Mermaid ``journey``: title, one section per run of a stage, one task per moment.

    The score is :func:`blueprint.io.mermaid_read.emotion_to_score` of the
    moment's expected emotion (``emotion + 3`` within 1..5);
    the actors are the customer, the moment's channels and the frontstage
    steps that serve it directly. Where the score cannot carry the emotion
    (none set, or ±3) a ``%% blueprint: emotion ...`` comment above the task
    keeps it for ``blueprint import``.
    """
    shown = mermaid_text(service.info.title_in(lang), journey=True) or mermaid_text(service.info.id)
    lines = ["journey", f"  title {shown}"]
    stage: str | None = None
    for moment_id in cycle_order(service):
        moment = service.moments[moment_id]
        if moment.stage.value != stage:
            stage = str(moment.stage.value)
            lines.append(f"  section {mermaid_text(label_words(stage, lang), journey=True)}")
        score = emotion_to_score(moment.emotion)
        if moment.emotion is None or moment.emotion + 3 != score:
            lines.append(f"    {EMOTION_COMMENT} {'none' if moment.emotion is None else moment.emotion}")
        actors = ", ".join(mermaid_text(a, journey=True) for a in journey_actors(service, moment_id, lang))
        title = task_name(moment.title_in(lang)) or task_name(moment.id)
        lines.append(f"    {title}: {score}: {actors}")
    return "\n".join(lines) + "\n"


def to_mermaid_markdown(service: Service, lang: str | None = None, *, source: str | None = None) -> str:
    """Markdown with both diagrams in fenced ``mermaid`` blocks, ready to paste or commit.

    ``source`` (the service file) is named in the note under the heading.
    """
    title = _markdown_text(service.info.title_in(lang))
    origin = f" from `{_markdown_code(source)}`" if source else ""
    parts = [
        f"# {title}",
        "",
        f"Generated{origin} by `blueprint export --to mermaid`; edit the service file, not this one.",
        "",
        "## Blueprint",
        "",
        "```mermaid",
        to_mermaid_flowchart(service, lang).rstrip("\n"),
        "```",
        "",
        "## Customer journey",
        "",
        "```mermaid",
        to_mermaid_journey(service, lang).rstrip("\n"),
        "```",
    ]
    return "\n".join(parts) + "\n"


def _markdown_text(value: str) -> str:
    # Markdown reads punctuation as formatting and passes HTML through: escape both.
    flat = " ".join(clean(value).split())  # no control character: it would act in a terminal
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|~" else c for c in flat)


def _markdown_code(value: str) -> str:
    return " ".join(clean(value).split()).replace("`", "'")

"""Findings in plain words, for the screens designers and workshop rooms look at.

A rule's ``hint`` is written for the person editing the YAML file or running
the CLI: it names keys (``agreed_by: [{by: ...}]``) and commands
(``blueprint suggest FILE --factor ...``). On a widget that is noise, so each
rule whose hints name a key or a command also has plain *advice* here: what to
do, in the field's words. The CLI and the report keep the exact hint.

>>> from blueprint.model.findings import Finding
>>> from blueprint.model.vocabulary import Severity
>>> f = Finding("BP123", Severity.WARNING, "standard 'x' has never been reviewed",
...             "review it with staff and write last_reviewed: 2026-01-01")
>>> plain_hint(f)
'Review it with the staff who deliver it and note the date of the review.'
>>> plain_text("2 minutes against <= 3 minutes")
'2 minutes against ≤ 3 minutes'
>>> names_code("record it under customer_evidence:")
True
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.findings import Finding

__all__ = ["ADVICE", "SYMBOLS", "names_code", "plain_hint", "plain_message", "plain_text"]

#: what to do, in the field's words, by rule (for rules whose hints name keys or commands)
ADVICE = {
    "BP100": "Check the rule named in the suppression, or remove the suppression.",
    "BP101": "Say whether the standard is met or not: a yes/no target.",
    "BP102": "Say how the standard is measured, where the figures come from and how often.",
    "BP103": "Mark it as a soft standard (measured by asking customers), or measure it in the operation.",
    "BP104": "Make the statement and the target say the same figure.",
    "BP105": "Judge each case against the target, for a share of the cases (e.g. 95%), not the average.",
    "BP107": "Write the target figure into the statement, e.g. '... within 3 minutes'.",
    "BP111": "Customers are the best supervisors: publish the standard to them.",
    "BP112": "Note how customers were asked about it: survey, interviews or the complaint log.",
    "BP121": "Name the role accountable for the standard, e.g. the Chief Concierge.",
    "BP122": "Agree the standard with the team that delivers it and note who agreed and when.",
    "BP123": "Review it with the staff who deliver it and note the date of the review.",
    "BP125": "Name the top-management role that backs these standards.",
    "BP126": "Name the service goals this standard serves, or ask why it exists.",
    "BP127": "Note how staff learn the standard (a briefing will do) and when.",
    "BP128": "Show it to a customer panel before adopting it and note their agreement.",
    "BP201": "Write a standard for one of this moment's key factors (the Standard editor suggests drafts).",
    "BP202": "Write a standard for this key factor (the Standard editor suggests drafts).",
    "BP203": "Write a standard for this key factor (the Standard editor suggests drafts).",
    "BP208": "Name the channels that should offer this moment, or drop it if customers do not need it.",
    "BP209": "Write a standard for this channel's key factor (the Standard editor suggests drafts).",
    "BP271": "Say what prevents this failure, or how staff recover from it.",
    "BP272": "Write a standard that checks the step where it fails, or one of its key factors.",
    "BP273": "Shorten the slowest steps, or check the tolerance with customers.",
    "BP274": "Correct the time: it is zero, or more than half a day for one action.",
    "BP301": "Ask customers (survey, interviews, complaint log) and note what they said.",
    "BP302": "Revisit where effort goes at this factor, and update management's importance once agreed.",
    "BP311": "Add a hard standard the operation can measure (the Standard editor suggests drafts).",
    "BP323": "Say in the promise the share of cases the standard covers, or hold the standard to every case.",
}

#: comparators as the room reads them
SYMBOLS = {"<=": "≤", ">=": "≥", "==": "=", "!=": "≠"}
_SYMBOL = re.compile("|".join(re.escape(s) for s in SYMBOLS))
#: a YAML key with its colon (``agreed_by:``, ``fail_point: {``), a flow list of records, or a command
_CODE = re.compile(
    r"\b[a-z]+_[a-z_]+\b|\b[a-z_]+: *[\[{]|\[\{|\bblueprint [a-z]+\b|--[a-z]+"
    r"|\b(?:visible|kind|share|owner): "
)


def names_code(text: str | None) -> bool:
    """Whether ``text`` names a YAML key, a flow record or a CLI command (or uses ``<=`` and the like)."""
    return bool(text) and bool(_CODE.search(text or "") or _SYMBOL.search(text or ""))


def plain_text(text: str) -> str:
    """``text`` with comparators as symbols: ``<=`` as ``≤``."""
    return _SYMBOL.sub(lambda m: SYMBOLS[m.group(0)], text)


def plain_message(finding: Finding) -> str:
    """The finding's message for a designer's screen."""
    return plain_text(finding.message)


def plain_hint(finding: Finding) -> str | None:
    """What to do about ``finding``, without keys or commands; None when there is no hint."""
    hint = finding.hint
    if not hint:
        return None
    if not _CODE.search(hint):
        return plain_text(hint)
    advice = ADVICE.get(finding.rule)
    if advice:
        return advice
    # A rule without advice yet: keep the words before the first key or command.
    cut = _CODE.search(hint)
    head = hint[: cut.start()].rstrip(" :(,") if cut else hint
    return plain_text(head) or None

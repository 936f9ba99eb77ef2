"""Explain a record that does not validate: which rule, what is wrong, where, and what to do.

pydantic's errors name fields by its own paths (union members, validator
names) and in its own words; these functions turn one error into a finding's
message and hint, at the place it has in the file, naming the record by its id.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..model.objects import Standard
from ..model.vocabulary import LITERATURE_NAMES

__all__ = ["NESTED", "Explained", "UnknownKey", "explain", "explained_by_typos", "without_other_members"]

#: lists of records nested in a record, and what one item is called in messages
NESTED = {"factors": "key factor", "physical_evidence": "physical evidence"}


@dataclass(frozen=True)
class Explained:
    """A finding for one error: its rule, message, hint and path inside the record."""

    rule: str
    message: str
    hint: str
    loc: tuple[Any, ...]


@dataclass(frozen=True)
class UnknownKey:
    """A key the record does not have, with the keys allowed where it is written."""

    key: str
    loc: tuple[Any, ...]
    allowed: list[str]
    where: str


def explain(
    cls: type[BaseModel], kind: str, raw: Any, error: Any, seen: set[tuple[Any, ...]]
) -> Explained | UnknownKey | None:
    """The finding for pydantic ``error`` in record ``raw`` of type ``cls``; None if ``seen`` has it.

    ``kind`` names the record in messages (``standard``); ``seen`` collects the
    places already explained, so one place gets one finding.
    """
    kind_of_error = error["type"]
    loc = _data_loc(raw, tuple(error["loc"]), kind_of_error)
    if kind_of_error == "value_error":
        loc = _field_named_in(raw, loc, error["msg"])
    if loc in seen:
        return None
    seen.add(loc)
    what, inner = _describe(kind, raw, loc)
    key = loc[-1] if loc else kind
    if kind_of_error in ("missing", "extra_forbidden"):
        what, _ = _describe(kind, raw, loc[:-1])
    if kind_of_error == "extra_forbidden":
        return UnknownKey(str(key), loc, list(_model_at(cls, loc[:-1]).model_fields), what)
    if kind_of_error == "missing":
        hint = f"add {key}: to {what}"
        factors = raw.get("factors") if isinstance(raw, dict) else None
        measure = key in ("metric", "comparator", "target", "unit") and len(loc) == 1
        if cls is Standard and measure and factors:
            # a standard still being drafted: the suggester writes its measure out in full
            hint += f"; 'blueprint suggest FILE --factor {factors[0]}' drafts a complete one to start from"
        return Explained("BP004", f"{what} has no {key!r}", hint, loc[:-1])
    if cls is Standard and error["msg"].endswith("serves no key factor and no step"):
        return Explained(
            "BP004",
            f"{what} serves no key factor and no step",
            "name the factor(s) it makes measurable in factors: [...] or the step(s) it times "
            "in steps: [...]; a standard for its own sake serves no customer (pitfall 6)",
            ("factors",) if isinstance(raw, dict) and "factors" in raw else (),
        )
    if key == "emotion" and kind_of_error in ("greater_than_equal", "less_than_equal"):
        return Explained(
            "BP003",
            f"emotion {error['input']!r} of {what} is out of range",
            "expected emotion runs from -3 (very negative) to +3 (very positive)",
            loc,
        )
    if "fail_point" in loc and not isinstance(error.get("input"), dict) and kind_of_error.startswith("bool"):
        at = loc[: loc.index("fail_point") + 1]
        return Explained(
            "BP003",
            f"fail_point of {what} is {_show(error.get('input')) or 'a list'}: write true, or a mapping",
            "fail_point: true, or fail_point: {cause: what goes wrong, effect: what the customer "
            "suffers, fail_safe: what prevents it}",
            at,
        )
    message = error["msg"].removeprefix("Value error, ")
    shown = _show(error.get("input"))
    field_name = ".".join(str(p) for p in inner) or kind
    if kind_of_error == "value_error":
        text = f"{what}: {message}"
    elif shown is None:
        text = f"{field_name} of {what}: {message}"
    else:
        text = f"{field_name} of {what} is {shown}: {message}"
    hint = _hint(kind_of_error, message, error.get("input"), str(key))
    if kind_of_error == "string_type" and isinstance(error.get("input"), (bool, int, float, dt.date)):
        hint = _quote_hint(error["input"], key)
    return Explained("BP003", text, hint, loc)


def _quote_hint(value: Any, key: Any) -> str:
    """What to do when YAML read text as a number, a boolean or a date."""
    kind = "a number"
    if isinstance(value, bool):
        kind = "true or false"
    elif isinstance(value, dt.date):
        kind = "a date"
    return f"YAML reads it as {kind}, not text: put the text in quotes as you wrote it ({key}: '...')"


def _describe(kind: str, raw: Any, loc: tuple[Any, ...] = ()) -> tuple[str, tuple[Any, ...]]:
    """Name the innermost object with an id along ``loc``, and the rest of the path inside it."""
    node, name, rest = raw, kind, list(loc)
    label = f"{kind} {raw['id']!r}" if isinstance(raw, dict) and isinstance(raw.get("id"), str) else kind
    for i, step in enumerate(loc):
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(step, str):
            name = NESTED.get(step, name)
        if isinstance(node, dict) and isinstance(node.get("id"), str) and isinstance(step, int):
            label, rest = f"{name} {node['id']!r}", list(loc[i + 1 :])
    return label, tuple(rest)


def without_other_members(errors: list[Any]) -> list[Any]:
    """Drop a union's yes/no member refusing a mapping: the mapping member says what is wrong.

    ``fail_point`` is ``true`` or a mapping; for a mapping with a bad key the
    yes/no reading's complaint ("not a valid boolean") would only confuse.
    """
    kept = [
        e
        for e in errors
        if not (
            e["type"].startswith("bool_") and isinstance(e.get("input"), dict) and e["loc"][-1:] == ("bool",)
        )
    ]
    return kept or errors


def explained_by_typos(cls: type[BaseModel], raw: Any, errors: list[Any]) -> set[tuple[Any, ...]]:
    """Locations of 'missing' errors that a misspelt key beside them explains."""
    unknown = {tuple(e["loc"]) for e in errors if e["type"] == "extra_forbidden"}
    explained: set[tuple[Any, ...]] = set()
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] != "missing":
            continue
        for other in unknown:
            if other[:-1] == loc[:-1] and difflib.get_close_matches(
                str(other[-1]), [str(loc[-1])], cutoff=0.6
            ):
                explained.add(_data_loc(raw, loc, "missing"))
    return explained


def _field_named_in(raw: Any, loc: tuple[Any, ...], message: str) -> tuple[Any, ...]:
    """Point a record-level validator's error at the field its message starts with."""
    node = raw
    for step in loc:
        node = node[step]
    first = message.removeprefix("Value error, ").split(" ", 1)[0]
    return (*loc, first) if isinstance(node, dict) and first in node else loc


def _show(value: Any) -> str | None:
    if isinstance(value, (dict, list)):
        return None
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


#: an example of each mapping a designer may write as one value (``duration: 2 minutes``)
_MAPPINGS = {
    "duration": "{standard: 2, unit: minutes}",
    "cost": "{amount: 0.5, currency: USD}",
    "customer_tolerance": "{value: 5, unit: minutes}",
    "measurement": "{method: system-log, source: data/visits.csv, frequency: daily}",
    "claims": "{value: 15, unit: seconds, share: 0.9}",
}


#: units longer than a moment's or step's time takes (seconds or minutes), and minutes in one
_LONGER_UNITS = {
    **dict.fromkeys(("hours", "hour", "h", "hr", "hrs"), ("hours", 60)),
    **dict.fromkeys(("days", "day", "d"), ("days", 1440)),
}

#: comparison signs as typed in prose, and Blueprint's comparator for each
_SIGNS = {"≤": "<=", "⩽": "<=", "≥": ">=", "⩾": ">=", "=": "==", "＝": "==", "=<": "<=", "=>": ">="}

#: the units a figure may carry, by the ways people write them after the number
_UNIT_WORDS = {
    **dict.fromkeys(("seconds", "second", "sec", "secs", "s"), "seconds"),
    **dict.fromkeys(("minutes", "minute", "min", "mins"), "minutes"),
    **dict.fromkeys(("hours", "hour", "h", "hr", "hrs"), "hours"),
    **dict.fromkeys(("days", "day"), "days"),
    **dict.fromkeys(("percent", "%"), "percent"),
}
_FIGURE_WITH_UNIT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([^\d\s].*?)\s*$")

#: keys whose value is a fraction of 1, which designers often write as a percentage
_FRACTIONS = ("share", "importance", "assumed_importance")


def _hint(error_type: str, message: str, written: Any = None, key: str = "") -> str:
    percent = _as_percent(written) if key in _FRACTIONS else None
    if percent is not None:
        name = "a share" if key == "share" else key
        return f"{name} is a fraction of 1: write {key}: {percent / 100:g} for {percent:g}%"
    if error_type in ("enum", "literal_error"):
        allowed = re.findall(r"'([^']*)'", message)
        sign = _SIGNS.get(str(written).strip())
        if sign in allowed:
            return f"write {sign!r} for {written!r}"
        longer = _LONGER_UNITS.get(str(written).strip().lower()) if key == "unit" else None
        if longer and allowed == ["seconds", "minutes"]:
            return (
                f"a moment's or step's time is written in seconds or minutes: multiply the {longer[0]} "
                f"by {longer[1]} and write unit: minutes"
            )
        return _closest_value(written, allowed) or "use one of the values listed"
    if error_type == "list_type" and isinstance(written, (str, int, float)) and not isinstance(written, bool):
        return f"write a list, even of one item: {key}: [{written}]" if key else "write a list: [...]"
    if error_type in ("model_type", "dict_type") and isinstance(written, (str, int, float)):
        example = _MAPPINGS.get(key)
        if example:
            return f"write a mapping of its keys, e.g. {key}: {example}"
        return "write a mapping of its keys ({key: value, ...}); docs/format.md lists them"
    if error_type.endswith("_parsing") and isinstance(written, str):
        prose = _figure_and_unit(written, key)
        if prose:
            return prose
    if error_type.endswith("_type") or error_type.endswith("_parsing"):
        return "write a value of the expected type"
    if error_type == "string_pattern_mismatch" and "[A-Z]{3}" in message:
        return "write the currency as its three-letter ISO 4217 code in capitals, e.g. EUR, USD, CNY"
    if error_type == "string_pattern_mismatch":
        return "ids use letters, digits, '-', '_' and '.', starting with a letter or digit"
    if error_type in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return "bring the value into the allowed range"
    if error_type == "too_short":
        return "add at least one item"
    return "correct the value as the message says"


def _as_percent(written: Any) -> float | None:
    """The percentage a value outside 0..1 was meant as: '95%', or a bare 95 (None when it is no such figure).

    A bare number up to 10 may be a point on a scale (an importance of 5 out of 5)
    or a slip, so only one above it is read as a percentage.
    """
    if isinstance(written, bool):
        return None
    signed = isinstance(written, str) and written.strip().endswith("%")
    text = written.strip().removesuffix("%").strip() if isinstance(written, str) else written
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if (1 if signed else 10) < value <= 100 else None


def _figure_and_unit(written: str, key: str) -> str | None:
    """How to split '5 minutes' into a number and its unit (None when it is not such a figure)."""
    found = _FIGURE_WITH_UNIT.match(written)
    if not found:
        return None
    number, word = found.groups()
    unit = _UNIT_WORDS.get(word.lower())
    if unit:
        return f"write the number alone ({key}: {number}) and its unit apart (unit: {unit})"
    return (
        f"write the number alone ({key}: {number}) and its unit apart in unit: "
        "(seconds, minutes, hours, days, count, percent, score ...), converting it if needs be"
    )


def _closest_value(written: Any, allowed: list[str]) -> str | None:
    """``did you mean`` for a word outside a vocabulary: a name from the literature, or a typo."""
    if not isinstance(written, str) or not allowed:
        return None
    word = "-".join(written.lower().replace("_", " ").split())
    if word in allowed:
        return f"write it in lower case: {word!r}"
    if LITERATURE_NAMES.get(word) in allowed:
        return f"write {LITERATURE_NAMES[word]!r}, Blueprint's word for {written!r}"
    close = difflib.get_close_matches(word, allowed, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def _data_loc(raw: Any, loc: tuple[Any, ...], error_type: str) -> tuple[Any, ...]:
    """Cut pydantic's location down to the part that exists in the file.

    Union members and validator names (``float``, ``function-after[...]``)
    appear in pydantic's locations but not in the document.
    """
    node, kept = raw, []
    for i, step in enumerate(loc):
        if isinstance(node, dict) and step not in node and i + 1 < len(loc) and loc[i + 1] in node:
            continue  # the name of a union's member (``FailPoint`` in ``fail_point: {...}``)
        if (isinstance(node, dict) and step in node) or (
            isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
        ):
            node = node[step]
        elif (
            error_type in ("missing", "extra_forbidden") and isinstance(node, dict) and isinstance(step, str)
        ):
            kept.append(step)
            break
        else:
            break
        kept.append(step)
    return tuple(kept)


def _model_at(cls: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    for step in loc:
        if isinstance(step, int):
            continue
        field_info = cls.model_fields.get(step)
        inner = _record_type(field_info.annotation) if field_info else None
        if inner is None:
            return cls
        cls = inner
    return cls


def _record_type(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, (types.UnionType, typing._GenericAlias)) or typing.get_origin(annotation):  # type: ignore[attr-defined]
        for arg in typing.get_args(annotation):
            found = _record_type(arg)
            if found is not None:
                return found
    return None

"""Load a service file: every problem in one pass, each with file, line, column and fix.

Records are validated one by one, so one broken standard does not hide the
problems of the others, and references are checked on everything that did
validate.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from .._collector import collector_paused
from ..errors import LoadError
from ..model.findings import Finding, Location
from ..model.integrity import integrity
from ..model.objects import Channel, Metric, MomentOfTruth, Promise, Standard, Step
from ..model.service import Service, ServiceInfo
from ..model.vocabulary import LITERATURE_NAMES, Severity
from .bounded import FindingLimit
from .document import Document, digest
from .files import open_regular, read_bounded
from .yamlsource import LIMITS, Span, YamlProblem, parse, parse_fast, span_at, too_large

__all__ = ["FORMAT_VERSION", "SECTIONS", "Loaded", "load", "read", "read_text"]

FORMAT_VERSION = 1
#: files at least this long try the fast parser first
FAST_PATH_BYTES = 64 * 1024

#: top-level list sections and the record each item is
SECTIONS: dict[str, type[BaseModel]] = {
    "metrics": Metric,
    "channels": Channel,
    "moments": MomentOfTruth,
    "steps": Step,
    "standards": Standard,
    "promises": Promise,
}
_TOP_KEYS = ["version", "service", *SECTIONS]
_TYPE_WORDS = {
    "Sequence": "list",
    "str": "line of text",
    "int": "number",
    "float": "number",
    "bool": "yes/no",
}
_NESTED = {"factors": "key factor", "physical_evidence": "physical evidence"}


@dataclass
class Loaded:
    """What reading a file gave: the service (None if unusable) and every finding."""

    source: str
    service: Service | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.service is not None and not any(f.severity is Severity.ERROR for f in self.findings)


def load(path: str | os.PathLike[str]) -> Service:
    """Load the service in ``path``; raise :class:`~blueprint.errors.LoadError` listing every problem.

    >>> service = load("standards/hotel-stay.yaml")
    >>> len(service.moments), len(service.standards)
    (16, 37)
    """
    loaded = read(path)
    if not loaded.ok:
        raise LoadError(loaded.source, loaded.findings)
    assert loaded.service is not None
    return loaded.service


def read(path: str | os.PathLike[str]) -> Loaded:
    """Read ``path`` into a :class:`Loaded`; never raises for bad content.

    ``OSError`` (missing file, no permission, a folder, pipe or device:
    :class:`~blueprint.io.files.NotARegularFile`) still propagates: that is a
    usage problem, not a problem of the file.
    """
    source = os.fspath(path)
    with open_regular(path) as handle:  # a pipe or a device is refused at once, never read
        size = os.fstat(handle.fileno()).st_size
        # refused before reading, so memory stays bounded (also if the file grows meanwhile)
        raw = read_bounded(handle, LIMITS["max_bytes"]) if size <= LIMITS["max_bytes"] else None
    if raw is None:
        problem = too_large(max(size, LIMITS["max_bytes"] + 1))
        finding = Finding(
            "BP001", Severity.ERROR, problem.message, problem.hint, location=Location(source, 1, 1)
        )
        return Loaded(source, None, [finding])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n")
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1)
        finding = Finding(
            "BP010",
            Severity.ERROR,
            "the file is not UTF-8 text",
            "save it as UTF-8 (service files are YAML text)",
            location=Location(source, line + 1, column + 1),
        )
        return Loaded(source, None, [finding])
    loaded = read_text(text, source)
    if loaded.service is not None:
        loaded.service.document.bom = raw.startswith(b"\xef\xbb\xbf")
        loaded.service.document.fingerprint = digest(raw)
    return loaded


def read_text(text: str, source: str = "<string>") -> Loaded:
    """Read service YAML held in a string; ``source`` names it in findings.

    Large files are first read by the fast parser; only a file with problems
    pays for the careful, located parse that reports them.
    """
    with collector_paused():
        return _read_text(text, source)


def _read_text(text: str, source: str) -> Loaded:
    if len(text) >= FAST_PATH_BYTES:
        fast = parse_fast(text)
        if fast is not None:
            try:  # a file without problems is done; at the first problem, read it carefully
                loaded = _Reader(fast, source, text, fast=True).read()
            except _Problem:
                loaded = None
            if loaded is not None and not loaded.findings:
                return loaded
    try:
        data = parse(text)
    except YamlProblem as problem:
        line = None if problem.line is None else problem.line + 1
        column = None if problem.column is None else problem.column + 1
        finding = Finding(
            "BP001", Severity.ERROR, problem.message, problem.hint, location=Location(source, line, column)
        )
        return Loaded(source, None, [finding])
    return _Reader(data, source, text).read()


class _Problem(Exception):
    """Raised by a reader of fast-parsed data at its first problem: the careful parse reports it."""


class _Reader:
    def __init__(self, data: Any, source: str, text: str, *, fast: bool = False) -> None:
        self.data, self.source, self.text, self.fast = data, source, text, fast
        self.findings: list[Finding] = []
        self.index: dict[str, tuple[Any, ...]] = {}
        self.unknown = 0
        self.limit = FindingLimit()

    def read(self) -> Loaded:
        loaded = self._read()
        loaded.findings.extend(self.limit.summaries())
        return loaded

    def _read(self) -> Loaded:
        if not isinstance(self.data, dict) or not self.data:
            what = (
                "empty"
                if self.data in (None, {})
                else f"a single {_TYPE_WORDS.get(type(self.data).__name__, 'value')}"
            )
            self._add(
                "BP010",
                f"the file is {what}, not a service",
                "start from standards/hotel-stay.yaml: "
                "a mapping with version:, service:, moments:, steps: and standards:",
                (),
            )
            return Loaded(self.source, None, self.findings)
        self._top_level()
        info = self._record(ServiceInfo, ("service",), "service")
        self._index_ids()
        sections = {name: self._section(name, cls) for name, cls in SECTIONS.items()}
        if info is None:
            return Loaded(self.source, None, self.findings)
        service = Service(info, source=self.source, **sections)  # type: ignore[arg-type]
        document = Document(
            self.source, self.text, self.data, self.index, info=service.info, records=_snapshot(service)
        )
        service.document, service.locator = document, document.locate
        for finding in integrity(service, written=set(self.index)):
            place = functools.partial(document.locate, finding.subject or "", finding.path)
            if self.limit.admit(finding.rule, place):
                self.findings.append(finding.at(place()))
        self.findings.sort(key=_order)
        return Loaded(self.source, service, self.findings)

    # -- structure ----------------------------------------------------------------

    def _top_level(self) -> None:
        for key in self.data:
            if key not in _TOP_KEYS:
                self._unknown(key, (key,), _TOP_KEYS, "the top level")
        version = self.data.get("version")
        if "version" not in self.data:
            self._add(
                "BP009", "the file has no version", f"add 'version: {FORMAT_VERSION}' as the first line", ()
            )
        elif type(version) is not int:  # True and 1.0 equal 1 in Python, but are not a version
            shown = str(version).lower() if isinstance(version, bool) else repr(version)
            self._add(
                "BP009",
                f"version {shown} is not a whole number (this Blueprint reads version {FORMAT_VERSION})",
                f"write 'version: {FORMAT_VERSION}' without quotes or a decimal point",
                ("version",),
            )
        elif version != FORMAT_VERSION:
            self._add(
                "BP009",
                f"version {version!r} is not supported (this Blueprint reads version {FORMAT_VERSION})",
                "upgrade Blueprint, or write the file in the supported format",
                ("version",),
            )
        if "service" not in self.data:
            self._add(
                "BP004", "the file has no 'service:' section", "add service: with an id and a title", ()
            )

    def _section(self, name: str, cls: type[BaseModel]) -> list[Any]:
        items = self.data.get(name)
        if items is None:
            return []
        if not isinstance(items, list):
            self._add(
                "BP003",
                f"'{name}:' must be a list (items starting with '- ')",
                f"write each of the {name} as '- id: ...'",
                (name,),
            )
            return []
        records = []
        for i in range(len(items)):
            record = self._record(cls, (name, i), _kind(name))
            if record is not None and self.index.get(record.id) == (name, i):
                records.append(record)
        return records

    def _record(self, cls: type[BaseModel], path: tuple[Any, ...], kind: str) -> Any:
        raw = self._at(path)
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            errors = _without_other_members(exc.errors())
            seen = _explained_by_typos(cls, raw, errors)
            for error in errors:
                self._validation_error(cls, path, kind, raw, error, seen)
            return None

    def _index_ids(self) -> None:
        for name in self.data:
            items = self.data.get(name)
            if not isinstance(items, list):
                continue
            for i, item in enumerate(items):
                self._register(item, (name, i))
                if not isinstance(item, dict):
                    continue
                for nested in _NESTED:
                    children = item.get(nested)
                    if isinstance(children, list):
                        for j, child in enumerate(children):
                            self._register(child, (name, i, nested, j))

    def _register(self, item: Any, path: tuple[Any, ...]) -> None:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            return
        ident = item["id"]
        if ident in self.index:
            first = span_at(self.data, self.index[ident] + ("id",))
            where = f" at line {first.line + 1}" if first else ""
            self._add(
                "BP005",
                f"id {ident!r} is used twice (first{where})",
                "ids must be unique across moments, steps, factors, standards, promises, "
                "metrics and channels; rename one",
                (*path, "id"),
            )
        else:
            self.index[ident] = path

    # -- findings -------------------------------------------------------------------

    def _validation_error(
        self,
        cls: type[BaseModel],
        path: tuple[Any, ...],
        kind: str,
        raw: Any,
        error: Any,
        seen: set[tuple[Any, ...]],
    ) -> None:
        kind_of_error = error["type"]
        loc = _data_loc(raw, tuple(error["loc"]), kind_of_error)
        if kind_of_error == "value_error":
            loc = _field_named_in(raw, loc, error["msg"])
        if loc in seen:
            return
        seen.add(loc)
        what, inner = _describe(kind, raw, loc)
        key = loc[-1] if loc else kind
        if kind_of_error in ("missing", "extra_forbidden"):
            what, _ = _describe(kind, raw, loc[:-1])
        if kind_of_error == "extra_forbidden":
            allowed = list(_model_at(cls, loc[:-1]).model_fields)
            self._unknown(str(key), path + loc, allowed, what)
        elif kind_of_error == "missing":
            self._add("BP004", f"{what} has no {key!r}", f"add {key}: to {what}", path + loc[:-1])
        elif cls is Standard and error["msg"].endswith("serves no key factor and no step"):
            at = ("factors",) if isinstance(raw, dict) and "factors" in raw else ()
            self._add(
                "BP004",
                f"{what} serves no key factor and no step",
                "name the factor(s) it makes measurable in factors: [...] or the step(s) it times "
                "in steps: [...]; a standard for its own sake serves no customer (pitfall 6)",
                path + at,
            )
        elif key == "emotion" and kind_of_error in ("greater_than_equal", "less_than_equal"):
            self._add(
                "BP003",
                f"emotion {error['input']!r} of {what} is out of range",
                "expected emotion runs from -3 (very negative) to +3 (very positive)",
                path + loc,
            )
        else:
            message = error["msg"].removeprefix("Value error, ")
            shown = _show(error.get("input"))
            field_name = ".".join(str(p) for p in inner) or kind
            if kind_of_error == "value_error":
                text = f"{what}: {message}"
            elif shown is None:
                text = f"{field_name} of {what}: {message}"
            else:
                text = f"{field_name} of {what} is {shown}: {message}"
            self._add("BP003", text, _hint(kind_of_error, message, error.get("input")), path + loc)

    def _unknown(self, key: str, path: tuple[Any, ...], allowed: list[str], where: str) -> None:
        self.unknown += 1  # past a hundred, a guess per key costs more than it helps (300,000 keys: 40 s)
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6) if self.unknown <= 100 else []
        hint = f"did you mean {close[0]!r}?" if close else f"keys allowed here: {', '.join(allowed)}"
        if self.unknown <= 100:  # past that they are not listed (LIMITS['max_findings_per_rule'])
            hint = self._split_by_comma(key, path) or hint
        self._add("BP002", f"unknown key {key!r} in {where}", hint, path, key=True)

    def _split_by_comma(self, key: str, path: tuple[Any, ...]) -> str | None:
        """The fix when a comma in an unquoted value of a ``{...}`` mapping made the rest a key."""
        mapping, span = self._at(path[:-1]), span_at(self.data, path, key=True)
        if not isinstance(mapping, dict) or mapping.get(key, "") is not None or span is None:
            return None
        keys = list(mapping)
        before = keys[keys.index(key) - 1] if keys.index(key) > 0 else None
        written_before = self.text[max(0, span.start - 80) : span.start].rstrip()
        if not isinstance(mapping.get(before), str) or not written_before.endswith(","):
            return None
        quoted = f"{mapping[before]}, {key}".replace("\\", "\\\\").replace('"', '\\"')
        return f'inside {{...}} a comma ends the value {mapping[before]!r}: quote it, {before}: "{quoted}"'

    def _add(self, rule: str, message: str, hint: str, path: tuple[Any, ...], key: bool = False) -> None:
        if self.fast:
            raise _Problem
        if not self.limit.admit(rule, lambda: self._location(span_at(self.data, path, key=key))):
            return  # counted only: past a hundred of a kind, building each finding costs time and memory
        span = span_at(self.data, path, key=key)
        subject = self._subject_of(path)
        self.findings.append(
            Finding(
                rule, Severity.ERROR, message, hint, subject=subject, location=self._location(span), path=path
            )
        )

    def _subject_of(self, path: tuple[Any, ...]) -> str | None:
        for depth in (4, 2):
            item = self._at(path[:depth]) if len(path) >= depth else None
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                return str(item["id"])
        return None

    def _location(self, span: Span | None) -> Location:
        if span is None:
            return Location(self.source, 1, 1)
        return Location(self.source, span.line + 1, span.column + 1)

    def _at(self, path: tuple[Any, ...]) -> Any:
        node = self.data
        for step in path:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                return None
        return node


def _snapshot(service: Service) -> dict[str, Any]:
    tables = (
        service.metrics,
        service.channels,
        service.moments,
        service.steps,
        service.standards,
        service.promises,
    )
    return {ident: record for table in tables for ident, record in table.items()}


def _order(finding: Finding) -> tuple[int, int]:
    loc = finding.location
    return (loc.line or 0, loc.column or 0) if loc else (0, 0)


def _kind(section: str) -> str:
    return {
        "moments": "moment",
        "steps": "step",
        "standards": "standard",
        "promises": "promise",
        "metrics": "metric",
        "channels": "channel",
    }[section]


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
            name = _NESTED.get(step, name)
        if isinstance(node, dict) and isinstance(node.get("id"), str) and isinstance(step, int):
            label, rest = f"{name} {node['id']!r}", list(loc[i + 1 :])
    return label, tuple(rest)


def _without_other_members(errors: list[Any]) -> list[Any]:
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


def _explained_by_typos(cls: type[BaseModel], raw: Any, errors: list[Any]) -> set[tuple[Any, ...]]:
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


def _hint(error_type: str, message: str, written: Any = None) -> str:
    if error_type in ("enum", "literal_error"):
        return _closest_value(written, re.findall(r"'([^']*)'", message)) or "use one of the values listed"
    if error_type.endswith("_type") or error_type.endswith("_parsing"):
        return "write a value of the expected type"
    if error_type == "string_pattern_mismatch":
        return "ids use letters, digits, '-', '_' and '.', starting with a letter or digit"
    if error_type in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return "bring the value into the allowed range"
    if error_type == "too_short":
        return "add at least one item"
    return "correct the value as the message says"


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

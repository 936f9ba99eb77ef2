"""Read the records of parsed service data: every problem in one pass, each with its place.

Records are validated one by one, so one broken standard does not hide the
problems of the others, and references are checked on everything that did
validate. The data comes from either parser: from the fast one a reader stops
at the first problem (the file is then read again, carefully, to report them).
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from ..model.findings import Finding, Location
from ..model.integrity import integrity
from ..model.service import SECTIONS, Service, ServiceInfo
from ..model.vocabulary import Severity
from .bounded import FindingLimit
from .document import Document
from .load_errors import NESTED, UnknownKey, explain, explained_by_typos, without_other_members
from .yaml_located import Span, span_at

__all__ = ["FORMAT_VERSION", "FastReadStopped", "Loaded", "Reader"]

#: the version of the file format this Blueprint reads and writes
FORMAT_VERSION = 1
_TOP_KEYS = ["version", "service", *SECTIONS]
_TYPE_WORDS = {
    "Sequence": "list",
    "str": "line of text",
    "int": "number",
    "float": "number",
    "bool": "yes/no",
}


@dataclass
class Loaded:
    """What reading a file gave: the service (None if unusable) and every finding."""

    source: str
    service: Service | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.service is not None and not any(f.severity is Severity.ERROR for f in self.findings)


class FastReadStopped(Exception):
    """Raised by a reader of fast-parsed data at its first problem: the careful parse reports it."""


class Reader:
    """Reads parsed data into a :class:`Loaded`: the service, and a finding per problem."""

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
        lost = {ident for ident in self.index if not _holds(service, ident)}  # written, but failed to load
        for finding in integrity(service, written=lost):
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
            errors = without_other_members(exc.errors())
            seen = explained_by_typos(cls, raw, errors)
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
                for nested in NESTED:
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
        found = explain(cls, kind, raw, error, seen)
        if isinstance(found, UnknownKey):
            self._unknown(found.key, path + found.loc, found.allowed, found.where)
        elif found is not None:
            self._add(found.rule, found.message, found.hint, path + found.loc)

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
            raise FastReadStopped
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
    return {ident: record for name in SECTIONS for ident, record in getattr(service, name).items()}


def _order(finding: Finding) -> tuple[int, int]:
    loc = finding.location
    return (loc.line or 0, loc.column or 0) if loc else (0, 0)


def _kind(section: str) -> str:
    """What one record of ``section`` is called in messages: ``standards`` holds a ``standard``."""
    return section.removesuffix("s")


def _holds(service: Service, ident: str) -> bool:
    """The service holds a record with this id, of whatever kind."""
    try:
        service.get(ident)
    except KeyError:
        return False
    return True

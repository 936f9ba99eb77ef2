"""Workshop votes from a CSV or form export, every bad cell reported with its line and column.

Two layouts are read:

* **long**, one row per participant and factor:
  ``participant,factor,class,importance``;
* **wide**, one row per participant as form tools export it: a column per
  question, named ``<factor> class`` / ``<factor> importance`` (also
  ``<factor>.class`` or ``Class [<factor>]``). Other columns (timestamp,
  email) are ignored.

Either layout may have a ``role`` column: ``customer`` (a customer panel,
guests, patients) or ``staff`` (employees, management). Customers' importance
ratings propose a factor's ``importance``, staff's its ``assumed_importance``;
without the column, or with the cell blank, a participant counts as staff.

Classes are written as BPM words, Kano names or letters (``basic``,
``must-be``, ``M``); importance on the tally's scale (1-5 by default). A
blank cell is an unanswered question. Lines count as an editor shows them:
the header is line 1.

>>> from blueprint.model.examples import tiny_service
>>> text = "participant,factor,class,importance\\nAna,checkin-speed,basic,5\\nBo,checkin-sped,wow,9\\n"
>>> try:
...     parse_votes(text, tiny_service(), source="votes.csv")
... except SurveyDataError as exc:
...     print(exc)  # doctest: +ELLIPSIS
3 problems in the votes:
  votes.csv, line 3, column 2 (factor): no key factor 'checkin-sped' (fix: did you mean 'checkin-speed'?)
  votes.csv, line 3, column 3 (class): unknown class 'wow' (fix: use one of: basic, performance, ...
  votes.csv, line 3, column 4 (importance): importance 9 is outside the scale 1-5 (fix: rate from 1 to 5)
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..survey.errors import Problem, SurveyDataError
from .votes import CLASSES, Vote, class_of, role_of

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["MAX_BYTES", "LineProblem", "parse_votes", "read_votes"]

#: The largest vote file read (a workshop's votes are a few kilobytes).
MAX_BYTES = 16 * 2**20

_PARTICIPANT = (
    *("participant", "name", "full name", "your name"),
    *("respondent", "who", "email", "email address"),
)
_FACTOR = ("factor", "factor id", "factor_id", "attribute")
_CLASS = ("class", "bpm", "kano", "category")
_IMPORTANCE = ("importance", "weight", "rating")
_ROLE = ("role", "participant role", "voter role", "group")
_WIDE = re.compile(r"^(?P<factor>.+?)[\s._:/-]*\b(?P<kind>class|bpm|kano|importance|weight)$", re.I)
_GRID = re.compile(r"^(?P<kind>class|bpm|kano|importance|weight)\s*\[(?P<factor>[^\]]+)\]$", re.I)
_LAYOUT = "participant,factor,class,importance,role (or one column per question: '<factor> class')"


@dataclass(frozen=True)
class LineProblem(Problem):
    """A :class:`Problem` placed by the line of a text file (the header is line 1)."""

    def where(self) -> str:
        return super().where().replace(", row ", ", line ", 1)


def read_votes(path: str | Path, service: Service, *, scale: tuple[float, float] = (1, 5)) -> list[Vote]:
    """The votes in the CSV file ``path`` (UTF-8, with or without BOM; comma or semicolon)."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise SurveyDataError([_too_big(str(path), f"{size / 2**20:.1f} MiB")])
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SurveyDataError(
            [
                LineProblem(
                    f"not UTF-8 text (byte {exc.start})", str(path), hint="save the export as CSV UTF-8"
                )
            ]
        ) from None
    except OSError as exc:
        raise SurveyDataError(
            [LineProblem(f"cannot read the file: {exc.strerror}", str(path), hint="check the path")]
        ) from None
    return parse_votes(text, service, source=str(path), scale=scale)


def parse_votes(
    text: str, service: Service, *, source: str = "<votes>", scale: tuple[float, float] = (1, 5)
) -> list[Vote]:
    """The votes in CSV ``text``; ``SurveyDataError`` listing every located problem."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise SurveyDataError(
            [LineProblem("the file is empty", source, hint=f"export the votes as {_LAYOUT}")]
        )
    if len(text) > MAX_BYTES:
        raise SurveyDataError([_too_big(source, f"{len(text):,} characters")])
    # Universal newlines: CR-only files (old Mac exports) read line by line, quoted cells included.
    lines = io.StringIO(text, newline=None)
    first = lines.readline()
    lines.seek(0)
    dialect = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(lines, delimiter=dialect)
    rows = _rows(reader, source)
    header = [h.strip() for h in next(rows)[1]]
    reading = _Reading(service, source, scale, header)
    for line, row in rows:
        if isinstance(row, LineProblem):
            reading.problems.append(row)
            break
        if any(cell.strip() for cell in row):
            reading.row(line, row)
    if reading.problems:
        raise SurveyDataError(reading.problems, what="the votes")
    if not reading.votes:
        raise SurveyDataError(
            [
                LineProblem(
                    "no votes in the file, only its header",
                    source,
                    row=1,
                    hint=f"one row per participant: {_LAYOUT}",
                )
            ]
        )
    return reading.votes


def _rows(reader: Any, source: str) -> Iterator[tuple[int, Any]]:
    """``(line the row starts on, cells)``; a row csv cannot read ends the file as a located problem."""
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                message = f"a cell longer than {csv.field_size_limit():,} characters"
                hint = (
                    "a vote cell holds a name, a factor id, a class or a number; "
                    "look for a quote that is never closed"
                )
            else:
                message, hint = f"cannot be read as CSV ({exc})", "save the export again as CSV UTF-8"
            problem = LineProblem(message, source, row=start, hint=hint)
            if start == 1:
                raise SurveyDataError([problem]) from None
            yield start, problem
            return
        yield start, row


def _too_big(source: str, size: str) -> LineProblem:
    return LineProblem(
        f"the file is {size}, above the {MAX_BYTES // 2**20} MiB limit for votes",
        source,
        hint="import the votes of one workshop at a time",
    )


class _Reading:
    """The state of one pass over the rows: columns found, votes so far, problems so far."""

    def __init__(self, service: Service, source: str, scale: tuple[float, float], header: list[str]) -> None:
        self.service, self.source, self.scale = service, source, scale
        self.votes: list[Vote] = []
        self.problems: list[Problem] = []
        self.seen: dict[tuple[str, str], int] = {}
        self.roles: dict[str, tuple[str, int]] = {}  # participant -> role, line it was first given
        # A name typed in another case or spacing ("MRS  OKAFOR") is the person first written "Mrs Okafor".
        self.names: dict[str, str] = {}
        lower = [h.lower() for h in header]
        self.header = header
        first: dict[str, int] = {}
        for index, name in enumerate(lower):
            if name and name in first:
                self._problem(
                    1,
                    index,
                    f"the column {header[index]!r} appears again (first as column {first[name] + 1})",
                    "keep one column of each name; the import would not know which to read",
                )
            first.setdefault(name, index)
        self.participant = _find(lower, _PARTICIPANT)
        self.role = _find(lower, _ROLE)
        self.factor = _find(lower, _FACTOR)
        self.questions: list[
            tuple[str, int | None, int | None]
        ] = []  # factor, class column, importance column
        if self.participant is None:
            self._problem(1, None, "no participant column", f"add a column 'participant' ({_LAYOUT})")
        if self.factor is not None:
            self.questions = [("", _find(lower, _CLASS), _find(lower, _IMPORTANCE))]
            if self.questions[0][1:] == (None, None):
                self._problem(1, None, "no class or importance column", f"add them: {_LAYOUT}")
        else:
            self._wide_columns()

    def _wide_columns(self) -> None:
        found: dict[str, list[int | None]] = {}
        for index, name in enumerate(self.header):
            match = _WIDE.match(name) or _GRID.match(name)
            if not match or index in (self.participant, self.role):
                continue
            factor = match["factor"].strip(" []")
            if factor not in self.service.factors:
                self._problem(
                    1, index, f"no key factor {factor!r} in this question's name", _near(self, factor)
                )
                continue
            slot = 0 if match["kind"].lower() in _CLASS else 1
            found.setdefault(factor, [None, None])[slot] = index
        self.questions = [(f, c, i) for f, (c, i) in found.items()]
        if not self.questions and self.participant is not None:
            self._problem(1, None, "no vote columns found", f"name them as {_LAYOUT}")

    def row(self, line: int, cells: list[str]) -> None:
        if self.participant is None or not self.questions:
            return
        typed = _cell(cells, self.participant)
        if not typed:
            self._problem(line, self.participant, "no participant named", "write who voted in this row")
            return
        who = self.names.setdefault(" ".join(typed.split()).casefold(), typed)
        role = self._role(line, typed, who, cells)
        for factor, class_at, importance_at in self.questions:
            if self.factor is not None:
                factor = _cell(cells, self.factor)
                if factor not in self.service.factors:
                    self._problem(line, self.factor, f"no key factor {factor!r}", _near(self, factor))
                    factor = ""
            category = self._category(line, class_at, cells)
            importance = self._importance(line, importance_at, cells)
            if not factor or (category is None and importance is None):
                continue
            if (who, factor) in self.seen:
                first = self.seen[(who, factor)]
                spelt = "" if typed == who else f", as {who!r}"
                self._problem(
                    line,
                    self.participant,
                    f"{typed} votes on {factor!r} again (first on line {first}{spelt})",
                    "keep one row per participant and factor"
                    if self.factor is not None
                    else "keep one row per participant (was the form sent twice?)",
                )
                continue
            self.seen[(who, factor)] = line
            self.votes.append(Vote(who, factor, category or None, importance, role))

    def _role(self, line: int, typed: str, who: str, cells: list[str]) -> str:
        """The row's role; a bad one is reported, and the rest of the row still read for problems."""
        text = _cell(cells, self.role)
        role = role_of(text) if text else "staff"
        if role is None:
            self._problem(
                line,
                self.role,
                f"unknown role {text!r}",
                "write customer (a customer panel, guests) or staff (employees, management)",
            )
            return "staff"
        given = self.roles.setdefault(who, (role, line))
        if given[0] != role:
            self._problem(
                line,
                self.role,
                f"{typed} is {given[0]} on line {given[1]} but {role} here",
                "give each participant one role",
            )
        return role

    def _category(self, line: int, column: int | None, cells: list[str]) -> str | None:
        text = _cell(cells, column)
        if not text:
            return None
        letter = class_of(text)
        if letter is None:
            self._problem(
                line,
                column,
                f"unknown class {text!r}",
                f"use one of: {', '.join(CLASSES.values())} "
                "(or must-be, one-dimensional, attractive; M, O, A, I, R)",
            )
            return ""
        return letter

    def _importance(self, line: int, column: int | None, cells: list[str]) -> float | None:
        text = _cell(cells, column)
        if not text:
            return None
        low, high = self.scale
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            self._problem(
                line, column, f"importance {text!r} is not a number", f"rate from {low:g} to {high:g}"
            )
            return None
        if not low <= value <= high:
            self._problem(
                line,
                column,
                f"importance {value:g} is outside the scale {low:g}-{high:g}",
                f"rate from {low:g} to {high:g}",
            )
            return None
        return value

    def _problem(self, line: int, column: int | None, message: str, hint: str | None) -> None:
        where = None if column is None else f"{column + 1} ({self.header[column]})"
        self.problems.append(LineProblem(message, self.source, row=line, column=where, hint=hint))


def _find(names: list[str], wanted: tuple[str, ...]) -> int | None:
    return next((names.index(w) for w in wanted if w in names), None)


def _cell(cells: list[str], column: int | None) -> str:
    return cells[column].strip() if column is not None and column < len(cells) else ""


def _near(reading: _Reading, factor: str) -> str:
    close = difflib.get_close_matches(factor, list(reading.service.factors), n=1)
    return f"did you mean {close[0]!r}?" if close else "use a factor id from the service file"

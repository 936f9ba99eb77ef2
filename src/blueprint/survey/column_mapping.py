"""Reading a survey export under the names an analysis expects: ``--columns NAME=YOURS,...``.

A mapping names, for each column an analysis reads (``respondent``, ``E1``,
``functional``), the export's own header. ``blueprint survey --columns`` and
``blueprint report --survey-columns`` read theirs with the same functions, so
a header is found the same way (in any letter case and spacing, commas and all) and a
mapping that cannot be followed is refused with the file's columns listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .answer_cells import source_of
from .errors import Problem, SurveyDataError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["map_columns", "mapped_names", "mapping_pairs", "parse_mapping", "renamed", "same_header"]


def parse_mapping(text: str | None, *, what: str, commas_in_values: bool = False) -> dict[str, str]:
    """``"a=b,c=d"`` as ``{"a": "b", "c": "d"}``; a clear error for anything else.

    With ``commas_in_values`` (a column mapping: a form tool's header such as
    ``Q1 - Expectation (staff, courtesy)`` holds commas) a comma starts a new
    entry only where a ``NAME=`` follows; otherwise it belongs to the value.
    A name given twice is refused, as only one of its values could be used.
    """
    out: dict[str, str] = {}
    for key, value in mapping_pairs(text, what=what, commas_in_values=commas_in_values):
        if key in out:
            raise SurveyDataError(f"{what} gives {key} twice ({out[key]!r} and {value!r}); give it once")
        out[key] = value
    return out


def mapping_pairs(text: str | None, *, what: str, commas_in_values: bool = False) -> list[tuple[str, str]]:
    """The ``NAME=VALUE`` entries of ``text`` in order, a name possibly twice (see :func:`parse_mapping`)."""
    if not text:
        return []
    parts = text.split(",")
    if commas_in_values:
        joined: list[str] = []
        for part in parts:
            if joined and "=" not in part:
                joined[-1] += "," + part
            else:
                joined.append(part)
        parts = joined
    out: list[tuple[str, str]] = []
    for part in parts:
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip(", "):
            raise SurveyDataError(f"cannot read {part.strip()!r} in {what}; write NAME=VALUE,NAME=VALUE")
        out.append((key.strip(), value.strip(", ")))
    return out


def map_columns(
    frame: pd.DataFrame, columns: Mapping[str, str] | Iterable[tuple[str, str]], *, missing_ok: bool = False
) -> pd.DataFrame:
    """``frame`` with the file's columns renamed to the names an analysis reads: ``{"E1": "Q1 Exp"}``.

    A file's name is found in any letter case and spacing (a line break in a
    long question read as a space) when the file spells only one column so.
    A name the file lacks is refused with the file's columns listed, unless
    ``missing_ok`` (one mapping serving several files: each takes the names
    it has; see :func:`mapped_names`).
    """
    pairs = list(columns.items() if isinstance(columns, Mapping) else columns)
    present = mapped_names(frame, pairs)
    taken: dict[Any, str] = {}
    for new, old in present.items():
        if old in taken:  # E1=Q1,P1=Q1: one column cannot be read as both
            raise SurveyDataError(
                [
                    Problem(
                        f"the column mapping reads the column {old!r} as both {taken[old]} and {new}",
                        source_of(frame),
                        row=1,
                        hint="map each of the file's columns to one name",
                    )
                ]
            )
        taken[old] = new
    missing = [old for new, old in pairs if new not in present]
    if missing and not missing_ok:
        raise SurveyDataError(
            [
                Problem(
                    f"the column mapping names {', '.join(map(repr, missing))}, not in the file",
                    source_of(frame),
                    row=1,
                    hint=f"the file has: {', '.join(map(str, frame.columns))}",
                )
            ]
        )
    if not present:
        return frame
    out = renamed(frame, {old: new for new, old in present.items()})
    if out.columns.duplicated().any():  # E1=Q1 where the file has an E1 of its own as well
        dups = sorted(set(map(str, out.columns[out.columns.duplicated()])))
        raise SurveyDataError(
            [
                Problem(
                    f"two columns would be read as {d!r}",
                    source_of(frame),
                    row=1,
                    hint=f"map {d} to one column only, or rename the file's own {d}",
                )
                for d in dups
            ]
        )
    return out


def mapped_names(
    frame: pd.DataFrame, columns: Mapping[str, str] | Iterable[tuple[str, str]]
) -> dict[str, Any]:
    """The entries of ``columns`` (name read, file's name) whose column ``frame`` has, as it spells it.

    ``columns`` may name one name several times (one mapping for several
    files, each with its own header for ``respondent``); a file holding two
    of those headers is refused, as either could be the one meant.
    """
    pairs = columns.items() if isinstance(columns, Mapping) else columns
    headers = [str(c) for c in frame.columns]
    folded: dict[str, list[str]] = {}
    for c in headers:
        folded.setdefault(_fold(c), []).append(c)
    found: dict[str, Any] = {}
    for new, old in pairs:
        if old in headers:
            column = old
        elif len(folded.get(_fold(old), [])) == 1:  # another letter case or spacing, one column so spelt
            column = folded[_fold(old)][0]
        else:
            continue
        if new in found and found[new] != column:
            raise SurveyDataError(
                [
                    Problem(
                        f"the column mapping reads both {found[new]!r} and {column!r} as {new}",
                        source_of(frame),
                        row=1,
                        hint=f"map {new} to one of the file's columns",
                    )
                ]
            )
        found[new] = column
    return found


def renamed(frame: pd.DataFrame, renames: Mapping[Any, str]) -> pd.DataFrame:
    """``frame`` with columns renamed; a workbook's column letters follow their columns."""
    out = frame.rename(columns=renames)
    out.attrs = dict(frame.attrs)
    # Problems name a column by the file's header ("Email Address"), not the name it was read as.
    headers = dict(frame.attrs.get("headers") or {})
    out.attrs["headers"] = {
        **{k: v for k, v in headers.items() if k not in map(str, renames)},
        **{str(new): headers.get(str(old), str(old)) for old, new in renames.items()},
    }
    if "letters" in out.attrs:
        out.attrs["letters"] = {str(renames.get(k, k)): v for k, v in out.attrs["letters"].items()}
    return out


def same_header(header: object, name: str) -> bool:
    """Whether the file's ``header`` is the one a mapping's ``name`` means (see :func:`mapped_names`)."""
    return str(header) == name or _fold(str(header)) == _fold(name)


def _fold(header: str) -> str:
    """A header as matched: any letter case, any run of spaces or line breaks (a form tool puts a
    line break in a long question) as one space."""
    return " ".join(header.split()).casefold()

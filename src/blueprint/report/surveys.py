"""The report's survey files: each recognised by its columns, read as ``blueprint survey`` reads it.

A folder or a list of exports is sorted into SERVQUAL (with its instrument),
zone of tolerance, Kano and IPA by the columns each file has, after the
column mapping (``--survey-columns``, the mapping ``blueprint survey
--columns`` takes) renamed the export's own headers; SERVQUAL's wide columns
follow ``--survey-prefixes`` as ``blueprint survey servqual --prefixes``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["SURVEY_KINDS", "given_scales", "read_survey_exports", "read_surveys"]

#: survey analyses the report shows, in its order
SURVEY_KINDS = ("servqual", "tolerance", "kano", "ipa")
_SCALES = (5, 7, 9, 10)
_SUFFIXES = (".csv", ".xlsx", ".parquet")


def read_survey_exports(
    paths: Sequence[str | os.PathLike[str]], **options: Any
) -> tuple[dict[str, Any], list[str]]:
    """:func:`read_surveys`; no paths give none, a file that cannot be opened a ``BlueprintError``.

    ``blueprint check --survey`` reads its exports with this, before BP302
    compares the importance they show with the file's (see
    :func:`blueprint.survey.importance.gap1_context`).
    """
    if not paths:
        return {}, []
    from ..errors import BlueprintError

    try:
        return read_surveys(paths, **options)
    except OSError as exc:
        raise BlueprintError(f"{exc.filename}: cannot be read ({exc.strerror or exc})") from None


def read_surveys(
    paths: Iterable[str | os.PathLike[str]],
    *,
    weights: Mapping[str, float] | str | None = None,
    columns: Mapping[str, str] | str | None = None,
    prefixes: tuple[str, str] | str = ("E", "P"),
    scales: Mapping[str, str] | str | None = None,
    kano_pairs: Mapping[str, tuple[str, str]] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """Analyse survey files, each recognised by its columns; a folder gives its files.

    ``respondent,attribute,functional,dysfunctional`` is Kano;
    ``desired,adequate,perceived`` the zone of tolerance; ``importance`` and
    ``performance`` (or ``overall``) IPA; ``E1..``/``P1..`` (other
    ``prefixes``) or ``expectation,perception`` SERVQUAL;
    ``item,dimension[,factor]`` alone is the SERVQUAL instrument. ``columns``
    maps those names to an export's own (``{"functional": "功能型"}`` or
    ``"functional=功能型,..."``): each file takes the entries it has a column
    for (a name may be given once per file: ``respondent=Guest,respondent=ID``),
    and an entry no file has is refused. The answer scale is the
    smallest of 1-5, 1-7, 1-9 and 1-10 that holds every answer (the answer
    columns only, not an id or a year beside them), and the notes say which
    was taken; ``scales`` gives it instead, per kind (``{"ipa": "1-10",
    "importance": "1-5"}`` or ``"ipa=1-10,importance=1-5"``; ``importance`` is
    IPA's stated importance). ``kano_pairs`` reads a Kano form's export, a
    row per respondent and a column per question, as ``blueprint survey kano
    --functional --dysfunctional`` does: each attribute with its functional
    and dysfunctional question's column (``{"early-room": ("If your room is
    ready ...", "If it is not ...")}``); the file holding those columns is the
    Kano survey.
    """
    from .. import survey
    from ..errors import BlueprintError
    from ..survey.analysis import parse_prefixes
    from ..survey.column_mapping import map_columns, mapped_names, mapping_pairs, same_header

    if isinstance(columns, str):
        mapping = mapping_pairs(columns, what="--survey-columns", commas_in_values=True)
    else:
        mapping = list((columns or {}).items())
    pair = parse_prefixes(prefixes) if isinstance(prefixes, str) else parse_prefixes(",".join(prefixes))
    given = given_scales(scales)
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES))
        else:
            files.append(path)
    tables: dict[str, tuple[Path, Any]] = {}
    instrument_file: Path | None = None
    used: set[tuple[str, str]] = set()
    headers: list[str] = []
    for path in files:
        table = survey.read_table(path)
        headers.append(f"{path.name}: {', '.join(map(str, table.columns))}")
        found = mapped_names(table, mapping)
        used.update(
            (new, old) for new, old in mapping if found.get(new) is not None and same_header(found[new], old)
        )
        table = map_columns(table, mapping, missing_ok=True)
        kind = "kano" if _holds(table, kano_pairs) else _kind(table, pair)
        if kind is None:
            raise _unknown(path, table, pair, kano_pairs)
        if kind == "instrument":
            if instrument_file is not None:  # which items the answers are to would be a guess
                raise BlueprintError(
                    f"{path}: a second SERVQUAL items file (the first was {instrument_file}); give one"
                )
            instrument_file = path
            continue
        if kind in tables:
            raise BlueprintError(
                f"{path}: a second {kind} survey (the first was {tables[kind][0]}); give one"
            )
        tables[kind] = (path, table)
    if kano_pairs and not _holds(tables.get("kano", (None, None))[1], kano_pairs):
        wanted = ", ".join(repr(c) for pair in kano_pairs.values() for c in pair)
        raise BlueprintError(
            f"--survey-functional and --survey-dysfunctional name the columns {wanted}: no survey file has "
            f"them all; the files have: {'; '.join(headers) or 'no files'}"
        )
    unused = [f"{new}={old}" for new, old in mapping if (new, old) not in used]
    if unused:
        raise BlueprintError(
            f"--survey-columns {', '.join(unused)}: no survey file has such a column; "
            f"the files have: {'; '.join(headers) or 'no files'}"
        )
    results: dict[str, Any] = {}
    notes: list[str] = []
    if instrument_file is not None and "servqual" not in tables:
        notes.append(f"{instrument_file.name}: SERVQUAL items, but no SERVQUAL answers to use them with")
    for kind in SURVEY_KINDS:
        if kind not in tables:
            continue
        path, table = tables[kind]
        try:
            _analyse(kind, path, table, results, notes, instrument_file=instrument_file, pair=pair,
                     given=given, weights=weights, kano_pairs=kano_pairs)  # fmt: skip
        except BlueprintError as exc:  # the survey's own hints name `blueprint survey`'s options
            raise _in_report_terms(exc, kind) from None
    return results, notes


def _analyse(
    kind: str,
    path: Path,
    table: Any,
    results: dict[str, Any],
    notes: list[str],
    *,
    instrument_file: Path | None,
    pair: tuple[str, str],
    given: Mapping[str, str],
    weights: Mapping[str, float] | str | None,
    kano_pairs: Mapping[str, tuple[str, str]] | None = None,
) -> None:
    """Analyse one survey export, adding its result and its line of the Method section."""
    from .. import survey

    if kind == "kano":
        form = _holds(table, kano_pairs)
        if not form and "attribute" not in _lower(table):  # a form's columns mapped as if a row per attribute
            raise _form_not_named(path, table)
        results[kind] = survey.kano(table, pairs=kano_pairs if form else None)
        layout = ", a column per question" if form else ""
        notes.append(f"{path.name}: Kano{layout}, {_respondents(table)}, Berger et al.'s category rule")
        return
    if kind == "servqual":
        items = survey.read_instrument(instrument_file).items if instrument_file else ()
        scale = given.get(kind) or _scale(table, _servqual_answers(table, pair, items))
        instrument = survey.read_instrument(instrument_file, scale=scale) if instrument_file else None
        results[kind] = survey.servqual(
            table, instrument=instrument, weights=weights, scale=scale, prefixes=pair
        )
        how = f"items of {instrument_file.name}" if instrument_file else "the 22 standard items"
        notes.append(
            f"{path.name}: SERVQUAL, {_respondents(table)}, {how}, scale {scale}{_as_given(kind, given)}"
        )
    elif kind == "tolerance":
        scale = given.get(kind) or _scale(table, _named(table, "desired", "adequate", "perceived"))
        results[kind] = survey.tolerance(table, scale=scale)
        notes.append(
            f"{path.name}: zone of tolerance, {_respondents(table)}, scale {scale}{_as_given(kind, given)}"
        )
    else:
        importance = "stated" if "importance" in _lower(table) else "regression"
        scale = given.get(kind) or _scale(table, _named(table, "performance", "overall"))
        # Importance is often asked on its own scale (1-5 beside a 1-10 rating): guessed apart.
        own = None
        if importance == "stated":
            own = given.get("importance") or _scale(table, _named(table, "importance"))
        results[kind] = survey.ipa(table, importance=importance, scale=scale, importance_scale=own)
        scales = f", importance scale {own}{_as_given('importance', given)}" if own else ""
        notes.append(
            f"{path.name}: importance-performance, {_respondents(table)}, {importance} importance, "
            f"scale {scale}{_as_given(kind, given)}{scales}"
        )


_SCALED = ("servqual", "tolerance", "ipa", "importance")


def given_scales(scales: Mapping[str, str] | str | None) -> dict[str, str]:
    """``--survey-scale`` read: each kind's scale as ``LOW-HIGH``, a bad kind or scale refused."""
    from ..errors import BlueprintError
    from ..survey.column_mapping import parse_mapping
    from ..survey.instrument import Scale

    given = parse_mapping(scales, what="--survey-scale") if isinstance(scales, str) else dict(scales or {})
    for kind, text in given.items():
        if kind not in _SCALED:
            raise BlueprintError(
                f"--survey-scale {kind}={text}: {kind!r} is no survey with a scale; "
                f"use {', '.join(_SCALED)} (Kano has none)"
            )
        try:
            given[kind] = str(Scale.parse(text))
        except BlueprintError as exc:  # 1-x, 7-1, ...
            raise BlueprintError(f"--survey-scale {kind}={text}: {exc}") from None
    return given


def _in_report_terms(exc: Exception, kind: str) -> Exception:
    """``exc`` with its hints naming the report's options: ``--survey-scale ipa=1-10``, not ``--scale``."""
    from dataclasses import replace

    from ..survey.errors import SurveyDataError

    if not isinstance(exc, SurveyDataError):
        return exc
    renames = [
        (r"--importance-scale(,? e\.g\.)? ", r"--survey-scale\1 importance="),
        (r"--scale(,? e\.g\.)? ", rf"--survey-scale\1 {kind}="),
        (r"--columns\b", "--survey-columns"),
        (r"--prefixes\b", "--survey-prefixes"),
        (r"(?<![\w-])--(functional|dysfunctional)\b", r"--survey-\1"),
    ]

    def reworded(text: str | None) -> str | None:
        for pattern, wording in renames:
            text = re.sub(pattern, wording, text) if text else text
        return text

    problems = [
        replace(p, hint=reworded(p.hint), message=reworded(p.message) or p.message) for p in exc.problems
    ]
    return SurveyDataError(problems)


def _as_given(kind: str, given: Mapping[str, str]) -> str:
    return " (as given)" if kind in given else ""


def _unknown(
    path: Path, table: Any, pair: tuple[str, str], kano_pairs: Mapping[str, tuple[str, str]] | None
) -> Exception:
    """Why a file is no survey the report knows, and what to do: its header a row lower, a Kano
    form's question columns named but not there, or the names each survey is recognised by."""
    from ..errors import BlueprintError
    from ..survey.errors import Problem, SurveyDataError
    from ..survey.readers import below_hint, header_below

    named = ", ".join(map(str, table.columns))
    below = header_below(table)
    if below is not None and _kind(table.iloc[:0].set_axis(below, axis=1), pair) is not None:
        return SurveyDataError(
            [Problem(f"row 1 names no survey's columns ({named})", str(path), 1, hint=below_hint(table))]
        )
    names = set(map(str, table.columns))
    lacking = [column for two in (kano_pairs or {}).values() for column in two if column not in names]
    if lacking:  # most likely the form's export the pairs were meant for
        return BlueprintError(
            f"{path}: cannot tell which survey this is from its columns ({named}); --survey-functional and "
            f"--survey-dysfunctional name columns it lacks: {', '.join(map(repr, lacking))}; name each "
            "question's column as its header writes it"
        )
    return BlueprintError(
        f"{path}: cannot tell which survey this is from its columns ({named}); "
        f"expected SERVQUAL ({pair[0]}1.., {pair[1]}1.., or expectation, perception), "
        "tolerance (desired, adequate, perceived), Kano (attribute, functional, dysfunctional) or "
        "IPA (importance, performance); map the export's own headers to these names with "
        "--survey-columns NAME=HEADER,... (as blueprint survey --columns takes them); a Kano form's "
        "export, a column per question, is read with --survey-functional ATTRIBUTE=COLUMN,... and "
        "--survey-dysfunctional ATTRIBUTE=COLUMN,..."
    )


def _holds(table: Any, kano_pairs: Mapping[str, tuple[str, str]] | None) -> bool:
    """Whether ``table`` has every question column of ``kano_pairs``: a Kano form's export."""
    if not kano_pairs or table is None:
        return False
    names = {str(c) for c in table.columns}
    return all(column in names for pair in kano_pairs.values() for column in pair)


def _form_not_named(path: Path, table: Any) -> Exception:
    """Kano answers with no attribute column: most often a form's question columns mapped one by one."""
    from ..survey.errors import Problem, SurveyDataError

    return SurveyDataError([Problem(
        "Kano answers (functional, dysfunctional) without an 'attribute' column: each row would be no "
        "attribute's answer", str(path), 1,
        hint=f"the file has: {', '.join(map(str, table.columns))}; a row per respondent with a column per "
        "question: --survey-functional ATTRIBUTE=COLUMN,... --survey-dysfunctional ATTRIBUTE=COLUMN,... "
        "(each attribute's two questions, not --survey-columns); a row per attribute: "
        "--survey-columns attribute=YOURS",
    )])  # fmt: skip


def _lower(table: Any) -> set[str]:
    return {str(c).strip().lower() for c in table.columns}


def _kind(table: Any, prefixes: tuple[str, str]) -> str | None:
    cols = _lower(table)
    if {"functional", "dysfunctional"} <= cols:
        return "kano"
    if {"desired", "adequate", "perceived"} <= cols:
        return "tolerance"
    if "performance" in cols and ({"importance", "overall"} & cols):
        return "ipa"
    if {"expectation", "perception"} <= cols or all(_numbered(table, p) for p in prefixes):
        return "servqual"
    if {"item", "dimension"} <= cols:
        return "instrument"
    return None


def _numbered(table: Any, prefix: str) -> list[Any]:
    """The columns ``PREFIX<number>`` (``E1``, ``E 12``), as SERVQUAL's wide layout names them."""
    pattern = re.compile(rf"^{re.escape(prefix)}\s*\d+$", re.IGNORECASE)
    return [c for c in table.columns if pattern.match(str(c))]


def _servqual_answers(table: Any, prefixes: tuple[str, str], items: Iterable[str]) -> list[Any]:
    """SERVQUAL's answer columns: expectation and perception, or the prefixed items of the wide layout."""
    long = _named(table, "expectation", "perception")
    if long:
        return long
    names = {f"{p}{i}".casefold() for p in prefixes for i in items}
    return [*_numbered(table, prefixes[0]), *_numbered(table, prefixes[1]),
            *(c for c in table.columns if str(c).casefold() in names)]  # fmt: skip


def _named(table: Any, *names: str) -> list[Any]:
    return [c for c in table.columns if str(c).strip().lower() in names]


def _scale(table: Any, answers: Sequence[Any]) -> str:
    """The smallest usual scale holding every answer in the columns ``answers``."""
    import pandas as pd

    numbers = [pd.to_numeric(table[c], errors="coerce").max() for c in dict.fromkeys(answers)]
    top = max((float(n) for n in numbers if pd.notna(n)), default=7.0)
    high = next((s for s in _SCALES if top <= s), int(top))
    return f"1-{high}"


def _respondents(table: Any) -> str:
    cols = {str(c).lower(): c for c in table.columns}
    if "respondent" in cols:
        return f"{table[cols['respondent']].nunique():,} respondents"
    return f"{len(table):,} rows"

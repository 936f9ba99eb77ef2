"""What every command shares: exit codes, usage errors, reading service files, writing output, data options.

Exit codes: 0 nothing at or above ``--fail-on``, 1 findings, 2 usage error or
a path that cannot be read.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..measure.result import MeasureResult

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_USAGE",
    "SERVICE_SUFFIXES",
    "Subcommands",
    "UsageError",
    "add_data_options",
    "add_survey_options",
    "data_columns",
    "measure_with_options",
    "not_a_source",
    "number",
    "read_service",
    "service_files",
    "survey_options",
    "writable_target",
    "write_output",
]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
SERVICE_SUFFIXES = (".yaml", ".yml")

#: the object ``add_subparsers`` returns, to which each command module adds its commands
Subcommands = argparse._SubParsersAction  # type: ignore[type-arg]


class UsageError(Exception):
    """The command line itself is wrong: exit 2 with the message."""


def writable_target(path: str, option: str, *, service_file: bool = False) -> Path:
    """The file ``path`` names, if it could be written: not a folder, in a folder that exists.

    Unless the command writes a service file itself (``service_file``), an
    existing ``.yaml``/``.yml`` file is refused: it is someone's service file
    (often the very one being read), and an export written over it loses it.
    """
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{option} {path}: is a folder; name a file")
    if not target.parent.is_dir():
        raise UsageError(f"{option} {path}: the folder {target.parent} does not exist")
    if not service_file and target.suffix.lower() in SERVICE_SUFFIXES and target.exists():
        raise UsageError(
            f"{option} {path}: is a service file, and this command would replace it with something else; "
            "nothing was written. Name another file (e.g. with the format's own suffix)"
        )
    return target


def not_a_source(output: str | None, service: Any, data: str | None) -> None:
    """Refuse ``-o`` naming a file the run reads: an export its standards measure would be lost.

    A nightly job writing its results over the phone system's CSV (``-o
    nightly/calls.csv``) would replace the data it has just measured.
    """
    if not output or not Path(output).exists():
        return
    from ..measure.source_lookup import source_files

    for path in source_files(service, data):
        try:
            same = os.path.samefile(path, output)
        except OSError:
            continue
        if same:
            raise UsageError(
                f"-o {output}: is a source of the measurement (the data of its standards), and this command "
                "would replace it with its output; nothing was written. Name another file"
            )


def write_output(data: str | bytes, output: str | None, *, what: str) -> None:
    """``data`` to the file ``output`` (atomically), or text to standard output; bad paths: usage errors."""
    if not output:
        if isinstance(data, bytes):
            raise UsageError(f"{what} writes a binary file: name it with -o FILE")
        sys.stdout.write(data)
        return
    from ..io.atomic import write_atomic

    target = writable_target(output, "-o")
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise UsageError(f"-o {output}: cannot be written ({exc.strerror or exc})") from None


def service_files(paths: Sequence[str]) -> Iterator[Path]:
    """The service files named by ``paths``; folders give their YAML files, sorted."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in SERVICE_SUFFIXES and p.is_file())
        elif path.exists():
            yield path
        else:
            raise UsageError(f"{name}: no such file or folder")


def read_service(path: Path, read: Callable):  # type: ignore[no-untyped-def,type-arg]
    """``read(path)``, a file that cannot be read being a usage error that names it."""
    try:
        return read(path)
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def note_language(service: Any, lang: str | None, command: str) -> None:
    """Say on stderr when ``--lang`` names a language no text of ``service`` is translated to.

    The command still runs (every title falls back to the file's own words),
    but a mistyped ``--lang zh-CN`` or ``--lang ZH`` should not pass for a
    translation.
    """
    if not lang or lang == "en":
        return
    sections = (service.channels, service.moments, service.steps, service.factors, service.evidence,
                service.standards)  # fmt: skip
    records = [service.info, *(record for section in sections for record in section.values())]
    known = sorted({code for record in records for code in getattr(record, "translations", None) or {}})
    if lang in known:
        return
    has = f"it has {', '.join(repr(code) for code in known)}" if known else "it has no translations"
    print(f"blueprint {command}: note: no text of {service.info.id!r} is translated to {lang!r} ({has}); "
          "the titles are written as in the file", file=sys.stderr)  # fmt: skip


def add_data_options(cmd: argparse.ArgumentParser, *, required: bool) -> None:
    """The options of a command that measures operational data (check, measure, diagnose)."""
    data = cmd.add_argument_group("operational data (gap 3, and gap 4 with data)")
    data.add_argument("--data", metavar="DIR", required=required,
                      help="folder holding the files the standards name in measurement.source")  # fmt: skip
    data.add_argument("--by", default="", metavar="KEYS",
                      help="group by dimensions and time keys, e.g. site,month (default: none)")  # fmt: skip
    data.add_argument("--columns", metavar="ROLE=COLUMN,...",
                      help="map metric, value, timestamp, id or a dimension to your columns")  # fmt: skip
    data.add_argument("--timestamp-format", metavar="FMT",
                      help="how sources declaring none write times, e.g. '%%d/%%m/%%Y %%H:%%M'")  # fmt: skip
    data.add_argument("--backend", default="duckdb",
                      help="engine: duckdb (default), polars or spark (a local SparkSession)")  # fmt: skip
    data.add_argument("--spark-remote", metavar="sc://HOST:PORT",
                      help="with --backend spark: a Spark Connect server (or $SPARK_REMOTE)")  # fmt: skip
    data.add_argument("--min-observations", type=int, default=30, metavar="N",
                      help="groups with fewer valid observations are 'too few' (default: 30)")  # fmt: skip
    data.add_argument("--no-duplicates", action="store_true",
                      help="skip the duplicate-row check (faster on large data)")  # fmt: skip
    data.add_argument("--no-percentile", action="store_true",
                      help="skip the observed percentile per group (faster on large data)")  # fmt: skip
    data.add_argument("--no-scale-check", action="store_true",
                      help="do not flag data that looks recorded in another unit")  # fmt: skip
    data.add_argument("--allow-outside", action="store_true",
                      help="let sources point outside the data folder")  # fmt: skip
    data.add_argument("--memory-limit", metavar="SIZE",
                      help="most memory DuckDB may use, e.g. 2GB (default: 80%% of RAM)")  # fmt: skip
    data.add_argument("--allow-unmeasured", action="store_true",
                      help="a standard without data warns instead of failing the run")  # fmt: skip


def measure_with_options(service: Any, args: argparse.Namespace) -> MeasureResult:
    """Measure ``service`` with the data options of :func:`add_data_options`; bad options are usage errors."""
    from ..measure import measure
    from ..measure.spark import backend_named

    if args.data is not None and not Path(args.data).is_dir():
        raise UsageError(f"--data {args.data}: no such folder")
    try:
        return measure(
            service,
            data=args.data,
            by=args.by,
            columns=data_columns(args.columns, args.timestamp_format),
            backend=backend_named(args.backend, args.spark_remote),
            min_observations=args.min_observations,
            duplicates=not args.no_duplicates,
            percentile=not args.no_percentile,
            scale_check=not args.no_scale_check,
            allow_outside=args.allow_outside,
            memory_limit=args.memory_limit,
            allow_unmeasured=args.allow_unmeasured,
        )
    except ValueError as exc:  # a bad --by, --columns, --backend or --memory-limit; Spark not there
        raise UsageError(str(exc)) from None


def data_columns(columns: str | None, timestamp_format: str | None) -> Any:
    """The ``--columns`` mapping with the ``--timestamp-format``; a bad one is a usage error."""
    from dataclasses import replace

    from ..measure.columns import Columns
    from ..model.time_format import format_problem

    if timestamp_format is None:
        return columns
    problem = format_problem(timestamp_format)
    if problem:
        raise UsageError(f"--timestamp-format {problem}")
    try:
        return replace(Columns.parse(columns), timestamp_format=timestamp_format)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def number(text: str) -> float:
    """An option's value read as a number (an argparse ``type``)."""
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def add_survey_options(cmd: argparse.ArgumentParser, help: str) -> None:
    """``--survey FILE|DIR`` (repeated) and how its exports are read: ``--survey-columns``, ``-prefixes``."""
    cmd.add_argument("--survey", action="append", default=[], metavar="FILE|DIR", help=help)
    cmd.add_argument("--survey-columns", metavar="NAME=YOURS,...",
                     help="with --survey: map expected survey column names to the exports' own, "
                          "as 'blueprint survey --columns' does (e.g. respondent=ID)")  # fmt: skip
    cmd.add_argument("--survey-prefixes", default="E,P", metavar="PREFIXES",
                     help="with --survey: SERVQUAL expectation,perception column prefixes "
                          "(default: E,P)")  # fmt: skip
    cmd.add_argument("--survey-scale", metavar="KIND=LOW-HIGH,...",
                     help="with --survey: the answer scales, e.g. ipa=1-10,importance=1-5 (kinds: servqual, "
                          "tolerance, ipa, importance); default: the smallest of 1-5, 1-7, 1-9, 1-10 "
                          "holding the answers")  # fmt: skip
    cmd.add_argument("--survey-functional", metavar="ATTRIBUTE=COLUMN,...",
                     help="with --survey: a Kano form's export, a row per respondent: each attribute's 'if "
                          "present' question column, as 'blueprint survey kano --functional' takes it (with "
                          "--survey-dysfunctional)")  # fmt: skip
    cmd.add_argument("--survey-dysfunctional", metavar="ATTRIBUTE=COLUMN,...",
                     help="with --survey: each attribute's 'if absent' question column (with "
                          "--survey-functional)")  # fmt: skip


def survey_options(args: argparse.Namespace) -> dict[str, Any]:
    """The keywords of :func:`blueprint.report.surveys.read_surveys` the command line gave."""
    kano = (args.survey_functional, args.survey_dysfunctional)
    if not args.survey:  # nothing to read: the survey modules stay unimported
        if args.survey_columns or args.survey_prefixes != "E,P" or args.survey_scale or any(kano):
            raise UsageError(
                "--survey-columns, --survey-prefixes, --survey-scale, --survey-functional and "
                "--survey-dysfunctional read survey exports: give --survey FILE too"
            )
        return {"columns": None, "prefixes": ("E", "P"), "scales": {}, "kano_pairs": None}
    from ..survey.analysis import parse_prefixes

    try:
        prefixes = parse_prefixes(args.survey_prefixes)
    except ValueError as exc:
        raise UsageError(str(exc).replace("--prefixes", "--survey-prefixes")) from None
    from ..errors import BlueprintError
    from ..report.surveys import given_scales

    try:
        scales = given_scales(args.survey_scale)
    except BlueprintError as exc:
        raise UsageError(str(exc)) from None
    from ..survey.kano_columns import question_pairs

    try:  # the pairs as blueprint survey kano reads --functional and --dysfunctional
        pairs = question_pairs(*kano) or None
    except BlueprintError as exc:
        said = re.sub(r"(?<![\w-])--(functional|dysfunctional)\b", r"--survey-\1", str(exc))
        raise UsageError(said) from None
    return {"columns": args.survey_columns, "prefixes": prefixes, "scales": scales, "kano_pairs": pairs}

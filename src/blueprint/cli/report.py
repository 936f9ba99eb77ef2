"""The client report: one self-contained HTML file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Subcommands,
    UsageError,
    add_survey_options,
    data_columns,
    note_language,
    number,
    read_service,
    survey_options,
    write_output,
)

__all__ = ["add_commands"]


def add_commands(commands: Subcommands) -> None:
    """Add report."""
    _add_report(commands)


def _add_report(commands: Subcommands) -> None:
    cmd = commands.add_parser("report", help="write the client report: one self-contained HTML file")
    cmd.add_argument("path", metavar="FILE", help="service file")
    cmd.add_argument("-o", "--output", metavar="OUT.html", help="file to write (default: standard output)")
    cmd.add_argument("--data", metavar="DIR", help="operational data: compliance by site and month (gap 3)")
    cmd.add_argument("--columns", metavar="ROLE=COLUMN,...",
                     help="with --data: map timestamp, metric, value or a key to yours")  # fmt: skip
    cmd.add_argument("--timestamp-format", metavar="FMT",
                     help="with --data: how sources write times, e.g. '%%d/%%m/%%Y %%H:%%M'")  # fmt: skip
    cmd.add_argument("--by", default="site,month", metavar="KEYS",
                     help="compliance table keys, the last gives columns (default: site,month)")  # fmt: skip
    add_survey_options(cmd, "survey export(s), recognised by their columns: SERVQUAL (with its items "
                       "file), tolerance, Kano, IPA; repeat it or name a folder (gap 5)")  # fmt: skip
    cmd.add_argument(
        "--weights", metavar="DIMENSION=POINTS,...", help="SERVQUAL importance points summing to 100"
    )
    cmd.add_argument("--lang", metavar="LANG", help="titles, statements and pictures in LANG, e.g. zh")
    cmd.add_argument("--allow-unmeasured", action="store_true",
                     help="with --data: exit 0 though standards have no data (default: exit 1)")  # fmt: skip
    cmd.add_argument("--price", type=number, metavar="P",
                     help="with --labour-cost: the margin what-if on the execution time")  # fmt: skip
    cmd.add_argument("--labour-cost", type=number, metavar="L", help="labour cost per hour (with --price)")
    cmd.add_argument("--backend", default="duckdb",
                     help="with --data, the engine: duckdb (default), polars or spark")  # fmt: skip
    cmd.add_argument("--spark-remote", metavar="sc://HOST:PORT",
                     help="with --backend spark: a Spark Connect server (or $SPARK_REMOTE)")  # fmt: skip
    cmd.set_defaults(run=_run_report)


def _run_report(args: argparse.Namespace) -> int:
    from ..errors import BlueprintError
    from ..findings_output import text_report, use_colour
    from ..io.load import read
    from ..measure.spark import backend_named
    from ..report.pipeline import report_page

    loaded = read_service(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)], colour=use_colour()), file=sys.stderr)
        return EXIT_FINDINGS
    if args.data is not None and not Path(args.data).is_dir():
        raise UsageError(f"--data {args.data}: no such folder")
    note_language(loaded.service, args.lang, "report")
    if args.allow_unmeasured and args.data is None:
        raise UsageError("--allow-unmeasured works with --data DIR: without data nothing is measured")
    for name in args.survey:
        if not Path(name).exists():
            raise UsageError(f"--survey {name}: no such file or folder")
    if args.output and Path(args.output).suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"-o {args.output}: the report is HTML; name the file .html")
    if (args.price is None) != (args.labour_cost is None):
        raise UsageError("--price P and --labour-cost L go together: the margin needs both")
    reading = survey_options(args)
    if args.columns and args.data is None:
        raise UsageError("--columns maps the columns of the data: give --data DIR too")
    if args.timestamp_format and args.data is None:
        raise UsageError("--timestamp-format reads the timestamps of the data: give --data DIR too")
    columns = data_columns(args.columns, args.timestamp_format)
    extra: dict[str, Any] = {"columns": columns} if columns else {}
    if args.price is not None:
        extra.update(price=args.price, labour_per_hour=args.labour_cost)
    if args.data is not None:
        extra["backend"] = backend_named(args.backend, args.spark_remote)
    try:
        page, inputs = report_page(
            loaded.service,
            data=args.data,
            survey=args.survey,
            by=args.by,
            weights=args.weights,
            survey_columns=reading["columns"],
            survey_prefixes=reading["prefixes"],
            survey_scales=reading["scales"],
            survey_kano_pairs=reading["kano_pairs"],
            lang=args.lang,
            allow_unmeasured=args.allow_unmeasured,
            **extra,
        )
    except BlueprintError as exc:  # survey data that cannot be read, Graphviz missing, Spark not there
        print(f"blueprint report: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    except ValueError as exc:  # a bad --by or --backend
        raise UsageError(str(exc)) from None
    write_output(page, args.output, what="the report")
    if args.output:
        print(f"{args.output}: report written")
    errors = inputs.unmeasured_errors()
    if errors:  # why the run fails: the report lists them too, but a CI log must say it
        print(text_report([(args.path, errors, None)], colour=use_colour()), file=sys.stderr)
    if inputs.coverage():  # with data: say how much was measured; unmeasured fails unless allowed
        print(f"blueprint report: {args.path}: {inputs.coverage()}", file=sys.stderr)
    return EXIT_FINDINGS if errors else EXIT_OK

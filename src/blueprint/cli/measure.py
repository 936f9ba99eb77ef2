"""Operational data: measure, diagnose (the four service types) and example-data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Subcommands,
    UsageError,
    add_data_options,
    measure_with_options,
    read_service,
    writable_target,
    write_output,
)

__all__ = ["add_commands"]


def add_commands(commands: Subcommands) -> None:
    """Add measure, diagnose, example-data, in this order."""
    for add in (_add_measure, _add_diagnose, _add_example_data):
        add(commands)


def _add_measure(commands: Subcommands) -> None:
    cmd = commands.add_parser("measure", help="hold standards and promises against operational data")
    cmd.add_argument("path", metavar="FILE", help="service file")
    cmd.add_argument("--format", choices=["table", "json", "csv"], default="table")
    cmd.add_argument("-o", "--output", metavar="FILE", help="write the result there, not to standard output")
    cmd.add_argument("--fail-on", choices=["error", "warning", "info"], default="error",
                     help="lowest severity that makes the exit code 1 (default: error)")  # fmt: skip
    add_data_options(cmd, required=False)
    cmd.set_defaults(run=_run_measure)


def _run_measure(args: argparse.Namespace) -> int:
    from ..formats import text_report, use_colour
    from ..io.load import read
    from ..model.vocabulary import Severity

    if args.output:
        writable_target(args.output, "-o")  # before the measurement, which may take long
    loaded = read_service(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)], colour=use_colour()), file=sys.stderr)
        return EXIT_FINDINGS
    result = measure_with_options(loaded.service, args)
    text = {"json": result.to_json, "csv": result.to_csv}.get(args.format, result.to_text)()
    write_output(text, args.output, what="the measurement")
    if result.findings and args.format != "json":
        report = text_report([(args.path, result.findings, None)], colour=use_colour(sys.stderr))
        print(report, file=sys.stderr if args.format == "csv" or args.output else sys.stdout)
    if args.format != "table" or args.output:  # the table ends with this line; elsewhere it goes aside
        print(f"{args.path}: {result.coverage()}", file=sys.stderr)
    threshold = Severity(args.fail_on).rank
    return EXIT_FINDINGS if any(f.severity.rank >= threshold for f in result.findings) else EXIT_OK


def _add_diagnose(commands: Subcommands) -> None:
    cmd = commands.add_parser("diagnose", help="the four service types per group, from measured compliance")
    cmd.add_argument("path", metavar="FILE", help="service file")
    cmd.add_argument("--format", choices=["table", "json"], default="table")
    cmd.add_argument("-o", "--output", metavar="FILE", help="write the result there, not to standard output")
    cmd.add_argument("--high", type=float, default=0.8, metavar="SHARE",
                     help="share of a side's standards met that counts as high (default: 0.8)")  # fmt: skip
    cmd.add_argument("--chart", metavar="FILE", help="draw the quadrant chart (.svg, .png, .pdf)")
    add_data_options(cmd, required=True)
    cmd.set_defaults(run=_run_diagnose)


def _run_diagnose(args: argparse.Namespace) -> int:
    from ..formats import text_report, use_colour
    from ..io.load import read
    from ..measure.service_types import diagnose

    if not 0 < args.high <= 1:
        raise UsageError(f"--high {args.high:g}: give a share above 0 and at most 1, e.g. 0.8")
    if args.chart and Path(args.chart).suffix.lower() not in (".svg", ".png", ".pdf"):
        raise UsageError(f"--chart {args.chart}: name a .svg, .png or .pdf file")
    loaded = read_service(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)], colour=use_colour()), file=sys.stderr)
        return EXIT_FINDINGS
    result = measure_with_options(loaded.service, args)
    diagnosis = diagnose(loaded.service, result, high=args.high)
    text = (diagnosis.to_json() if args.format == "json" else diagnosis.to_text()) + "\n"
    if args.output:
        from ..io.atomic import write_atomic

        write_atomic(Path(args.output), text)
    else:
        sys.stdout.write(text)
    if args.chart:
        diagnosis.chart(args.chart)
    return EXIT_OK


def _add_example_data(commands: Subcommands) -> None:
    cmd = commands.add_parser("example-data", help="write a year of seeded operations data for a service")
    cmd.add_argument("--out", required=True, metavar="DIR", help="folder to write the source files into")
    cmd.add_argument("--scale", type=float, default=1.0, help="multiply the volumes (default: 1)")
    cmd.add_argument("--seed", type=int, default=0, help="random seed (default: 0); same seed, same bytes")
    cmd.add_argument("--service", metavar="FILE", help="service file whose standards the data follows "
                     "(default: standards/hotel-stay.yaml when present)")  # fmt: skip
    cmd.add_argument("--clean", action="store_true", help="leave out the few planted bad rows")
    cmd.set_defaults(run=_run_example_data)


def _run_example_data(args: argparse.Namespace) -> int:
    import shlex

    from ..measure.example_data import write_example

    service = None
    path = Path(args.service) if args.service else Path("standards/hotel-stay.yaml")
    if args.service or path.exists():
        from ..io.load import read

        loaded = read_service(path, read)
        if not loaded.ok:
            raise UsageError(f"{path} does not load; run: blueprint check {shlex.quote(str(path))}")
        service = loaded.service
    if args.scale <= 0:
        raise UsageError("--scale must be above 0")
    try:
        done = write_example(
            args.out, seed=args.seed, scale=args.scale, service=service, faults=not args.clean
        )
    except OSError as exc:
        raise UsageError(f"{args.out}: cannot write the example data ({exc.strerror or exc})") from None
    for standard, why in done.skipped.items():
        print(f"{path}: standard {standard!r} gets no data: {why}", file=sys.stderr)
    if not done.files:
        print(f"{path}: no standard names a file in measurement.source, so there is nothing to write")
        return EXIT_OK
    print(f"{args.out}: wrote {len(done.files)} files, {done.rows:,} rows; measure them with")
    if service is None:
        print("  the hotel example's service file (standards/hotel-stay.yaml in Blueprint's sources), or")
        print("  write data for your own service: blueprint example-data --service FILE --out DIR")
    else:
        print(f"  blueprint measure {shlex.quote(str(path))} --data {shlex.quote(args.out)} --by site,month")
    return EXIT_OK

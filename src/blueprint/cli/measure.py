"""Operational data and the blueprint's times: measure, diagnose (the four service types), staff
(Erlang C/A), timing (execution time and cost, Shostack) and example-data."""

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
    data_columns,
    measure_with_options,
    not_a_source,
    number,
    read_service,
    writable_target,
    write_output,
)

__all__ = ["add_commands"]


def add_commands(commands: Subcommands) -> None:
    """Add measure, diagnose, staff, timing, example-data, in this order."""
    for add in (_add_measure, _add_diagnose, _add_staff, _add_timing, _add_example_data):
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
    from ..findings_output import text_report, use_colour
    from ..io.load import read
    from ..model.vocabulary import Severity

    if args.output:
        writable_target(args.output, "-o")  # before the measurement, which may take long
    loaded = read_service(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)], colour=use_colour()), file=sys.stderr)
        return EXIT_FINDINGS
    not_a_source(args.output, loaded.service, args.data)
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
    from ..findings_output import text_report, use_colour
    from ..io.load import read
    from ..measure.service_types import diagnose
    from ..model.vocabulary import Severity

    if not 0 < args.high <= 1:
        raise UsageError(f"--high {args.high:g}: give a share above 0 and at most 1, e.g. 0.8")
    if args.chart and Path(args.chart).suffix.lower() not in (".svg", ".png", ".pdf"):
        raise UsageError(f"--chart {args.chart}: name a .svg, .png or .pdf file")
    if args.output:
        writable_target(args.output, "-o")  # not a folder, nor a service file
    loaded = read_service(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)], colour=use_colour()), file=sys.stderr)
        return EXIT_FINDINGS
    not_a_source(args.output, loaded.service, args.data)
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
    # The diagnosis is built from what could be measured: what could not, and why, goes aside.
    if result.findings:
        report = text_report([(args.path, result.findings, None)], colour=use_colour(sys.stderr))
        print(report, file=sys.stderr)
    print(f"{args.path}: {result.coverage()}", file=sys.stderr)
    # Standards not met are what the diagnosis shows; data that could not be judged fail it.
    unjudged = [f for f in result.findings if f.severity == Severity.ERROR and f.rule not in _DIAGNOSED]
    return EXIT_FINDINGS if unjudged else EXIT_OK


#: findings of standards and promises that were measured and not met: the diagnosis's own input
_DIAGNOSED = frozenset({"BP330", "BP333"})


def _add_staff(commands: Subcommands) -> None:
    cmd = commands.add_parser("staff", help="the staff each hour needs to keep a wait standard (Erlang C/A)")
    cmd.add_argument("path", metavar="FILE", help="service file")
    cmd.add_argument(
        "--standard", required=True, metavar="ID", help="the wait standard (e.g. 80%% within 20 s)"
    )
    cmd.add_argument("--handle", required=True, metavar="METRIC", help="duration metric of the handling time")
    cmd.add_argument("--data", metavar="DIR", help="folder holding the files the standards name")
    cmd.add_argument("--by", default="", metavar="KEYS", help="group by, e.g. site,weekday,hour")
    cmd.add_argument("--columns", metavar="ROLE=COLUMN,...", help="map timestamp, metric, value or a key")
    cmd.add_argument("--timestamp-format", metavar="FMT",
                     help="how sources declaring none write times, e.g. '%%d/%%m/%%Y %%H:%%M'")  # fmt: skip
    cmd.add_argument("--shrinkage", type=float, default=0.0, metavar="S",
                     help="share of paid time not serving (breaks, absence; default: 0)")  # fmt: skip
    cmd.add_argument("--patience", metavar="METRIC",
                     help="duration metric: how long customers wait before giving up (Erlang A)")  # fmt: skip
    cmd.add_argument("--offered", metavar="COLUMN",
                     help="an interval report's column counting the calls of each row")  # fmt: skip
    cmd.add_argument("--simulate", action="store_true", help="check each group by simulation (SimPy)")
    cmd.add_argument("--seed", type=int, default=0, help="the simulation's random seed (default: 0)")
    cmd.add_argument("--roster", metavar="FILE", help="roster CSV (site, weekday, hour, staff) to compare")
    cmd.add_argument("--chart", metavar="FILE", help="draw staff needed (and rostered): .svg, .png or .pdf")
    cmd.add_argument("--format", choices=["table", "json", "csv"], default="table")
    cmd.add_argument("-o", "--output", metavar="FILE", help="write the plan there, not to standard output")
    cmd.add_argument("--allow-outside", action="store_true", help="let sources point outside the data folder")
    cmd.set_defaults(run=_run_staff)


def _run_staff(args: argparse.Namespace) -> int:
    from ..findings_output import text_report, use_colour
    from ..io.load import read
    from ..model.vocabulary import Severity
    from ..staffing.plan import StaffingError, staff

    if args.output:
        writable_target(args.output, "-o")
    if args.data is not None and not Path(args.data).is_dir():
        raise UsageError(f"--data {args.data}: no such folder")
    if args.roster is not None and not Path(args.roster).is_file():
        raise UsageError(f"--roster {args.roster}: no such file")
    if args.chart and Path(args.chart).suffix.lower() not in (".svg", ".png", ".pdf"):
        raise UsageError(f"--chart {args.chart}: name a .svg, .png or .pdf file")
    if args.chart:
        writable_target(args.chart, "--chart")
    loaded = read_service(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)], colour=use_colour()), file=sys.stderr)
        return EXIT_FINDINGS
    not_a_source(args.output, loaded.service, args.data)
    try:
        plan = staff(
            loaded.service, args.standard, args.handle, data=args.data, by=args.by,
            columns=data_columns(args.columns, args.timestamp_format),
            shrinkage=args.shrinkage, patience=args.patience, simulate=args.simulate, seed=args.seed,
            roster=args.roster, allow_outside=args.allow_outside, offered=args.offered,
        )  # fmt: skip
    except StaffingError as exc:
        if exc.findings:  # why the data gave no answer: the rows left out, at the source file
            print(text_report([(args.path, list(exc.findings), None)], colour=use_colour(sys.stderr)),
                  file=sys.stderr)  # fmt: skip
        raise UsageError(str(exc)) from None
    except ValueError as exc:  # a bad --by or --columns
        raise UsageError(str(exc)) from None
    text = {"json": plan.to_json, "csv": plan.to_csv}.get(args.format, lambda: plan.to_text() + "\n")()
    if plan.groups or args.format != "table":  # an empty table saying "at most 0 rostered" is no plan
        write_output(text, args.output, what="the staffing plan")
    if args.chart and plan.groups:
        from ..render.figure import chart_style

        with chart_style():
            plan.chart(args.chart)
    if plan.findings and args.format != "json":
        print(text_report([(args.path, plan.findings, None)], colour=use_colour(sys.stderr)), file=sys.stderr)
    if not plan.groups:  # no plan was made: never a pass, whatever the findings' severity
        print(f"{args.path}: no staffing plan: no arrival could be read from the standard's source"
              f"{' (see above)' if plan.findings else ''}", file=sys.stderr)  # fmt: skip
        return EXIT_FINDINGS
    return EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in plan.findings) else EXIT_OK


def _add_timing(commands: Subcommands) -> None:
    cmd = commands.add_parser(
        "timing", help="standard and tolerable execution time and cost of every path (Shostack)"
    )
    cmd.add_argument("path", metavar="FILE", help="service file")
    cmd.add_argument("--format", choices=["table", "json"], default="table")
    cmd.add_argument("-o", "--output", metavar="FILE", help="write the result there, not to standard output")
    cmd.add_argument(
        "--price", type=number, metavar="P", help="price a customer pays: adds the margin what-if"
    )
    cmd.add_argument("--labour-cost", type=number, metavar="L", help="labour cost per hour (with --price)")
    cmd.add_argument("--cost", type=number, metavar="C",
                     help="other costs per customer (default: the costs written on the path)")  # fmt: skip
    cmd.add_argument("--chart", metavar="FILE", help="draw the margin what-if (.svg, .png, .pdf)")
    cmd.set_defaults(run=_run_timing)


def _run_timing(args: argparse.Namespace) -> int:
    import json

    from ..checks import lint
    from ..findings_output import text_report, use_colour
    from ..io.load import read
    from ..model.margin import what_if
    from ..model.timing import timing

    if (args.labour_cost is not None or args.chart or args.cost is not None) and args.price is None:
        raise UsageError("--labour-cost, --cost and --chart need --price P (what a customer pays)")
    if args.price is not None and args.labour_cost is None:
        raise UsageError("--price needs --labour-cost L, the labour cost per hour")
    if args.chart and Path(args.chart).suffix.lower() not in (".svg", ".png", ".pdf"):
        raise UsageError(f"--chart {args.chart}: name a .svg, .png or .pdf file")
    chart = writable_target(args.chart, "--chart") if args.chart else None
    loaded = read_service(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)], colour=use_colour()), file=sys.stderr)
        return EXIT_FINDINGS
    found = timing(loaded.service)
    money = None
    if args.price is not None:
        try:
            money = what_if(found, price=args.price, labour_per_hour=args.labour_cost, cost=args.cost)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    if args.format == "json":
        data = {**found.to_dict(), "what_if": money.to_dict() if money else None}
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = found.to_text(money) + "\n"
    write_output(text, args.output, what="timing")
    if chart is not None and money is not None:
        from ..render.margin_chart import margin_chart

        margin_chart(money, chart)
    long = lint(loaded.service, rules=["BP273"])
    if long:
        print(text_report([(args.path, long, None)], colour=use_colour()), file=sys.stderr)
    return EXIT_FINDINGS if long else EXIT_OK


def _add_example_data(commands: Subcommands) -> None:
    cmd = commands.add_parser("example-data", help="write a year of seeded operations data for a service")
    cmd.add_argument("--out", required=True, metavar="DIR", help="folder to write the source files into")
    cmd.add_argument("--scale", type=float, default=1.0, help="multiply the volumes (default: 1)")
    cmd.add_argument("--seed", type=int, default=0, help="random seed (default: 0); same seed, same bytes")
    cmd.add_argument("--service", metavar="FILE", help="service file whose standards the data follows "
                     "(default: standards/hotel-stay.yaml when present)")  # fmt: skip
    cmd.add_argument("--clean", action="store_true", help="leave out the few planted bad rows")
    cmd.add_argument("--force", action="store_true", help="replace files that exist (else none is written)")
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
            args.out,
            seed=args.seed,
            scale=args.scale,
            service=service,
            faults=not args.clean,
            overwrite=args.force,
        )
    except FileExistsError as exc:
        raise UsageError(f"{exc.strerror}. Choose another --out, or replace them with --force") from None
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

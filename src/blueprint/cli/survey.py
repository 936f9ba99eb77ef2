"""Customer surveys: servqual, tolerance, kano, ipa and sample-size."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Subcommands,
    UsageError,
    number,
    writable_target,
    write_output,
)

__all__ = ["add_commands"]


def add_commands(commands: Subcommands) -> None:
    """Add survey."""
    _add_survey(commands)


def _add_survey(commands: Subcommands) -> None:
    cmd = commands.add_parser(
        "survey", help="analyse customer surveys: servqual, tolerance, kano, ipa, sample-size"
    )
    kinds = cmd.add_subparsers(dest="analysis", metavar="ANALYSIS", required=True)

    def analysis(name: str, help: str, *, data: bool = True) -> argparse.ArgumentParser:
        sub = kinds.add_parser(name, help=help, description=help)
        if data:
            sub.add_argument("file", metavar="FILE", help="survey export: .csv, .xlsx or .parquet")
            sub.add_argument(
                "--columns", metavar="NAME=YOURS,...", help="map expected column names to the file's"
            )
            sub.add_argument("--sheet", help="Excel sheet name (default: the first sheet)")
            sub.add_argument("--scale", default="1-7", help="answer scale as LOW-HIGH (default: 1-7)")
        sub.add_argument("--format", choices=["table", "json", "csv"], default="table")
        sub.add_argument(
            "-o", "--output", metavar="FILE", help="write the result there, not to standard output"
        )
        if data:
            sub.add_argument("--fail-on", choices=["never", "too-few", "not-shown"], default="never",
                             help="exit 1 when a result rests on too few answers (too-few), or also when "
                                  "its interval does not show it (not-shown); default: never")  # fmt: skip
        sub.set_defaults(run=_run_survey)
        return sub

    sq = analysis("servqual", "SERVQUAL expectation, perception and gap per item, dimension and overall")
    sq.add_argument("--weights", metavar="DIMENSION=POINTS,...", help="importance points summing to 100")
    sq.add_argument(
        "--instrument", metavar="ITEMS.csv", help="custom items: item,dimension[,factor][,reversed]"
    )
    sq.add_argument(
        "--wording", type=int, choices=[1988, 1991], help="1988: reverse-score items 10-13, 18-22"
    )
    sq.add_argument("--prefixes", default="E,P", help="expectation,perception column prefixes (default: E,P)")
    sq.add_argument("--confidence", type=_share, default=0.95, help="for intervals (default: 0.95)")
    sq.add_argument(
        "--margin", type=_positive, help="say whether the sample is large enough for this precision"
    )
    sq.add_argument("--no-alpha", action="store_true", help="skip Cronbach's alpha")
    sq.add_argument("--service", metavar="SERVICE.yaml", help="also show the gaps per factor and moment")
    tl = analysis("tolerance", "zone of tolerance: desired, adequate, perceived; MSA and MSS")
    tl.add_argument("--service", metavar="SERVICE.yaml", help="also show the zone per factor and moment")
    tl.add_argument("--unit", metavar="UNIT",
                    help="the unit the levels were asked in (minutes, ...): propose customer_tolerance "
                         "from the adequate level")  # fmt: skip
    tl.add_argument("--less-is-better", metavar="ITEM,...",
                    help="items asked in a unit where less is better (minutes of waiting)")  # fmt: skip
    tl.add_argument("--map", metavar="ITEM=FACTOR,...", help="items that are not factor ids")
    tl.add_argument("--write-back", action="store_true", help="accept the proposal and save SERVICE.yaml")
    kn = analysis("kano", "Kano categories, better/worse coefficients and BPM factors")
    kn.add_argument("--functional", metavar="ATTRIBUTE=COLUMN,...",
                    help="a form's export, a row per respondent: each attribute's 'if present' question "
                         "column (with --dysfunctional)")  # fmt: skip
    kn.add_argument("--dysfunctional", metavar="ATTRIBUTE=COLUMN,...",
                    help="each attribute's 'if absent' question column (with --functional)")  # fmt: skip
    kn.add_argument("--rule", choices=["berger", "frequent"], default="berger", help="category rule")
    kn.add_argument("--table", choices=["kano", "pouliot"], default="kano", help="evaluation table")
    kn.add_argument("--chart", metavar="FILE", help="draw the better-worse diagram (.png, .svg, .pdf)")
    kn.add_argument("--service", metavar="SERVICE.yaml", help="propose BPM tags for the service's factors")
    kn.add_argument("--map", metavar="ATTRIBUTE=FACTOR,...", help="attributes that are not factor ids")
    kn.add_argument("--write-back", action="store_true", help="accept the proposal and save SERVICE.yaml")
    ip = analysis("ipa", "importance-performance analysis: the four quadrants")
    ip.add_argument("--importance", choices=["stated", "correlation", "regression"], default="stated")
    ip.add_argument("--importance-scale", metavar="LOW-HIGH",
                    help="the scale stated importance was asked on, when not --scale (e.g. 1-5)")  # fmt: skip
    ip.add_argument("--crosshair", default="mean", help="mean, midpoint or IMPORTANCE,PERFORMANCE")
    ip.add_argument("--chart", metavar="FILE", help="draw the quadrant chart (.png, .svg, .pdf)")
    ip.add_argument("--service", metavar="SERVICE.yaml", help="propose factors' importance from the survey")
    ip.add_argument("--write-back", action="store_true", help="accept the proposal and save SERVICE.yaml")
    ss = analysis("sample-size", "responses needed for a mean or a proportion (Cochran)", data=False)
    what = ss.add_mutually_exclusive_group(required=True)
    what.add_argument("--sd", type=float, help="standard deviation, for a mean")
    what.add_argument("--proportion", type=float, help="expected proportion (0.5 if unknown)")
    ss.add_argument(
        "--margin", type=_positive, required=True, help="allowed error, in scale points or as a share"
    )
    ss.add_argument("--confidence", type=_share, default=0.95)
    ss.add_argument("--population", type=int, help="size of the customer base (finite population correction)")
    ss.add_argument("--response-rate", type=float, metavar="SHARE",
                    help="share of customers who answer; adds the questionnaires to send")  # fmt: skip


def _run_survey(args: argparse.Namespace) -> int:
    from ..errors import BlueprintError
    from ..survey.analysis import SurveyOptionError, run_survey

    _survey_targets(args)
    try:
        run = run_survey(_request(args))
        text = run.text(args.format)
    except SurveyOptionError as exc:
        raise UsageError(str(exc)) from None
    except (BlueprintError, OSError) as exc:
        if args.analysis == "sample-size":  # every input is an argument
            raise UsageError(f"{args.analysis}: {exc}") from None
        print(f"blueprint survey {args.analysis}: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    write_output(text, args.output, what="the result")
    return _doubt(args, run.result)


def _doubt(args: argparse.Namespace, result: Any) -> int:
    """EXIT_FINDINGS, with the results named on standard error, when ``--fail-on`` finds doubtful ones."""
    fail_on = getattr(args, "fail_on", "never")
    if fail_on == "never":
        return EXIT_OK
    from ..survey.precision import doubtful

    names = doubtful(result, "too few answers" if fail_on == "too-few" else "not shown")
    if not names:
        return EXIT_OK
    from ..escaping import terminal

    shown = "; ".join(map(terminal, names[:20])) + (
        f"; and {len(names) - 20} more" if len(names) > 20 else ""
    )
    print(
        f"blueprint survey {args.analysis}: --fail-on {fail_on}: {len(names)} result(s) the answers do not "
        f"support: {shown} (see the notes; ask more customers)",
        file=sys.stderr,
    )
    return EXIT_FINDINGS


def _request(args: argparse.Namespace) -> Any:
    """The :class:`~blueprint.survey.analysis.SurveyRequest` the arguments of one analysis make."""
    from dataclasses import fields

    from ..survey.analysis import SurveyRequest

    given = {**vars(args), "mapping": getattr(args, "map", None)}
    given["alpha"] = not getattr(args, "no_alpha", False)
    return SurveyRequest(**{f.name: given[f.name] for f in fields(SurveyRequest) if f.name in given})


def _survey_targets(args: argparse.Namespace) -> None:
    """Refuse a scale that cannot be read and files that cannot be written, before any work is done."""
    for option in ("scale", "importance_scale"):
        if getattr(args, option, None):
            from ..errors import BlueprintError
            from ..survey.instrument import Scale

            try:
                Scale.parse(getattr(args, option))
            except BlueprintError as exc:
                flag = "--" + option.replace("_", "-")
                raise UsageError(f"{flag} {getattr(args, option)}: {exc}") from None
    if args.output:
        writable_target(args.output, "-o")
        _not_an_input(args, args.output, "-o")
    chart = getattr(args, "chart", None)
    if chart:
        if Path(chart).suffix.lower() not in _CHART_SUFFIXES:
            raise UsageError(f"--chart {chart}: name a .png, .svg or .pdf file")
        writable_target(chart, "--chart")


_CHART_SUFFIXES = (".png", ".svg", ".pdf")


def _not_an_input(args: argparse.Namespace, target: str, option: str) -> None:
    """Refuse an output naming the export or the items file being read: it would be replaced and lost."""
    if not Path(target).exists():
        return
    for flag, given in (
        ("FILE", getattr(args, "file", None)),
        ("--instrument", getattr(args, "instrument", None)),
    ):
        try:
            same = given is not None and os.path.samefile(given, target)
        except OSError:
            continue
        if same:
            raise UsageError(
                f"{option} {target}: is the {flag} being read, and this command would replace it with its "
                "result; nothing was written. Name another file"
            )


def _share(text: str) -> float:
    """A confidence level strictly between 0 and 1."""
    value = number(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"{text} must lie between 0 and 1, e.g. 0.95")
    return value


def _positive(text: str) -> float:
    value = number(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text} must be a positive number")
    return value

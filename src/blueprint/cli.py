"""The ``blueprint`` command: a thin shell that parses, calls the library and prints.

Each subcommand is an ``_add_<name>`` function that declares its arguments
and a ``_run_<name>`` function that does the work. Exit codes: 0 nothing at or
above ``--fail-on``, 1 findings, 2 usage error or a path that cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
SERVICE_SUFFIXES = (".yaml", ".yml")


class UsageError(Exception):
    """The command line itself is wrong: exit 2 with the message."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    try:
        code: int = args.run(args)
        return code
    except UsageError as exc:
        print(f"blueprint {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped early (``| head``): not an error of ours
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="blueprint",
        description="Service design as code: moments of truth, key factors, standards, gaps.",
    )
    parser.add_argument("--version", action="version", version=f"blueprint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in _COMMANDS:
        add(commands)
    return parser


# -- check ------------------------------------------------------------------------


def _add_check(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser("check", help="load service files and report every problem")
    cmd.add_argument("paths", nargs="+", metavar="PATH", help="service files or folders of them")
    cmd.add_argument("--format", choices=["text", "json", "junit", "github", "sarif"], default="text",
                     help="text for people; json (versioned), junit, github or sarif for CI")  # fmt: skip
    cmd.add_argument("--fail-on", choices=["error", "warning", "info"], default="error",
                     help="lowest severity that makes the exit code 1 (default: error)")  # fmt: skip
    cmd.add_argument("--show", choices=["error", "warning", "info"], default="warning",
                     help="lowest severity the text report lists (default: warning)")  # fmt: skip
    cmd.add_argument("--config", metavar="FILE",
                     help="pyproject.toml with [tool.blueprint] (default: the nearest one)")  # fmt: skip
    cmd.add_argument("--no-lint", action="store_true", help="only check that the files load")
    cmd.add_argument("--survey", action="append", default=[], metavar="FILE|DIR",
                     help="survey export(s) as for report: BP302 (gap 1) reads the importance customers "
                          "showed in the IPA or Kano survey")  # fmt: skip
    _add_data_options(cmd, required=False)
    cmd.set_defaults(run=_run_check)


def _run_check(args: argparse.Namespace) -> int:
    from .checks import check
    from .errors import BlueprintError
    from .formats import report, use_colour
    from .io.config import ConfigError, load_config
    from .io.load import read
    from .model.vocabulary import Severity

    files = list(service_files(args.paths))
    if not files:
        raise UsageError(f"no service files (*.yaml, *.yml) in {', '.join(args.paths)}")
    if args.allow_unmeasured and args.data is None:
        raise UsageError("--allow-unmeasured works with --data DIR: without data nothing is measured")
    try:
        config = load_config(files[0], path=args.config)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    try:
        surveys = _check_surveys(args.survey)
    except BlueprintError as exc:  # a survey export that cannot be read: as the report does, exit 1
        print(f"blueprint check: --survey: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    results, coverage = [], []
    for path in files:
        loaded = _read(path, read)
        summary = _one_line(loaded.service) if loaded.service is not None else None
        context = _gap1_context(surveys, loaded.service)
        findings = loaded.findings if args.no_lint else check(loaded, config, context=context)
        if args.data is not None and loaded.service is not None:  # gap 3 and gap 4 on operational data
            measured = _measure(loaded.service, args)
            findings = [*findings, *measured.findings]
            coverage.append(f"{path}: {measured.coverage()}")
        results.append((str(path), findings, summary))
    text = report(
        args.format,
        results,
        colour=use_colour() and args.format == "text",
        fail_on=args.fail_on,
        show=args.show,
    )
    if text:
        print(text)
    if coverage and args.format == "text":
        print("\n".join(coverage))
    threshold = Severity(args.fail_on).rank
    failing = any(f.severity.rank >= threshold for _, findings, _ in results for f in findings)
    return EXIT_FINDINGS if failing else EXIT_OK


def _check_surveys(names: list[str]) -> dict[str, Any]:
    if not names:
        return {}
    from .errors import BlueprintError
    from .reporting import read_surveys

    for name in names:
        if not Path(name).exists():
            raise UsageError(f"--survey {name}: no such file or folder")
    try:
        surveys, notes = read_surveys(names)
    except OSError as exc:
        raise BlueprintError(f"{exc.filename}: cannot be read ({exc.strerror or exc})") from None
    for note in notes:
        print(f"survey: {note}", file=sys.stderr)
    return surveys


def _gap1_context(surveys: dict[str, Any], service: Any) -> dict[str, Any]:
    if not surveys or service is None:
        return {}
    from .measure.survey.importance import importance_from_surveys

    shown = importance_from_surveys(surveys, service)
    for note in shown.notes:
        print(f"survey: {note}", file=sys.stderr)
    return shown.context()


def _one_line(service: object) -> str:
    from .model.service import Service

    assert isinstance(service, Service)
    return (
        f"{len(service.moments)} moments, {len(service.steps)} steps, {len(service.factors)} factors, "
        f"{len(service.standards)} standards, {len(service.promises)} promises"
    )


# -- suggest / rules --------------------------------------------------------------


def _add_suggest(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser("suggest", help="draft standards for a key factor, by element and sub-item")
    cmd.add_argument("path", metavar="FILE")
    cmd.add_argument("--factor", required=True, metavar="ID", help="the key factor to draft standards for")
    cmd.add_argument("--format", choices=["text", "yaml"], default="text",
                     help="text to read, or YAML to paste into the file (default: text)")  # fmt: skip
    cmd.set_defaults(run=_run_suggest)


def _run_suggest(args: argparse.Namespace) -> int:
    from .checks.suggest import suggest, suggestions_text, suggestions_yaml
    from .formats import text_report, use_colour
    from .io.load import read

    loaded = _read(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)], colour=use_colour()), file=sys.stderr)
        return EXIT_FINDINGS
    if args.factor not in loaded.service.factors:
        known = ", ".join(sorted(loaded.service.factors)) or "none"
        raise UsageError(f"{args.path} has no key factor {args.factor!r} (factors: {known})")
    drafts = suggest(loaded.service, args.factor)
    if not drafts:
        bpm = loaded.service.factors[args.factor].bpm
        print(f"no standard drafted: customers class {args.factor!r} as {bpm}, so a standard for it "
              "would be one for its own sake (pitfall 6, BP115)")  # fmt: skip
        return EXIT_OK
    print(suggestions_yaml(drafts) if args.format == "yaml" else suggestions_text(drafts))
    return EXIT_OK


def _add_rules(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser("rules", help="list the lint rules (or write docs/rules.md with --markdown)")
    cmd.add_argument("--markdown", action="store_true", help="the rule reference as Markdown")
    cmd.set_defaults(run=_run_rules)


def _run_rules(args: argparse.Namespace) -> int:
    from .checks.reference import rules_markdown, rules_text

    sys.stdout.write(rules_markdown() if args.markdown else rules_text())
    return EXIT_OK


# -- schema -----------------------------------------------------------------------


def _add_schema(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser("schema", help="write the JSON Schema of the service file format")
    cmd.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
    cmd.set_defaults(run=_run_schema)


def _run_schema(args: argparse.Namespace) -> int:
    from .io.schema import schema_text

    _write_output(schema_text(), args.output, what="the schema")
    return EXIT_OK


# -- summary ----------------------------------------------------------------------


def _add_summary(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser("summary", help="describe one service: moments, factors, standards, paths")
    cmd.add_argument("path", metavar="FILE")
    cmd.set_defaults(run=_run_summary)


def _run_summary(args: argparse.Namespace) -> int:
    from .formats import text_report, use_colour
    from .io.load import read

    loaded = _read(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)], colour=use_colour()))
        return EXIT_FINDINGS
    print(loaded.service.summary())
    return EXIT_OK


# -- export / import ---------------------------------------------------------------


def _export_mermaid(service: object, lang: str | None, source: str, **_: Any) -> str:
    from .render.mermaid import to_mermaid_markdown

    return to_mermaid_markdown(service, lang, source=source)  # type: ignore[arg-type]


def _export_catalogue(kind: str) -> Callable[..., str | bytes]:
    """An exporter of the standards catalogue (one row per standard) as ``kind``."""

    def export(
        service: Any, lang: str | None, source: str, *, compliance: Any = None, **_: Any
    ) -> str | bytes:
        from .io import catalogue as cat

        rows = cat.catalogue(service, compliance, lang=lang)
        if kind == "xlsx":
            return cat.to_xlsx(rows, title=service.info.id)
        return cat.to_json(rows, service.info.id) if kind == "json" else cat.to_csv(rows)

    return export


#: ``--to`` formats: name -> function(service, lang, source, compliance=None) returning text (or
#: bytes, which need -o); ``compliance`` is each standard's last measured month when --data is given
EXPORTERS: dict[str, Callable[..., str | bytes]] = {
    "mermaid": _export_mermaid,
    **{kind: _export_catalogue(kind) for kind in ("xlsx", "csv", "json")},
}
#: formats that take --data
_CATALOGUE_FORMATS = ("xlsx", "csv", "json")


def _add_export(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser(
        "export",
        help="write a service in another format (mermaid diagrams; the standards catalogue as xlsx/csv/json)",
    )
    cmd.add_argument("path", metavar="FILE")
    cmd.add_argument("--to", required=True, choices=sorted(EXPORTERS), help="format to write")
    cmd.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
    cmd.add_argument("--lang", metavar="LANG", help="use the titles translated to LANG, e.g. zh")
    cmd.add_argument("--data", metavar="DIR", help="xlsx/csv/json: add each standard's last compliance")
    cmd.set_defaults(run=_run_export)


def _run_export(args: argparse.Namespace) -> int:
    from .formats import text_report, use_colour
    from .io.load import read

    loaded = _read(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)], colour=use_colour()), file=sys.stderr)
        return EXIT_FINDINGS
    if args.to == "xlsx" and not args.output:
        raise UsageError(f"--to {args.to} writes a binary file: name it with -o FILE")
    options: dict[str, Any] = {}
    if args.data is not None:
        if args.to not in _CATALOGUE_FORMATS:
            raise UsageError(f"--data works with --to {', '.join(_CATALOGUE_FORMATS)}, not {args.to}")
        if not Path(args.data).is_dir():
            raise UsageError(f"--data {args.data}: no such folder")
        from .reporting import catalogue_compliance

        options["compliance"] = catalogue_compliance(loaded.service, args.data)
    data = EXPORTERS[args.to](loaded.service, args.lang, args.path, **options)
    _write_output(data, args.output, what=f"--to {args.to}")
    return EXIT_OK


def _target(path: str, option: str) -> Path:
    """The file ``path`` names, if it could be written: not a folder, in a folder that exists."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{option} {path}: is a folder; name a file")
    if not target.parent.is_dir():
        raise UsageError(f"{option} {path}: the folder {target.parent} does not exist")
    return target


def _write_output(data: str | bytes, output: str | None, *, what: str) -> None:
    """``data`` to the file ``output`` (atomically), or text to standard output; bad paths: usage errors."""
    if not output:
        if isinstance(data, bytes):
            raise UsageError(f"{what} writes a binary file: name it with -o FILE")
        sys.stdout.write(data)
        return
    from .io.atomic import write_atomic

    target = _target(output, "-o")
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise UsageError(f"-o {output}: cannot be written ({exc.strerror or exc})") from None


# -- report ---------------------------------------------------------------------


def _add_report(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser("report", help="write the client report: one self-contained HTML file")
    cmd.add_argument("path", metavar="FILE", help="service file")
    cmd.add_argument("-o", "--output", metavar="OUT.html", help="file to write (default: standard output)")
    cmd.add_argument("--data", metavar="DIR", help="operational data: compliance by site and month (gap 3)")
    cmd.add_argument("--by", default="site,month", metavar="KEYS",
                     help="compliance table keys, the last gives columns (default: site,month)")  # fmt: skip
    cmd.add_argument("--survey", action="append", default=[], metavar="FILE|DIR",
                     help="survey export(s), recognised by their columns: SERVQUAL (with its items file), "
                          "tolerance, Kano, IPA; repeat it or name a folder (gap 5)")  # fmt: skip
    cmd.add_argument(
        "--weights", metavar="DIMENSION=POINTS,...", help="SERVQUAL importance points summing to 100"
    )
    cmd.add_argument("--lang", metavar="LANG", help="titles, statements and pictures in LANG, e.g. zh")
    cmd.add_argument("--allow-unmeasured", action="store_true",
                     help="with --data: exit 0 though standards have no data (default: exit 1)")  # fmt: skip
    cmd.add_argument("--backend", default="duckdb",
                     help="with --data, the engine: duckdb (default), polars or spark")  # fmt: skip
    cmd.add_argument("--spark-remote", metavar="sc://HOST:PORT",
                     help="with --backend spark: a Spark Connect server (or $SPARK_REMOTE)")  # fmt: skip
    cmd.set_defaults(run=_run_report)


def _run_report(args: argparse.Namespace) -> int:
    from .errors import BlueprintError
    from .formats import text_report, use_colour
    from .io.load import read
    from .measure.spark import backend_named
    from .reporting import report_page

    loaded = _read(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)], colour=use_colour()), file=sys.stderr)
        return EXIT_FINDINGS
    if args.data is not None and not Path(args.data).is_dir():
        raise UsageError(f"--data {args.data}: no such folder")
    if args.allow_unmeasured and args.data is None:
        raise UsageError("--allow-unmeasured works with --data DIR: without data nothing is measured")
    for name in args.survey:
        if not Path(name).exists():
            raise UsageError(f"--survey {name}: no such file or folder")
    if args.output and Path(args.output).suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"-o {args.output}: the report is HTML; name the file .html")
    try:
        page, inputs = report_page(
            loaded.service,
            data=args.data,
            survey=args.survey,
            by=args.by,
            weights=args.weights,
            lang=args.lang,
            allow_unmeasured=args.allow_unmeasured,
            **({"backend": backend_named(args.backend, args.spark_remote)} if args.data is not None else {}),
        )
    except BlueprintError as exc:  # survey data that cannot be read, Graphviz missing, Spark not there
        print(f"blueprint report: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    except ValueError as exc:  # a bad --by or --backend
        raise UsageError(str(exc)) from None
    _write_output(page, args.output, what="the report")
    if args.output:
        print(f"{args.output}: report written")
    if inputs.coverage():  # with data: say how much was measured; unmeasured fails unless allowed
        print(f"blueprint report: {args.path}: {inputs.coverage()}", file=sys.stderr)
    return EXIT_FINDINGS if inputs.unmeasured_errors() else EXIT_OK


def _add_import(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser("import", help="read a Mermaid journey diagram into a new service file")
    cmd.add_argument("path", metavar="FILE.mmd", help="a Mermaid journey (or Markdown holding one)")
    cmd.add_argument("-o", "--output", metavar="FILE",
                     help="service file to write (default: FILE with the suffix .yaml)")  # fmt: skip
    cmd.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    cmd.set_defaults(run=_run_import)


def _run_import(args: argparse.Namespace) -> int:
    from .formats import text_report, use_colour
    from .io.files import read_text_file
    from .io.mermaid import read_journey, write_service_yaml
    from .io.yamlsource import LIMITS

    source = Path(args.path)
    try:
        text = read_text_file(source, LIMITS["max_bytes"])
    except OSError as exc:
        raise UsageError(f"{source}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise UsageError(f"{source}: is not UTF-8 text; save it as UTF-8") from None
    document, findings = read_journey(text, str(source))
    if document is None:
        print(text_report([(str(source), findings, None)], colour=use_colour()), file=sys.stderr)
        return EXIT_FINDINGS
    target = _target(args.output or str(source.with_suffix(".yaml")), "-o")
    if target.exists() and not args.force:
        raise UsageError(f"{target} exists; choose another file with -o, or overwrite it with --force")
    try:
        write_service_yaml(document, target, origin=source.name)
    except OSError as exc:
        raise UsageError(f"{target}: cannot be written ({exc.strerror or exc})") from None
    if findings:
        print(text_report([(str(source), findings, None)], colour=use_colour()), file=sys.stderr)
    print(f"{target}: written, {len(document['moments'])} moments; run 'blueprint check {target}'")
    return EXIT_OK


# -- survey -----------------------------------------------------------------------


def _add_survey(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
    tl.add_argument("--map", metavar="ITEM=FACTOR,...", help="items that are not factor ids")
    tl.add_argument("--write-back", action="store_true", help="accept the proposal and save SERVICE.yaml")
    kn = analysis("kano", "Kano categories, better/worse coefficients and BPM factors")
    kn.add_argument("--rule", choices=["berger", "frequent"], default="berger", help="category rule")
    kn.add_argument("--table", choices=["kano", "pouliot"], default="kano", help="evaluation table")
    kn.add_argument("--chart", metavar="FILE", help="draw the better-worse diagram (.png, .svg, .pdf)")
    kn.add_argument("--service", metavar="SERVICE.yaml", help="propose BPM tags for the service's factors")
    kn.add_argument("--map", metavar="ATTRIBUTE=FACTOR,...", help="attributes that are not factor ids")
    kn.add_argument("--write-back", action="store_true", help="accept the proposal and save SERVICE.yaml")
    ip = analysis("ipa", "importance-performance analysis: the four quadrants")
    ip.add_argument("--importance", choices=["stated", "correlation", "regression"], default="stated")
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
    from .errors import BlueprintError
    from .measure.survey import output

    _survey_targets(args)
    try:
        result, extra = _survey_result(args)
        text = {"json": output.to_json, "csv": output.to_csv}.get(args.format, output.to_text)(result)
        if extra and args.format == "json":
            import json

            text = json.dumps({**result.to_dict(), **extra["json"]}, indent=2, ensure_ascii=False) + "\n"
        elif extra and args.format == "table":
            text += "\n" + extra["text"]
    except (BlueprintError, OSError) as exc:
        if args.analysis == "sample-size":  # every input is an argument
            raise UsageError(f"{args.analysis}: {exc}") from None
        print(f"blueprint survey {args.analysis}: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    _write_output(text, args.output, what="the result")
    return EXIT_OK


def _survey_targets(args: argparse.Namespace) -> None:
    """Refuse a scale that cannot be read and files that cannot be written, before any work is done."""
    if getattr(args, "scale", None):
        from .errors import BlueprintError
        from .measure.survey.instrument import Scale

        try:
            Scale.parse(args.scale)
        except BlueprintError as exc:
            raise UsageError(f"--scale {args.scale}: {exc}") from None
    if args.output:
        _target(args.output, "-o")
    chart = getattr(args, "chart", None)
    if chart:
        if Path(chart).suffix.lower() not in _CHART_SUFFIXES:
            raise UsageError(f"--chart {chart}: name a .png, .svg or .pdf file")
        _target(chart, "--chart")


_CHART_SUFFIXES = (".png", ".svg", ".pdf")


def _share(text: str) -> float:
    """A confidence level strictly between 0 and 1."""
    value = _number(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"{text} must lie between 0 and 1, e.g. 0.95")
    return value


def _positive(text: str) -> float:
    value = _number(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text} must be a positive number")
    return value


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def _survey_result(args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    from .measure import survey
    from .measure.survey.readers import parse_mapping

    if args.analysis == "sample-size":
        if args.sd is not None:
            return survey.sample_size_mean(
                sd=args.sd, margin=args.margin, confidence=args.confidence, population=args.population,
                response_rate=args.response_rate,
            ), {}  # fmt: skip
        return survey.sample_size_proportion(
            p=args.proportion, margin=args.margin, confidence=args.confidence, population=args.population,
            response_rate=args.response_rate,
        ), {}  # fmt: skip
    data = survey.read_table(
        args.file, sheet=args.sheet, columns=parse_mapping(args.columns, what="--columns")
    )
    if args.analysis == "servqual":
        instrument = survey.read_instrument(args.instrument, scale=args.scale) if args.instrument else None
        scores = survey.servqual(
            data,
            instrument=instrument,
            weights=args.weights,
            scale=args.scale,
            wording=args.wording,
            confidence=args.confidence,
            alpha=not args.no_alpha,
            margin=args.margin,
            prefixes=_prefixes(args.prefixes),
        )
        return scores, _survey_by_factor(scores, args.service)
    if args.analysis == "tolerance":
        zone = survey.tolerance(data, scale=args.scale)
        if args.unit or args.write_back:
            return zone, _survey_tolerance(zone, args)
        return zone, _survey_by_factor(zone, args.service)
    if args.analysis == "kano":
        classes = survey.kano(data, rule=args.rule, table=args.table)
        if args.chart:
            classes.chart(args.chart)
        return classes, _survey_bpm(classes, args)
    crosshair = args.crosshair if args.crosshair in ("mean", "midpoint") else _pair(args.crosshair)
    quadrants = survey.ipa(data, importance=args.importance, crosshair=crosshair, scale=args.scale)
    if args.chart:
        quadrants.chart(args.chart)
    if args.service:
        from .measure.survey.importance import importance_review

        return quadrants, importance_review(quadrants, args.service, write=args.write_back)
    if args.write_back:
        raise UsageError("--write-back needs --service SERVICE.yaml")
    return quadrants, {}


def _survey_by_factor(result: object, service_path: str | None) -> dict[str, Any]:
    if not service_path:
        return {}
    from .io.load import load
    from .measure.survey.linking import link
    from .measure.survey.output import to_text

    linked = link(result, load(service_path))
    return {"json": linked.to_dict(), "text": to_text(linked)}


def _survey_bpm(result: object, args: argparse.Namespace) -> dict[str, Any]:
    if not args.service:
        if args.write_back:
            raise UsageError("--write-back needs --service SERVICE.yaml")
        return {}
    from .measure.survey.writeback import bpm_review

    return bpm_review(result, args.service, mapping=args.map, write=args.write_back)


def _survey_tolerance(result: object, args: argparse.Namespace) -> dict[str, Any]:
    if not (args.service and args.unit):
        raise UsageError("--unit and --write-back need --service SERVICE.yaml and --unit UNIT")
    from .measure.survey.tolerance_writeback import review

    return review(
        result, args.service, unit=args.unit, mapping=args.map, survey=args.file, write=args.write_back
    )


def _pair(text: str) -> tuple[float, float]:
    try:
        first, second = (float(x) for x in text.split(","))
    except ValueError:
        raise UsageError(f"--crosshair {text!r}: use mean, midpoint or IMPORTANCE,PERFORMANCE") from None
    return first, second


def _prefixes(text: str) -> tuple[str, str]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(parts) or parts[0] == parts[1]:
        raise UsageError(f"--prefixes {text!r}: give two different prefixes, expectation first, e.g. E,P")
    return parts[0], parts[1]


# -- votes ------------------------------------------------------------------------


def _add_votes(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser(
        "votes", help="workshop votes from a CSV (paper or form): the tag changes they propose"
    )
    cmd.add_argument("path", metavar="FILE", help="service file")
    cmd.add_argument("votes", metavar="VOTES.csv",
                     help="participant,factor,class,importance,role (role: customer or staff)")  # fmt: skip
    cmd.add_argument("--write", action="store_true", help="accept the proposed changes and save FILE")
    cmd.add_argument("--scale", default="1-5", help="importance rating scale as LOW-HIGH (default: 1-5)")
    cmd.add_argument("--format", choices=["text", "json"], default="text")
    cmd.set_defaults(run=_run_votes)


def _run_votes(args: argparse.Namespace) -> int:
    from .errors import BlueprintError
    from .formats import text_report
    from .io.load import read
    from .measure.survey.instrument import Scale
    from .measure.survey.vote_review import review_votes
    from .measure.survey.voting_import import read_votes

    loaded = _read(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)]), file=sys.stderr)
        return EXIT_FINDINGS
    try:
        scale = Scale.parse(args.scale)
        votes = read_votes(args.votes, loaded.service, scale=(scale.low, scale.high))
        review = review_votes(loaded.service, votes, scale=(scale.low, scale.high))
        if args.write:
            review.write()
    except (BlueprintError, OSError) as exc:  # votes that cannot be read, a file changed on disk
        print(f"blueprint votes: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    if args.format == "json":
        import json

        print(json.dumps(review.to_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(review.to_text())
    return EXIT_OK


# -- lab --------------------------------------------------------------------------


def _add_lab(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser("lab", help="start JupyterLab on the tutorial notebooks")
    cmd.add_argument("folder", nargs="?", metavar="FOLDER",
                     help="folder to open (default: ./notebooks, else the current folder)")  # fmt: skip
    cmd.add_argument("--port", type=int, help="port to serve on (default: JupyterLab's choice)")
    cmd.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    cmd.set_defaults(run=_run_lab)


def _run_lab(args: argparse.Namespace) -> int:
    import subprocess
    from importlib.util import find_spec

    if find_spec("jupyterlab") is None:
        raise UsageError('JupyterLab is not installed: pip install "blueprint-service-design[notebook]"')
    default = Path("notebooks") if Path("notebooks").is_dir() else Path.cwd()
    folder = Path(args.folder) if args.folder else default
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder")
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder.resolve()}"]
    if args.port:
        command.append(f"--ServerApp.port={args.port}")
    if args.no_browser:
        command.append("--no-browser")
    return subprocess.call(command)


# -- render -----------------------------------------------------------------------


def _add_render(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser(
        "render", help="draw a service: blueprint, cycle, emotion, channels or elements view"
    )
    cmd.add_argument("path", metavar="FILE")
    views = ["blueprint", "cycle", "emotion", "channels", "elements"]
    cmd.add_argument("--view", default="blueprint", choices=views, help="which picture (default: blueprint)")
    cmd.add_argument("-o", "--output", metavar="OUT", required=True,
                     help="file to write; the suffix picks the format: .svg .png .pdf .dot")  # fmt: skip
    cmd.add_argument("--lang", metavar="LANG", help="use the titles translated to LANG, e.g. zh")
    cmd.add_argument("--data", metavar="DIR",
                     help="elements view: each cell's compliance, measured on the data in DIR")  # fmt: skip
    cmd.set_defaults(run=_run_render)


def _run_render(args: argparse.Namespace) -> int:
    from .errors import BlueprintError
    from .formats import text_report, use_colour
    from .io.load import read
    from .render import render
    from .render.output import FORMATS

    target = _target(args.output, "-o")
    if target.suffix.lower() not in FORMATS:
        raise UsageError(f"{target}: cannot tell the format from {target.suffix or 'no suffix'!r}; "
                         "use .svg, .png, .pdf or .dot")  # fmt: skip
    loaded = _read(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)], colour=use_colour()), file=sys.stderr)
        return EXIT_FINDINGS
    options = {}
    if args.data is not None:
        if args.view != "elements":
            raise UsageError("--data draws compliance on the elements view only: add --view elements")
        options["compliance"] = _whole_period_compliance(loaded.service, args.data)
    try:
        render(loaded.service, view=args.view, lang=args.lang, **options).save(target)
    except (BlueprintError, ValueError) as exc:  # Graphviz missing, a view that cannot draw this service
        print(f"blueprint render: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    except OSError as exc:
        raise UsageError(f"{target}: cannot be written ({exc.strerror or exc})") from None
    print(f"{target}: {args.view} view written")
    return EXIT_OK


def _whole_period_compliance(service: Any, data: str) -> dict[str, tuple[str, float | None]]:
    """Each standard's verdict and share met over the whole period of ``data``."""
    from .measure import measure

    if not Path(data).is_dir():
        raise UsageError(f"--data {data}: no such folder")
    result = measure(service, data=data, promises=False)
    return {o.id: (o.status, o.share) for o in result.outcomes if o.kind == "standard"}


# -- measure / example-data -------------------------------------------------------


def _add_data_options(cmd: argparse.ArgumentParser, *, required: bool) -> None:
    data = cmd.add_argument_group("operational data (gap 3, and gap 4 with data)")
    data.add_argument("--data", metavar="DIR", required=required,
                      help="folder holding the files the standards name in measurement.source")  # fmt: skip
    data.add_argument("--by", default="", metavar="KEYS",
                      help="group by dimensions and time keys, e.g. site,month (default: none)")  # fmt: skip
    data.add_argument("--columns", metavar="ROLE=COLUMN,...",
                      help="map metric, value, timestamp, id or a dimension to your columns")  # fmt: skip
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


def _measure(service: object, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .measure import measure
    from .measure.spark import backend_named

    if args.data is not None and not Path(args.data).is_dir():
        raise UsageError(f"--data {args.data}: no such folder")
    try:
        return measure(
            service,  # type: ignore[arg-type]
            data=args.data,
            by=args.by,
            columns=args.columns,
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


def _add_measure(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser("measure", help="hold standards and promises against operational data")
    cmd.add_argument("path", metavar="FILE", help="service file")
    cmd.add_argument("--format", choices=["table", "json", "csv"], default="table")
    cmd.add_argument("-o", "--output", metavar="FILE", help="write the result there, not to standard output")
    cmd.add_argument("--fail-on", choices=["error", "warning", "info"], default="error",
                     help="lowest severity that makes the exit code 1 (default: error)")  # fmt: skip
    _add_data_options(cmd, required=False)
    cmd.set_defaults(run=_run_measure)


def _run_measure(args: argparse.Namespace) -> int:
    from .formats import text_report, use_colour
    from .io.load import read
    from .model.vocabulary import Severity

    if args.output:
        _target(args.output, "-o")  # before the measurement, which may take long
    loaded = _read(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)], colour=use_colour()), file=sys.stderr)
        return EXIT_FINDINGS
    result = _measure(loaded.service, args)
    text = {"json": result.to_json, "csv": result.to_csv}.get(args.format, result.to_text)()
    _write_output(text, args.output, what="the measurement")
    if result.findings and args.format != "json":
        report = text_report([(args.path, result.findings, None)], colour=use_colour(sys.stderr))
        print(report, file=sys.stderr if args.format == "csv" or args.output else sys.stdout)
    if args.format != "table" or args.output:  # the table ends with this line; elsewhere it goes aside
        print(f"{args.path}: {result.coverage()}", file=sys.stderr)
    threshold = Severity(args.fail_on).rank
    return EXIT_FINDINGS if any(f.severity.rank >= threshold for f in result.findings) else EXIT_OK


def _add_diagnose(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser("diagnose", help="the four service types per group, from measured compliance")
    cmd.add_argument("path", metavar="FILE", help="service file")
    cmd.add_argument("--format", choices=["table", "json"], default="table")
    cmd.add_argument("-o", "--output", metavar="FILE", help="write the result there, not to standard output")
    cmd.add_argument("--high", type=float, default=0.8, metavar="SHARE",
                     help="share of a side's standards met that counts as high (default: 0.8)")  # fmt: skip
    cmd.add_argument("--chart", metavar="FILE", help="draw the quadrant chart (.svg, .png, .pdf)")
    _add_data_options(cmd, required=True)
    cmd.set_defaults(run=_run_diagnose)


def _run_diagnose(args: argparse.Namespace) -> int:
    from .formats import text_report, use_colour
    from .io.load import read
    from .measure.service_types import diagnose

    if not 0 < args.high <= 1:
        raise UsageError(f"--high {args.high:g}: give a share above 0 and at most 1, e.g. 0.8")
    if args.chart and Path(args.chart).suffix.lower() not in (".svg", ".png", ".pdf"):
        raise UsageError(f"--chart {args.chart}: name a .svg, .png or .pdf file")
    loaded = _read(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)], colour=use_colour()), file=sys.stderr)
        return EXIT_FINDINGS
    result = _measure(loaded.service, args)
    diagnosis = diagnose(loaded.service, result, high=args.high)
    text = (diagnosis.to_json() if args.format == "json" else diagnosis.to_text()) + "\n"
    if args.output:
        from .io.atomic import write_atomic

        write_atomic(Path(args.output), text)
    else:
        sys.stdout.write(text)
    if args.chart:
        diagnosis.chart(args.chart)
    return EXIT_OK


def _add_example_data(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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

    from .measure.example_data import write_example

    service = None
    path = Path(args.service) if args.service else Path("standards/hotel-stay.yaml")
    if args.service or path.exists():
        from .io.load import read

        loaded = _read(path, read)
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


# -- shared -----------------------------------------------------------------------


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


def _read(path: Path, read: Callable):  # type: ignore[no-untyped-def,type-arg]
    try:
        return read(path)
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror or exc})") from None


_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [  # type: ignore[type-arg]
    _add_check,
    _add_suggest,
    _add_rules,
    _add_summary,
    _add_schema,
    _add_export,
    _add_import,
    _add_report,
    _add_survey,
    _add_votes,
    _add_lab,
    _add_render,
    _add_measure,
    _add_diagnose,
    _add_example_data,
]

if __name__ == "__main__":
    raise SystemExit(main())

"""The commands about service files themselves: check, suggest, rules, summary, schema."""

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
    add_data_options,
    add_survey_options,
    measure_with_options,
    read_service,
    service_files,
    survey_options,
    write_output,
)

__all__ = ["add_commands"]


def add_commands(commands: Subcommands) -> None:
    """Add check, suggest, rules, summary and schema, in this order."""
    for add in (_add_check, _add_suggest, _add_rules, _add_summary, _add_schema):
        add(commands)


def _add_check(commands: Subcommands) -> None:
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
    add_survey_options(cmd, "survey export(s) as for report: BP302 (gap 1) reads the importance "
                            "customers showed in the IPA or Kano survey")  # fmt: skip
    add_data_options(cmd, required=False)
    cmd.set_defaults(run=_run_check)


def _run_check(args: argparse.Namespace) -> int:
    from ..checks import check
    from ..errors import BlueprintError
    from ..findings_output import report, use_colour
    from ..io.load import read
    from ..io.project_config import ConfigError, load_config
    from ..model.vocabulary import Severity

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
        surveys = _check_surveys(args.survey, survey_options(args))
    except BlueprintError as exc:  # a survey export that cannot be read: as the report does, exit 1
        print(f"blueprint check: --survey: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    results, coverage = [], []
    for path in files:
        loaded = read_service(path, read)
        summary = _one_line(loaded.service) if loaded.service is not None else None
        context = _gap1_context(surveys, loaded.service)
        findings = loaded.findings if args.no_lint else check(loaded, config, context=context)
        if args.data is not None and loaded.service is not None:  # gap 3 and gap 4 on operational data
            measured = measure_with_options(loaded.service, args)
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


def _check_surveys(names: list[str], reading: dict[str, Any]) -> dict[str, Any]:
    """The survey exports of ``--survey``, their notes printed aside; a missing one is a usage error."""
    if not names:
        return {}
    from ..report.pipeline import read_survey_exports

    for name in names:
        if not Path(name).exists():
            raise UsageError(f"--survey {name}: no such file or folder")
    surveys, notes = read_survey_exports(names, **reading)
    for note in notes:
        print(f"survey: {note}", file=sys.stderr)
    return surveys


def _gap1_context(surveys: dict[str, Any], service: Any) -> dict[str, Any]:
    if not surveys:  # the survey analysis is not even imported
        return {}
    from ..survey.importance import gap1_context

    context, notes = gap1_context(surveys, service)
    for note in notes:
        print(f"survey: {note}", file=sys.stderr)
    return context


def _one_line(service: object) -> str:
    from ..model.service import Service

    assert isinstance(service, Service)
    return (
        f"{len(service.moments)} moments, {len(service.steps)} steps, {len(service.factors)} factors, "
        f"{len(service.standards)} standards, {len(service.promises)} promises"
    )


def _add_suggest(commands: Subcommands) -> None:
    cmd = commands.add_parser("suggest", help="draft standards for a key factor, by element and sub-item")
    cmd.add_argument("path", metavar="FILE")
    cmd.add_argument("--factor", required=True, metavar="ID", help="the key factor to draft standards for")
    cmd.add_argument("--format", choices=["text", "yaml"], default="text",
                     help="text to read, or YAML to paste into the file (default: text)")  # fmt: skip
    cmd.set_defaults(run=_run_suggest)


def _run_suggest(args: argparse.Namespace) -> int:
    from ..checks.suggest import suggest, suggestions_text, suggestions_yaml
    from ..findings_output import text_report, use_colour
    from ..io.load import read

    loaded = read_service(Path(args.path), read)
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


def _add_rules(commands: Subcommands) -> None:
    cmd = commands.add_parser("rules", help="list the lint rules (or write docs/rules.md with --markdown)")
    cmd.add_argument("--markdown", action="store_true", help="the rule reference as Markdown")
    cmd.set_defaults(run=_run_rules)


def _run_rules(args: argparse.Namespace) -> int:
    from ..checks.reference import rules_markdown, rules_text

    sys.stdout.write(rules_markdown() if args.markdown else rules_text())
    return EXIT_OK


def _add_schema(commands: Subcommands) -> None:
    cmd = commands.add_parser("schema", help="write the JSON Schema of the service file format")
    cmd.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
    cmd.set_defaults(run=_run_schema)


def _run_schema(args: argparse.Namespace) -> int:
    from ..io.schema import schema_text

    write_output(schema_text(), args.output, what="the schema")
    return EXIT_OK


def _add_summary(commands: Subcommands) -> None:
    cmd = commands.add_parser("summary", help="describe one service: moments, factors, standards, paths")
    cmd.add_argument("path", metavar="FILE")
    cmd.set_defaults(run=_run_summary)


def _run_summary(args: argparse.Namespace) -> int:
    from ..findings_output import text_report, use_colour
    from ..io.load import read

    loaded = read_service(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)], colour=use_colour()))
        return EXIT_FINDINGS
    from ..escaping import terminal

    info = loaded.service.info  # its title heads the summary: shown with its escapes, on one line
    heading = f"{info.title} ({info.id})"
    text = loaded.service.summary().replace(heading, f"{terminal(info.title)} ({info.id})", 1)
    print("\n".join(terminal(line) for line in text.splitlines()))
    return EXIT_OK

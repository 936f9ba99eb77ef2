"""The ``blueprint`` command: a thin shell that parses, calls the library and prints.

Each command family is a module here (:mod:`.check`, :mod:`.convert`,
:mod:`.report`, :mod:`.survey`, :mod:`.workshop`, :mod:`.lab`, :mod:`.render`,
:mod:`.measure`) whose ``add_commands`` declares its commands' arguments; each
command's ``_run_<name>`` does the work, importing the library inside, so the
command line starts fast. What the commands share (exit codes, usage errors,
reading and writing files, the data options) is in :mod:`.common`. Exit
codes: 0 nothing at or above ``--fail-on``, 1 findings, 2 usage error or a
path that cannot be read.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Sequence

from . import check, convert, lab, measure, render, report, survey, workshop
from .common import EXIT_OK, EXIT_USAGE, Subcommands, UsageError

__all__ = ["COMMAND_FAMILIES", "main"]

#: the command families in the order ``blueprint --help`` lists their commands
COMMAND_FAMILIES: list[Callable[[Subcommands], None]] = [
    check.add_commands,  # check, suggest, rules, summary, schema
    convert.add_commands,  # export, import
    report.add_commands,  # report
    survey.add_commands,  # survey
    workshop.add_commands,  # votes, workshop (present)
    lab.add_commands,  # lab
    render.add_commands,  # render
    measure.add_commands,  # measure, diagnose, example-data
]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _one_line(args.command)
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


def _one_line(command: str) -> Callable[..., None]:
    """Print a warning as the commands print everything: one line naming the command, no source."""

    def show(message: Warning | str, *_: object, **__: object) -> None:
        print(f"blueprint {command}: warning: {message}", file=sys.stderr)

    return show


def _parser() -> argparse.ArgumentParser:
    from .._version import __version__

    parser = argparse.ArgumentParser(
        prog="blueprint",
        description="Service design as code: moments of truth, key factors, standards, gaps.",
    )
    parser.add_argument("--version", action="version", version=f"blueprint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in COMMAND_FAMILIES:
        add(commands)
    return parser

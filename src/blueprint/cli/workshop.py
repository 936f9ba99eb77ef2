"""Workshops: the tag changes a room's votes propose (``votes``), and the presenter
(``workshop present``) that shows the workshop alone on a projector."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Subcommands, UsageError, read_service

__all__ = ["add_commands"]


def add_commands(commands: Subcommands) -> None:
    """Add votes and the workshop group (present)."""
    _add_votes(commands)
    group = commands.add_parser("workshop", help="run a workshop: present it to the room")
    subcommands = group.add_subparsers(dest="workshop_command", metavar="SUBCOMMAND")
    group.set_defaults(run=lambda _args: _usage(group))
    _add_present(subcommands)


def _usage(group: argparse.ArgumentParser) -> int:
    group.print_help(sys.stderr)
    return EXIT_USAGE


def _add_present(commands: Subcommands) -> None:
    cmd = commands.add_parser(
        "present",
        help="show the room only the workshop (Voilà, projector type); works on a copy",
        description="Serve the workshop on FILE with Voilà in projector type: the moment, the votes, "
        "agreeing a standard and the closing view, and nothing else. What the room decides is saved "
        "to a copy of FILE (printed) unless --in-place.",
    )
    cmd.add_argument("path", metavar="FILE", help="service file")
    cmd.add_argument("--port", type=int, help="port to serve on (default: Voilà's, 8866)")
    cmd.add_argument("--participant", action="append", default=[], metavar="NAME",
                     help="someone in the room who votes as staff (repeat for each)")  # fmt: skip
    cmd.add_argument("--customer", action="append", default=[], metavar="NAME",
                     help="who speaks for customers, e.g. a guest panel (repeat for each)")  # fmt: skip
    where = cmd.add_mutually_exclusive_group()
    where.add_argument(
        "--folder", metavar="DIR", help="working folder for the copy (default: a new temp folder)"
    )
    where.add_argument("--in-place", action="store_true", help="save into FILE itself, not a copy")
    cmd.add_argument("--lang", help="show titles in this language where translated (e.g. zh)")
    cmd.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    cmd.set_defaults(run=_run_present)


def _run_present(args: argparse.Namespace) -> int:
    from importlib.util import find_spec

    from ..errors import BlueprintError
    from ..formats import text_report
    from ..io.load import read

    if find_spec("voila") is None or find_spec("ipywidgets") is None:
        raise UsageError('Voilà is not installed: pip install "blueprint-service-design[notebook]"')
    loaded = read_service(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)]), file=sys.stderr)
        return EXIT_FINDINGS
    from ..widgets.presenter import prepare, run_server, voila_command

    try:
        setup = prepare(args.path, folder=args.folder, in_place=args.in_place,
                        participants=args.participant, customers=args.customer, lang=args.lang)  # fmt: skip
    except (BlueprintError, OSError) as exc:
        raise UsageError(str(exc)) from None
    if setup.in_place:
        print(f"Saving into {setup.service_file} itself (--in-place).")
    else:
        print(f"Working on a copy: {setup.service_file}")
        print(f"(the original {args.path} is not changed; copy the file back when the room has agreed)")
    port = args.port or 8866
    print(f"Presenting at http://localhost:{port}/ (Ctrl+C to stop)", flush=True)
    return run_server(voila_command(setup.notebook, port=port, browser=not args.no_browser))


def _add_votes(commands: Subcommands) -> None:
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
    from ..errors import BlueprintError
    from ..formats import text_report
    from ..io.load import read
    from ..workshop.vote_review import review_votes_file

    loaded = read_service(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)]), file=sys.stderr)
        return EXIT_FINDINGS
    try:
        review = review_votes_file(loaded.service, args.votes, scale=args.scale, write=args.write)
    except (BlueprintError, OSError) as exc:  # votes that cannot be read, a file changed on disk
        print(f"blueprint votes: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    if args.format == "json":
        import json

        print(json.dumps(review.to_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(review.to_text())
    return EXIT_OK

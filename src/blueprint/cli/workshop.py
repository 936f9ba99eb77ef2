"""Workshops: the tag changes a room's votes propose and saving them; live voting from phones
(``workshop serve``); the presenter that shows the workshop alone on a projector (``workshop present``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import EXIT_FINDINGS, EXIT_OK, Subcommands, UsageError, read_service

__all__ = ["add_commands"]


def add_commands(commands: Subcommands) -> None:
    """Add votes, workshop."""
    _add_votes(commands)
    _add_workshop(commands)


def _add_votes(commands: Subcommands) -> None:
    cmd = commands.add_parser(
        "votes", help="workshop votes from a CSV (paper or form): the tag changes they propose"
    )
    cmd.add_argument("path", metavar="FILE", help="service file")
    cmd.add_argument("votes", metavar="VOTES.csv",
                     help="participant,factor,class,importance,role (role: customer or staff)")  # fmt: skip
    cmd.add_argument("--write", action="store_true", help="accept the proposed changes and save FILE")
    cmd.add_argument("--scale", default="1-5", help="importance rating scale as LOW-HIGH (default: 1-5)")
    cmd.add_argument("--below-quorum", action="store_true",
                     help="also propose factors fewer than half the participants voted on")  # fmt: skip
    cmd.add_argument("--format", choices=["text", "json"], default="text")
    cmd.set_defaults(run=_run_votes)


def _run_votes(args: argparse.Namespace) -> int:
    from ..errors import BlueprintError
    from ..findings_output import text_report
    from ..io.load import read
    from ..workshop.vote_review import review_votes_file

    loaded = read_service(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)]), file=sys.stderr)
        return EXIT_FINDINGS
    try:
        review = review_votes_file(
            loaded.service, args.votes, scale=args.scale, write=args.write, below_quorum=args.below_quorum
        )
    except (BlueprintError, OSError) as exc:  # votes that cannot be read, a file changed on disk
        print(f"blueprint votes: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    if args.format == "json":
        import json

        print(json.dumps(review.to_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(review.to_text())
    return EXIT_OK


def _add_workshop(commands: Subcommands) -> None:
    cmd = commands.add_parser("workshop", help="run a workshop: live voting from phones, the presenter")
    actions = cmd.add_subparsers(dest="action", metavar="ACTION", required=True)
    serve = actions.add_parser(
        "serve", help="serve the voting page until Ctrl-C; the first line is the join URL"
    )
    serve.add_argument("path", metavar="FILE", help="service file")
    serve.add_argument("--host", help="address to listen on (default: this machine's address on the LAN)")
    serve.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    serve.add_argument("--db", metavar="PATH",
                       help="votes database (default: <service-id>.votes.sqlite beside FILE)")  # fmt: skip
    serve.add_argument("--scale", default="1-5", help="importance rating scale as LOW-HIGH (default: 1-5)")
    serve.add_argument("--new-token", action="store_true",
                       help="replace the join token kept in the database")  # fmt: skip
    serve.set_defaults(run=_run_workshop_serve)
    _add_present(actions)


def _run_workshop_serve(args: argparse.Namespace) -> int:
    from importlib.util import find_spec

    from ..errors import BlueprintError
    from ..findings_output import text_report
    from ..io.load import read
    from ..survey.instrument import Scale

    if any(find_spec(name) is None for name in ("starlette", "uvicorn", "segno")):
        raise UsageError('live voting needs its server: pip install "blueprint-service-design[live]"')
    from ..workshop.live.server import VotingServer
    from ..workshop.live.store import StoreError

    loaded = read_service(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)]), file=sys.stderr)
        return EXIT_FINDINGS
    try:
        scale = Scale.parse(args.scale)
    except BlueprintError as exc:
        raise UsageError(str(exc)) from None
    try:
        server = VotingServer(loaded.service, args.db, host=args.host, port=args.port,
                              scale=(scale.low, scale.high), new_token=args.new_token)  # fmt: skip
    except (StoreError, ValueError) as exc:  # a votes file of another service; a scale phones cannot show
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {args.host or 'the LAN address'}:{args.port} ({exc.strerror or exc})"
        ) from None
    print("\n".join(server.banner()), flush=True)
    server.serve()
    print(f"voting closed; {len(server.store.votes())} votes kept in {server.db}", flush=True)
    return EXIT_OK


def _add_present(commands: Subcommands) -> None:
    cmd = commands.add_parser(
        "present",
        help="show the room only the workshop (Voilà, projector type); works on a copy",
        description="Serve the workshop on FILE with Voilà in projector type: the moment, the votes, "
        "agreeing a standard, the closing view and the blueprint, and nothing else. What the room "
        "decides is saved to a copy of FILE (printed) unless --in-place.",
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
    from ..findings_output import text_report
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

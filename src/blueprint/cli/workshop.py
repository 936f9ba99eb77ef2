"""Workshop votes: the tag changes a room's votes propose, and saving them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import EXIT_FINDINGS, EXIT_OK, Subcommands, read_service

__all__ = ["add_commands"]


def add_commands(commands: Subcommands) -> None:
    """Add votes."""
    _add_votes(commands)


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

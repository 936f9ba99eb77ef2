"""Starting JupyterLab on the tutorial notebooks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import Subcommands, UsageError

__all__ = ["add_commands"]


def add_commands(commands: Subcommands) -> None:
    """Add lab."""
    _add_lab(commands)


def _add_lab(commands: Subcommands) -> None:
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

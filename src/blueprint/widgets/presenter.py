"""The presenter: the workshop alone on a projector, served by Voilà (``blueprint workshop present``).

:func:`prepare` makes a working copy of the service file (unless told to
work in place) and writes beside it a one-cell notebook that shows
``Workshop(..., presenter=True)``; :func:`voila_command` is the Voilà command
that serves it. Voilà shows outputs only, so the room sees the workshop and
nothing else: no tutorial text, no code, no file paths.

>>> import pathlib, tempfile
>>> from blueprint.model.examples import tiny_service
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> original = folder / "tiny.yaml"
>>> tiny_service().save(original)
>>> setup = prepare(original, folder=folder / "room", participants=["Ana"], customers=["Guest panel"])
>>> setup.service_file == folder / "room" / "tiny.yaml", setup.notebook.name
(True, 'tiny-present.ipynb')
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PresenterSetup", "prepare", "presenter_notebook", "run_server", "voila_command"]


@dataclass(frozen=True)
class PresenterSetup:
    """What :func:`prepare` made: the file the workshop saves to, and the notebook Voilà serves."""

    service_file: Path
    notebook: Path
    in_place: bool


def presenter_notebook(
    service_file: Path,
    participants: Iterable[str] = (),
    customers: Iterable[str] = (),
    *,
    lang: str | None = None,
) -> str:
    """The notebook (as JSON text) whose one cell shows the presenter's workshop on ``service_file``."""
    import nbformat

    code = "\n".join(
        [
            "import warnings",
            'warnings.simplefilter("ignore")  # the room sees the workshop, not the library\'s notices',
            "import blueprint",
            "from blueprint.widgets import Workshop",
            "",
            f"service = blueprint.load({json.dumps(str(service_file))})",
            "Workshop(",
            f"    service, participants={json.dumps(list(participants), ensure_ascii=False)},",
            f"    customers={json.dumps(list(customers), ensure_ascii=False)},",
            f"    lang={json.dumps(lang)}, presenter=True,",
            ")",
        ]
    ).replace("lang=null", "lang=None")
    book = nbformat.v4.new_notebook()
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    book.cells = [nbformat.v4.new_code_cell(code)]
    text: str = nbformat.writes(book)
    return text


def prepare(
    source: str | Path,
    *,
    folder: str | Path | None = None,
    in_place: bool = False,
    participants: Iterable[str] = (),
    customers: Iterable[str] = (),
    lang: str | None = None,
) -> PresenterSetup:
    """Make the working copy (in ``folder``, default a new temporary folder) and the presenter's notebook.

    ``in_place=True`` saves into ``source`` itself; the notebook then goes
    into ``folder`` or a temporary folder, never beside the original.
    """
    import tempfile

    from ..io.workcopy import working_copy

    source = Path(source).resolve()
    if in_place:
        service_file = source
        where = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="blueprint-present-"))
        where.mkdir(parents=True, exist_ok=True)
    else:
        service_file = working_copy(source, folder, prefix="blueprint-present-").resolve()
        where = service_file.parent
    customers = list(customers)
    names = list(dict.fromkeys([*participants, *customers]))
    notebook = where / f"{source.stem}-present.ipynb"
    notebook.write_text(presenter_notebook(service_file, names, customers, lang=lang), encoding="utf-8")
    return PresenterSetup(service_file, notebook, in_place)


def voila_command(notebook: Path, *, port: int | None = None, browser: bool = True) -> list[str]:
    """The command that serves ``notebook`` with Voilà on this machine (localhost)."""
    command = [
        sys.executable, "-m", "voila", str(notebook), "--theme=light", "--strip_sources=True",
        "--Voila.ip=127.0.0.1", "--VoilaConfiguration.show_tracebacks=False",
    ]  # fmt: skip
    if port:
        command.append(f"--port={port}")
    if not browser:
        command.append("--no-browser")
    return command


def run_server(command: list[str]) -> int:
    """Run the server ``command`` until it ends; Ctrl+C or a SIGTERM to this process stops it too.

    The server is a child process: stopping this process must not leave it
    serving the room's file behind.
    """
    import signal
    import subprocess

    server = subprocess.Popen(command)

    def stop(_signum: int, _frame: object) -> None:
        server.terminate()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait()
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)

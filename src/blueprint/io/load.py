"""Load a service file: every problem in one pass, each with file, line, column and fix.

The entry points. Reading the text is bounded and checked here (size, UTF-8);
:mod:`~blueprint.io.yaml_fast` and :mod:`~blueprint.io.yaml_located` parse it,
:mod:`~blueprint.io.records` reads the records and
:mod:`~blueprint.io.load_errors` explains those that do not validate.
"""

from __future__ import annotations

import os

from .._collector import collector_paused
from ..errors import LoadError
from ..model.findings import Finding, Location
from ..model.service import SECTIONS, Service
from ..model.vocabulary import Severity
from .document import digest
from .files import open_regular, read_bounded
from .records import FORMAT_VERSION, FastReadStopped, Loaded, Reader
from .yaml_located import LIMITS, YamlProblem, parse, too_large

__all__ = ["FORMAT_VERSION", "SECTIONS", "Loaded", "load", "read", "read_text"]

#: files at least this long try the fast parser first
FAST_PATH_BYTES = 64 * 1024


def load(path: str | os.PathLike[str]) -> Service:
    """Load the service in ``path``; raise :class:`~blueprint.errors.LoadError` listing every problem.

    >>> service = load("standards/hotel-stay.yaml")
    >>> len(service.moments), len(service.standards)
    (16, 37)
    """
    loaded = read(path)
    if not loaded.ok:
        raise LoadError(loaded.source, loaded.findings)
    assert loaded.service is not None
    return loaded.service


def read(path: str | os.PathLike[str]) -> Loaded:
    """Read ``path`` into a :class:`Loaded`; never raises for bad content.

    ``OSError`` (missing file, no permission, a folder, pipe or device:
    :class:`~blueprint.io.files.NotARegularFile`) still propagates: that is a
    usage problem, not a problem of the file.
    """
    source = os.fspath(path)
    with open_regular(path) as handle:  # a pipe or a device is refused at once, never read
        size = os.fstat(handle.fileno()).st_size
        # refused before reading, so memory stays bounded (also if the file grows meanwhile)
        raw = read_bounded(handle, LIMITS["max_bytes"]) if size <= LIMITS["max_bytes"] else None
    if raw is None:
        problem = too_large(max(size, LIMITS["max_bytes"] + 1))
        finding = Finding(
            "BP001", Severity.ERROR, problem.message, problem.hint, location=Location(source, 1, 1)
        )
        return Loaded(source, None, [finding])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n")
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1)
        finding = Finding(
            "BP010",
            Severity.ERROR,
            "the file is not UTF-8 text",
            "save it as UTF-8 (service files are YAML text)",
            location=Location(source, line + 1, column + 1),
        )
        return Loaded(source, None, [finding])
    loaded = read_text(text, source)
    if loaded.service is not None:
        loaded.service.document.bom = raw.startswith(b"\xef\xbb\xbf")
        loaded.service.document.fingerprint = digest(raw)
    return loaded


def read_text(text: str, source: str = "<string>") -> Loaded:
    """Read service YAML held in a string; ``source`` names it in findings.

    Large files are first read by the fast parser; only a file with problems
    pays for the careful, located parse that reports them.
    """
    with collector_paused():
        return _read_text(text, source)


def _read_text(text: str, source: str) -> Loaded:
    if len(text) >= FAST_PATH_BYTES:
        from .yaml_fast import parse_fast  # small files never need it, nor its imports

        fast = parse_fast(text)
        if fast is not None:
            try:  # a file without problems is done; at the first problem, read it carefully
                loaded = Reader(fast, source, text, fast=True).read()
            except FastReadStopped:
                loaded = None
            if loaded is not None and not loaded.findings:
                return loaded
    try:
        data = parse(text)
    except YamlProblem as problem:
        line = None if problem.line is None else problem.line + 1
        column = None if problem.column is None else problem.column + 1
        finding = Finding(
            "BP001", Severity.ERROR, problem.message, problem.hint, location=Location(source, line, column)
        )
        return Loaded(source, None, [finding])
    return Reader(data, source, text).read()

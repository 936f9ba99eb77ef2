"""Where a standard's ``measurement.source`` points, and whether it may be read.

A source is written in the service file, which may come from anyone who can
open a pull request; reading ``../../etc/shadow`` because a YAML file says so
would turn the nightly check into a way to leak files. So a source path is
resolved against a base folder (the service file's folder, or the folder given
with ``--data``) and refused when it leaves the project folder, unless the
caller allows it explicitly.

>>> from pathlib import Path
>>> resolve_source("data/checkin.csv", base=Path("/srv/hotel/standards"), root=Path("/srv/hotel"))
PosixPath('/srv/hotel/standards/data/checkin.csv')
>>> resolve_source("../../../etc/passwd", base=Path("/srv/hotel/standards"))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
blueprint.measure.paths.SourcePathError: source '../../../etc/passwd' leads to /etc/passwd, outside ...
"""

from __future__ import annotations

import glob
import os
import re
import sys
from pathlib import Path

from ..errors import BlueprintError

__all__ = [
    "FILE_SUFFIXES",
    "SourcePathError",
    "expand",
    "is_file_source",
    "is_pattern",
    "is_url",
    "project_root",
    "resolve_source",
]

#: suffixes that make a source a file; anything else names a table on the backend
FILE_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".pq", ".csv.gz", ".tsv.gz", ".xlsx")
_MARKERS = ("pyproject.toml", ".git", "blueprint.toml")


class SourcePathError(BlueprintError, ValueError):
    """A source path that may not be read: outside the project, or not a path at all."""


def is_file_source(source: str) -> bool:
    """Whether ``source`` names a file (by its suffix) rather than a table on the backend.

    >>> is_file_source("data/checkin.csv"), is_file_source("ops.checkins")
    (True, False)
    """
    name = source.lower()
    return name.endswith(FILE_SUFFIXES) or "/" in name or "\\" in name or "*" in name


_URL = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def is_url(source: str) -> bool:
    """Whether ``source`` is a URL (an object store's ``s3a://bucket/ops/checkin.parquet``, ``file://``).

    >>> is_url("s3a://ops-lake/checkins/2025.parquet"), is_url("data/checkin.csv"), is_url("C:/ops/a.csv")
    (True, False, False)
    """
    return bool(_URL.match(source))


def project_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds a project marker, else ``start``.

    Markers are ``pyproject.toml``, ``.git`` and ``blueprint.toml``.
    """
    start = Path(os.path.abspath(start))
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in _MARKERS):
            return folder
    return start


def resolve_source(source: str, *, base: Path, root: Path | None = None, allow_outside: bool = False) -> Path:
    """The absolute path of file source ``source``, read relative to ``base``.

    Raises :class:`SourcePathError` when the path (after following ``..`` and
    symbolic links) lies outside ``root`` (default: ``base``) and
    ``allow_outside`` is false; for a pattern (``*``, ``?``, ``[``), when any
    file it matches does. The file need not exist: the caller reports a
    missing file with its own message.
    """
    if "\x00" in source or not source.strip():
        raise SourcePathError(f"source {source!r} is not a file path")
    written = Path(os.path.expanduser(source)) if allow_outside else Path(source)
    path = written if written.is_absolute() else Path(base) / written
    path = Path(os.path.abspath(path))
    if allow_outside:
        return path
    limit = Path(os.path.realpath(root if root is not None else base))
    # Compare real paths so a symbolic link inside the project cannot point out of it.
    _refuse_outside(source, Path(os.path.realpath(path)), limit)
    if is_pattern(path):  # the engine is given exactly these files (:func:`expand`)
        for match in expand(path):
            _refuse_outside(source, Path(os.path.realpath(match)), limit)
    return path


_GLOB = re.compile(r"[*?\[]")


def is_pattern(path: str | Path) -> bool:
    """Whether ``path`` holds ``*``, ``?`` or ``[``, and so names the files it matches."""
    return bool(_GLOB.search(str(path)))


def expand(pattern: Path) -> list[Path]:
    """The files pattern ``pattern`` matches, sorted; hidden ones (``.x.csv``) too.

    The engine is given this list rather than the pattern, so what is checked
    (:func:`resolve_source`) is what is read: DuckDB's own globbing matches
    hidden files where Python's does not by default. ``**`` matches any depth.
    """
    if sys.version_info >= (3, 11):
        found = glob.glob(str(pattern), recursive=True, include_hidden=True)
    else:  # no hidden files: the engine reads only the files listed, so none is read unchecked
        found = glob.glob(str(pattern), recursive=True)
    return sorted(Path(p) for p in found)


def _refuse_outside(source: str, real: Path, limit: Path) -> None:
    if real != limit and limit not in real.parents:
        raise SourcePathError(f"source {source!r} leads to {real}, outside the project folder {limit}")

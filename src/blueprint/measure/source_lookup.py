"""Find a standard's source and open it: in ``tables=``, a file next to the service, or a backend table.

:class:`Place` knows where files are looked for (the service file's folder,
or ``--data``) and how far they may reach; :func:`open_source` turns a
``measurement.source`` into something to measure, or an :class:`Issue` that
says why not. A file on the default engine is opened as a DuckDB view so its
compiled query can be kept (:mod:`.query_cache`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import duck
from .paths import SourcePathError, is_file_source, is_url, project_root, resolve_source
from .prepare import Issue
from .sources import file_problem, open_file, open_object, open_table, open_url

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["Place", "open_file_source", "open_source", "shown_path", "source_files"]


class Place:
    """Where file sources are looked for, and how far they may reach."""

    def __init__(self, service: Service, data: Any, root: Any, allow_outside: bool) -> None:
        home = Path(service.source).parent if service.source else Path.cwd()
        self.data = Path(data) if data is not None else None
        self.base = self.data if self.data is not None else home
        self.root = Path(root) if root is not None else (self.data or project_root(home))
        self.allow_outside = allow_outside

    def find(self, source: str) -> Path:
        path = resolve_source(source, base=self.base, root=self.root, allow_outside=self.allow_outside)
        if self.data is not None and not path.exists() and "*" not in source:
            flat = resolve_source(
                Path(source).name, base=self.base, root=self.root, allow_outside=self.allow_outside
            )
            if flat.exists():
                return flat
        return path


def source_files(service: Service, data: Any = None) -> list[Path]:
    """The files the standards' sources name that are there (a pattern's matches), as a run reads them.

    For the commands that write a file: one of these named as the output is
    the operations' own export, and writing over it would lose it.
    """
    from .paths import expand, is_pattern

    place = Place(service, data, None, allow_outside=True)
    found: list[Path] = []
    for standard in service.standards.values():
        source = standard.measurement.source if standard.measurement else None
        if not source or is_url(source) or not is_file_source(source):
            continue
        try:
            path = place.find(source)
        except (SourcePathError, OSError, ValueError):
            continue
        found.extend(expand(path) if is_pattern(path) else [path] if path.exists() else [])
    return found


def open_source(
    engine: duck.Engine, source: str, place: Place, tables: Mapping[str, Any]
) -> tuple[Any, Issue | None, str]:
    """The source as an Ibis table (or, for a file on DuckDB, a view), a problem, and where it is."""
    if source in tables:
        given = tables[source]
        if isinstance(given, (str, os.PathLike)):
            return (*open_file_source(engine, Path(given)), str(given))
        table, issue = open_object(engine.con, given)
        return table, issue, source
    if is_url(source):  # an object store (s3a://, gs://, abfss://): read by the engine where it is
        if not place.allow_outside:
            hint = "allow reading outside the project explicitly (--allow-outside, allow_outside=True)"
            return None, Issue("BP340", f"source {source!r} is a URL, read only when allowed", hint), source
        table, issue = open_url(engine.con, source)
        return table, issue, source
    if not is_file_source(source):
        table, issue = open_table(engine.con, source)
        return table, issue, source
    try:
        path = place.find(source)
    except SourcePathError as exc:
        hint = "keep data inside the project, or allow it explicitly (--allow-outside)"
        return None, Issue("BP340", str(exc), hint), source
    return (*open_file_source(engine, path), shown_path(path))


def open_file_source(engine: duck.Engine, path: Path) -> tuple[Any, Issue | None]:
    if path.name.lower().endswith(".xlsx"):  # read in Python, then measured like a DataFrame
        from .workbook import read_workbook

        problem = file_problem(path)
        table, problem = (None, problem) if problem is not None else read_workbook(path)
        return (None, problem) if table is None else open_object(engine.con, table)
    if engine.duck is None:
        return open_file(engine.con, path)
    problem = file_problem(path)
    return (None, problem) if problem is not None else engine.open_view(path)


def shown_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)

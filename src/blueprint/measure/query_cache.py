"""The kept query: a measurement's compiled SQL cached per source, schema and standards.

The first run of a measurement on DuckDB compiles its query with Ibis and
keeps the SQL; later runs with the same standards, options and source
schema run that SQL on DuckDB directly, without importing Ibis. Anything
that changes the query (a standard, a column mapping, the grouping, the
file's columns or types, a version of Blueprint (or of its measuring
modules, see :func:`code_fingerprint`), Ibis or DuckDB, the layout
of the query's columns) changes the key, so a stale query is never run.

The first run runs the SQL Ibis compiled the same way, so a kept query
gives what the first run gave. Several specs on one metric (a standard and
the promise made on it, or standards sharing a metric) are joined from a
small spec table, ``_bp_specs``, a view of the table of its specs (they are
part of the key) made once per process (:mod:`.spec_table`).

The cache lives in ``$BLUEPRINT_CACHE`` (default: the user's cache folder,
``~/.cache/blueprint``); ``BLUEPRINT_CACHE=off`` turns it off. It is only an
accelerator: any problem with it falls back to compiling. It keeps the
:data:`MOST_QUERIES` most recently used queries: writing a new one removes
the least recently used beyond that (:func:`keep_entry`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .clock_evidence import Evidence
from .memo import specs_digest
from .prepare import Issue, Prepared
from .spec_table import SPEC_TABLE, fetch, make_spec_table

if TYPE_CHECKING:
    from .columns import Columns
    from .duck import View
    from .ibis_queries import Measured
    from .specs import Spec

__all__ = [
    "ARROW_ABOVE",
    "MOST_QUERIES",
    "cache_folder",
    "code_fingerprint",
    "keep_entry",
    "key",
    "lookup",
    "remember",
    "used",
]

#: how many kept queries the cache holds; the least recently used beyond this are removed
MOST_QUERIES = 1_000
#: a partial entry older than this many seconds was left by a process that stopped while writing
_ABANDONED_AFTER = 3600.0


def cache_folder() -> Path | None:
    """Where compiled queries are kept, or None when caching is off."""
    setting = os.environ.get("BLUEPRINT_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "blueprint"


def key(duck: Any, view: View, specs: list[Spec], cols: Columns, keys: tuple[str, ...], options: Any) -> str:
    """A fingerprint of everything the compiled query depends on."""
    from .ibis_queries import QUERY_LAYOUT

    schema = duck.execute(f'DESCRIBE "{view.name}"').fetchall()
    parts = {
        "versions": _versions(),
        "layout": QUERY_LAYOUT,
        "view": view,
        "schema": [(row[0], row[1]) for row in schema],
        "specs": specs_digest(specs),  # kept while the same spec objects come again
        "columns": repr(cols),
        "keys": keys,
        "options": repr(options),
    }
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


@lru_cache(maxsize=1)
def _versions() -> tuple[str, str, str, str]:
    """Blueprint's version and measuring code, Ibis and DuckDB: a new one may compile another query."""
    from importlib.metadata import PackageNotFoundError, version

    from .._version import __version__

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "-"

    return __version__, code_fingerprint(), installed("ibis-framework"), installed("duckdb")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The digest of the modules that measure (:func:`folder_fingerprint` of this package's folder).

    The version number alone would keep a query compiled by other code under the
    same number (an install from a checkout, an edited copy): any change here
    leaves the kept queries and findings of the code before it unused.
    """
    return folder_fingerprint(Path(__file__).parent)


def folder_fingerprint(folder: Path) -> str:
    """A digest of the name, size and time of change of each Python module in ``folder``."""
    try:
        stats = sorted((item.name, item.stat().st_size, item.stat().st_mtime_ns)
                       for item in os.scandir(folder) if item.name.endswith(".py"))  # fmt: skip
    except OSError:
        return "-"
    return hashlib.sha256(repr(stats).encode()).hexdigest()[:16]


def lookup(
    duck: Any, fingerprint: str, specs: list[Spec]
) -> tuple[Prepared, Measured, bool, list[Issue]] | None:
    """Run the cached query for ``fingerprint``; None when there is none (or it cannot be used)."""
    from .ibis_queries import collect

    folder = cache_folder()
    if folder is None:
        return None
    try:
        kept = folder / "measure" / f"{fingerprint}.json"
        entry = json.loads(kept.read_text(encoding="utf-8"))
        if entry.get("spec_table"):
            make_spec_table(duck, specs)
        columns, n = fetch(duck, entry["sql"], many=entry.get("groups", 0) > ARROW_ABOVE)
        prepared = Prepared(
            None, tuple(entry["keys"]), entry["layout"], entry["duplicates"], entry["value"],
            entry["weighted"], tuple(Evidence(*found) for found in entry["clocks"]),
        )  # fmt: skip
        # the columns that stopped some metrics: reported again on every run
        stopped = [Issue._make([*i[:5], tuple(i[5])]) for i in entry.get("stopped", [])]
    except Exception:  # missing, unreadable or stale: compile instead
        return None
    used(kept)
    measured = collect(columns, n, specs, entry["qs"], len(prepared.keys))
    return prepared, measured, bool(entry.get("approximate")), stopped


#: a kept query that gave more groups than this last time is fetched through Arrow
ARROW_ABOVE = 20_000


def remember(
    fingerprint: str,
    sql: str,
    prepared: Prepared,
    qs: list[float],
    approximate: bool,
    groups: int,
    stopped: Sequence[Issue] = (),
) -> None:
    """Keep ``sql`` for later runs; quietly does nothing when the cache cannot be written."""
    folder = cache_folder()
    if folder is None:
        return
    # A table Ibis uploaded (``ibis_...``) is gone after this run: the query cannot be kept.
    if '"ibis_' in sql:
        return
    entry = {
        "sql": sql, "keys": list(prepared.keys), "layout": prepared.layout,
        "duplicates": prepared.duplicates_checked, "value": prepared.value_column, "qs": qs,
        "weighted": prepared.weighted,
        "approximate": approximate, "spec_table": f'"{SPEC_TABLE}"' in sql, "groups": groups,
        "stopped": [list(issue) for issue in stopped],
        "clocks": [list(found) for found in prepared.clocks or ()],  # the readings it was compiled for
    }  # fmt: skip
    keep_entry(folder / "measure" / f"{fingerprint}.json", json.dumps(entry), MOST_QUERIES)


def used(entry: Path) -> None:
    """Mark a kept entry as just used, so pruning keeps it longer."""
    with contextlib.suppress(OSError):
        os.utime(entry)


def keep_entry(target: Path, text: str, most: int) -> None:
    """Write ``text`` to ``target`` whole or not at all, then keep at most ``most`` entries beside it.

    The least recently used entries beyond ``most`` are removed, with partial entries
    left by a process stopped while writing; quietly nothing when the folder cannot be written.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
        _prune(target.parent, most)
    except OSError:
        pass


def _prune(folder: Path, most: int) -> None:
    import time

    kept, abandoned = [], time.time() - _ABANDONED_AFTER
    with os.scandir(folder) as entries:
        for item in entries:
            try:
                when = item.stat().st_mtime
            except OSError:  # removed meanwhile by another process
                continue
            if item.name.endswith(".json"):
                kept.append((when, item.path))
            elif item.name.endswith(".tmp") and when < abandoned:
                _remove(item.path)
    for _, path in sorted(kept, reverse=True)[most:]:
        _remove(path)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):  # removed meanwhile by another process
        os.remove(path)

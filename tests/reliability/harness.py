"""What every input must give, checked one case at a time; shared by the tests and the figures.

:func:`check_text` reads a text and lists every broken promise: an exception
escaped, a finding without a place (or a place outside the text), a result
without errors but without a service. :func:`fast_disagreement` states the
fast path's one invariant: whenever rapidyaml's data is used, it is the data
the careful parser gives.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from blueprint.io import load as load_module
from blueprint.io.load import Loaded, read_text
from blueprint.io.save import to_document
from blueprint.io.yaml_fast import parse_fast
from blueprint.io.yaml_located import YamlProblem, parse
from blueprint.model.vocabulary import Severity

__all__ = ["Outcome", "check_text", "fast_disagreement", "fast_path", "json_of", "paths_disagree"]

_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


@dataclass
class Outcome:
    """How one input ended: ``valid``, ``findings`` or ``crash``, how long it took, and what broke."""

    kind: str
    seconds: float
    problems: list[str] = field(default_factory=list)
    loaded: Loaded | None = None


@contextlib.contextmanager
def fast_path(enabled: bool) -> Iterator[None]:
    """Send every text (``enabled``) or none through the fast parser first."""
    saved = load_module.FAST_PATH_BYTES
    load_module.FAST_PATH_BYTES = 0 if enabled else float("inf")  # type: ignore[assignment]
    try:
        yield
    finally:
        load_module.FAST_PATH_BYTES = saved


def check_text(text: str, source: str = "fuzz.yaml", *, fast: bool = False) -> Outcome:
    """Read ``text`` and list every way the result breaks the loader's promises."""
    start = time.perf_counter()
    try:
        with fast_path(fast):
            loaded = read_text(text, source)
    except Exception:  # the property under test: nothing escapes for any content
        return Outcome("crash", time.perf_counter() - start, [traceback.format_exc(limit=6)])
    seconds = time.perf_counter() - start
    problems = _problems(loaded, text, source)
    kind = "valid" if loaded.ok else "findings"
    return Outcome("crash" if problems else kind, seconds, problems, loaded)


def _problems(loaded: Any, text: str, source: str) -> list[str]:
    if not isinstance(loaded, Loaded):
        return [f"read_text returned {type(loaded).__name__}"]
    lines = _BREAKS.split(text)
    widest = max(len(line) for line in text.split("\n")) + 1
    problems = []
    for finding in loaded.findings:
        where = finding.location
        if where is None or where.file != source:
            problems.append(f"finding without this file: {finding}")
        elif not isinstance(where.line, int) or not 1 <= where.line <= len(lines):
            problems.append(f"line {where.line} outside 1..{len(lines)}: {finding}")
        elif not isinstance(where.column, int) or not 1 <= where.column <= widest:
            problems.append(f"column {where.column} outside 1..{widest}: {finding}")
        if not finding.message or not finding.hint:
            problems.append(f"finding without message or hint: {finding}")
    errors = [f for f in loaded.findings if f.severity is Severity.ERROR]
    if not errors and loaded.service is None:
        problems.append("no error, yet no service")
    if loaded.service is not None and loaded.service.document.text != text:
        problems.append("the loaded document does not hold the text it was read from")
    return problems


def json_of(data: Any) -> str:
    """Data as JSON text: a strict comparison (int vs float, key order, NaN) of parsed YAML."""
    return json.dumps(data, ensure_ascii=False)


def fast_disagreement(text: str) -> str | None:
    """Why the fast parser's data for ``text`` is not the careful parser's, or None if it is."""
    fast = parse_fast(text)
    if fast is None:
        return None
    try:
        careful = parse(text)
    except YamlProblem as problem:
        return f"fast path read {json_of(fast)[:200]}; the careful parser refuses: {problem.message}"
    if json_of(careful) != json_of(fast):
        return f"fast path read {json_of(fast)[:200]}; the careful parser {json_of(careful)[:200]}"
    return None


def paths_disagree(text: str) -> str | None:
    """Why reading ``text`` fast-first differs from reading it carefully, or None."""
    slow, quick = check_text(text), check_text(text, fast=True)
    if slow.loaded is None or quick.loaded is None:
        return None  # a crash is reported by check_text itself
    if _summary(slow.loaded) != _summary(quick.loaded):
        return f"careful {_summary(slow.loaded)[:300]}\nfast {_summary(quick.loaded)[:300]}"
    return None


def _summary(loaded: Loaded) -> str:
    findings = [(f.rule, f.message, str(f.location)) for f in loaded.findings]
    service = to_document(loaded.service) if loaded.service is not None else None
    return json_of([findings, service])

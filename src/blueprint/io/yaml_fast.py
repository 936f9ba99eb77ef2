"""The fast parser: rapidyaml, for files that read the same by it and by the careful parser.

A large valid file is read by rapidyaml (in C++, many times faster than
composing it with locations), but only when nothing in the text could be read
differently from :func:`blueprint.io.yaml_located.parse`: anchors, tags,
special scalars, odd line breaks or characters, typed keys and duplicate keys
send it to the careful parser instead, which also reports every problem with
its place. rapidyaml is imported only when a file is read this way.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from collections.abc import Iterator
from typing import Any

from .yaml_located import LIMITS, typed_plain

__all__ = ["parse_fast"]

# Anything the fast parser would read differently from the YAML 1.2 core schema, or
# that needs the careful parser's checks. A false alarm only costs speed.
# Each pattern starts with its rarest character and checks the context behind it, so
# the scan skips ahead quickly (one alternation over all of them is six times slower);
# a pattern whose first characters are all absent is not run at all.
_CAREFUL_TOKENS = tuple(
    (first, re.compile(pattern))
    for first, pattern in (
        # anchors, aliases, tags, '~', and words the two parsers type differently, where
        # a value starts
        ("&*!~", r"[&*!~](?<![^\s\[{,][&*!~])(?:(?<=[&*])\S|(?<=[!~]))"),
        ("TFN", r"[TFN](?<![^\s\[{,][TFN])(?:(?<=T)(?:rue|RUE)|(?<=F)(?:alse|ALSE)|(?<=N)(?:ull|ULL))"),
        # (infinities and NaNs with a sign too: looking for the sign first is slow, since '-'
        # starts every list item)
        (".", r"\.(?:inf|Inf|INF|nan|NaN|NAN)(?<![^\s\[{,+-]....)"),
        ("i", r"inf(?<![^\s\[{,+-]inf)(?:inity)?\b"),
        ("n", r"nan(?<![^\s\[{,+-]nan)\b"),
        ("0", r"0(?<![^\s\[{,]0)[0-9xoeE]"),
        ("+", r"\+(?<=[ \[,{]\+)[0-9.]"),
        # where a value starts: libyaml refuses these first characters or reads '?' as a key
        # indicator, rapidyaml reads them as text
        ("?@`%:&*", r"[?@`%:&*](?<![^\n\[{, ][?@`%:&*])"),
        ("]}", r"[\]}](?<![^\n ][\]}])"),
        # a block scalar header with more than a chomping indicator: rapidyaml reads a '-' or
        # '+' in a comment after it as chomping, and keeps fewer spaces under an indentation
        # indicator
        ("|>", r"[|>](?<![^\n ][|>])(?![-+]?[ ]*\r?\n)"),
        # inside a flow collection, ' #' starts a comment for libyaml (not always for rapidyaml)
        # and a ':' not followed by a space is an error for libyaml (text for rapidyaml). Each
        # try starts at a bracket or comma and stops at the next one, so the search stays
        # linear (it was quadratic: 400 KB of '[' took minutes)
        ("[{,", r"[\[{,][^\[{\]},\n]*(?:[ ]#|:\S)"),
    )
)
# document markers, directives, and block scalars at the root, whose text may start at
# column 0 (a literal line break to start from is five times faster than '(?m)^')
_DOCUMENT_MARKS = re.compile(r"\n(?:---|\.\.\.|%|[|>])")
# Line breaks other than LF and CRLF, which libyaml breaks lines at and rapidyaml does not;
# characters YAML does not allow, which libyaml refuses and rapidyaml keeps; a BOM inside the
# text; \u escapes of surrogates, which rapidyaml turns into invalid UTF-8; and escaped line
# breaks in double-quoted text, which the two fold differently before an empty line.
# Three searches, each run only when its first character is there, are four times faster
# than one alternation.
_LONE_CR = re.compile("\r(?!\n)")
_NOT_ALLOWED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_ODD_ESCAPES = re.compile(r"\\u[dD][89a-fA-F]|\\\r?\n")


_COMMENT_LINES = re.compile(r"(?m)^[ ]*#.*$")


def _needs_careful(text: str) -> bool:
    return bool(
        "\t" in text
        or "<<" in text
        or text[:1] in "&*!%|>"
        or text.startswith(("---", "..."))
        or _DOCUMENT_MARKS.search(text)
        or ("\r" in text and _LONE_CR.search(text))
        or _NOT_ALLOWED.search(text)
        or ("\\" in text and _ODD_ESCAPES.search(text))
        # whole-line comments are prose, read alike by both parsers: no false alarms from
        # them. Stripping them only removes matches, so strip only once one is found.
        or (
            _any_careful_token(text) and ("#" not in text or _any_careful_token(_COMMENT_LINES.sub("", text)))
        )
    )


def _any_careful_token(text: str) -> bool:
    return any(
        any(character in text for character in first) and pattern.search(text)
        for first, pattern in _CAREFUL_TOKENS
    )


class _Duplicate(Exception):
    pass


class _PlainKeys:
    """A JSON object hook that refuses duplicate keys and collects every key, to be judged once."""

    def __init__(self) -> None:
        self.keys: set[str] = set()

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            raise _Duplicate
        self.keys.update(result)
        return result


@functools.lru_cache(maxsize=4096)
def _typed_key(key: str) -> bool:
    """Whether the careful parser would read ``key`` as a number, bool or null if written plain.

    JSON keys are always text, so a plain ``1:`` or ``null:`` comes back as text from
    the fast path while the careful parser refuses it; send such files to the latter.
    """
    return typed_plain(key)


def parse_fast(text: str) -> Any:
    """Parse plain data with rapidyaml when that gives exactly what :func:`parse` would.

    Returns plain dicts and lists (no locations), or ``None`` when the text
    needs the careful parser: it uses anchors, tags, special scalars or
    duplicate keys, is not valid YAML, or rapidyaml is not installed. Used to
    load valid files fast; anything found wrong is re-read with :func:`parse`.
    """
    if not text or len(text) > LIMITS["max_bytes"] or _needs_careful(text):
        return None
    try:
        import ryml
    except ImportError:
        return None
    try:
        with _quiet_stderr():  # rapidyaml prints its errors; the careful parser reports them
            tree = ryml.parse_in_arena(text.encode("utf-8"))
            emitted = ryml.emit_json(tree)  # fails, and prints, past rapidyaml's depth limit
        keys = _PlainKeys()
        data = json.loads(emitted, object_pairs_hook=keys)
    except (Exception, _Duplicate):  # any doubt: the careful parser decides and reports
        return None
    # a service has a few dozen distinct keys, so they are judged once, not per mapping
    return None if any(_typed_key(key) for key in keys.keys) else data


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    with open(os.devnull, "wb") as devnull:
        os.dup2(devnull.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)

"""Write YAML the way the saver's own edits look: ruamel.yaml's round trip and the house style.

:func:`round_trip` applies edits by loading the whole text with ruamel.yaml's
round-trip mode and writing it again; comments, key order and quoting
survive, but flow mappings written over several lines are joined. The saver
uses it only for edits :mod:`blueprint.io.block_edits` cannot make line by
line. :func:`render` writes one new value in the house style (short lists
inline, comparators quoted, 3 not 3.0), and :func:`scalar_text` one scalar.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import re
from typing import Any

from .splice import newline_of

__all__ = ["OLD_BOOLEAN", "Op", "plain_text", "render", "round_trip", "scalar_text", "styled", "yaml_for"]

Op = tuple[str, tuple[Any, ...], Any]  # ("set" | "delete" | "append", path, value)

_PLAIN = re.compile(r"^[A-Za-z\u00c0-\uffff][^:#\n\"'{}\[\],&*!|>%@`]*$")
_NOT_TEXT = re.compile(r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+.0-9].*)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
#: text that YAML 1.1 readers (PyYAML, many linters) take for a boolean: quoted when written,
#: though Blueprint itself reads YAML 1.2, so that every tool reads the file the same
OLD_BOOLEAN = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
# Characters a YAML reader refuses or reads as a line break when written raw: they are
# written as escapes inside double quotes, so the text reads back exactly.
_ESCAPE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def scalar_text(value: Any, original: str) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if original[:1] not in ("'", '"') and (_DATE.match(text) or plain_text(text)):
        return text
    if OLD_BOOLEAN.match(text) and original[:1] != '"':
        return f"'{text}'"
    if original[:1] == "'" and "\n" not in text and not _ESCAPE.search(text.replace("\t", "")):
        return "'" + text.replace("'", "''") + "'"  # the user's single quotes, kept
    quoted = json.dumps(text, ensure_ascii=False)  # JSON escapes are YAML double-quoted escapes
    return _ESCAPE.sub(lambda found: f"\\u{ord(found.group()):04x}", quoted)


def plain_text(text: str) -> bool:
    return (
        bool(_PLAIN.match(text))
        and not OLD_BOOLEAN.match(text)
        and not _NOT_TEXT.match(text)
        and text == text.strip()
        and " #" not in text
        and not _ESCAPE.search(text)
    )


def round_trip(text: str, ops: list[Op]) -> str:
    newline = newline_of(text)
    text = text.replace("\r\n", "\n")  # ruamel.yaml keeps a CR in comments, and writes LF
    yaml = yaml_for(text)
    root = yaml.load(text)
    _keep_anchors(root)
    for kind, path, value in sorted(ops, key=_delete_last_index_first):
        parent = root
        for step in path[:-1]:
            parent = parent[step]
        key = path[-1]
        if kind == "set":
            parent[key] = styled(value)
        elif kind == "delete":
            del parent[key]
        else:
            if key not in parent or parent[key] is None:
                parent[key] = styled([])
            parent[key].append(_like_siblings(styled(value), parent[key]))
    stream = io.StringIO()
    yaml.dump(root, stream)
    # a CRLF file keeps CRLF on every line, or each line would show as changed
    return stream.getvalue().replace("\n", newline)


def render(yaml: Any, value: Any, *, flow: bool = False) -> str:
    """``value`` as YAML lines in the house style, from column 0, without the final line break.

    ``yaml`` is :func:`yaml_for` the file's text, so nested lists are indented
    as the file indents them; ``flow`` writes a mapping inline (``{id: ...}``),
    as its siblings are.
    """
    if not isinstance(value, (dict, list)):
        return scalar_text(value, "")
    shaped = styled(value)
    if flow and hasattr(shaped, "fa"):
        shaped.fa.set_flow_style()
    stream = io.StringIO()
    yaml.dump(shaped, stream)
    return stream.getvalue().rstrip("\n")


def styled(value: Any) -> Any:
    """Give new values the house style: short lists inline, comparators quoted, 3 not 3.0."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, dict):
        return CommentedMap((k, styled(v)) for k, v in value.items())
    if isinstance(value, list):
        seq = CommentedSeq(styled(v) for v in value)
        if all(not isinstance(v, (dict, list)) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, str) and _DATE.match(value):  # a date, written plain like the user's own
        import datetime

        with contextlib.suppress(ValueError):
            return datetime.date.fromisoformat(value)
    if isinstance(value, str) and OLD_BOOLEAN.match(value):
        from ruamel.yaml.scalarstring import SingleQuotedScalarString

        return SingleQuotedScalarString(value)
    if isinstance(value, str) and scalar_text(value, "") != value:
        return DoubleQuotedScalarString(value)
    return value


def _like_siblings(value: Any, siblings: Any) -> Any:
    """A new mapping in a list of inline ``{...}`` mappings is written inline too."""
    from ruamel.yaml.comments import CommentedMap

    if (
        isinstance(value, CommentedMap)
        and siblings
        and all(isinstance(item, CommentedMap) and item.fa.flow_style() for item in siblings)
    ):
        value.fa.set_flow_style()
    return value


def _keep_anchors(node: Any) -> None:
    """Write every anchor again, also one no alias refers to (ruamel.yaml drops those)."""
    stack, seen = [node], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        anchor = getattr(item, "anchor", None)
        if anchor is not None and getattr(anchor, "value", None):
            anchor.always_dump = True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _delete_last_index_first(op: Op) -> tuple[int, Any]:
    kind, path, _ = op
    if kind == "delete" and isinstance(path[-1], int):
        return (1, -path[-1])
    return (0, 0)


def yaml_for(text: str | None, *, indents: tuple[int, int] | None = None) -> Any:
    """ruamel.yaml set up to write like ``text``: its list indentation is guessed (a full parse).

    ``indents`` (the list indent and the dash's offset) skips the guess when they are known.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    yaml = YAML(typ="rt")
    yaml.Representer = _exact_floats()
    yaml.preserve_quotes = True
    yaml.width = 4096
    indent, offset = indents or (2, 2)
    if text and indents is None:
        _, guessed, block_seq = load_yaml_guess_indent(text)
        indent, offset = guessed or 2, block_seq if block_seq is not None else 2
    yaml.indent(mapping=2, sequence=max(indent, offset + 2), offset=offset)
    return yaml


@functools.cache
def _exact_floats() -> Any:
    """ruamel.yaml's round-trip representer, but a number read from the file is written back exactly.

    ruamel.yaml rewrites an unchanged float in the format it was read in, which
    can drop its last digit (5.696986672325017e-60 came back as ...016e-60);
    such a number is written as Python's shortest exact form instead.
    """
    from ruamel.yaml.representer import RoundTripRepresenter
    from ruamel.yaml.scalarfloat import ScalarFloat

    class ExactFloats(RoundTripRepresenter):  # type: ignore[misc]
        pass

    def represent(representer: Any, data: Any) -> Any:
        node = RoundTripRepresenter.represent_scalar_float(representer, data)
        with contextlib.suppress(ValueError):  # .inf and .nan: nothing to lose
            if float(node.value) != float(data):
                node.value = repr(float(data))
        return node

    ExactFloats.add_representer(ScalarFloat, represent)
    return ExactFloats

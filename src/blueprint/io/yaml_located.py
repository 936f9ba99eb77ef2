"""The careful parser: YAML text into plain data that remembers where every key and value is.

Parsing uses libyaml's composer (safe: nothing is constructed from tags) and
resolves plain scalars by the YAML 1.2 core schema, the same rules the
round-trip saver uses, so ``visible: no`` is the string ``"no"`` in both and
the Norway problem cannot happen. Anchors and aliases are allowed, but their
expanded size is bounded; custom tags, duplicate keys, non-string keys and
multiple documents are refused with their location. Every file with a
problem is read by this parser, so every problem has its place.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .yaml_hints import over_indented, tab_indents

if TYPE_CHECKING:
    import yaml

__all__ = [
    "LIMITS",
    "Mapping",
    "Sequence",
    "Span",
    "YamlProblem",
    "parse",
    "span_at",
    "too_large",
    "typed_plain",
]

#: Limits that keep a hostile file from exhausting time or memory.
LIMITS = {
    "max_bytes": 32 * 1024 * 1024,
    "max_expanded_nodes": 5_000_000,
    "max_depth": 64,
    "max_findings_per_rule": 100,  # in one file; the rest are counted (see blueprint.io.bounded)
}

_PLAIN = "?"  # the tag of an untagged plain scalar, typed later by the YAML 1.2 core schema


@functools.cache
def _loader() -> Any:
    """libyaml's safe loader, resolving no plain scalar; PyYAML is imported on the first careful parse.

    A valid file read by the fast parser never needs it, so ``blueprint check`` of
    such a file starts without importing PyYAML.
    """
    import yaml

    class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        def resolve(self, kind: Any, value: str, implicit: tuple[bool, bool]) -> str:
            # PyYAML's YAML 1.1 resolvers would tag a plain '=' as 'value' and '<<' as 'merge'
            if kind is yaml.ScalarNode and implicit[0]:
                return _PLAIN
            return str(super().resolve(kind, value, implicit))

    return _Loader


_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary")
}
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(
    r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"
    r"|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"
)


@dataclass(frozen=True, slots=True)  # one per key and value: slots halve their memory
class Span:
    """Where a node is: 0-based line and column, and its character range."""

    line: int
    column: int
    start: int
    end: int


class Mapping(dict):  # type: ignore[type-arg]
    """A YAML mapping: a dict that also knows where its keys and values are.

    A value written as an alias (``*name``) has the alias's own span, and its
    key is in ``aliases`` with the anchor's name.
    """

    __slots__ = ("aliases", "key_spans", "span", "value_spans")

    def __init__(self, span: Span) -> None:
        super().__init__()
        self.span = span
        self.key_spans: dict[str, Span] = {}
        self.value_spans: dict[str, Span] = {}
        self.aliases: dict[str, str] = {}


class Sequence(list):  # type: ignore[type-arg]
    """A YAML sequence: a list that also knows where its items are (aliases as in :class:`Mapping`)."""

    __slots__ = ("aliases", "item_spans", "span")

    def __init__(self, span: Span) -> None:
        super().__init__()
        self.span = span
        self.item_spans: list[Span] = []
        self.aliases: dict[int, str] = {}


class YamlProblem(Exception):
    """A problem that stops the file from being read at all, with its place."""

    def __init__(self, message: str, hint: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message, self.hint, self.line, self.column = message, hint, line, column


def _span(node: yaml.Node | yaml.AliasEvent) -> Span:
    start, end = node.start_mark, node.end_mark
    assert start is not None and end is not None  # libyaml marks every node and event
    return Span(start.line, start.column, start.index, end.index)


def too_large(size: int) -> YamlProblem:
    """The problem of a text of ``size`` bytes (or characters) above ``LIMITS["max_bytes"]``."""
    return YamlProblem(
        f"the file is {size / 2**20:.1f} MiB, above the {LIMITS['max_bytes'] / 2**20:.0f} MiB limit",
        "split the service into smaller files, or raise blueprint.io.yaml_located.LIMITS['max_bytes']",
        0,
        0,
    )


def _too_deep() -> str:
    return f"nesting deeper than {LIMITS['max_depth']} levels"


def parse(text: str) -> Any:
    """Parse one YAML document into :class:`Mapping`/:class:`Sequence`/scalars.

    Raises :class:`YamlProblem` for syntax errors and refused constructs.
    """
    import yaml

    if len(text) > LIMITS["max_bytes"]:
        raise too_large(len(text))
    _refuse_odd_breaks(text)
    try:
        # before composing: libyaml's composer recurses, and crashes when deep
        aliases = _check_shape(text)
        nodes = list(yaml.compose_all(text, Loader=_loader()))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        line, column = _within(text, mark.line, mark.column) if mark else (None, None)
        if "maximum nesting depth" in what:  # newer libyaml's own limit, met while scanning ahead
            raise YamlProblem(_too_deep(), "flatten the structure", line, column) from None
        if mark is not None and tab_indents(text, mark.index):
            raise YamlProblem(
                "YAML syntax error: a tab indents this line, and YAML reads only spaces as indentation",
                "replace the tab with spaces (as many as the lines around it use); many editors can "
                "convert tabs to spaces",
                line,
                column,
            ) from None
        raise YamlProblem(
            f"YAML syntax error: {what}",
            (mark and over_indented(text, mark.line))
            or "check indentation, colons and quotes on this line and the one before",
            line,
            column,
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. a control code
        line, column = _place_of_byte(text, exc.position)
        raise YamlProblem(
            f"the character U+{exc.character:04X} is not allowed in YAML ({exc.reason})",
            "delete it; it is often left by copying from another program",
            line,
            column,
        ) from None
    except UnicodeEncodeError:  # a lone surrogate: only possible in text built in Python
        found = re.search("[\ud800-\udfff]", text)
        index = found.start() if found else 0
        line, column = _place_of_char(text, index)
        raise YamlProblem(
            f"the text holds an unpaired surrogate U+{ord(text[index]):04X}, which is not a character",
            "decode the file as UTF-8 before reading it, or remove the character",
            line,
            column,
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML cannot be read: {exc}", "save the file as UTF-8 text") from None
    if len(nodes) > 1:
        second = nodes[1].start_mark
        raise YamlProblem(
            "the file holds more than one YAML document",
            "keep one service per file; remove the '---' separator",
            second.line,
            second.column,
        )
    if not nodes:
        return None
    return _Converter(text, aliases).convert(nodes[0], 0)


_ODD_BREAKS = {
    "\x85": ("NEL", "\\N"),
    "\u2028": ("LINE SEPARATOR", "\\L"),
    "\u2029": ("PARAGRAPH SEPARATOR", "\\P"),
}
_ODD_BREAK = re.compile("[\x85\u2028\u2029]")


def _refuse_odd_breaks(text: str) -> None:
    """Refuse raw NEL, LS and PS: YAML 1.1 readers break the line there, YAML 1.2 readers do not.

    libyaml would silently fold them into a space inside quotes, or end a comment
    early; neither reading can be trusted, so the place is reported instead.
    """
    found = _ODD_BREAK.search(text)
    if found is None:
        return
    name, escape = _ODD_BREAKS[found.group()]
    line, column = _place_of_char(text, found.start())
    raise YamlProblem(
        f"the character U+{ord(found.group()):04X} ({name}) is read as a line break by some YAML "
        "readers and as text by others",
        f"replace it with a normal line break, or write it as {escape} inside double quotes",
        line,
        column,
    )


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _place_of_char(text: str, index: int) -> tuple[int, int]:
    """0-based line and column of ``text[index]``, counting CRLF, CR and LF as libyaml does."""
    line, start = 0, 0
    for found in _LINE_BREAK.finditer(text, 0, index):
        line, start = line + 1, found.end()
    return line, index - start


def _within(text: str, line: int, column: int) -> tuple[int, int]:
    """The place libyaml gives, moved to the end of the text when it points past it.

    At the end of a file without a final line break libyaml reports the line after
    the last one, which no editor can go to.
    """
    last = len(_LINE_BREAK.findall(text))
    if line <= last:
        return line, column
    return _place_of_char(text, len(text))


def _place_of_byte(text: str, offset: int) -> tuple[int, int]:
    # libyaml counts UTF-8 bytes; editors count characters
    before = text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "replace")
    return _place_of_char(text, len(before))


def _check_shape(text: str) -> list[tuple[Span, str]]:
    """Refuse deep nesting and alias bombs from the event stream, before any node is built.

    Counts nodes as if every alias were expanded, and open collections, with a
    stack rather than recursion, so neither a million ``[`` nor nested aliases
    can exhaust the C stack or the memory. Returns where each alias is written
    (in document order) with its anchor's name: the composed nodes do not say.
    """
    aliases: list[tuple[Span, str]] = []
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = [[0, None, None]]  # [expanded size, anchor, start mark]
    import yaml

    for event in yaml.parse(text, Loader=_loader()):
        if isinstance(event, yaml.ScalarEvent):
            stack[-1][0] += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            stack[-1][0] += sizes.get(event.anchor or "", 1)
            aliases.append((_span(event), event.anchor or ""))
        elif isinstance(event, yaml.CollectionStartEvent):
            if len(stack) > LIMITS["max_depth"] + 1:
                raise YamlProblem(
                    _too_deep(),
                    "flatten the structure",
                    *_line_column(event.start_mark),
                )
            stack.append([1, event.anchor, event.start_mark])
        elif isinstance(event, yaml.CollectionEndEvent):
            size, anchor, mark = stack.pop()
            if size > LIMITS["max_expanded_nodes"]:
                raise YamlProblem(
                    "anchors and aliases expand to more than "
                    f"{LIMITS['max_expanded_nodes']:,} nodes (an alias bomb?)",
                    "write the repeated parts out, or use fewer nested aliases",
                    *_line_column(mark),
                )
            if anchor is not None:
                sizes[anchor] = size
            stack[-1][0] += size
    return aliases


def _line_column(mark: Any) -> tuple[int | None, int | None]:
    return (mark.line, mark.column) if mark is not None else (None, None)


class _Converter:
    def __init__(self, text: str, aliases: list[tuple[Span, str]]) -> None:
        import yaml  # already imported by the parse that made the nodes

        self.kinds = (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode)
        self.text = text
        self.done: dict[int, Any] = {}
        # the composer visits nodes in document order, so the n-th node met again is the n-th alias
        self.aliases = iter(aliases)
        self.alias: tuple[Span, str] | None = None  # the alias the last converted node was written as

    def convert(self, node: yaml.Node, depth: int) -> Any:
        if id(node) in self.done:  # an alias: share the converted value
            self.alias = next(self.aliases, None)
            return self.done[id(node)]
        if depth > LIMITS["max_depth"]:
            self._refuse(node, _too_deep(), "flatten the structure")
        if node.tag not in _STANDARD_TAGS and node.tag not in ("!", "?"):
            self._refuse(
                node, f"the tag {node.tag!r} is not allowed", "remove the tag; service files use plain YAML"
            )
        scalar, sequence, mapping = self.kinds
        if isinstance(node, scalar):
            value = self._scalar(node)
        elif isinstance(node, sequence):
            value = Sequence(_span(node))
            for item in node.value:
                value.append(self.convert(item, depth + 1))
                value.item_spans.append(self._written(item))
                if self.alias is not None:
                    value.aliases[len(value) - 1] = self.alias[1]
        elif isinstance(node, mapping):
            value = self._mapping(node, depth)
        else:  # the composer gives no other kind of node
            raise TypeError(f"unexpected YAML node {type(node).__name__}")
        self.done[id(node)] = value
        self.alias = None
        return value

    def _written(self, node: yaml.Node) -> Span:
        """The span of the node just converted: the alias's own when it was written as one."""
        return self.alias[0] if self.alias is not None else _span(node)

    def _mapping(self, node: yaml.MappingNode, depth: int) -> Mapping:
        mapping = Mapping(_span(node))
        for key_node, value_node in node.value:
            if key_node.tag == _PLAIN and key_node.value == "<<":
                self._refuse(key_node, "merge keys ('<<') are not supported", "write the keys out in full")
            key = self.convert(key_node, depth + 1)
            key_span = self._written(key_node)
            if not isinstance(key, str):
                self._refuse(key_node, f"the key {key!r} is not text", "quote the key or rename it")
            if key in mapping:
                first = mapping.key_spans[key]
                self._refuse(
                    key_node,
                    f"duplicate key {key!r} (first written at line {first.line + 1})",
                    "keep one of the two; YAML would silently keep only the last",
                )
            mapping[key] = self.convert(value_node, depth + 1)
            mapping.key_spans[key] = key_span
            mapping.value_spans[key] = self._written(value_node)
            if self.alias is not None:
                mapping.aliases[key] = self.alias[1]
        return mapping

    @staticmethod
    def _refuse(node: yaml.Node, message: str, hint: str) -> None:
        raise YamlProblem(message, hint, node.start_mark.line, node.start_mark.column)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        # libyaml resolves '! 12' like a plain '12'; the non-specific tag '!' means text
        if self.text[node.start_mark.index : node.start_mark.index + 1] == "!":
            return node.value
        if _INT.match(node.value) and len(node.value) > _MAX_DIGITS:
            self._refuse(
                node,
                f"the number has {len(node.value):,} digits, more than {_MAX_DIGITS:,}",
                "quote it if it is text, or write a shorter number",
            )
        return _scalar(node)


_MAX_DIGITS = 4000  # below Python's limit for turning text into int (sys.get_int_max_str_digits)


def _scalar(node: yaml.ScalarNode) -> Any:
    text = node.value
    if node.style or node.tag != _PLAIN:
        return text  # quoted, block and '!!str' scalars are text; quote a number to keep it text
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
    if _FLOAT.match(text):
        return float(
            text.replace(".inf", "inf")
            .replace(".Inf", "inf")
            .replace(".INF", "inf")
            .replace(".nan", "nan")
            .replace(".NaN", "nan")
            .replace(".NAN", "nan")
        )
    return text


def typed_plain(text: str) -> bool:
    """Whether ``text``, written as a plain scalar, is read as a number, bool or null (not text)."""
    return bool(text in _BOOL or _NULL.match(text) or _INT.match(text) or _FLOAT.match(text))


def span_at(data: Any, path: tuple[Any, ...], *, key: bool = False) -> Span | None:
    """The span of the value at ``path`` (or of its key), or of the nearest parent."""
    found: Span | None = getattr(data, "span", None)
    node = data
    for step in path:
        if isinstance(node, Mapping) and step in node:
            found = node.key_spans[step] if key and step == path[-1] else node.value_spans[step]
            node = node[step]
        elif isinstance(node, Sequence) and isinstance(step, int) and 0 <= step < len(node):
            found, node = node.item_spans[step], node[step]
        else:
            break
    return found

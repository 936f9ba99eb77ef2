"""Read a Mermaid ``journey`` diagram into a new service document.

The journey is read line by line, as Mermaid reads it:

- ``title X`` gives the service title (the file name when there is none);
- ``section X`` starts a stage. Names are matched to stages first
  ("before", "pre-service", "售前" → pre-service; "during", "in" → in-service;
  "after", "post-sale", "售后" → post-service; the whole name or its first
  word counts, so "Before the stay" is pre-service). A section whose name says no
  stage takes it from its position: the first of several is pre-service, the
  last of three or more is post-service, the others in-service; a warning
  names each guess so it can be corrected in the file;
- ``Task: score: actor 1, actor 2`` is a moment: the task becomes its title,
  the score (1..5) its expected emotion ``score - 3`` (-2..+2), the actors
  its description;
- a ``%% blueprint: emotion N`` comment written by ``blueprint export``
  directly above a task restores an emotion the score cannot hold (none, -3,
  +3) as long as the score still matches it, so export → import keeps every
  emotion;
- Mermaid entity codes (``#quot;``, ``#59;``) are decoded.

A Markdown file with fenced ``mermaid`` blocks is read too: the first block
that is a journey is used, and findings keep the Markdown line numbers.

Examples
--------
>>> doc, findings = read_journey("journey\\n title Stay\\n section Before\\n  Book: 4: Me", "stay.mmd")
>>> doc["service"], doc["moments"]
({'id': 'stay', 'title': 'Stay'}, [{'id': 'book', 'title': 'Book', 'stage': 'pre-service', 'emotion': 1, \
'description': 'Actors: Me'}])
>>> findings
[]
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path
from typing import Any

from ..model.findings import Finding, Location
from ..model.vocabulary import Severity
from .atomic import write_atomic

__all__ = [
    "EMOTION_COMMENT",
    "decode_entities",
    "diagram_header",
    "emotion_to_score",
    "read_journey",
    "score_to_emotion",
    "service_yaml",
    "write_service_yaml",
]

#: the comment ``blueprint export`` writes above a task whose emotion the score cannot hold
EMOTION_COMMENT = "%% blueprint: emotion"
_COMMENT = re.compile(r"^%%\s*blueprint:\s*emotion\s+(none|[-+]?[0-9]+)\s*$")
_ENTITY = re.compile(r"#(\w+);")
_FENCE = re.compile(r"^\s*(```+|~~~+)\s*mermaid\s*$", re.IGNORECASE)
#: the words Mermaid diagrams start with (lower case), so a first line that is none of them is no diagram
_DIAGRAM_KINDS = frozenset({
    "journey", "flowchart", "graph", "sequencediagram", "classdiagram", "classdiagram-v2", "statediagram",
    "statediagram-v2", "erdiagram", "gantt", "pie", "quadrantchart", "requirementdiagram", "gitgraph",
    "c4context", "c4container", "c4component", "c4dynamic", "c4deployment", "mindmap", "timeline", "zenuml",
    "sankey-beta", "xychart-beta", "block-beta", "packet-beta", "kanban", "architecture-beta", "radar-beta",
})  # fmt: skip

_STAGE_WORDS = {
    "pre-service": {"pre", "preservice", "presale", "presales", "before", "beforeservice", "beforesale",
                    "prior", "售前", "服务前"},
    "in-service": {"in", "inservice", "insale", "during", "duringservice", "duringsale", "售中", "服务中"},
    "post-service": {"post", "postservice", "postsale", "postsales", "after", "afterservice", "aftersale",
                     "aftersales", "aftercare", "followup", "售后", "服务后"},
}  # fmt: skip
#: a Chinese section name ending in before (前), during (中) or after (后, 後) names its stage
_CJK_STAGE_ENDS = {"前": "pre-service", "中": "in-service", "后": "post-service", "後": "post-service"}


def emotion_to_score(emotion: int | None) -> int:
    """The journey score (1..5) for an emotion (-3..+3; None counts as neutral).

    ``score = emotion + 3``, kept within 1..5: -2..+2 map one to one, -3 and +3
    are written as 1 and 5.

    >>> [emotion_to_score(e) for e in (-3, -2, -1, 0, 1, 2, 3, None)]
    [1, 1, 2, 3, 4, 5, 5, 3]
    """
    return 3 if emotion is None else min(5, max(1, emotion + 3))


def score_to_emotion(score: int) -> int:
    """The emotion (-2..+2) for a journey score (1..5): ``score - 3``.

    >>> [score_to_emotion(s) for s in range(1, 6)]
    [-2, -1, 0, 1, 2]
    """
    return score - 3


def read_journey(text: str, source: str) -> tuple[dict[str, Any] | None, list[Finding]]:
    """Read Mermaid journey ``text`` (named ``source`` in findings) into a service document.

    Returns the document (a dict in the service file format, version 1) and
    the findings. The document is None when any finding is an error: nothing
    half-read is written.
    """
    return _JourneyReader(text, source).read()


class _JourneyReader:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = text.removeprefix("\ufeff").splitlines()
        self.findings: list[Finding] = []
        self.title: str | None = None
        self.description: str | None = None
        self.sections: list[tuple[str, int, int]] = []  # (name, line number, column)
        self.tasks: list[dict[str, Any]] = []

    def read(self) -> tuple[dict[str, Any] | None, list[Finding]]:
        start, end = self._block()
        if start is not None:
            self._statements(start, end)
        if start is not None and not self.tasks and not self._errors():
            self._error(1, 1, "the journey has no tasks",
                        "add tasks under a section, e.g. '  Check in: 4: Guest'")  # fmt: skip
        if self._errors():
            return None, self.findings
        return self._document(), self.findings

    # -- finding the diagram ------------------------------------------------------------

    def _block(self) -> tuple[int | None, int]:
        """The index of the ``journey`` line and the end of its diagram."""
        fences = [i for i, line in enumerate(self.lines) if _FENCE.match(line)]
        spans = [(i + 1, self._fence_end(i)) for i in fences] or [(0, len(self.lines))]
        first_word = None
        for begin, end in spans:
            header = self._header(begin, end)
            if header is not None and self.lines[header].strip().lower() == "journey":
                return header, end
            if header is not None and first_word is None:
                first_word = (header, self.lines[header].split()[0])
        if first_word is not None and first_word[1].lower() not in _DIAGRAM_KINDS:
            first_word = None  # a first line that starts no diagram: a comment, a service file's 'version: 1'
        if first_word is None and any(line.startswith("version:") for line in self.lines):
            name = self.source.replace("\\", "/").rsplit("/", 1)[-1]
            self._error(1, 1, "the file holds no Mermaid diagram: it looks like a service file",
                        f"import reads the Markdown that export writes: blueprint export {name} "
                        "--to mermaid -o FILE.md, then blueprint import FILE.md")  # fmt: skip
        elif first_word is None:
            self._error(1, 1, "the file holds no Mermaid diagram",
                        "write a journey: a line 'journey', then 'title ...', 'section ...' "
                        "and tasks")  # fmt: skip
        else:
            line, word = first_word
            self._error(line + 1, _indent(self.lines[line]) + 1,
                        f"this is a Mermaid '{word}' diagram, "
                        + ("not a journey" if word.lower() in ("flowchart", "graph") else
                           "neither a flowchart nor a journey"),
                        "blueprint import reads a blueprint drawn as a flowchart (lanes as subgraphs) "
                        "and a journey (export one with 'blueprint export FILE --to mermaid')")  # fmt: skip
        return None, 0

    def _fence_end(self, fence: int) -> int:
        marker = self.lines[fence].strip()[:3]
        for i in range(fence + 1, len(self.lines)):
            if self.lines[i].strip().startswith(marker):
                return i
        return len(self.lines)

    def _header(self, begin: int, end: int) -> int | None:
        return diagram_header(self.lines, begin, end)

    # -- statements ---------------------------------------------------------------------

    def _statements(self, header: int, end: int) -> None:
        comment: tuple[str, int] | None = None
        i = header + 1
        while i < end:
            raw = self.lines[i]
            number, column = i + 1, _indent(raw) + 1
            stripped = raw.strip()
            i += 1
            if not stripped:
                continue
            if stripped.startswith("%%"):
                match = _COMMENT.match(stripped)
                comment = (match.group(1), number) if match else comment
                continue
            word, _, rest = stripped.partition(" ")
            keyword = word.lower().rstrip(":")
            if keyword == "title":
                self.title = _decode(rest.strip()) or self.title
            elif keyword == "section":
                self.sections.append((_decode(rest.strip()), number, column))
            elif keyword == "acctitle":
                pass  # an accessibility title; the service title is 'title'
            elif keyword == "accdescr" and stripped.endswith("{"):
                close = next((j for j in range(i, end) if "}" in self.lines[j]), end)
                self.description = " ".join(self.lines[j].strip() for j in range(i, close)).strip() or None
                i = close + 1
            elif keyword == "accdescr":
                self.description = _decode(stripped.split(":", 1)[-1].strip()) or None
            else:
                self._task(raw, number, column, comment)
            comment = None

    def _task(self, raw: str, number: int, column: int, comment: tuple[str, int] | None) -> None:
        text = _strip_comment(raw)
        bad = re.search(r"[;#]", _ENTITY.sub("", text))
        if bad is not None:
            where = _ENTITY.sub(lambda m: "x" * len(m.group(0)), text).index(bad.group(0))
            self._error(number, where + 1, f"a raw {bad.group(0)!r} in a task: Mermaid cannot read this line",
                        f"write {'#59;' if bad.group(0) == ';' else '#35;'} for a literal "
                        f"{bad.group(0)!r}")  # fmt: skip
            return
        name, colon, data = text.partition(":")
        if not colon:
            self._error(number, column, f"cannot read {text.strip()!r}: a task is 'Task name: score: actors'",
                        "write the task as e.g. '  Check in: 4: Guest, Receptionist'")  # fmt: skip
            return
        score_text, _, actors_text = data.partition(":")
        score_column = len(name) + 2 + (len(score_text) - len(score_text.lstrip()))
        score = self._score(score_text.strip(), number, score_column)
        title = _decode(name.strip())
        if not title:
            self._error(
                number, column, "the task has no name", "write the moment's title before the first ':'"
            )
            return
        if score is None:
            return
        emotion: int | None = score_to_emotion(score)
        if comment is not None:
            kept = None if comment[0] == "none" else int(comment[0])
            if emotion_to_score(kept) == score and (kept is None or -3 <= kept <= 3):
                emotion = kept
        actors = [_decode(a.strip()) for a in actors_text.split(",") if a.strip()]
        section = len(self.sections) - 1
        self.tasks.append({"title": title, "emotion": emotion, "actors": actors, "section": section,
                           "line": number})  # fmt: skip

    def _score(self, text: str, number: int, column: int) -> int | None:
        try:
            value = float(text)
        except ValueError:
            self._error(number, column, f"score {text!r} is not a number",
                        "give each task a score from 1 (very unhappy) to 5 (very happy)")  # fmt: skip
            return None
        if not 1 <= value <= 5:
            self._error(number, column, f"score {text} is outside 1..5",
                        "journey scores run from 1 (very unhappy) to 5 (very happy)")  # fmt: skip
            return None
        whole = math.floor(value + 0.5)  # halves round up, as people expect
        if value != whole:
            self._warn(number, column, f"score {text} is not a whole number; read as {whole}",
                       "use whole scores 1..5: each step is one step of expected emotion")  # fmt: skip
        return whole

    # -- building the document ----------------------------------------------------------

    def _document(self) -> dict[str, Any]:
        stages = self._stages()
        service: dict[str, Any] = {"id": _slug(Path(self.source).stem) or "imported-service"}
        if self.title is None:
            self.title = Path(self.source).stem or "Imported journey"
            self._warn(1, 1, f"the journey has no title; the service is called {self.title!r}",
                       "add 'title ...' under 'journey'")  # fmt: skip
        service["title"] = self.title
        if self.description:
            service["description"] = self.description
        moments: list[dict[str, Any]] = []
        taken: set[str] = set()
        for n, task in enumerate(self.tasks, 1):
            moment: dict[str, Any] = {"id": _unique(_slug(task["title"]) or f"moment-{n}", taken)}
            moment["title"] = task["title"]
            moment["stage"] = stages[task["section"]]
            if task["emotion"] is not None:
                moment["emotion"] = task["emotion"]
            if task["actors"]:
                moment["description"] = "Actors: " + ", ".join(task["actors"])
            moments.append(moment)
        return {"version": 1, "service": service, "moments": moments}

    def _stages(self) -> dict[int, str]:
        """The stage of each section index (-1: tasks before the first section)."""
        first = ("", self.tasks[0]["line"], 1)
        names = [first] if any(t["section"] == -1 for t in self.tasks) else []
        offset = len(names)
        names += self.sections
        stages: dict[int, str] = {}
        for position, (name, line, column) in enumerate(names):
            stage = _named_stage(name)
            if stage is None:
                stage = _positional_stage(position, len(names))
                what = f"section {name!r}" if name else "tasks before the first section"
                self._warn(line, column, f"{what} names no stage; read as {stage}",
                           "name sections 'Pre-service', 'In-service' and 'Post-service' "
                           "(or before / during / after)")  # fmt: skip
            stages[position - offset] = stage
        return stages

    # -- findings -----------------------------------------------------------------------

    def _error(self, line: int, column: int, message: str, hint: str) -> None:
        self._add(Severity.ERROR, line, column, message, hint)

    def _warn(self, line: int, column: int, message: str, hint: str) -> None:
        self._add(Severity.WARNING, line, column, message, hint)

    def _add(self, severity: Severity, line: int, column: int, message: str, hint: str) -> None:
        rule = "MM001" if severity is Severity.ERROR else "MM002"
        location = Location(self.source, line, column)
        self.findings.append(Finding(rule, severity, message, hint, location=location))

    def _errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


def _named_stage(name: str) -> str | None:
    """The stage a section's name says: the whole name, else its first word."""
    lowered = name.lower()
    key = re.sub(r"[\s_\-.:]+", "", lowered)
    words = re.findall(r"[a-z]+|[^\W\d_a-z]+", lowered)
    for stage, names in _STAGE_WORDS.items():
        if key in names or (words and words[0] in names) or any(w in names for w in words if _cjk(w)):
            return stage
    if _cjk(key) and key[-1] in _CJK_STAGE_ENDS:  # 就诊前, 入住中, 离店后: before, during, after
        return _CJK_STAGE_ENDS[key[-1]]
    return None


def _cjk(word: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in word)


def _positional_stage(position: int, count: int) -> str:
    if count >= 2 and position == 0:
        return "pre-service"
    if count >= 3 and position == count - 1:
        return "post-service"
    return "in-service"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _strip_comment(line: str) -> str:
    # Mermaid drops '%%' to the end of the line inside a journey.
    return line.split("%%", 1)[0].rstrip()


def decode_entities(text: str) -> str:
    """``text`` with Mermaid's entity codes (``#quot;``, ``#35;``, ``#amp;``) turned back into characters."""
    return _decode(text)


def _decode(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code.isdigit():
            number = int(code)
            # a surrogate is half of a UTF-16 pair, not a character: it could not be saved
            allowed = 0 < number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF
            return chr(number) if allowed else match.group(0)
        decoded = html.unescape(f"&{code};")
        return match.group(0) if decoded == f"&{code};" else decoded

    return _ENTITY.sub(one, text)


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].rstrip("-")


def _unique(ident: str, taken: set[str]) -> str:
    candidate, n = ident, 2
    while candidate in taken:
        candidate, n = f"{ident}-{n}", n + 1
    taken.add(candidate)
    return candidate


def diagram_header(lines: list[str], begin: int, end: int) -> int | None:
    """The first line of the diagram in ``lines[begin:end]``, past blank lines, ``%%`` comments and
    directives, and the front matter (``---`` ... ``---``) a Mermaid editor writes above it."""
    i = begin
    while i < end:
        stripped = lines[i].strip()
        if stripped == "---" and not any(line.strip() for line in lines[begin:i]):  # front matter
            i = next((j for j in range(i + 1, end) if lines[j].strip() == "---"), end) + 1
            continue
        if stripped and not stripped.startswith("%%"):
            return i
        i += 1
    return None


# -- writing the new service file ---------------------------------------------------------


def service_yaml(document: dict[str, Any], *, origin: str | None = None) -> str:
    """The service file text for ``document``, with a schema line and where it came from."""
    import io

    from ruamel.yaml import YAML

    from .save import escaped

    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    buffer = io.StringIO()
    yaml.dump(escaped(document), buffer)  # text with control characters or odd line breaks, quoted
    header = ["# yaml-language-server: $schema=service.schema.json"]
    if origin:
        origin = " ".join(origin.split())  # a file name with a newline must not end the comment
        advice = "" if document.get("standards") else "; add steps, factors and standards"
        header.append(f"# Imported from {origin} by 'blueprint import'{advice}.")
    return "\n".join(header) + "\n" + buffer.getvalue()


def write_service_yaml(document: dict[str, Any], path: str | Path, *, origin: str | None = None) -> Path:
    """Write ``document`` as a new service file at ``path`` (atomically); return the path."""
    target = Path(path)
    write_atomic(target, service_yaml(document, origin=origin))
    return target

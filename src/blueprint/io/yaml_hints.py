"""What to tell a designer about a YAML syntax slip that libyaml only names in its own words."""

from __future__ import annotations

import re

__all__ = ["over_indented", "tab_indents"]


def tab_indents(text: str, index: int) -> bool:
    """Whether the character at ``index`` is a tab among the spaces and tabs that start its line."""
    line_start = text.rfind("\n", 0, index) + 1
    return text[index : index + 1] == "\t" and not text[line_start:index].strip(" \t")


def over_indented(text: str, line: int) -> str | None:
    """How to line up a key indented further than the keys of its record, read from the line before."""
    lines = text.splitlines()
    key = re.match(r"( *)([^\s:#-][^:#]*):(\s|$)", lines[line]) if line < len(lines) else None
    before = next((s for s in reversed(lines[:line]) if s.strip() and not s.lstrip().startswith("#")), None)
    if key is None or before is None:
        return None
    indent, at = len(key.group(1)), len(before) - len(before.lstrip(" "))
    record = at + 2 if before.lstrip(" ").startswith("- ") else at
    if indent <= record or before.rstrip().endswith(":"):
        return None
    return (
        f"this line is indented {indent} spaces, the line before it {at}: "
        f"line '{key.group(2)}:' up with the keys of the same record ({record} spaces)"
    )

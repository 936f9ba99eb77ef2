"""Every relative link in README.md and docs/*.md leads to a file that exists, and every
``#anchor`` to a heading of that file, named as GitHub names it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

_FENCE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
# A fence line: the backticks, then at most a language name. Text after a closing fence
# would leave the block open, so the page below it showed as code.
_FENCE_LINE = re.compile(r"^ {0,3}(```|~~~)(?![A-Za-z0-9_+-]*[ \t]*$).*$", re.MULTILINE)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def _prose(text: str) -> str:
    """The text without fenced code blocks (whose lines are kept blank, to keep line numbers)."""
    return _FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: markup dropped, lower case, punctuation removed, spaces to hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML tags
    text = text.replace("`", "").lower()
    text = re.sub(r"[^\w\- ]", "", text)  # \w keeps letters of every script, digits and _
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every anchor the page's headings give, with GitHub's -1, -2 ... for repeated ones."""
    seen: dict[str, int] = {}
    found: set[str] = set()
    for match in _HEADING.finditer(_prose(path.read_text(encoding="utf-8"))):
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(path: Path) -> list[tuple[int, str]]:
    """(line, target) of every link and image outside code, in page order."""
    text = _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), _prose(path.read_text(encoding="utf-8")))
    return [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in _LINK.finditer(text)]


def broken(path: Path) -> list[str]:
    """A message for each relative link of the page that leads nowhere."""
    problems = []
    for line, target in links(path):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):  # http:, mailto: ...
            continue
        file_part, _, anchor = target.partition("#")
        dest = (path.parent / file_part).resolve() if file_part else path
        where = f"{path.relative_to(ROOT)}:{line}: {target}"
        if not dest.exists():
            problems.append(f"{where}: no such file")
        elif anchor and (dest.suffix != ".md" or anchor not in anchors(dest)):
            problems.append(f"{where}: no heading with the anchor #{anchor}")
    return problems


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file_and_heading(page: Path):
    assert broken(page) == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_code_fence_stands_on_its_own_line(page: Path):
    text = page.read_text(encoding="utf-8")
    lines = [text.count("\n", 0, m.start()) + 1 for m in _FENCE_LINE.finditer(text)]
    assert lines == [], f"{page.relative_to(ROOT)}: text beside a code fence on line(s) {lines}"


def test_the_pages_have_links_to_check():
    # Guards the link pattern itself: the README links to the docs and to a picture.
    targets = [target for _, target in links(ROOT / "README.md")]
    assert "docs/measure.md#unmeasured-is-never-passed" in targets
    assert "docs/img/hotel-stay-blueprint.png" in targets


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Standards (`standards:`)", "standards-standards"),
        ("Gap 1: customers' view against management's", "gap-1-customers-view-against-managements"),
        ("Spark, Trino, BigQuery", "spark-trino-bigquery"),
        ("Importance–performance analysis", "importanceperformance-analysis"),
        ("Votes without the widget: `blueprint votes`", "votes-without-the-widget-blueprint-votes"),
        ("服务圈 and the cycle", "服务圈-and-the-cycle"),
        ("Kano and BPM", "kano-and-bpm"),
    ],
)
def test_slugs_follow_github(heading: str, expected: str):
    assert slug(heading) == expected


def test_a_missing_file_and_a_missing_heading_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    other = "# Other page\n\n## Kept queries\n\n## Kept queries\n"
    (tmp_path / "other.md").write_text(other, encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\nSee [kept](other.md#kept-queries), [again](other.md#kept-queries-1),\n"
        "[gone](missing.md), [nowhere](other.md#no-such-part), [here](#page),\n"
        "[web](https://example.org/x.md), `[code](nothing.md)`.\n\n"
        "```md\n[in a fence](fenced.md)\n```\n\n[self](#not-here)\n",
        encoding="utf-8",
    )
    assert broken(page) == [
        "page.md:4: missing.md: no such file",
        "page.md:4: other.md#no-such-part: no heading with the anchor #no-such-part",
        "page.md:11: #not-here: no heading with the anchor #not-here",
    ]

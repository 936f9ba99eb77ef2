"""Hostile text shows literally in every widget: nothing user-written reaches HTML unescaped."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import ipywidgets as w
import pytest

from blueprint.io.load import load
from blueprint.widgets import CycleDesigner, Explorer, GapDashboard, StandardEditor

DATA = Path(__file__).parent / "data"
#: elements the widgets never write themselves, so finding one means user text got through
FORBIDDEN = {"img", "script", "svg", "iframe", "a", "object", "embed"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN:
            self.bad.append(tag)
        self.bad.extend(f"{tag}[{name}]" for name, _ in attrs if name.startswith("on"))


@pytest.fixture
def hostile(tmp_path: Path):
    path = tmp_path / "hostile.yaml"
    shutil.copy(DATA / "widgets-hostile.yaml", path)
    return load(path)


def html_of(widget: w.Widget) -> list[str]:
    """The HTML strings of every HTML widget inside ``widget``."""
    found = []
    if isinstance(widget, w.HTML):
        found.append(widget.value)
    for child in getattr(widget, "children", ()):
        found.extend(html_of(child))
    return found


def assert_inert(widget: w.Widget) -> None:
    for html in html_of(widget):
        body = re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)
        parser = _Tags()
        parser.feed(body)
        assert parser.bad == [], body[:300]


def test_explorer_escapes_every_title(hostile):
    explorer = Explorer(hostile, picture=False)
    for moment_id in hostile.moments:
        explorer.selected = moment_id
        assert_inert(explorer)
    explorer.selected = "arrive"
    assert "&lt;img src=x onerror=alert(1)&gt;" in explorer.panel.value
    assert "&lt;b onmouseover=alert(7)&gt;Boss&lt;/b&gt;" in explorer.panel.value
    explorer.lang = "zh"
    assert_inert(explorer)
    # Option labels are text, shown as text by the browser; they keep the characters.
    assert "<img src=x onerror=alert(2)> 到达 (arrive)" in [
        label for label, _ in explorer.picker.list.options
    ]


def test_editor_escapes_statement_and_findings(hostile):
    editor = StandardEditor(hostile, "quick", standard="wait-2-minutes")
    editor.form.controls["target"].value = "3"  # makes the lint quote the statement back
    assert_inert(editor)
    editor.form.controls["owner"].value = "<script>alert(8)</script>"
    assert_inert(editor)


def test_designer_and_dashboard_escape(hostile):
    designer = CycleDesigner(hostile, curve=False)
    assert_inert(designer)
    labels = [row.children[0].value for row in designer.rows.children]
    assert "<img src=x onerror=alert(1)>" in labels  # a Label shows text, never markup
    dashboard = GapDashboard(hostile)
    assert_inert(dashboard)
    assert "&lt;script&gt;" in dashboard.children[0].value


def test_import_without_ipywidgets_gives_the_install_hint():
    code = (
        "import sys; sys.modules['ipywidgets'] = None\n"
        "try:\n    import blueprint.widgets\n"
        "except ImportError as exc:\n    print(exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.count("\n") == 1
    assert 'pip install "blueprint-service-design[notebook]"' in out
    assert "ipywidgets" in out

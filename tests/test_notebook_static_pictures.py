"""Notebook 01's pictures are live widgets; a saved notebook read where widgets do not run still shows them.

JupyterLab saves a notebook without the widgets' state unless told to, and
nbconvert (or a repository's notebook viewer) cannot run a widget without
it. The picture's output therefore carries the SVG itself beside the widget
view: JupyterLab shows the widget, nbconvert's HTML the picture. The test
runs notebook 01's own picture cells in a kernel, saves the notebook as
JupyterLab does by default, and converts it to HTML.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

pytest.importorskip("nbclient", reason="the notebook extras are part of the test environment")
import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from blueprint.widgets.svgview import SvgView

pytestmark = [pytest.mark.slow, pytest.mark.graphviz]

ROOT = Path(__file__).resolve().parents[1]
WIDGET = "application/vnd.jupyter.widget-view+json"


def _picture_cells() -> list[str]:
    """Notebook 01's set-up cells and its three picture cells, as written there."""
    book = nbformat.read(ROOT / "notebooks" / "01-service-cycle.ipynb", as_version=4)
    code = [cell.source for cell in book.cells if cell.cell_type == "code"]
    setup = [c for c in code if "blueprint.load(HOTEL)" in c or "STANDARDS =" in c]
    pictures = [c for c in code if re.search(r"^picture\(service, \"(blueprint|cycle|emotion)\"\)", c, re.M)]
    explorer = [c for c in code if re.search(r"^explorer = Explorer\(service\)", c, re.M)]
    assert (len(setup), len(pictures), len(explorer)) == (2, 3, 1), "notebook 01 changed: update this test"
    return setup + pictures + explorer


@pytest.fixture(scope="module")
def saved_html() -> tuple[nbformat.NotebookNode, str]:
    book = nbformat.v4.new_notebook()
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    book.cells = [nbformat.v4.new_code_cell(source) for source in _picture_cells()]
    NotebookClient(book, timeout=300, resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    book.metadata.pop("widgets", None)  # saved as JupyterLab saves by default: no widget state
    body, _ = HTMLExporter().from_notebook_node(book)
    return book, body


def test_each_picture_output_holds_the_live_widget_and_the_svg(saved_html):
    book, _ = saved_html
    outputs = [o for cell in book.cells[2:5] for o in cell.outputs if o.output_type == "execute_result"]
    assert len(outputs) == 3
    for output in outputs:
        assert WIDGET in output.data  # JupyterLab still shows the live, zoomable widget
        assert output.data["image/svg+xml"].lstrip().startswith(("<svg", "<?xml"))


def test_the_saved_notebook_converted_to_html_shows_the_three_pictures(saved_html):
    _, page = saved_html
    shown = re.sub(r"<script.*?</script>", "", page, flags=re.S)  # what a reader sees without scripts
    pictures = re.findall(
        r'data-mime-type="image/svg\+xml"[^>]*>\s*<img [^>]*src="data:image/svg\+xml;base64,([^"]+)"', shown
    )
    assert len(pictures) == 3, f"{len(pictures)} static pictures in the HTML"
    drawn = [base64.b64decode(p).decode("utf-8") for p in pictures]
    assert all("Check in at the front desk" in svg for svg in drawn)  # the hotel's moments, drawn
    assert "jupyter-widgets jp-OutputArea-output" not in shown  # no empty widget boxes in their place


def test_the_explorer_in_a_saved_notebook_shows_its_blueprint_and_panel(saved_html):
    book, page = saved_html
    [output] = [o for o in book.cells[5].outputs if o.output_type == "execute_result"]
    assert WIDGET in output.data and "<svg" in output.data["text/html"]
    shown = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    last = shown.rsplit("jp-OutputArea-output", 1)[1]
    assert "<svg" in last and "Check in at the front desk" in last  # the blueprint, drawn
    assert "Click a moment in the blueprint" in last  # and the side panel


def test_a_picture_that_cannot_be_drawn_says_why_as_escaped_text():
    view = SvgView(svg="", message="No Graphviz here: <install it> & retry")
    data, _ = view._repr_mimebundle_()
    assert data["text/html"] == '<p class="bp-note">No Graphviz here: &lt;install it&gt; &amp; retry</p>'
    assert "image/svg+xml" not in data

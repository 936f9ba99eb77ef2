"""Notebook 04 served by Voilà at 1920x1080, driven as a facilitator would with a headless Chromium.

Voilà runs on a free port in a temp copy of the notebooks, the example
services and the example votes; the notebook copies the hotel into a temp
folder under the workspace (``TMPDIR``), which is where the test looks for the
file the workshop saves. The test moves round the cycle with the buttons and
the arrow keys, casts the room's votes, accepts the proposed tags, agrees a
standard, and checks that exactly the expected lines of the file changed.
Screenshots go to $BLUEPRINT_SCREENSHOTS (or a temp folder).
"""

from __future__ import annotations

import difflib
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from blueprint.io.load import load
from blueprint.model.queries import cycle_order

from .conftest import ROOT, _free_port, page_of_size, stop, wait_for

pytestmark = pytest.mark.browser

#: the room: each participant's vote on "Greeted by name" (class button, importance button)
VOTES = {
    "Front office manager": ("motivation (A)", "5"),
    "Desk clerk": ("motivation (A)", "4"),
    "Bell captain": ("performance (O)", "5"),
    "Housekeeping lead": ("motivation (A)", "4"),
    "Guest panel": ("motivation (A)", "5"),
}


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """``(base_url, workspace)``: Voilà serving the notebooks folder of a temp copy of the examples."""
    workspace = tmp_path_factory.mktemp("voila")
    shutil.copytree(ROOT / "notebooks", workspace / "notebooks")
    shutil.copytree(ROOT / "standards", workspace / "standards")
    shutil.copy(ROOT / "tests" / "data" / "widgets-hostile.yaml", workspace / "standards")
    _hostile_notebook(workspace / "notebooks" / "hostile-workshop.ipynb")
    shutil.copytree(ROOT / "examples" / "data" / "workshop", workspace / "examples" / "data" / "workshop")
    (workspace / "tmp").mkdir()
    port = _free_port()
    env = {
        **__import__("os").environ,
        "TMPDIR": str(workspace / "tmp"),
        "JUPYTER_CONFIG_DIR": str(workspace / "config"),
        "JUPYTER_RUNTIME_DIR": str(workspace / "run"),
    }
    log = (workspace / "voila.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "voila", "--no-browser", f"--port={port}",
            "--Voila.ip=127.0.0.1", "--show_tracebacks=True",
        ],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=workspace / "notebooks",
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    try:
        # a plain connection: fetching the page would start a kernel and run the notebook
        wait_for(server, lambda: _accepts(port), workspace / "voila.log", "Voilà")
        yield base, workspace
    finally:
        stop(server, log)


def _accepts(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        return True


@pytest.fixture
def big_page(browser, request, screenshots):
    """A 1920x1080 page, as projected."""
    yield from page_of_size(browser, request, screenshots, 1920, 1080)


def _hostile_notebook(path: Path) -> None:
    import nbformat

    book = nbformat.v4.new_notebook()
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    book.cells = [nbformat.v4.new_code_cell(
        "from pathlib import Path\nimport blueprint\nfrom blueprint.widgets import Workshop\n"
        "service = blueprint.load(Path.cwd().parent / 'standards' / 'widgets-hostile.yaml')\n"
        "workshop = Workshop(service, participants=['<img src=x onerror=alert(11)>'])\n"
        "workshop.voting.vote('<script>alert(12)</script>', 'quick', 'basic', 5)\n"
        "workshop"
    )]  # fmt: skip
    nbformat.write(book, path)


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_workshop_in_voila(big_page, voila, screenshots):
    page, (base, workspace) = big_page, voila
    hotel = load(ROOT / "standards" / "hotel-stay.yaml")
    order = cycle_order(hotel)
    title = {m: hotel.moments[m].title for m in order}
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{base}voila/render/04-workshop.ipynb")
    slide = page.locator(".bp-slide").first
    slide.wait_for(state="visible", timeout=120_000)
    [copy] = (workspace / "tmp").glob("blueprint-04-*/hotel-stay.yaml")
    before = copy.read_text(encoding="utf-8")
    assert before == (ROOT / "standards" / "hotel-stay.yaml").read_text(encoding="utf-8")

    def shows(moment: str) -> None:
        page.locator(f".bp-slide[data-moment='{moment}']").wait_for(state="visible")

    shows(order[0])
    assert "Moment 1 of" in slide.inner_text()
    page.screenshot(path=screenshots / "04-voila-moment.png")

    # Buttons: next, then back past the first moment to the last (the cycle closes).
    workshop = page.locator(".bp-workshop").first
    workshop.locator(".bp-next").click()
    shows(order[1])
    workshop.locator(".bp-previous").click()
    shows(order[0])
    workshop.locator(".bp-previous").click()
    shows(order[-1])
    assert f"back to {title[order[0]]}" in page.locator(".bp-slide").first.inner_text()
    page.screenshot(path=screenshots / "04-voila-last-moment.png")
    # Keys: right wraps to the first moment again; left goes back.
    page.locator(".bp-slide h1").first.click()
    page.keyboard.press("ArrowRight")
    shows(order[0])
    page.keyboard.press("ArrowRight")
    shows(order[1])
    page.keyboard.press("ArrowLeft")
    shows(order[0])
    # Jump to check-in and vote on its factors.
    workshop.locator(".bp-jump select").select_option(
        label=f"{order.index('check-in') + 1}. {title['check-in']}"
    )
    shows("check-in")
    page.screenshot(path=screenshots / "04-voila-check-in.png")
    workshop.get_by_role("tab", name="Votes").click()
    voting = workshop.locator(".bp-voting")
    voting.locator(".bp-vote-factor select").select_option(label=hotel.factors["welcome-by-name"].title)
    rows = voting.locator(".bp-vote-grid > .widget-hbox:not(.bp-vote-head)")
    for index, (who, (cls, weight)) in enumerate(VOTES.items()):
        row = rows.nth(index)
        assert row.locator(".bp-voter").inner_text() == who
        row.locator(".bp-vote-class").get_by_role("button", name=cls, exact=True).click()
        row.locator(".bp-vote-importance").get_by_role("button", name=weight, exact=True).click()
    voting.get_by_text("4.5 of 5 · 4 votes").wait_for()  # the staff, apart from the guest panel
    voting.get_by_text("5 of 5 · 1 vote (").wait_for()
    voting.locator(".bp-propose").click()
    voting.locator(".bp-diff .bp-new").first.wait_for()
    diff_text = voting.locator(".bp-diff").first.inner_text()
    assert "performance" in diff_text and "motivation" in diff_text and "0.88" in diff_text
    page.screenshot(path=screenshots / "04-voila-votes.png", full_page=True)
    voting.locator(".bp-accept").click()
    voting.locator(".bp-vote-message").get_by_text("Saved 1 factor(s)").wait_for()
    after = copy.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "-        bpm: performance",
        "+        bpm: motivation",
        "-        importance: 0.7",
        "+        importance: 1",  # the guest panel (a customer) rates it 5 of 5
        "-        assumed_importance: 0.45",
        "+        assumed_importance: 0.88",  # the four staff: 4.5 of 5
    ]
    assert after.count("#") == before.count("#")  # every comment kept
    # The slide shows the new tags.
    workshop.get_by_role("tab", name="Moment").click()
    page.locator(".bp-slide").first.get_by_text("motivation").first.wait_for()

    # Agree a standard for the lobby with two people in the room.
    workshop.get_by_role("tab", name="Agree a standard").click()
    agree = workshop.locator(".bp-agree")
    factors = [f.id for f in hotel.moments["check-in"].factors]
    agree.locator(".bp-agree-factor select").select_option(index=factors.index("lobby-clean"))
    agree.locator(".bp-editor").wait_for()
    agree.locator(".bp-signers").get_by_text("Front office manager").click()
    agree.locator(".bp-signers").get_by_text("Desk clerk").click()
    agree.locator(".bp-field-owner input").fill("Front office manager")
    page.screenshot(path=screenshots / "04-voila-agree.png", full_page=True)
    agree.locator(".bp-agree-save").click()
    agree.get_by_text("Agreed and saved").wait_for()
    agreed = copy.read_text(encoding="utf-8")
    added = changed_lines(after, agreed)
    assert added[0].startswith("+  - id: lobby-clean-")
    assert "+      - by: Front office manager" in added and "+      - by: Desk clerk" in added
    assert all(line.startswith("+") for line in added)

    # The closing view: the cycle, the standard agreed, the tags changed, the open gaps.
    workshop.get_by_role("tab", name="Closing").click()
    closing = workshop.locator(".bp-closing")
    closing.get_by_text("Standards agreed today").wait_for()
    closing.locator("svg.bp-svg g.node").first.wait_for()  # the ring, zoomable
    closing.locator(".bp-cycle-tile").first.wait_for()  # the moments named beside it
    text = closing.inner_text()
    assert added[0].split("id: ", 1)[1] in text
    assert hotel.factors["welcome-by-name"].title in text
    assert "gap 2" in text
    page.screenshot(path=screenshots / "04-voila-closing.png", full_page=True)
    assert dialogs == []


@pytest.fixture
def projector_page(browser, request, screenshots):
    """A 1280x720 page: a common projector."""
    yield from page_of_size(browser, request, screenshots, 1280, 720)


def test_notebook_04_fits_a_1280x720_projector(projector_page, voila, screenshots):
    page, (base, _) = projector_page, voila
    page.goto(f"{base}voila/render/04-workshop.ipynb")
    slide = page.locator(".bp-slide").first
    slide.wait_for(state="visible", timeout=120_000)
    title = page.locator(".bp-slide h1").first.bounding_box()
    assert title["y"] + title["height"] <= 720, "the moment's title is below the fold"
    page.screenshot(path=screenshots / "04-voila-1280-moment.png")
    workshop = page.locator(".bp-workshop").first
    workshop.get_by_role("tab", name="Votes").click()
    voting = workshop.locator(".bp-voting")
    voting.locator(".bp-vote-grid").wait_for(state="visible")
    for voter in voting.locator(".bp-voter").all():
        cut = voter.evaluate("e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1")
        assert not cut, f"{voter.inner_text()} is cut off"
        box = voter.bounding_box()
        assert box["x"] + box["width"] <= 1280
    assert voting.locator(".bp-voter").all_inner_texts()[0] == "Front office manager"
    for group in voting.locator(".bp-vote-grid .widget-toggle-buttons").all():
        tops = {round(b["y"]) for b in (x.bounding_box() for x in group.locator("button").all()) if b}
        assert len(tops) == 1, "a row of vote buttons wraps onto a second line"
        for button in group.locator("button").all():
            assert button.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), f"{button.inner_text()} is cut"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280
    page.screenshot(path=screenshots / "04-voila-1280-votes.png")


def test_hostile_titles_are_inert_in_the_workshop_page(big_page, voila, screenshots):
    page, (base, _) = big_page, voila
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{base}voila/render/hostile-workshop.ipynb")
    slide = page.locator(".bp-slide").first
    slide.wait_for(state="visible", timeout=120_000)
    slide.get_by_text("<img src=x onerror=alert(1)>", exact=True).wait_for()
    assert "<svg onload=alert(3)> quick" in slide.inner_text()
    workshop = page.locator(".bp-workshop").first
    workshop.get_by_role("tab", name="Votes").click()
    voting = workshop.locator(".bp-voting")
    voting.get_by_text("<script>alert(12)</script>", exact=True).wait_for()
    voting.get_by_text("<img src=x onerror=alert(11)>", exact=True).wait_for()
    workshop.get_by_role("tab", name="Closing").click()
    workshop.locator(".bp-closing").get_by_text("Standards agreed today").wait_for()
    page.screenshot(path=screenshots / "04-voila-hostile.png", full_page=True)
    assert dialogs == []
    assert page.evaluate("() => window.__bp_pwned === undefined")
    assert page.locator("img[src='x']").count() == 0


def test_arrow_keys_also_work_in_jupyterlab(page, lab, screenshots):
    from .test_lab import open_and_run

    order = cycle_order(load(ROOT / "standards" / "hotel-stay.yaml"))
    votes = Path(lab[2]) / "examples" / "data" / "workshop"  # the notebook reads the example votes too
    shutil.copytree(ROOT / "examples" / "data" / "workshop", votes, dirs_exist_ok=True)
    open_and_run(page, lab, "04-workshop.ipynb")
    slide = page.locator(f".bp-slide[data-moment='{order[0]}']").first
    slide.scroll_into_view_if_needed()
    slide.locator("h1").click()  # focus leaves the code cells; the notebook is in command mode
    page.keyboard.press("ArrowRight")
    page.locator(f".bp-slide[data-moment='{order[1]}']").first.wait_for(state="visible")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.locator(f".bp-slide[data-moment='{order[-1]}']").first.wait_for(state="visible")
    page.locator(".bp-workshop").first.screenshot(path=screenshots / "04-lab-workshop.png")

"""Voting from a phone while the presenter's workshop runs in Voilà (and in JupyterLab): the count changes.

Voilà serves a notebook that opens the Workshop on a bank help line with
"Open voting" on 127.0.0.1 (a free port); the test reads the join URL off the
projected slide (1920×1080), votes from a phone-sized page (390×844), and
waits for the presenter's page to show the vote in its count and charts.
Then the presenter moves the slide, and the phone follows. The same notebook
run in JupyterLab shows a phone's vote in the workshop's count.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, _free_port, page_of_size, stop, wait_for

pytestmark = pytest.mark.browser


def _notebook(path: Path, service: Path, db: Path) -> None:
    import nbformat

    book = nbformat.v4.new_notebook()
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    book.cells = [nbformat.v4.new_code_cell(
        "import blueprint\nfrom blueprint.widgets import Workshop\n"
        f"workshop = Workshop(blueprint.load({str(service)!r}), participants=['Desk lead'],\n"
        f"                    voting_host='127.0.0.1', votes_db={str(db)!r})\n"
        "workshop.open_voting()\nworkshop"
    )]  # fmt: skip
    nbformat.write(book, path)


def _accepts(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        return True


@pytest.fixture
def voila(tmp_path):
    """``(page URL, workspace)``: Voilà serving the live-voting notebook."""
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "tests" / "data" / "vote_server" / "call-centre.yaml", tmp_path)
    _notebook(tmp_path / "notebooks" / "live.ipynb", tmp_path / "call-centre.yaml", tmp_path / "live.sqlite")
    port = _free_port()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "run"),
    }
    log = (tmp_path / "voila.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "voila", "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
         "--show_tracebacks=True"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=tmp_path / "notebooks",
    )  # fmt: skip
    try:
        wait_for(server, lambda: _accepts(port), tmp_path / "voila.log", "Voilà")
        yield f"http://127.0.0.1:{port}/voila/render/live.ipynb", tmp_path
    finally:
        stop(server, log)  # the kernel goes with it, and the voting server with the kernel


@pytest.fixture
def big_page(browser, request, screenshots):
    yield from page_of_size(browser, request, screenshots, 1920, 1080)


@pytest.fixture
def phone(browser, request, screenshots):
    yield from page_of_size(browser, request, screenshots, 390, 844)


def test_a_phone_vote_shows_on_the_presenters_voila_page(big_page, phone, voila, screenshots):
    presenter, (address, _) = big_page, voila
    presenter.goto(address)
    presenter.locator(".bp-join-url").first.wait_for(state="visible", timeout=120_000)
    url = presenter.locator(".bp-join-url").first.inner_text().strip()
    assert url.startswith("http://127.0.0.1:") and "/w/" in url
    assert presenter.locator(".bp-join-qr").first.is_visible()
    presenter.screenshot(path=screenshots / "voila-live-join.png")
    workshop = presenter.locator(".bp-workshop").first
    workshop.get_by_role("tab", name="Votes").click()
    voting = workshop.locator(".bp-voting")
    voting.get_by_text("no importance votes yet").wait_for()

    phone.goto(url)
    phone.get_by_text("Call the help line").wait_for()
    phone.get_by_label("Your name").fill("Guest Gwen")
    phone.get_by_label("customers").check()
    card = phone.locator(".bp-factor[data-factor='number-findable']")
    card.get_by_role("button", name="basic").click()
    card.get_by_role("button", name="importance 5").click()
    phone.locator(".bp-factor[data-factor='number-findable'][data-voted='true']").wait_for()

    presenter.locator(".bp-live-count").get_by_text("1 vote from 1 phone").wait_for()
    voting.get_by_text("5 of 5 · 1 vote (5–5)").wait_for()
    voting.locator(".bp-voter").get_by_text("Guest Gwen", exact=True).wait_for()
    presenter.screenshot(path=screenshots / "voila-live-votes.png", full_page=True)

    # The presenter moves to the next moment: the phone follows.
    workshop.locator(".bp-next").click()
    phone.get_by_text("Choose from the phone menu").wait_for()
    assert phone.locator(".bp-factor[data-factor='menu-short']").is_visible()
    phone.screenshot(path=screenshots / "voila-live-phone.png", full_page=True)


def test_a_phone_vote_shows_in_jupyterlab(page, phone, lab, screenshots):
    from .conftest import shut_down_kernels
    from .test_lab import open_and_run

    base, token, workspace = lab
    shutil.copy(ROOT / "tests" / "data" / "vote_server" / "call-centre.yaml", Path(workspace))
    _notebook(Path(workspace) / "notebooks" / "live-lab.ipynb", Path(workspace) / "call-centre.yaml",
              Path(workspace) / "live-lab.sqlite")  # fmt: skip
    try:
        open_and_run(page, lab, "live-lab.ipynb")
        join = page.locator(".bp-join-url").first
        join.wait_for(state="visible")
        url = join.inner_text().strip()
        phone.goto(url)
        phone.get_by_label("Your name").fill("Agent Al")
        card = phone.locator(".bp-factor[data-factor='line-open-late']")
        card.get_by_role("button", name="performance").click()
        phone.locator(".bp-factor[data-factor='line-open-late'][data-voted='true']").wait_for()
        page.locator(".bp-live-count").get_by_text("1 vote from 1 phone").wait_for()
        page.locator(".bp-workshop").first.screenshot(path=screenshots / "lab-live-votes.png")
    finally:
        shut_down_kernels(base, token)  # the voting server goes with the kernel

"""``blueprint workshop present`` on a projector: 1280x720 and 1920x1080, every tab, as the room sees it.

The command runs as a user starts it, on a temp copy of the hotel with a
named working folder; a headless Chromium opens the page at each size. On
every tab the page is audited: nothing scrolls sideways, no visible text is
under 16 px, every text's contrast meets WCAG AA, no code, file path or file
key is on screen. At 1280x720 the moment's title is above the fold, every
participant's name shows whole and each row of vote buttons stays on one line.
Screenshots go to $BLUEPRINT_SCREENSHOTS (or a temp folder).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from blueprint.io.load import load

from .conftest import ROOT, _free_port, page_of_size, stop, wait_for

pytestmark = pytest.mark.browser

STAFF = ["Front office manager", "Desk clerk", "Bell captain", "Housekeeping lead"]
#: what must never reach the room's screen: file keys, paths, identifiers of the hotel file
FORBIDDEN = re.compile(
    r"assumed_importance|sub_item|agreed_by|last_reviewed|\bbpm\b|\.yaml|/tmp/|blueprint-present|"
    r"checkin-within-3-minutes|welcome-by-name|lobby-clean|\bBP\d{3}\b"
)

#: the page audit (sideways overflow, small type, weak contrast, code on screen), returned as data
AUDIT = (Path(__file__).parent / "presenter_audit.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def presenter(tmp_path_factory):
    """``(base_url, workspace)``: ``blueprint workshop present`` serving a temp copy of the hotel."""
    workspace = tmp_path_factory.mktemp("present")
    shutil.copytree(ROOT / "standards", workspace / "standards")
    port = _free_port()
    env = {
        **__import__("os").environ,
        "JUPYTER_CONFIG_DIR": str(workspace / "config"),
        "JUPYTER_RUNTIME_DIR": str(workspace / "run"),
    }
    people = [a for name in STAFF for a in ("--participant", name)] + ["--customer", "Guest panel"]
    log_path = workspace / "present.log"
    log = log_path.open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "blueprint.cli", "workshop", "present", "standards/hotel-stay.yaml",
         f"--port={port}", "--no-browser", "--folder", str(workspace / "room"), *people],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=workspace,
    )  # fmt: skip
    try:
        wait_for(server, lambda: _accepts(port), log_path, "blueprint workshop present")
        yield f"http://127.0.0.1:{port}/", workspace
    finally:
        stop(server, log)


def _accepts(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        return True


@pytest.fixture(params=[(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def screen(request, browser, screenshots):
    yield from page_of_size(browser, request, screenshots, *request.param)


def audit(page, where: str) -> str:
    found = page.evaluate(AUDIT)
    width = page.viewport_size["width"]
    assert found["width"] <= width, f"{where}: the page is {found['width']} px wide on a {width} px screen"
    assert found["sideways"] == [], f"{where}: scrolls sideways: {found['sideways']}"
    assert found["small"] == [], f"{where}: text under 16 px: {found['small'][:8]}"
    assert found["faint"] == [], f"{where}: contrast under WCAG AA: {found['faint'][:8]}"
    assert found["code"] == [], f"{where}: code on screen: {found['code'][:5]}"
    shown = FORBIDDEN.findall(found["text"])
    assert shown == [], f"{where}: file keys or paths on screen: {sorted(set(shown))}"
    return str(found["text"])


def test_the_presenter_fits_the_projector(screen, presenter, screenshots):
    page, (base, workspace) = screen, presenter
    size = f"{page.viewport_size['width']}x{page.viewport_size['height']}"
    original = (workspace / "standards" / "hotel-stay.yaml").read_bytes()
    page.goto(base)
    slide = page.locator(".bp-slide").first
    slide.wait_for(state="visible", timeout=120_000)
    assert page.locator(".bp-slide h1").first.bounding_box()["y"] + 40 < page.viewport_size["height"]
    text = audit(page, f"Moment at {size}")
    assert "Moment 1 of" in text
    page.screenshot(path=screenshots / f"present-{size}-moment.png")

    workshop = page.locator(".bp-workshop").first
    workshop.locator(".bp-next").click()
    page.locator(".bp-slide[data-moment='confirmation']").wait_for(state="visible")
    workshop.locator(".bp-jump select").select_option(index=4)
    page.locator(".bp-slide[data-moment='check-in']").wait_for(state="visible")

    workshop.get_by_role("tab", name="Votes").click()
    voting = workshop.locator(".bp-voting")
    voting.locator(".bp-vote-grid").wait_for(state="visible")
    for voter in voting.locator(".bp-voter").all():
        cut = voter.evaluate(
            "el => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1"
        )
        assert not cut, f"{voter.inner_text()} is cut off"
    names = voting.locator(".bp-voter").all_inner_texts()
    assert names == [*STAFF, "Guest panel"]
    for group in voting.locator(".bp-vote-grid .widget-toggle-buttons").all():
        tops = {round(b["y"]) for b in (x.bounding_box() for x in group.locator("button").all()) if b}
        assert len(tops) == 1, "a row of vote buttons wraps onto a second line"
        for button in group.locator("button").all():
            assert button.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), f"{button.inner_text()} is cut"
    rows = voting.locator(".bp-vote-grid > .widget-hbox:not(.bp-vote-head)")
    for index in (0, 4):  # 2 of 5 vote: below the quorum of 3
        rows.nth(index).locator(".bp-vote-class").get_by_role("button", name="motivation (A)").click()
        rows.nth(index).locator(".bp-vote-importance").get_by_role("button", name="5", exact=True).click()
    voting.get_by_text("5 of 5 · 1 vote (5–5)").nth(1).wait_for()  # a staff and a customer, drawn apart
    voting.locator(".bp-propose").click()
    voting.get_by_text("Below the quorum of 3 votes").wait_for()
    assert voting.locator(".bp-accept").is_disabled()
    audit(page, f"Votes at {size}")
    voting.get_by_text("Below the quorum of 3 votes").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / f"present-{size}-votes.png")

    workshop.get_by_role("tab", name="Agree a standard").click()
    agree = workshop.locator(".bp-agree")
    agree.locator(".bp-editor").wait_for(state="visible")
    agree.locator(".bp-signers").get_by_text("Desk clerk").click()
    audit(page, f"Agree at {size}")
    page.screenshot(path=screenshots / f"present-{size}-agree.png")
    page.evaluate(  # every text the button shows while it saves, however briefly
        """() => { const b = document.querySelector('.bp-agree .bp-agree-save'); window.__bp_said = [];
          new MutationObserver(() => window.__bp_said.push(b.textContent.trim()))
            .observe(b, { childList: true, subtree: true, characterData: true, attributes: true }); }"""
    )
    agree.locator(".bp-agree-save").click()
    agree.get_by_text("Agreed and saved").wait_for()
    assert "Saving…" in page.evaluate("window.__bp_said")  # "Agree and save" shows that it is working

    workshop.get_by_role("tab", name="Closing").click()
    closing = workshop.locator(".bp-closing")
    closing.get_by_text("Standards agreed today").wait_for()
    closing.locator(".bp-cycle-tile").first.wait_for(state="visible")
    assert closing.locator(".bp-cycle-tile").count() == len(
        load(ROOT / "standards" / "hotel-stay.yaml").moments
    )
    audit(page, f"Closing at {size}")
    page.screenshot(path=screenshots / f"present-{size}-closing.png")

    copy = workspace / "room" / "hotel-stay.yaml"
    assert (workspace / "standards" / "hotel-stay.yaml").read_bytes() == original
    assert b"Desk clerk" in copy.read_bytes() and copy.read_bytes() != original

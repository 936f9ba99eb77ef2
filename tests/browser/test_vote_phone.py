"""The participants' voting page in a phone-sized headless Chromium (390×844), on a real server on loopback.

The server runs in a thread of the test process (as the Workshop widget runs
it) on 127.0.0.1 and a free port, and stops in the fixture's teardown.
Screenshots go to $BLUEPRINT_SCREENSHOTS (or a temp folder).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from blueprint.io.load import load
from blueprint.workshop.live.server import VotingServer

from .conftest import ROOT, page_of_size

pytestmark = pytest.mark.browser

DATA = ROOT / "tests" / "data" / "vote_server"


@pytest.fixture
def phone(browser, request, screenshots):
    """A page the size of a phone (390×844 CSS pixels)."""
    yield from page_of_size(browser, request, screenshots, 390, 844)


def _serve(tmp_path: Path, name: str) -> VotingServer:
    shutil.copy(DATA / name, tmp_path)
    service = load(tmp_path / name)
    server = VotingServer(service, tmp_path / "votes.sqlite", host="127.0.0.1")
    server.start()
    return server


@pytest.fixture
def help_line(tmp_path):
    server = _serve(tmp_path, "call-centre.yaml")
    yield server
    server.stop()


def test_a_phone_votes_and_follows_the_slide(phone, help_line, screenshots):
    page, server = phone, help_line
    server.store.show_moment("queue")
    page.goto(server.url)
    page.get_by_text("Wait for an agent").wait_for()
    page.get_by_label("Your name").fill("Guest Gwen")
    page.get_by_label("customers").check()
    card = page.locator(".bp-factor[data-factor='wait-told']")
    card.get_by_role("button", name="performance").click()
    card.get_by_role("button", name="importance 4").click()
    page.locator(".bp-factor[data-factor='wait-told'][data-voted='true']").wait_for()
    page.get_by_text("Counted: Told how long the wait is").wait_for()
    assert card.get_by_role("button", name="importance 4").get_attribute("aria-pressed") == "true"
    page.screenshot(path=screenshots / "vote-phone.png", full_page=True)
    [vote] = server.store.votes()
    assert (vote.participant, vote.role, vote.factor, vote.category, vote.importance) == (
        "Guest Gwen", "customer", "wait-told", "O", 4.0
    )  # fmt: skip
    # A second press replaces the class; the importance stays.
    card.get_by_role("button", name="basic").click()
    page.wait_for_function("document.querySelector(\"[data-value='basic']\").ariaPressed === 'true'")
    assert [(v.category, v.importance) for v in server.store.votes()] == [("M", 4.0)]
    # The presenter moves on: the page follows without a reload.
    server.store.show_moment("talk")
    page.get_by_text("Talk to the agent").wait_for()
    assert page.locator(".bp-factor").count() == 2
    assert page.locator(".bp-factor[data-factor='agent-polite']").is_visible()
    # Nothing spills sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshots / "vote-phone-next-moment.png", full_page=True)
    # Closing voting: the page says so and the buttons are off, also once the server has gone.
    server.store.set_open(False)
    page.get_by_text("Voting is closed.").wait_for()
    assert page.locator(".bp-factor button").first.is_disabled()
    server.store.set_open(True)
    page.get_by_text("Voting is open").wait_for()
    server.stop()
    page.get_by_text("Voting is closed.").wait_for()
    page.wait_for_timeout(1500)  # the page has heard its channel close by now
    assert page.locator("#bp-status").inner_text() == "Voting is closed."


def test_a_name_is_needed_and_a_refusal_is_shown(phone, help_line):
    page, server = phone, help_line
    page.goto(server.url)
    page.locator(".bp-factor").first.wait_for()
    page.locator(".bp-factor button.bp-class").first.click()
    page.get_by_text("Enter your name first.").wait_for()
    page.get_by_label("Your name").fill("=cmd|' /C calc'!A0")
    page.locator(".bp-factor button.bp-class").first.click()
    page.get_by_text("Not counted: a name cannot start with").wait_for()
    assert server.store.votes() == []


def test_hostile_titles_stay_text_on_the_phone(phone, tmp_path, screenshots):
    server = _serve(tmp_path, "shoeshine-hostile.yaml")
    page = phone
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(server.url)
        page.get_by_text('Shine <img src=x onerror="window.__bp_pwned=2">', exact=True).wait_for()
        page.get_by_text(
            "Shine that lasts </script><script>window.__bp_pwned=3</script>", exact=True
        ).wait_for()
        assert "<script>window.__bp_pwned=1</script>" in page.locator("#bp-service").inner_text()
        page.get_by_label("Your name").fill("<img src=x onerror=alert(7)>")
        page.locator(".bp-factor[data-factor='wait-short'] button.bp-class").first.click()
        page.locator(".bp-factor[data-factor='wait-short'][data-voted='true']").wait_for()
        page.screenshot(path=screenshots / "vote-phone-hostile.png", full_page=True)
        assert server.store.votes()[0].participant == "<img src=x onerror=alert(7)>"
        assert page.evaluate("() => window.__bp_pwned === undefined")
        assert page.locator("img").count() == 0
        assert dialogs == []
    finally:
        server.stop()


def test_a_phone_hears_the_shell_server_close(phone, tmp_path):
    """Ctrl-C on `blueprint workshop serve`: the open page says voting closed, not that it lost the server."""
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from vote_server_helpers import Served

    shutil.copy(DATA / "call-centre.yaml", tmp_path)
    server = Served(tmp_path / "call-centre.yaml", tmp_path / "v.sqlite")
    try:
        phone.goto(server.url)
        phone.get_by_text("Voting is open").wait_for()
        phone.locator("body[data-live=open]").wait_for()  # it hears the server's news, not only its page
        assert "voting closed; 0 votes kept" in server.stop()
        phone.get_by_text("Voting is closed.").wait_for()
        phone.wait_for_timeout(1500)  # the page has heard its channel close by now
        assert phone.locator("#bp-status").inner_text() == "Voting is closed."
        assert phone.locator(".bp-factor button").first.is_disabled()
    finally:
        server.kill()

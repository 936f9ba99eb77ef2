"""The design tokens as Chromium applies them: one red for a fail point, and a user's override wins.

The pages are built in the test from the call centre written for the tests
(its IVR moment is a fail point, its queue a wait point) and shown with
``set_content``: no server is needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from blueprint.io.load import load
from blueprint.style import colour

from .conftest import page_of_size

pytestmark = pytest.mark.browser

CALL_CENTRE = Path(__file__).resolve().parents[1] / "data" / "services" / "call-centre.yaml"
#: what a user writes to restyle: any :root rule, before or after Blueprint's own sheets
OVERRIDE = "<style>:root { --bp-fail: #6a1b9a; --bp-heading: #004d40; }</style>"


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.fixture
def screen(browser, request, screenshots):
    yield from page_of_size(browser, request, screenshots, 1280, 720)


@pytest.fixture(scope="module")
def call_centre():
    return load(CALL_CENTRE)


def _slide_page(service, before: str = "", after: str = "") -> str:
    from blueprint.widgets._html import style
    from blueprint.widgets.slide import slide, workshop_style

    order = list(service.moments)
    body = slide(service, order, order.index("ivr")) + slide(service, order, order.index("queue"))
    head = f"{before}{style()}{workshop_style()}{after}"
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def _background(page, selector: str) -> str:
    return page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor")


def test_the_slide_marks_a_fail_point_and_a_wait_point_in_the_pictures_colours(screen, call_centre):
    from blueprint.render.theme import BADGE, STAGES

    screen.set_content(_slide_page(call_centre))
    assert _background(screen, ".bp-badge.bp-fail") == _rgb(BADGE["F"][0]) == _rgb(colour("fail"))
    assert _background(screen, ".bp-badge.bp-wait") == _rgb(BADGE["W"][0])
    text = screen.eval_on_selector(".bp-badge.bp-fail", "e => getComputedStyle(e).color")
    assert text == _rgb(colour("on-fail"))
    stage = call_centre.moments["ivr"].stage.value
    assert _background(screen, f".bp-badge.bp-stage-{stage}") == _rgb(STAGES[stage][1])


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_user_root_rule_overrides_a_token_wherever_it_stands(screen, call_centre, where):
    screen.set_content(_slide_page(call_centre, **{where: OVERRIDE}))
    assert _background(screen, ".bp-badge.bp-fail") == "rgb(106, 27, 154)"
    assert _background(screen, ".bp-badge.bp-wait") == _rgb(colour("wait"))  # the others stay


def test_the_report_takes_a_user_override_of_its_heading_colour(screen, call_centre):
    from blueprint.report.pipeline import build_report

    page = build_report(call_centre)
    screen.set_content(page)
    heading = "e => getComputedStyle(e).color"
    assert screen.eval_on_selector("h2", heading) == _rgb(colour("heading"))
    screen.set_content(page.replace("</head>", f"{OVERRIDE}</head>", 1))
    assert screen.eval_on_selector("h2", heading) == "rgb(0, 77, 64)"

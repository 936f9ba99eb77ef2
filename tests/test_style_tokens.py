"""One stylesheet of design tokens for the widgets, the report, the presenter and the phone page.

The tokens live in ``blueprint/style/tokens.css``; the stylesheets use them as
``var(--bp-…)`` and the Python that draws pictures reads the same values from
``blueprint.style``. These tests hold the sheet, the Python mapping and every
screen's source to that: one declared set, colours only there, AA contrast.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from blueprint.io.load import load
from blueprint.style import IPA_TOKENS, KANO_TOKENS, colour, sheet, tokens, with_tokens

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "blueprint"
CALL_CENTRE = Path(__file__).resolve().parent / "data" / "services" / "call-centre.yaml"
HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?\b")
USED = re.compile(r"var\(--bp-([a-z0-9-]+)")

#: the stylesheets of every screen: each writes its colours as tokens
SHEETS = [
    "report/report.css",
    "widgets/static/panel.css",
    "widgets/static/workshop.css",
    "widgets/static/presenter.css",
    "widgets/static/svgview.css",
    "workshop/live/static/vote.css",
]
#: the sources of the widgets, the report, the presenter and the phone page
SCREENS = ["widgets", "report", "workshop/live", "escaping.py"]
#: the only colour literals those sources may hold, and why
EXCEPTIONS = {
    # The join QR code is drawn near-black on white whatever the theme: phone cameras read it so.
    ("workshop/live/join.py", "#111"),
    ("workshop/live/join.py", "#fff"),
}


def _sources() -> list[Path]:
    found: list[Path] = []
    for part in SCREENS:
        path = PACKAGE / part
        found += [path] if path.is_file() else sorted(path.rglob("*"))
    return [p for p in found if p.suffix in (".py", ".css", ".js", ".html")]


def _contrast(a: str, b: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)


def test_every_token_resolves_and_every_colour_token_is_a_hex_colour():
    values = tokens()
    assert {"ink", "muted", "fail", "wait", "ok", "font", "size-room", "space-1", "space-4"} <= set(values)
    for name, value in values.items():
        assert "var(" not in value, name
        if not name.startswith(("font", "size", "space", "radius")):
            assert re.fullmatch(r"#[0-9a-f]{6}", value), (name, value)
    assert values["class-basic"] == colour("chart-red")  # a var() is replaced by the token it names
    assert int(values["size-room"].removesuffix("px")) >= 16  # projector type


def test_a_name_that_is_not_a_colour_token_is_refused_by_name():
    with pytest.raises(KeyError, match="--bp-font"):
        colour("font")


def test_the_token_sheet_lets_any_root_rule_override_it():
    # :where() weighs nothing, so `:root { --bp-fail: … }` anywhere in the page wins.
    assert ":where(:root)" in sheet()
    assert re.search(r"(?<!:where\():root\b", re.sub(r"/\*.*?\*/", "", sheet(), flags=re.S)) is None


@pytest.mark.parametrize("path", SHEETS)
def test_each_stylesheet_uses_only_declared_tokens_and_no_colour_literal(path):
    css = (PACKAGE / path).read_text(encoding="utf-8")
    used = set(USED.findall(css))
    assert used, f"{path} uses no token"
    assert used <= set(tokens()), sorted(used - set(tokens()))
    assert HEX.findall(css) == []


def test_no_screen_source_holds_a_colour_literal_outside_the_token_file():
    found = []
    for path in _sources():
        where = path.relative_to(PACKAGE).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for literal in HEX.findall(line):
                if (where, literal) not in EXCEPTIONS:
                    found.append(f"{where}:{number}: {literal}")
    assert found == []


def test_every_screen_carries_the_token_sheet_in_front_of_its_own():
    from blueprint.report.pipeline import build_report
    from blueprint.widgets._html import style
    from blueprint.widgets.svgview import SvgView
    from blueprint.workshop.live.page import code_form_html, participant_page_html

    service = load(CALL_CENTRE)
    screens = {
        "report": build_report(service),
        "panels": str(style()),
        "svgview": SvgView._css,
        "phone vote page": participant_page_html(service, "n0nce"),
        "join page": code_form_html(service, "n0nce"),
    }
    for name, text in screens.items():
        assert sheet() in text, name
        assert text.index(sheet()) < text.index("var(--bp-"), name


def test_a_fail_point_is_the_same_red_in_the_picture_the_chart_and_the_widget():
    from blueprint.render import render
    from blueprint.render.theme import BADGE, INK, MUTED
    from blueprint.report import charts
    from blueprint.widgets.slide import slide

    service = load(CALL_CENTRE)
    assert BADGE["F"] == (colour("fail"), colour("on-fail"))
    assert BADGE["W"] == (colour("wait"), colour("on-wait"))
    assert (colour("ink"), colour("muted"), colour("fail")) == (INK, MUTED, charts._BAD)
    assert f'fill="{colour("fail")}"' in render(service, view="blueprint").svg()
    order = list(service.moments)
    ivr, queue = slide(service, order, order.index("ivr")), slide(service, order, order.index("queue"))
    assert 'class="bp-badge bp-fail"' in ivr and 'class="bp-badge bp-wait"' in queue
    panel_css = (PACKAGE / "widgets/static/panel.css").read_text(encoding="utf-8")
    rule = r"\.bp-badge\.bp-fail \{ background: var\(--bp-fail\); color: var\(--bp-on-fail\)"
    assert re.search(rule, panel_css)


def test_a_stage_tag_wears_the_tint_of_its_stage_in_the_pictures():
    from blueprint.render.theme import STAGES
    from blueprint.widgets.slide import slide

    service = load(CALL_CENTRE)
    order = list(service.moments)
    for stage, (strong, tint) in STAGES.items():
        assert (strong, tint) == (colour(f"stage-{stage}"), colour(f"stage-{stage}-tint"))
    stage = service.moments["queue"].stage.value
    assert f'class="bp-badge bp-stage-{stage}"' in slide(service, order, order.index("queue"))


def test_a_kano_class_is_the_same_colour_in_the_cli_chart_the_dashboard_and_the_vote_chart():
    from blueprint.render import survey_charts
    from blueprint.widgets import survey_plots, vote_charts

    for letter, (_, shown) in vote_charts.CLASS_COLOURS.items():
        expected = colour(KANO_TOKENS[letter])
        assert shown == survey_plots._KANO_COLOURS[letter] == survey_charts._KANO_COLOURS[letter] == expected
    for quadrant, token in IPA_TOKENS.items():
        shown = survey_plots._IPA_COLOURS[quadrant]
        assert shown == survey_charts._QUADRANT_COLOURS[quadrant] == colour(token)


STAGE_NAMES = ("pre-service", "in-service", "post-service")
#: text colour -> the backgrounds it is written on
PAIRS = {
    "ink": ["surface", "canvas", "hover", "plain-bg", *(f"stage-{s}-tint" for s in STAGE_NAMES)],
    "ink-soft": ["surface", "plain-bg"],
    "muted": ["surface", "canvas", "hover", "plain-bg", "fail-bg", "warn-bg", "ok-bg", "info-bg"],
    "muted-strong": ["surface", "plain-bg"],
    "fail-ink": ["fail-bg", "surface"],
    "warn-ink": ["warn-bg", "surface"],
    "ok-ink": ["ok-bg", "surface"],
    "info-ink": ["info-bg", "surface"],
    "plain-ink": ["plain-bg"],
    "on-fail": ["fail"],
    "on-wait": ["wait"],
    "on-accent": ["accent", "heading", "ok-ink"],
    "surface": ["heading"],
}


@pytest.mark.parametrize("text", PAIRS)
def test_every_text_colour_meets_wcag_aa_on_its_backgrounds(text):
    for background in PAIRS[text]:
        assert _contrast(colour(text), colour(background)) >= 4.5, (text, background)


@pytest.mark.parametrize("letter", list(KANO_TOKENS))
def test_the_vote_chart_writes_on_each_class_colour_in_an_ink_of_aa_contrast(letter):
    from blueprint.widgets.vote_charts import ink

    fill = colour(KANO_TOKENS[letter])
    assert ink(fill) in (colour("surface"), colour("ink-deep"))
    assert _contrast(ink(fill), fill) >= 4.5


def test_with_tokens_puts_the_sheet_first():
    assert with_tokens(".x { color: var(--bp-ink); }").startswith(sheet())

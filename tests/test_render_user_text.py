"""User text in pictures: what a reader hovers over and reads is the text as written.

The service is an airline check-in (tests/data/render-text/airline-checkin.yaml)
written the way a team pastes text in: Windows paths, Graphviz escapes such as
``\\N`` and ``\\G``, entities, quotes, emoji, Arabic and Hebrew.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from blueprint.io.load import load
from blueprint.render import render
from conftest import DATA, hover_texts

AIRLINE = DATA / "render-text" / "airline-checkin.yaml"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.graphviz
@pytest.mark.parametrize("view", ["blueprint", "cycle"])
def test_hovering_shows_each_title_exactly_as_written(view: str) -> None:
    service = load(AIRLINE)
    hover = hover_texts(render(service, view).svg())
    titles = [" ".join(m.title.split()) for m in service.moments.values()]
    if view == "blueprint":
        titles += [" ".join(s.title.split()) for s in service.steps.values()]
        assert "• E-ticket quoting \\N, \\G and R&amp;D" in hover
    for title in titles:
        assert any(text.endswith(title) for text in hover), (title, hover)
    assert "Book the flight (C:\\New folder\\itinerary.pdf)" in " ".join(hover)


def _drawn(view: str, service, tmp_path) -> list[str]:  # type: ignore[no-untyped-def]
    """Draw ``view`` of ``service`` as PNG and PDF; the warnings drawing gave."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        picture = render(service, view)
        picture.save(tmp_path / f"{view}.png")
        picture.save(tmp_path / f"{view}.pdf")
    return [str(w.message) for w in caught]


@pytest.mark.parametrize("view", ["emotion", "channels", "elements"])
def test_charts_draw_emoji_and_symbols_in_every_weight(view: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from blueprint.render.figure import symbol_font

    assert symbol_font() is not None, "no font of symbols and emoji installed: CI must install fonts-symbola"
    service = load(AIRLINE)  # 🙂 in a moment title and ✈ in the bold heading
    messages = _drawn(view, service, tmp_path)
    assert not [m for m in messages if "empty boxes" in m or "missing from font" in m], messages


def test_a_bold_heading_with_an_emoji_keeps_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    service = load(AIRLINE)
    service.info = service.info.model_copy(update={"title": "Airport 🏛️ check-in"})
    messages = _drawn("emotion", service, tmp_path)
    assert not [m for m in messages if "empty boxes" in m], messages


def test_a_symbol_font_missing_from_matplotlib_s_cache_is_found_and_registered(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A font cache built before Symbola was installed must not give charts of empty boxes."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from blueprint.render import figure

    manager = font_manager.fontManager
    names = ("Symbola", "Noto Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Apple Symbols")
    monkeypatch.setattr(manager, "ttflist", [e for e in manager.ttflist if e.name not in names])
    figure.symbol_font.cache_clear()
    try:
        name = figure.symbol_font()
        assert name is not None, "no font of symbols and emoji installed: CI must install fonts-symbola"
        assert name in {entry.name for entry in manager.ttflist}
        path = font_manager.findfont(name, fallback_to_default=False)
        assert all(ord(c) in FT2Font(path).get_charmap() for c in "🙂✈🏛")
        assert name in figure.font_families()
    finally:
        figure.symbol_font.cache_clear()


def test_a_line_of_blueprint_s_words_around_right_to_left_text_is_laid_out_left_to_right() -> None:
    from blueprint.escaping import left_to_right

    assert left_to_right("تسجيل الوصول: the app fails") == "\u200eتسجيل الوصول: the app fails"
    assert left_to_right("צ'ק-אין — expected emotion").startswith("\u200e")
    assert left_to_right("Check in 24 h") == "Check in 24 h"  # nothing to reorder: unchanged
    assert left_to_right("办理入住") == "办理入住"


def _svg_texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]


@pytest.mark.graphviz
@pytest.mark.parametrize("lang", ["ar", "he"])
def test_the_fail_point_list_keeps_the_moment_first_under_a_right_to_left_title(lang: str) -> None:
    # Pango lays a line out right to left when its first letter is; the list line
    # "<title>: <cause> → no fail-safe yet" then shows the title last.
    service = load(AIRLINE)
    title = service.moments["online-checkin"].title_in(lang)
    texts = _svg_texts(render(service, "blueprint", lang=lang).svg())
    [line] = [t for t in texts if title.split()[0] in t and "App says" in t]
    assert line.startswith("\u200e" + title.split()[0]), line
    assert any(t.startswith(title.split()[0]) for t in texts)  # the moment's own box is left as written


@pytest.mark.parametrize("view", ["emotion", "channels", "elements"])
def test_a_chart_heading_with_a_right_to_left_title_reads_title_then_view(view: str) -> None:
    service = load(AIRLINE)
    heading = service.info.title_in("ar")
    texts = _svg_texts(render(service, view, lang="ar").svg())
    [shown] = [t for t in texts if heading.split()[0] in t and "—" in t]
    assert shown.startswith("\u200e" + heading.split()[0]), shown


@pytest.mark.graphviz
def test_graphviz_draws_latin_text_in_a_font_with_helvetica_s_widths() -> None:
    # The layout wraps titles by Helvetica's widths; without Helvetica, Arial or a font
    # of their widths, Pango takes the CJK font of the list, whose quotes ‘ ’ are full width.
    import subprocess

    from blueprint.render.theme import FONT

    source = f'digraph {{ a [fontname="{FONT}", label="Café ‘Zoë’"] }}'
    run = subprocess.run(["dot", "-v", "-Tsvg"], input=source, capture_output=True, text=True, check=True)
    [resolved] = [line for line in run.stderr.splitlines() if "resolved to" in line]
    helvetica_widths = ("Liberation Sans", "Helvetica", "Arial", "Nimbus Sans", "TeX Gyre Heros")
    assert any(name in resolved for name in helvetica_widths), (
        f"{resolved}: CI must install fonts-liberation2 (Liberation Sans has Helvetica's widths)"
    )


LONG_TITLE = (
    "Emergency department of the Royal Infirmary — from the ambulance bay through triage, assessment, "
    "treatment and discharge or admission to a ward, as the patients’ council described it in its 2026 review"
)


def _viewbox(svg: str) -> tuple[float, float]:
    import re

    found = re.search(r'viewBox="0\.00 0\.00 ([0-9.]+) ([0-9.]+)"', svg)
    assert found is not None
    return float(found.group(1)), float(found.group(2))


def _long_titled():  # type: ignore[no-untyped-def]
    service = load(AIRLINE)
    service.info = service.info.model_copy(update={"title": LONG_TITLE})
    return service


@pytest.mark.graphviz
@pytest.mark.parametrize("view", ["blueprint", "cycle"])
def test_a_long_service_title_is_cut_to_the_drawing_not_the_drawing_widened(view: str) -> None:
    short = _viewbox(render(load(AIRLINE), view).svg())
    svg = render(_long_titled(), view).svg()
    assert _viewbox(svg) == short
    heading = next(t for t in _svg_texts(svg) if t.startswith("Emergency department"))
    assert heading.endswith("…") and len(heading) < len(LONG_TITLE)
    assert LONG_TITLE in hover_texts(svg)  # the whole title, on hovering it


@pytest.mark.graphviz
def test_slide_panels_of_a_long_titled_service_keep_their_shape_and_their_numbers() -> None:
    from blueprint.render.blueprint_panels import fit_panels, panel_pictures

    service = _long_titled()
    pictures = panel_pictures(service, fit_panels(service), stage=None)
    assert len(pictures) > 1
    for n, picture in enumerate(pictures, 1):
        svg = picture.svg()
        width, height = _viewbox(svg)
        assert width / height <= 16 / 9 + 0.01, (n, width, height)
        heading = next(t for t in _svg_texts(svg) if t.startswith("Emergency department"))
        assert heading.endswith(f"· {n}/{len(pictures)}"), heading


def test_a_direction_override_in_user_text_ends_with_that_text() -> None:
    # A stray RLO (U+202E) pasted into a title would reverse every word drawn after it.
    from blueprint.escaping import clean, contain, escape_text

    assert contain("Check-in \u202eonline") == "Check-in \u202eonline\u202c"
    assert contain("\u2067שלום \u202bx") == "\u2067שלום \u202bx\u202c\u2069"
    assert contain("a \u202eb\u202c c \u2066d\u2069") == "a \u202eb\u202c c \u2066d\u2069"  # balanced: kept
    assert contain("Check in") == "Check in"
    assert escape_text("<\u202e") == "&lt;\u202e\u202c"
    assert clean("x\u202e") == "x\u202e"  # what is written to a workbook or CSV stays as written


@pytest.mark.graphviz
def test_the_fail_point_list_keeps_a_title_s_override_to_the_title() -> None:
    service = load(AIRLINE)
    service.replace("online-checkin", title="Check-in \u202eonline")
    texts = _svg_texts(render(service, "blueprint").svg())
    [line] = [t for t in texts if "App says" in t]
    assert line.startswith("Check-in \u202eonline\u202c: App says"), line


@pytest.mark.parametrize("view", ["emotion", "channels", "elements"])
def test_a_chart_heading_keeps_a_title_s_override_to_the_title(view: str) -> None:
    service = load(AIRLINE)
    service.info = service.info.model_copy(update={"title": "Airline \u202echeck-in"})
    texts = _svg_texts(render(service, view).svg())
    assert any(t.startswith("Airline \u202echeck-in\u202c —") for t in texts), texts[:3]


def test_characters_no_installed_font_has_are_found() -> None:
    from blueprint.render.glyphs import undrawable

    # U+1FAE0 (melting face, Unicode 14) is newer than Symbola; U+E000 is private use
    text = "Check-in 🙂 ☕ \U0001fae0 Café \u200e e\u0301 办理 \ue000 \U0001fae0"
    assert undrawable(text) == ["\U0001fae0", "\ue000"]
    assert undrawable("Plain ASCII only") == []


@pytest.mark.graphviz
@pytest.mark.parametrize("view", ["blueprint", "cycle"])
def test_a_graphviz_png_or_pdf_with_undrawable_characters_says_so(view: str, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from blueprint.cli import main

    source = tmp_path / "melting.yaml"
    text = AIRLINE.read_text(encoding="utf-8").replace("Check-in ☕🙂 online", "Check-in \U0001fae0 online")
    source.write_text(text, encoding="utf-8")
    for suffix in ("png", "pdf"):
        assert main(["render", str(source), "--view", view, "-o", str(tmp_path / f"{view}.{suffix}")]) == 0
        err = capsys.readouterr().err
        [line] = [line for line in err.splitlines() if "warning" in line]
        assert "\U0001fae0" in line and "empty boxes" in line and "fonts-symbola" in line, line
    assert main(["render", str(source), "--view", view, "-o", str(tmp_path / f"{view}.svg")]) == 0
    assert "warning" not in capsys.readouterr().err  # the SVG keeps the text for the viewer's fonts


@pytest.mark.graphviz
def test_a_graphviz_png_whose_characters_every_font_has_warns_of_nothing(tmp_path, recwarn) -> None:  # type: ignore[no-untyped-def]
    render(load(AIRLINE), "blueprint").save(tmp_path / "b.png")
    assert not [w for w in recwarn if "empty boxes" in str(w.message)]


@pytest.mark.graphviz
def test_a_panel_heading_with_a_right_to_left_title_keeps_its_number_after_it() -> None:
    from blueprint.render.blueprint_panels import fit_panels, panel_pictures

    service = load(AIRLINE)
    title = service.info.title_in("ar")
    pictures = panel_pictures(service, fit_panels(service, "ar"), "ar")
    assert len(pictures) > 1
    for n, picture in enumerate(pictures, 1):
        texts = _svg_texts(picture.svg())
        assert f"\u200e{title} · {n}/{len(pictures)}" in texts, texts[:2]
    cycle = _svg_texts(render(service, "cycle", lang="ar").svg())
    assert f"\u200e{title}" in cycle


@pytest.mark.graphviz
def test_the_cycle_s_hover_text_keeps_its_number_before_a_hebrew_title() -> None:
    service = load(AIRLINE)
    hover = hover_texts(render(service, "cycle", lang="he").svg())
    title = service.moments["online-checkin"].title_in("he")
    assert f"\u200e2. {title}" in hover, hover
    assert "1. Book the flight (C:\\New folder\\itinerary.pdf)" in hover  # nothing to reorder: as it was


def test_the_report_ends_a_title_s_override_before_the_next_title(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from blueprint.cli import main

    source = tmp_path / "override.yaml"
    text = AIRLINE.read_text(encoding="utf-8").replace(
        "Check-in ☕🙂 online, 24 h before", "Check-in \u202eonline"
    )
    source.write_text(text, encoding="utf-8")
    assert main(["report", str(source), "-o", str(tmp_path / "r.html")]) == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Check-in \u202eonline\u202c → Bag drop" in html  # the path of moments
    assert "Check-in \u202eonline\u202c, Security" in html  # the moments a suggestion names


def test_a_finding_that_quotes_a_title_ends_its_override_with_the_title() -> None:
    # BP209 and BP208 quote a moment's title inside the sentence; the sentence after it reads as written.
    from blueprint.checks import lint

    service = load(AIRLINE)
    moment = next(m for m in service.moments.values() if m.channels)
    service.replace(moment.id, title="Check-in \u202eonline")
    quoted = [f.message for f in lint(service) if "Check-in \u202eonline" in f.message]
    assert quoted, "no finding quotes the title"
    assert all("Check-in \u202eonline\u202c)" in message for message in quoted), quoted

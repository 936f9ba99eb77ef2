"""Pictures of services written from the literature, as a reader hovers over them and reads them.

The files are under tests/data/literature: Shostack's (1984) discount
brokerage, and a permit office written with hostile text.
"""

from __future__ import annotations

import re

import pytest

from blueprint.io.load import load
from blueprint.model.service import PhysicalEvidence
from blueprint.render import render
from conftest import DATA, hover_texts

LITERATURE = DATA / "literature"


@pytest.mark.graphviz
@pytest.mark.parametrize("view", ["blueprint", "cycle"])
def test_hovering_a_box_shows_its_whole_title_even_where_the_box_cuts_it(view):
    service = load(LITERATURE / "discount-brokerage.yaml")
    word = "Baugenehmigungsantragsformularbearbeitungsgebührenbescheid"
    long = "Hear the price confirmed " + " ".join(["while the market is still open"] * 6) + " " + word
    service.replace("hear-confirmation", title=long)
    hover = hover_texts(render(service, view).svg())
    assert any(text.endswith(long) for text in hover), hover  # not cut at six lines, not split in the word
    assert not any("…" in text for text in hover)


@pytest.mark.graphviz
def test_hovering_the_evidence_shows_every_item_whole():
    service = load(LITERATURE / "discount-brokerage.yaml")
    items = [f"Item {n} of the welcome kit, with the fee schedule in full on page {n}" for n in range(6)]
    for n, title in enumerate(items):
        service.add(PhysicalEvidence(id=f"kit-{n}", title=title), moment="open-account")
    hover = hover_texts(render(service, "blueprint").svg())
    shown = [text for text in hover if text.startswith("•")]
    assert shown and all(item in shown[0] for item in items), shown
    assert not re.search(r"\s{2,}", shown[0])


def test_characters_no_font_has_are_named_once_not_as_a_matplotlib_warning_per_glyph(
    tmp_path, capsys, monkeypatch
):
    from blueprint.cli import main
    from blueprint.render import figure

    monkeypatch.setattr(figure, "symbol_font", lambda: None)  # a machine without a font of emoji

    hostile = LITERATURE / "permit-office-hostile.yaml"
    assert main(["render", str(hostile), "--view", "emotion", "-o", str(tmp_path / "curve.png")]) == 0
    err = capsys.readouterr().err
    assert "UserWarning" not in err and "figure.py" not in err and "savefig" not in err, err
    [line] = [line for line in err.splitlines() if "warning" in line]
    assert line.startswith("blueprint render: warning: ")
    for emoji in ("🚶", "✅", "🏛"):
        assert emoji in line
    assert "empty boxes" in line and "fonts-symbola" in line


def test_a_chart_whose_characters_every_font_has_warns_of_nothing(recwarn):
    from blueprint.render.emotion import emotion_curve

    emotion_curve(load(LITERATURE / "discount-brokerage.yaml"), lang="zh").png()
    assert not [w for w in recwarn if "font" in str(w.message) or "Glyph" in str(w.message)]


@pytest.mark.parametrize("command", ["render", "export", "report"])
def test_a_language_the_file_has_no_translation_in_is_noted_not_passed_off(command, tmp_path, capsys):
    from blueprint.cli import main

    source = str(LITERATURE / "discount-brokerage.yaml")
    out = {
        "render": ["-o", str(tmp_path / "b.dot")],
        "export": ["--to", "csv", "-o", str(tmp_path / "c.csv")],
        "report": ["-o", str(tmp_path / "r.html")],
    }[command]
    assert main([command, source, "--lang", "zh-CN", *out]) == 0
    err = capsys.readouterr().err
    assert f"blueprint {command}: note: no text of 'discount-brokerage' is translated to 'zh-CN'" in err
    assert "(it has 'zh')" in err
    assert main([command, source, "--lang", "zh", *out]) == 0
    assert "note" not in capsys.readouterr().err


@pytest.mark.parametrize(("unit", "target", "badge"), [("percent", 98, "≥ 98 %"), ("share", 0.98, "≥ 98 %")])
def test_a_step_standard_on_a_proportion_reads_as_a_percentage(unit, target, badge):
    from blueprint.render.nodes import step_standard

    service = load(LITERATURE / "dental-practice.yaml")
    service.replace("estimate-first", unit=unit, target=target)
    assert step_standard(service, "estimate") == badge
    assert f"S {badge}" in render(service, "blueprint").dot


def test_elements_view_paints_only_a_failing_cell_red():
    """Waiting fails, paying has too few cases to judge, the examination has no data: one red cell."""
    from matplotlib.colors import to_hex
    from matplotlib.patches import Rectangle

    from blueprint.render.elements_view import _draw, elements_table

    service = load(LITERATURE / "dental-practice.yaml")
    compliance = {
        "called-15": ("fail", 0.601),
        "estimate-first": ("too few", 1.0),
        "comfort-draft": ("no data", None),
    }
    table = elements_table(service, compliance=compliance)
    figure = _draw(table, "Dental check-up", False, None)
    axes = figure.axes[0]
    red = "#b03a2e"
    outlined = [p for p in axes.patches if isinstance(p, Rectangle) and to_hex(p.get_edgecolor()) == red]
    cells = [(round(p.get_x() + 0.5), round(p.get_y() + 0.5)) for p in outlined]
    assert cells == [(1, 1)]  # software × waiting room
    inks = {t.get_text().split("   ")[1]: to_hex(t.get_color()) for t in axes.texts if "   " in t.get_text()}
    assert inks["fail 60%"] == red
    assert inks["too few 100%"] != red and inks["no data"] != red


def test_a_loop_back_across_the_ring_does_not_hide_under_the_branch_it_returns_along():
    """Examination -> filling skips the x-ray (a chord); filling -> examination is a loop back: two curves."""
    dot = render(load(LITERATURE / "dental-practice.yaml"), "cycle").dot

    def points(tail, head):
        [found] = re.findall(rf'"m:{tail}" -> "m:{head}" \[[^\]]*pos="e,([^"]+)"', dot)
        return [tuple(float(c) for c in p.split(",")) for p in found.split()[1:]]

    forward, back = points("examination", "treatment"), points("treatment", "examination")
    # the loop's curve runs apart from the branch's: its middle control points are not the branch's reversed
    pairs = zip(forward[1:3], list(reversed(back))[1:3], strict=True)
    apart = max(abs(a[0] - b[0]) + abs(a[1] - b[1]) for a, b in pairs)
    assert apart > 20, (forward, back)

"""The emotion curve: SVG/PNG/PDF, stable bytes, gaps for missing emotions, CJK glyphs, hostile text."""

from __future__ import annotations

import logging
import math
import xml.etree.ElementTree as ET

import pytest

from blueprint.io.load import load
from blueprint.model.examples import tiny_service
from blueprint.model.queries import cycle_order
from blueprint.render.emotion import emotion_curve
from conftest import DATA, EXAMPLES

SVG = "{http://www.w3.org/2000/svg}"


def _svg(service, tmp_path, **kw) -> ET.Element:
    path = tmp_path / "curve.svg"
    emotion_curve(service, **kw).save(path)
    return ET.fromstring(path.read_bytes())


def _texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_render_with_every_moment_title(path, tmp_path):
    service = load(path)
    root = _svg(service, tmp_path)
    desc = root.find(f"{SVG}desc").text
    shown = " ".join(_texts(root)).replace("\n", " ")
    for moment in service.moments.values():
        assert moment.title in desc  # the full title, as written
        assert moment.title.split()[0] in shown  # and drawn on the axis
    assert root.find(f"{SVG}title").text.startswith(service.info.title)


def test_hostile_titles_stay_text(tmp_path):
    service = load(DATA / "hostile-text.yaml")
    root = _svg(service, tmp_path)  # parses: nothing broke the XML
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert "script" not in tags and "a" not in tags and "img" not in tags
    assert not any(k.startswith("on") for e in root.iter() for k in e.attrib)
    desc = root.find(f"{SVG}desc").text
    for moment in service.moments.values():
        assert moment.title in desc
    service.replace("end", title="Pay $5 or $9$")
    assert "Pay $5 or $9$" in _texts(_svg(service, tmp_path))  # not math mode


def test_same_input_gives_identical_svg_png_and_pdf_bytes(tmp_path):
    service = load(EXAMPLES[0])
    for suffix in ("svg", "png", "pdf"):
        first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
        emotion_curve(service).save(first)
        emotion_curve(service).save(second)
        assert first.read_bytes() == second.read_bytes(), suffix
    assert (tmp_path / "a.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "a.pdf").read_bytes()[:5] == b"%PDF-"


def test_moments_without_emotion_are_gaps_not_zero():
    from blueprint.render.emotion import _draw

    service = tiny_service()
    service.replace("arrive", emotion=2)
    service.replace("check-out", emotion=-1)
    figure, _, _ = _draw(service, None)
    curve = max(figure.axes[0].lines, key=lambda line: len(line.get_xdata()))
    ys = list(curve.get_ydata())
    assert ys[0] == 2 and ys[3] == -1
    assert math.isnan(ys[1]) and math.isnan(ys[2])  # check-in and room service: unknown


def test_axis_runs_from_minus_3_to_plus_3_with_stage_bands():
    from blueprint.render.emotion import _draw

    service = load(EXAMPLES[0])
    figure, _, _ = _draw(service, None)
    axes = figure.axes[0]
    assert [t.get_text() for t in axes.get_yticklabels()] == ["−3", "−2", "−1", "0", "+1", "+2", "+3"]
    stages = [
        t.get_text() for t in axes.texts if t.get_text() in ("Pre-service", "In-service", "Post-service")
    ]
    assert stages[0] == "Pre-service" and "Post-service" in stages
    badges = [t.get_text() for t in axes.texts if t.get_text() in ("F", "W")]
    moments = [service.moments[m] for m in cycle_order(service)]
    assert badges.count("F") == sum(m.fail_point for m in moments)
    assert badges.count("W") == sum(m.wait_point for m in moments)


def test_chinese_titles_use_a_font_that_has_their_glyphs(tmp_path, caplog):
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from blueprint.render.figure import cjk_font

    service = load(EXAMPLES[0])
    font = cjk_font()
    assert font is not None, "no CJK font installed: CI must install one (fonts-wqy-microhei)"
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"):
        root = _svg(service, tmp_path, lang="zh")
        emotion_curve(service, lang="zh").save(tmp_path / "zh.png")
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
    shown = "".join(_texts(root))
    chars = {c for m in service.moments.values() for c in m.title_in("zh") if ord(c) > 0x2E80}
    assert chars and chars <= set(shown)
    charmap = FT2Font(font_manager.findfont(font, fallback_to_default=False)).get_charmap()
    assert all(ord(c) in charmap for c in chars)  # glyphs, not boxes
    assert font in ET.tostring(root, encoding="unicode")  # the SVG asks for it too


def test_rendering_leaves_no_pyplot_figure_or_setting_behind(tmp_path):
    import matplotlib
    import matplotlib.pyplot as plt

    before = (plt.get_fignums(), matplotlib.rcParams["font.family"], matplotlib.rcParams["svg.hashsalt"])
    emotion_curve(tiny_service(), lang="zh").save(tmp_path / "curve.png")
    assert (
        plt.get_fignums(),
        matplotlib.rcParams["font.family"],
        matplotlib.rcParams["svg.hashsalt"],
    ) == before


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(Exception, match="gif"):
        emotion_curve(tiny_service()).save(tmp_path / "curve.gif")


def test_legend_false_leaves_the_legend_to_the_screen_showing_the_curve(tmp_path):
    from blueprint.render.emotion import emotion_legend

    service = load(DATA / "designer" / "clinic-visit.yaml")
    assert emotion_legend(service) == [("F", "fail point"), ("W", "wait point"), ("?", "no emotion set")]
    assert [w for _, w in emotion_legend(service, "zh")] != [w for _, w in emotion_legend(service)]
    drawn = _svg(service, tmp_path)
    bare = _svg(service, tmp_path, legend=False)
    assert any(g.get("id") == "legend_1" for g in drawn.iter(f"{SVG}g"))
    assert not any(g.get("id") == "legend_1" for g in bare.iter(f"{SVG}g"))
    assert " ".join(_texts(drawn)).count("fail point") == 1
    assert "fail point" not in " ".join(_texts(bare))

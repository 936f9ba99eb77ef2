"""Survey charts: files are written in the asked format, user text is escaped, results are only read."""

from __future__ import annotations

import pandas as pd

from blueprint.render.survey_charts import better_worse_chart
from blueprint.survey import ipa, kano
from blueprint.survey.kano import pairs_frame


def kano_result():
    frames = [
        pairs_frame("wifi $5", [("like", "dislike")] * 3),
        pairs_frame("spa", [("like", "neutral")] * 2),
    ]
    return kano(pd.concat(frames, ignore_index=True))


def test_better_worse_chart_places_attributes_by_their_coefficients(tmp_path):
    result = kano_result()
    before = result.attributes.copy()
    fig = better_worse_chart(result, tmp_path / "bw.svg", split="mean")
    ax = fig.axes[0]
    points = sorted(tuple(map(tuple, c.get_offsets())) for c in ax.collections if len(c.get_offsets()))
    assert points == [((0.0, 1.0),), ((1.0, 1.0),)]
    labels = [t.get_text() for t in ax.texts]
    assert r"wifi \$5" in labels and "must-be" in labels
    assert (tmp_path / "bw.svg").read_text().startswith("<?xml")
    pd.testing.assert_frame_equal(result.attributes, before)


def test_ipa_chart_draws_the_crosshair(tmp_path):
    result = ipa(pd.DataFrame({"attribute": ["a", "b"], "importance": [6, 3], "performance": [3, 6]}))
    fig = result.chart(tmp_path / "ipa.pdf")
    ax = fig.axes[0]
    assert (tmp_path / "ipa.pdf").read_bytes()[:4] == b"%PDF"
    assert ax.lines[0].get_xdata()[0] == 4.5 and ax.lines[1].get_ydata()[0] == 4.5
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {"concentrate here", "possible overkill"}


def test_a_cjk_font_missing_from_matplotlib_s_cache_is_found_and_registered(monkeypatch, tmp_path):
    """A font cache built before the CJK font was installed must not give charts of empty boxes."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from blueprint.render import figure

    manager = font_manager.fontManager
    cjk = ("Noto Sans CJK", "Source Han", "WenQuanYi", "Microsoft YaHei", "PingFang", "Hiragino", "SimHei")
    stale = [entry for entry in manager.ttflist if not entry.name.startswith(cjk)]
    assert len(stale) < len(manager.ttflist), (
        "no CJK font installed: CI must install one (fonts-wqy-microhei)"
    )
    monkeypatch.setattr(manager, "ttflist", stale)
    figure.cjk_font.cache_clear()
    try:
        name = figure.cjk_font()
        assert name is not None
        assert name in {entry.name for entry in manager.ttflist}  # registered, whatever the cache said
        path = font_manager.findfont(name, fallback_to_default=False)
        assert all(ord(c) in FT2Font(path).get_charmap() for c in "早餐服务")
        result = kano(pd.concat([pairs_frame("早餐", [("like", "dislike")] * 3)], ignore_index=True))
        better_worse_chart(result, tmp_path / "zh.svg")
        assert name in (tmp_path / "zh.svg").read_text(encoding="utf-8")
    finally:
        figure.cjk_font.cache_clear()


def test_an_attribute_on_the_edge_of_the_diagram_is_drawn_whole(tmp_path):
    # A must-be answered by everyone sits at |worse| 1, better 0: the corner. Axes ending at 0 and 1
    # cut its marker in four and put its label outside the plot.
    result = kano(pairs_frame("洗手间干净", [("must-be", "dislike")] * 3))
    ax = better_worse_chart(result, tmp_path / "edge.png").axes[0]
    (low_x, high_x), (low_y, high_y) = ax.get_xlim(), ax.get_ylim()
    assert low_x < 0 and high_x > 1 and low_y < 0 and high_y > 1
    assert next(tick for tick in ax.get_xticks() if low_x <= tick <= high_x) == 0.0


def test_a_text_table_aligns_chinese_names_by_their_width_on_screen():
    import unicodedata

    from blueprint.survey.output import to_text

    def shown(text):  # a Chinese character takes two columns on a terminal
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    def second_column(row):
        name_end = row.index("  ")
        return shown(row[:name_end]) + len(row[name_end:]) - len(row[name_end:].lstrip())

    frames = [
        pairs_frame("网上预约", [("like", "neutral")] * 2),
        pairs_frame("wifi", [("must-be", "dislike")]),
    ]
    lines = to_text(kano(pd.concat(frames, ignore_index=True))).splitlines()
    rows = [line for line in lines if line.startswith(("attribute ", "网上预约  ", "wifi  "))]
    assert len(rows) == 3 and len({second_column(row) for row in rows}) == 1, rows

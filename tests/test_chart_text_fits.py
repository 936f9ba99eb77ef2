"""Chart text stays inside the picture and apart: long titles from the literature, English and Chinese.

The emotion curve, the channel matrix and the elements view wrap their
headings and labels before matplotlib draws them; these tests draw each chart
and measure what was drawn, in the font it was drawn in.
"""

from __future__ import annotations

import pytest

from blueprint.io.load import load
from conftest import DATA

BROKERAGE = DATA / "literature" / "discount-brokerage.yaml"


def _figure(view: str, service, lang):
    if view == "emotion":
        from blueprint.render.emotion import _draw

        figure, need_cjk, _ = _draw(service, lang)
        return figure, need_cjk
    if view == "channels":
        from blueprint.render.channels import _draw, channel_table
        from blueprint.render.chart_text import label_words

        heading = f"{service.info.title_in(lang)} — {label_words('channel matrix', lang)}"
        return _draw(channel_table(service, lang), heading, lang, lang == "zh"), lang == "zh"
    from blueprint.render.elements_view import _draw, elements_table

    words = "服务硬件、服务软件、服务人员" if lang == "zh" else "hardware, software, people"
    heading = f"{service.info.title_in(lang)} — {words}"
    return _draw(elements_table(service, lang), heading, lang == "zh", lang), lang == "zh"


def _drawn_texts(figure, need_cjk):
    from matplotlib.text import Text

    from blueprint.render.figure import chart_style

    with chart_style(need_cjk):
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()
        texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
        return [(t, t.get_window_extent(renderer)) for t in texts], figure.bbox


@pytest.mark.parametrize("lang", [None, "zh"])
@pytest.mark.parametrize("view", ["emotion", "channels", "elements"])
def test_no_text_is_cut_by_the_edge_of_the_picture(view, lang):
    figure, need_cjk = _figure(view, load(BROKERAGE), lang)
    drawn, frame = _drawn_texts(figure, need_cjk)
    cut = [
        (t.get_text(), round(box.x0), round(box.x1), round(frame.x1))
        for t, box in drawn
        if box.x0 < frame.x0 - 1 or box.x1 > frame.x1 + 1 or box.y0 < frame.y0 - 1 or box.y1 > frame.y1 + 1
    ]
    assert not cut, cut


@pytest.mark.parametrize("lang", [None, "zh"])
def test_moment_names_under_the_emotion_curve_do_not_run_into_each_other(lang):
    figure, need_cjk = _figure("emotion", load(BROKERAGE), lang)
    axes = figure.axes[0]
    _drawn_texts(figure, need_cjk)
    from blueprint.render.figure import chart_style

    with chart_style(need_cjk):
        renderer = figure.canvas.get_renderer()
        boxes = [label.get_window_extent(renderer) for label in axes.get_xticklabels() if label.get_text()]
    touching = [i for i in range(len(boxes) - 1) if boxes[i].x1 + 4 > boxes[i + 1].x0]  # 4 px apart at least
    assert not touching, [axes.get_xticklabels()[i].get_text() for i in touching]

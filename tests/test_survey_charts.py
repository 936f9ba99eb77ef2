"""Survey charts: files are written in the asked format, user text is escaped, results are only read."""

from __future__ import annotations

import pandas as pd

from blueprint.measure.survey import ipa, kano
from blueprint.measure.survey.kano import pairs_frame
from blueprint.render.survey_charts import better_worse_chart


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
    points = sorted(tuple(map(tuple, c.get_offsets())) for c in ax.collections)
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

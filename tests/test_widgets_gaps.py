"""The GapDashboard driven from Python: five gap cards, what-if targets, survey parts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("ipywidgets", reason="the notebook extras are part of the test environment")
from blueprint.io.load import load
from blueprint.widgets import GapDashboard

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def hotel():
    return load(ROOT / "standards" / "hotel-stay.yaml")


@pytest.fixture(scope="module")
def checkins():
    """Check-in durations in seconds: about 84% within 3 minutes, 95% within about 5."""
    rng = np.random.default_rng(3)
    n = 5000
    return pd.DataFrame(
        {
            "metric": "checkin-duration",
            "value": rng.exponential(100, n).round(1),
            "timestamp": pd.date_range("2026-01-01", periods=n, freq="h"),
        }
    )


@pytest.fixture(scope="module")
def survey_results():
    from blueprint import survey
    from blueprint.survey.example_data import hotel_frames

    frames = hotel_frames(seed=7)
    return {
        "servqual": survey.servqual(frames["servqual-hotel"]),
        "tolerance": survey.tolerance(frames["tolerance-hotel"], scale="1-9"),
        "kano": survey.kano(frames["kano-hotel"]),
        "ipa": survey.ipa(frames["ipa-hotel"]),
    }


def test_without_data_the_gap_3_and_5_cards_say_why(hotel):
    dashboard = GapDashboard(hotel)
    counts = dashboard.gap_counts()
    assert counts[3] is None and counts[5] is None
    assert counts[1] == sum(f.gap == 1 and f.severity.value != "info" for f in dashboard.findings) > 0
    assert counts[4] > 0
    assert "No operational data yet" in dashboard.cards.value
    assert "No SERVQUAL survey yet" in dashboard.cards.value
    with pytest.raises(ValueError, match="No operational data"):
        dashboard.what_if("checkin-within-3-minutes", 5)


def test_what_if_moves_compliance_and_status(hotel, checkins):
    dashboard = GapDashboard(hotel, data={"data/checkin.csv": checkins})
    base = dashboard.outcomes["checkin-within-3-minutes"]
    within_3 = float((checkins["value"] <= 180).mean())
    assert base.share == pytest.approx(within_3, abs=1e-4)
    assert base.status == "fail"
    assert dashboard.gap_counts()[3] >= 1
    failing_before = dashboard.gap_counts()[3]

    looser = dashboard.what_if("checkin-within-3-minutes", 10.0)
    assert looser.share == pytest.approx(float((checkins["value"] <= 600).mean()), abs=1e-4)
    assert looser.status == "pass"
    assert dashboard.gap_counts()[3] == failing_before - 1
    # The written standard is untouched: a what-if is not an edit.
    assert hotel.standards["checkin-within-3-minutes"].target == 3

    dashboard.reset_targets()
    assert dashboard.outcomes["checkin-within-3-minutes"].share == base.share


def test_moving_a_target_again_runs_no_query(hotel, checkins, monkeypatch):
    """The first what-if of a standard reads its usable observations; later ones only count."""
    from blueprint.measure import ibis_queries, whatif

    dashboard = GapDashboard(hotel, data={"data/checkin.csv": checkins})
    dashboard.what_if("checkin-within-3-minutes", 4.0)

    def no_query(*args, **kwargs):
        raise AssertionError("a query ran")

    monkeypatch.setattr(ibis_queries, "aggregate", no_query)
    monkeypatch.setattr(whatif, "usable_values_query", no_query)
    for minutes in (2.0, 5.0, 10.0):
        moved = dashboard.what_if("checkin-within-3-minutes", minutes)
        within = float((checkins["value"] <= minutes * 60).mean())
        assert moved.share == pytest.approx(within, abs=1e-4)
        assert moved.observations == len(checkins)


def test_slider_drives_the_what_if(hotel, checkins):
    dashboard = GapDashboard(hotel, data={"data/checkin.csv": checkins})
    assert dashboard.measured[0] == "checkin-within-3-minutes"  # the one with observations first
    row = dashboard.rows.children[0]
    slider = row.children[1].children[0]
    slider.value = 10.0
    assert "pass" in dashboard._labels["checkin-within-3-minutes"].value
    assert dashboard.targets["checkin-within-3-minutes"] == 10.0


def test_survey_parts(hotel, survey_results):
    dashboard = GapDashboard(hotel, survey=survey_results)
    items = survey_results["servqual"].items
    # a gap whose interval spans 0 (or that rests on fewer than 5 answers) is not counted as one
    below = int(((items["gap"] < 0) & (items["evidence"] == "shown")).sum())
    assert 0 < below < int((items["gap"] < 0).sum())
    assert dashboard.gap_counts()[5] == below
    gap5 = dashboard.survey.gap5().value
    for dimension in ("tangibles", "reliability", "responsiveness", "assurance", "empathy"):
        assert dimension in gap5
    assert "MSA" in gap5
    assert "(not shown)" in gap5  # a position or gap the answers do not show says so
    charts = dashboard.survey.charts()
    pictures = [box.children[1] for box in charts.children]
    assert all(picture.svg.startswith("<svg") for picture in pictures)


def test_bad_survey_is_reported_not_raised(hotel):
    bad = pd.DataFrame({"nonsense": [1, 2, 3]})
    dashboard = GapDashboard(hotel, survey={"servqual": bad})
    assert "could not be analysed" in dashboard.survey.gap5().value


def test_unknown_survey_name(hotel):
    with pytest.raises(ValueError, match="unknown survey"):
        GapDashboard(hotel, survey={"nps": None})


# -- the service-type tab ----------------------------------------------------------------------

CLINIC = ROOT / "tests" / "data" / "services" / "clinic.yaml"
HOSTILE_SITE = "<img src=x onerror=alert(1)>"


def _clinic_visits(sites: dict[str, tuple[int, float]], per_site: int = 40) -> dict[str, pd.DataFrame]:
    """Visits per site as a table: minutes waited, and whether the doctor explained the treatment."""
    rows = []
    for site, (wait, explained) in sites.items():
        for i in range(per_site):
            when = pd.Timestamp("2026-04-01 08:00") + pd.Timedelta(minutes=7 * i)
            told = i < explained * per_site
            rows.append({"timestamp": when, "site": site, "wait-time": wait + i % 4, "explained": told})
    return {"visits.csv": pd.DataFrame(rows)}


def _tab(dashboard: GapDashboard, title: str):
    tabs = dashboard.children[1]
    titles = [tabs.get_title(i) for i in range(len(tabs.children))]
    return tabs.children[titles.index(title)]


def test_without_data_the_service_type_tab_says_why():
    dashboard = GapDashboard(load(CLINIC))
    tab = _tab(dashboard, "Service type")
    assert "No operational data yet" in tab.children[0].value
    assert dashboard.service_types.diagnosis is None
    assert tab.children[1].layout.display == "none"  # no chart


def test_the_service_type_tab_types_each_site():
    sites = {"north": (5, 1.0), "south": (5, 0.5), "east": (40, 1.0), HOSTILE_SITE: (40, 0.5)}
    dashboard = GapDashboard(load(CLINIC), data=_clinic_visits(sites), by="site")
    types = {g["site"]: g["type"] for g in dashboard.service_types.diagnosis.groups}
    assert types == {
        "north": "quality",
        "south": "procedural",
        "east": "friendly",
        HOSTILE_SITE: "indifferent",
    }
    text, image = _tab(dashboard, "Service type").children
    for name in ("quality service 优质服务", "by the book 按部就班", "friendly but disorganised 热情友好"):
        assert name in text.value
    assert "<img" not in text.value and "&lt;img src=x onerror=alert(1)&gt;" in text.value
    svg = ET.fromstring(image.value)
    shown = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    assert "north" in shown and HOSTILE_SITE in shown  # drawn as text, not markup


def test_without_by_the_service_as_a_whole_is_typed():
    sites = {"north": (5, 1.0), "south": (5, 1.0)}
    dashboard = GapDashboard(load(CLINIC), data=_clinic_visits(sites))
    (group,) = dashboard.service_types.diagnosis.groups
    assert group["type"] == "quality"
    assert "<td>all</td>" in _tab(dashboard, "Service type").children[0].value


def test_grouping_by_a_missing_column_says_which():
    dashboard = GapDashboard(load(CLINIC), data=_clinic_visits({"north": (5, 1.0)}), by="branch")
    value = _tab(dashboard, "Service type").children[0].value
    assert "Could not group by branch" in value and "no column &#x27;branch&#x27;" in value


def test_cards_count_errors_and_warnings_with_infos_apart(hotel):
    dashboard = GapDashboard(hotel)
    counts, infos = dashboard.gap_counts(), dashboard.gap_infos()
    gap4 = [f for f in dashboard.findings if f.gap == 4]
    assert counts[4] == sum(f.severity.value in ("error", "warning") for f in gap4)
    assert infos[4] == sum(f.severity.value == "info" for f in gap4) > 0
    assert counts[4] + infos[4] == len(gap4)
    assert f"(and {infos[4]} infos)" in dashboard.cards.value


def test_slider_shows_the_target_in_its_unit_and_moves_in_fine_steps(hotel, checkins):
    dashboard = GapDashboard(hotel, data={"data/checkin.csv": checkins})
    control = dashboard.rows.children[0].children[1]
    slider, shown = control.children
    assert slider.readout is False and "≤ 3 minutes" in shown.value
    assert (slider.max - slider.min) / slider.step >= 300  # a move of a few seconds is possible
    cards_before = dashboard.cards.value
    slider.value = 10.0
    assert "≤ 10 minutes" in shown.value
    assert "3.00" not in shown.value
    # the gap cards follow the what-if: one failing standard less
    assert dashboard.cards.value != cards_before
    assert _gap_3_count(dashboard.cards.value) == _gap_3_count(cards_before) - 1


def _gap_3_count(cards: str) -> int:
    import re

    return int(re.search(r"<b>Gap 3</b>.*?bp-count[^>]*>(\d+)<", cards, flags=re.DOTALL)[1])


def test_gap_5_names_survey_items_by_their_wording(hotel, survey_results):
    dashboard = GapDashboard(hotel, survey=survey_results)
    worst = dashboard.survey.worst_items(3)
    assert worst and all(not text.startswith("item ") for text in worst)
    first = survey_results["servqual"].items.sort_values("gap").iloc[0]
    from blueprint.survey.instrument import SERVQUAL_22_WORDING

    assert worst[0].startswith(SERVQUAL_22_WORDING[str(first["item"])])
    assert SERVQUAL_22_WORDING[str(first["item"])] in dashboard.cards.value


def test_kano_and_ipa_charts_can_be_hovered_in_bpm_words_with_labels_apart(hotel, survey_results):
    import re

    from blueprint.widgets.survey_plots import kano_svg

    kano, ipa = (
        box.children[1] for box in GapDashboard(hotel, survey=survey_results).survey.charts().children
    )
    attributes = survey_results["kano"].attributes
    hovers = re.findall(r"<circle[^>]*><title>([^<]*)</title>", kano.svg)
    assert len(hovers) == len(attributes.dropna(subset=["better", "worse"]))
    assert any("basic (M)" in h for h in hovers) and all("better" in h and "worse" in h for h in hovers)
    for word in ("motivation (A)", "performance (O)", "basic (M)", "indifferent (I)"):
        assert word in kano.svg
    assert "concentrate here" in ipa.svg and "<title>" in ipa.svg
    # crowded points: every label drawn keeps clear of the others
    crowded = attributes.copy()
    crowded["better"], crowded["worse"] = 0.6, -0.6
    crowded.loc[crowded.index[::2], "better"] = 0.61
    svg = kano_svg(type("Result", (), {"attributes": crowded})())
    boxes = [(float(x), float(y), len(t) * 6.4)
             for x, y, t in re.findall(r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="start" fill="#333">'
                                       r"<title>[^<]*</title>([^<]*)</text>", svg)]  # fmt: skip
    for i, (x1, y1, w1) in enumerate(boxes):
        for x2, y2, w2 in boxes[i + 1 :]:
            assert not (x1 < x2 + w2 and x2 < x1 + w1 and abs(y1 - y2) < 13)
    assert svg.count("<circle") == len(crowded)  # points without room for a label still show and hover


def test_the_gap_5_tab_lists_the_items_furthest_below_expectation_by_their_wording(hotel, survey_results):
    from blueprint.survey.instrument import SERVQUAL_22_WORDING

    tab = GapDashboard(hotel, survey=survey_results).survey.gap5().value
    listed = tab.split("Items furthest below expectation")[1].split("Zone of tolerance")[0]
    items = survey_results["servqual"].items.sort_values("gap")
    worst = items[items["gap"] < 0].head(5)
    for row in worst.itertuples():
        assert SERVQUAL_22_WORDING[str(row.item)] in listed  # by wording, not "item 7"
    assert "item " not in listed.replace("<th>item</th>", "")


def test_kano_and_ipa_points_are_named_by_the_key_factors_titles(hotel, survey_results):
    import html
    import re

    charts = GapDashboard(hotel, survey=survey_results).survey.charts()
    svgs = [box.children[1].svg for box in charts.children if len(box.children) > 1]
    assert len(svgs) == 2
    for svg in svgs:
        labels = [html.unescape(t) for t in re.findall(r"</title>([^<]+)</text>", svg)]  # beside points
        hovers = [html.unescape(t) for t in re.findall(r"<title>([^<]+)</title>", svg)]
        for attribute in ("checkin-speed", "welcome-by-name"):
            title = hotel.factors[attribute].title
            assert any(h.startswith(f"{title}:") for h in hovers), hovers[:3]  # the whole title on hover
            assert attribute not in " ".join(labels + hovers)  # no ids on the chart
        assert labels and all(len(label) <= 30 for label in labels)

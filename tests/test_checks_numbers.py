"""Reading figures out of statements: units, languages, bounds, and what is not a figure."""

from __future__ import annotations

import pytest

from blueprint.checks.numbers import mentions, speaks_of_average


def _durations(text: str) -> list[float]:
    return [m.value for m in mentions(text) if m.kind == "duration"]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("within 3 minutes", [180]),
        ("within 3 min", [180]),
        ("in 3 mins", [180]),
        ("180 seconds", [180]),
        ("90s", [90]),
        ("a 3-minute check-in", [180]),
        ("24 hours", [86400]),
        ("48h", [172800]),
        ("2 days", [172800]),
        ("two working days", [172800]),
        ("half an hour", [1800]),
        ("within a minute", [60]),
        ("3分钟内", [180]),
        ("3 分钟", [180]),
        ("30秒内", [30]),
        ("24小时内", [86400]),
        ("三分钟", [180]),
        ("十五分钟", [900]),
        ("二十四小时", [86400]),
        ("半小时", [1800]),
        ("5天内", [432000]),
    ],
)
def test_durations_in_english_and_chinese(text, seconds):
    assert _durations(text) == seconds


def test_compound_durations_give_their_parts_and_their_sum():
    assert _durations("1 hour 30 minutes") == [3600, 1800, 5400]
    assert _durations("2分30秒") == [120, 30, 150]
    assert _durations("2 minutes and 30 seconds") == [120, 30, 150]


def test_a_range_gives_both_ends_in_the_unit_written_once():
    assert _durations("2-3 minutes") == [120, 180]
    assert _durations("2 to 3 minutes") == [120, 180]


@pytest.mark.parametrize(
    ("text", "share"),
    [("95% of guests", 0.95), ("95 % of guests", 0.95), ("95 percent", 0.95), ("95％", 0.95),
     ("百分之95", 0.95), ("99.5%", 0.995), ("至少90%的顾客", 0.9)],
)  # fmt: skip
def test_percentages(text, share):
    assert [m.value for m in mentions(text) if m.kind == "percent"] == [pytest.approx(share)]


@pytest.mark.parametrize(
    ("text", "bound"),
    [("within 3 minutes", "upper"), ("no more than 3 minutes", "upper"), ("3 minutes or less", "upper"),
     ("at least 4 out of 5", "lower"), ("4 or higher", "lower"), ("3分钟内", "upper"),
     ("不超过3分钟", "upper"), ("不低于4分", "lower"), ("低于3次", "upper"), ("4分及以上", "lower"),
     ("3 minutes", None)],
)  # fmt: skip
def test_bound_words_before_and_after(text, bound):
    assert mentions(text)[0].bound == bound


def test_counts_and_scores_need_a_noun_a_bound_or_a_scale():
    counted = {m.value for m in mentions("answered within 3 rings, rated 4 out of 5") if m.counted}
    assert counted == {3, 4}
    assert [m.counted for m in mentions("响铃3声内接听")] == [True]
    assert [m.value for m in mentions("评分不低于4分（满分5分）") if m.counted] == [4, 5]


@pytest.mark.parametrize(
    "text",
    ["open 24/7 at 14:00", "updated on 2026-03-01", "a second factor", "one-stop service", "一流服务",
     "a warm welcome"],
)  # fmt: skip
def test_things_that_are_not_durations_or_counts(text):
    assert not [m for m in mentions(text) if m.kind == "duration" or m.counted]


def test_bare_fen_is_a_score_point_not_a_minute():
    # "4分" on a rating is four points; minutes are written 分钟.
    assert [m.kind for m in mentions("评分为4分")] == ["number"]


def test_average_wording():
    assert speaks_of_average("On average, guests wait 3 minutes")
    assert speaks_of_average("平均等候3分钟")
    assert not speaks_of_average("This means every guest")

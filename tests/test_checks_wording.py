"""BP104 and BP107: the statement people read against the structured target."""

from __future__ import annotations

import pytest

from blueprint.checks import lint
from blueprint.io.load import read
from conftest import DATA

CLEAN = DATA / "lint" / "clean.yaml"


def _wording(**changes):
    service = read(CLEAN).service
    service.replace("checkin-3min", **changes)
    return [(f.rule, f.message) for f in lint(service, rules=["BP104", "BP107"])]


@pytest.mark.parametrize(
    "changes",
    [
        {"target": 180, "unit": "seconds"},
        {"target": 0.05, "unit": "hours"},
        {"statement": "95% of guests are checked in within 3 min.", "translations": {}},
        {"statement": "95% of guests are checked in within 180 seconds.", "translations": {}},
        {"statement": "95% of guests are checked in in 3 minutes or less.", "translations": {}},
        {"statement": "95% of guests wait 1 minute 30 seconds at most, and never more than 3 minutes.",
         "translations": {}},
        {"statement": "Check-in is done within 3 minutes for 19 in 20 guests (95% of them).",
         "translations": {"zh": "95%的客人3 分钟以内办完入住。"}},
    ],
)  # fmt: skip
def test_agreeing_statements_pass(changes):
    assert _wording(**changes) == []


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"target": 240, "unit": "seconds"}, "says '3 minutes' but the target is 240 seconds"),
        ({"target": 4}, "says '3 minutes' but the target is 4 minutes"),
        ({"share": 0.9}, "says '95%' but the share is 90%"),
        ({"share": None}, "says '95%' but the standard sets no share"),
        ({"comparator": ">="}, "says at most '3 minutes' but the comparator is >="),
        ({"statement": "On average guests are checked in within 3 minutes; 95% of them.",
          "translations": {}}, "speaks of an average but the target applies to each case"),
    ],
)  # fmt: skip
def test_disagreeing_statements_are_errors(changes, said):
    found = _wording(**changes)
    assert found and all(rule == "BP104" for rule, _ in found)
    assert said in found[0][1]


def test_the_chinese_translation_is_checked_too():
    found = _wording(translations={"zh": "95%的客人在到达前台后4分钟内办完入住。"})
    assert found == [("BP104", "the zh statement says '4分钟' but the target is 3 minutes")]


@pytest.mark.parametrize(
    ("zh", "said"),
    [
        ("95%的客人在3分鐘內辦完入住。", None),  # traditional script
        ("95%的客人在三分鐘內辦完入住。", None),  # and a Chinese numeral
        ("95%的客人在兩分鐘內辦完入住。", "兩分鐘"),
        ("95%的客人在1小時內辦完入住。", "1小時"),
    ],
)
def test_traditional_script_and_chinese_numerals_are_read(zh, said):
    found = _wording(translations={"zh": zh})
    wanted = f"the zh statement says '{said}' but the target is 3 minutes"
    assert found == ([] if said is None else [("BP104", wanted)])


def test_a_statement_without_its_figure_is_a_warning_not_an_error():
    found = _wording(statement="95% of guests are checked in quickly.")
    assert [rule for rule, _ in found] == ["BP107"]
    assert "(<= 3 minutes)" in found[0][1]


def test_counts_scores_and_rates_are_compared_too():
    service = read(DATA / "lint" / "clean.yaml").service
    service.metrics["rings"] = service.metrics["checkin-duration"].model_copy(
        update={"id": "rings", "quantity": "count", "unit": "count"}
    )
    service.replace("checkin-3min", metric="rings", statement="95% of calls are answered within 3 rings.",
                    translations={"zh": "95%的电话在响铃4声内接听。"}, target=3, unit="count")  # fmt: skip
    found = [f.message for f in lint(service, rules=["BP104"])]
    assert found == ["the zh statement says '4' but the target is 3"]


@pytest.mark.parametrize("zh", ["入住办理时间符合行规。", "入住辦理時間符合行規。", "入住時間達到行業標準。"])
def test_the_industry_norm_is_recognised_in_either_script(zh):
    service = read(CLEAN).service
    service.replace("checkin-3min", translations={"zh": zh})
    assert [f.rule for f in lint(service, rules=["BP114"])] == ["BP114"]

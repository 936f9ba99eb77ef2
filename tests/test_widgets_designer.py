"""The CycleDesigner driven from Python: sliders, live sequence findings, save."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from blueprint.io.load import load
from blueprint.widgets import CycleDesigner

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def hotel_copy(tmp_path: Path) -> Path:
    path = tmp_path / "hotel-stay.yaml"
    shutil.copy(ROOT / "standards" / "hotel-stay.yaml", path)
    return path


def rules(designer):
    return {f.rule for f in designer.findings}


def test_principles_update_as_sliders_move(hotel_copy):
    designer = CycleDesigner(load(hotel_copy), curve=False)
    assert "BP262" in rules(designer)  # paying at check-out hurts late in the stay
    designer.set_emotion("check-out", 0)
    assert "BP262" not in rules(designer)
    designer.set_emotion("welcome-back", -1)
    assert any(f.rule == "BP261" and f.severity.value == "warning" for f in designer.findings)


def test_slider_on_the_page_changes_the_service(hotel_copy):
    service = load(hotel_copy)
    designer = CycleDesigner(service, curve=False, page_size=4)
    first_row = designer.rows.children[0]
    slider = first_row.children[1]
    slider.value = -3
    assert service.moments["reserve"].emotion == -3
    designer.next.click()
    assert designer.rows.children[0].children[0].value == service.moments["check-in"].title


def test_choice_and_ritual(hotel_copy):
    service = load(hotel_copy)
    designer = CycleDesigner(service, curve=False)
    for moment_id, moment in service.moments.items():
        if moment.ritual:
            designer.set_flag(moment_id, "ritual", False)
    assert "BP266" in rules(designer)
    designer.set_flag("farewell", "ritual", True)
    assert "BP266" not in rules(designer)
    with pytest.raises(ValueError):
        designer.set_flag("farewell", "fail_point", True)


def test_save_writes_the_changed_emotion(hotel_copy):
    designer = CycleDesigner(load(hotel_copy), curve=False)
    designer.set_emotion("check-out", 0)
    assert designer.save() is True
    assert load(hotel_copy).moments["check-out"].emotion == 0
    text = hotel_copy.read_text(encoding="utf-8")
    assert "# yaml-language-server" in text


def test_save_refuses_on_conflict(hotel_copy):
    designer = CycleDesigner(load(hotel_copy), curve=False)
    hotel_copy.write_text(hotel_copy.read_text(encoding="utf-8") + "# edited elsewhere\n", encoding="utf-8")
    designer.set_emotion("check-out", 0)
    assert designer.save() is False
    assert "changed on disk" in designer.message.value
    assert load(hotel_copy).moments["check-out"].emotion == -2


def test_curve_is_drawn_and_cached(hotel_copy):
    designer = CycleDesigner(load(hotel_copy))
    first = bytes(designer.curve.value)
    assert b"<svg" in first[:1000]
    designer.set_emotion("check-out", 1)
    designer._draw_curve()
    assert bytes(designer.curve.value) != first
    designer.set_emotion("check-out", -2)
    designer._draw_curve()
    assert bytes(designer.curve.value) == first  # the same curve comes from the cache


BANK = ROOT / "tests" / "data" / "designer" / "bank-branch.yaml"


@pytest.fixture
def bank_copy(tmp_path: Path) -> Path:
    path = tmp_path / "bank-branch.yaml"
    shutil.copy(BANK, path)
    return path


def test_moving_the_pain_earlier_clears_the_late_pain_live(bank_copy):
    designer = CycleDesigner(load(bank_copy), curve=False)
    assert {"BP262", "BP263"} <= rules(designer)  # the fee is paid late, apart from the queue
    for _ in range(3):
        assert designer.move("pay-fee", -1)
    assert designer.order[:3] == ["enter-branch", "take-ticket", "pay-fee"]
    assert "BP262" not in rules(designer) and "BP263" not in rules(designer)
    shown = [row.children[0].value for row in designer.rows.children]
    assert shown[2] == "Pay the opening fee"  # the list follows the new order


def test_up_and_down_buttons_reorder_and_save_keeps_the_order(bank_copy):
    service = load(bank_copy)
    designer = CycleDesigner(service, curve=False)
    row = designer.rows.children[designer.order.index("pay-fee")]
    earlier, later = row.children[-2:]
    earlier.click()
    assert designer.order.index("pay-fee") == designer.order.index("welcome-pack") - 1
    later.click()  # the row object is the old one, but it still moves the same moment
    assert designer.order == list(load(BANK).moments)
    designer.move("pay-fee", -1)
    assert designer.save()
    again = load(bank_copy)
    from blueprint.model.queries import cycle_order

    assert cycle_order(again) == designer.order
    assert "emotion: -2" in bank_copy.read_text(encoding="utf-8")


def test_the_first_moment_stays_first(bank_copy):
    designer = CycleDesigner(load(bank_copy), curve=False)
    assert not designer.move("take-ticket", -1)
    assert "starts the cycle" in designer.message.value
    assert not designer.move("leave-branch", 1)  # nothing after the last
    assert designer.order == list(load(BANK).moments)


def test_moves_keep_the_branches_of_the_hotel(hotel_copy):
    service = load(hotel_copy)
    designer = CycleDesigner(service, curve=False)
    assert "BP262" in rules(designer)
    designer.move("check-out", -1)
    assert designer.order.index("check-out") < designer.order.index("eat")
    assert set(designer.order) == set(service.moments)  # nothing lost


def test_every_moment_is_reachable_without_paging(hotel_copy):
    service = load(hotel_copy)
    designer = CycleDesigner(service, curve=False)
    assert len(designer.rows.children) == len(service.moments)
    assert designer.rows.layout.overflow == "auto"


CLINIC = ROOT / "tests" / "data" / "designer" / "clinic-visit.yaml"


def test_the_legend_is_written_beside_the_curve_not_drawn_in_it(tmp_path):
    """Drawn inside the scaled picture the legend came out at 5–6 px; as HTML it keeps the panels' type."""
    from blueprint.render import render

    path = tmp_path / "clinic-visit.yaml"
    shutil.copy(CLINIC, path)
    service = load(path)
    designer = CycleDesigner(service)
    svg = bytes(designer.curve.value).decode("utf-8")
    assert "<svg" in svg and 'id="legend_1"' not in svg  # no legend inside the designer's picture
    assert 'id="legend_1"' in render(service, "emotion").svg()  # the rendered picture keeps its own
    legend = designer.legend.value
    marks = [
        ("bp-legend-mark bp-fail", "F", "fail point"),
        ("bp-legend-mark bp-wait", "W", "wait point"),
        ("bp-legend-mark bp-unset", "?", "no emotion set"),
    ]
    for tone, mark, words in marks:
        assert f'<span class="{tone}">{mark}</span>{words}' in legend, legend[-400:]
    assert "var(--bp-fail)" in legend and "var(--bp-wait)" in legend  # the swatches wear the token colours


def test_the_legend_follows_the_emotions(tmp_path):
    path = tmp_path / "clinic-visit.yaml"
    shutil.copy(CLINIC, path)
    designer = CycleDesigner(load(path))
    designer.set_emotion("pay-desk", -1)
    designer._draw_curve()
    assert "no emotion set" not in designer.legend.value  # every moment has its emotion now
    assert "wait point" in designer.legend.value
    designer.set_emotion("pay-desk", None)
    designer._draw_curve()
    assert "no emotion set" in designer.legend.value


def test_no_legend_when_the_curve_has_no_marks(bank_copy):
    designer = CycleDesigner(load(bank_copy))  # every emotion set, no fail or wait point
    assert bytes(designer.curve.value).startswith(b"<?xml")
    assert designer.legend.value == ""

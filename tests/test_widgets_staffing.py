"""The GapDashboard's staffing panel from Python: sliders move the staff, a roster is held against it."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets", reason="the notebook extras are part of the test environment")
import blueprint
from blueprint.widgets import GapDashboard
from blueprint.widgets.staffing_view import StaffingView, handle_metrics, wait_standards
from staffing_helpers import COLUMNS, hotline

#: a Monday at a hotline with a hostile centre name: 200 calls at nine, 40 at ten
CALLS = {("<b>north</b>", "2025-03-03", 9): 200, ("<b>north</b>", "2025-03-03", 10): 40}


@pytest.fixture
def hotline_dir(tmp_path):
    hotline(tmp_path, CALLS)
    (tmp_path / "roster.csv").write_text("site,hour,staff\n<b>north</b>,9,12\n<b>north</b>,10,6\n", "utf-8")
    return tmp_path


def _view(folder, **options) -> StaffingView:
    service = blueprint.load(folder / "hotline.yaml")
    chosen = {"standard": "answer-80-20", "handle": "talk-time", "by": "site,hour", "columns": COLUMNS}
    return StaffingView(service, folder, chosen | options)


def test_the_pickers_offer_only_wait_standards_and_duration_metrics(hotline_dir) -> None:
    service = blueprint.load(hotline_dir / "hotline.yaml")
    assert wait_standards(service) == ["answer-80-20", "answer-90-in-2-minutes", "talk-under-6-minutes"]
    assert "claim-registered" not in handle_metrics(service)  # yes/no, not a time
    assert "talk-time" in handle_metrics(service)


def test_moving_the_share_or_target_changes_the_staff_per_hour(hotline_dir) -> None:
    view = _view(hotline_dir)
    assert view.plan is not None
    assert [n.staff for n in view.plan.groups] == [14, 4]
    assert view.target.value == 20 and view.share.value == pytest.approx(0.8)
    stricter = view.move(share=0.95)
    assert stricter is not None and stricter.groups[0].staff > 14
    assert view.share.value == pytest.approx(0.95)  # the slider follows
    view.share.value = 0.8  # a slider moved by hand plans again
    view.target.value = 60.0
    assert view.plan.groups[0].staff < 14
    view.shrinkage.value = 0.3
    assert view.plan.groups[0].rostered > view.plan.groups[0].staff


def test_a_roster_draws_needed_against_rostered_and_lists_the_short_hours(hotline_dir) -> None:
    view = _view(hotline_dir, roster=str(hotline_dir / "roster.csv"))
    [short] = view.short()
    assert "hour 9: 12 on the roster, 14 needed" in short
    html = view.text.value
    assert "&lt;b&gt;north&lt;/b&gt;" in html and "<b>north</b>" not in html  # user text escaped
    assert "1 hour(s) short of the standard" in html
    svg = bytes(view.image.value).decode("utf-8")
    assert view.image.layout.display is None and "on the roster, short of the standard" in svg
    assert "<b>north" not in svg
    view.move(share=0.6)  # a laxer share: twelve are enough
    assert not view.short() and "short of the standard" not in view.text.value


def test_the_dashboard_has_the_staffing_tab(hotline_dir) -> None:
    service = blueprint.load(hotline_dir / "hotline.yaml")
    options = {"standard": "answer-80-20", "handle": "talk-time", "by": "hour", "columns": COLUMNS}
    dashboard = GapDashboard(service, data=hotline_dir, staffing=options)
    tabs = dashboard.children[1]
    titles = [tabs.get_title(i) for i in range(len(tabs.children))]
    assert titles[-1] == "Staffing (what-if)"
    assert dashboard.staffing.plan is not None and dashboard.staffing.plan.groups[0].staff == 14
    plain = GapDashboard(service)
    assert "Name a wait standard" in plain.staffing.text.value and plain.staffing.plan is None


def test_a_bad_pick_is_said_not_raised(hotline_dir) -> None:
    view = _view(hotline_dir, standard="every-call-in-20s")
    assert view.plan is None and "No plan for every-call-in-20s" in view.text.value
    bad = hotline_dir / "bad.csv"
    bad.write_text("site,hour,staff\nnorth,9,two\n", "utf-8")
    view = _view(hotline_dir, roster=str(bad))
    assert view.plan is None and "bad.csv:2:3:" in view.text.value

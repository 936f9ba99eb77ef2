"""Execution time and cost along each path (Shostack 1984): the model, `blueprint timing`, the what-if."""

from __future__ import annotations

import json
import shutil

import pytest

import blueprint
from blueprint.checks import lint
from blueprint.cli import main
from blueprint.io.load import read_text
from blueprint.model.margin import margin, what_if
from blueprint.model.objects import KeyFactor
from blueprint.model.timing import timing
from conftest import DATA

SHOESHINE = DATA / "journeys" / "shoeshine.yaml"
HOTEL = DATA / "journeys" / "hotel-bitner.yaml"
NEWCOMER = DATA / "newcomer"


def test_shostack_shoeshine_steps_add_up_to_the_two_minute_standard():
    found = timing(blueprint.load(SHOESHINE))
    [path] = found.paths
    assert path.moments == ("sit-down", "choose-polish", "shine", "wait-to-pay", "step-down")
    assert path.standard_seconds == 30 + 30 + 45 + 15 == 120
    assert path.tolerable_seconds == 300  # the service's customer_tolerance: five minutes
    assert (path.cost, found.currency) == (0.5, "USD")
    assert not path.too_long


def test_bitner_hotel_counts_each_moment_and_its_steps_once_per_path():
    found = timing(blueprint.load(HOTEL))
    by_end = {p.moments[3]: p for p in found.paths}
    sleep, room_service = by_end["sleep"], by_end["call-room-service"]
    # bags 1 + desk 3 + bags to the room 5 + bill 1 + settle 2 minutes
    assert sleep.standard_seconds == 12 * 60
    # the tray feeds both the wait and the meal: counted once
    assert room_service.standard_seconds == (12 + 2 + 20 + 5) * 60
    # tolerable: each part's tolerable time, or its standard where none is written
    assert sleep.tolerable_seconds == (2 + 5 + 10 + 1 + 4) * 60
    assert room_service.tolerable_seconds == (22 + 2 + 25 + 10) * 60
    assert (sleep.cost, room_service.cost) == (2.5, 8.5)
    assert found.total_paths == 2


def test_a_factors_time_tolerance_bounds_its_moment():
    service = blueprint.load(SHOESHINE)
    service.add(
        KeyFactor.model_validate(
            {"id": "quick-shine", "title": "A quick shine", "element": "software", "sub_item": "timeliness",
             "customer_tolerance": {"value": 90, "unit": "seconds"}}
        ),
        moment="shine",
    )  # fmt: skip
    shine = timing(service).moments["shine"]
    assert (shine.standard, shine.tolerable, shine.limit) == (105, 90, "quick-shine")
    [hit] = [f for f in lint(service) if f.rule == "BP273"]
    assert hit.subject == "shine"
    assert hit.message == (
        "moment 'shine' takes 105 seconds at standard, longer than the 90 seconds customers tolerate "
        "(factor 'quick-shine')"
    )


def test_old_files_without_durations_time_to_zero_and_give_no_finding():
    service = blueprint.load("standards/hotel-stay.yaml")
    found = timing(service)
    assert {(p.standard_seconds, p.tolerable_seconds) for p in found.paths} == {(0, 0)}
    assert all(p.cost is None for p in found.paths)
    assert found.notes == (
        "no moment or step carries a duration: write duration: {standard: N, unit: seconds}",
    )
    assert not [f for f in lint(service) if f.rule == "BP273"]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("{standard: 30, tolerable: 20, unit: seconds}", "tolerable 20 is shorter than the standard 30"),
        ("{standard: 30, unit: hours}", "Input should be 'seconds' or 'minutes'"),
        ("{standard: -5, unit: seconds}", "Input should be greater than or equal to 0"),
        ("{standard: .nan, unit: seconds}", "Input should be a finite number"),
    ],
)
def test_a_wrong_duration_is_located_and_explained(written, message):
    text = SHOESHINE.read_text(encoding="utf-8").replace("{standard: 30, unit: seconds}", written, 1)
    [problem] = read_text(text, "shoeshine.yaml").findings
    line = next(i for i, row in enumerate(text.splitlines(), 1) if written in row)
    assert problem.rule == "BP003" and problem.location.line == line
    assert message in problem.message


def test_a_cost_needs_an_iso_currency_code():
    text = SHOESHINE.read_text(encoding="utf-8").replace("currency: USD", "currency: dollars")
    [problem] = read_text(text, "shoeshine.yaml").findings
    assert problem.rule == "BP003" and "currency" in problem.message


def test_a_currency_in_lower_case_is_told_to_write_the_iso_code_not_an_id():
    text = (NEWCOMER / "clinic.yaml").read_text(encoding="utf-8")
    text = text.replace("currency: EUR}", "currency: eur}", 1)
    [problem] = read_text(text, "clinic.yaml").findings
    assert problem.rule == "BP003" and problem.location.line == 48
    assert "ISO 4217" in problem.hint and "ids use" not in problem.hint


@pytest.mark.parametrize("cost", ["nan", "inf", "-5"])
def test_other_costs_must_be_a_finite_number_zero_or_more(cost, capsys):
    args = ["timing", str(NEWCOMER / "clinic.yaml"), "--price", "60", "--labour-cost", "90", "--cost", cost]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert "other costs" in captured.err and "finite number, zero or more" in captured.err
    assert "nan" not in captured.out


def test_two_currencies_are_added_as_written_and_said_so():
    service = blueprint.load(HOTEL)
    service.replace("print-bill", cost={"amount": 1, "currency": "USD"})
    found = timing(service)
    assert found.notes == (
        "costs are written in EUR, USD: the totals add them as written; write every cost in one currency",
    )


# -- the profitability what-if -----------------------------------------------------------


def test_the_shine_makes_money_at_two_minutes_and_none_at_four():
    found = timing(blueprint.load(SHOESHINE))
    money = what_if(found, price=2.5, labour_per_hour=30)
    assert money.cost == 0.5  # the polish, from the file
    assert money.at_standard == margin(price=2.5, labour_per_hour=30, seconds=120, cost=0.5)
    assert (money.at_standard.per_customer, money.at_standard.per_hour) == (1.0, 30.0)
    four = margin(price=2.5, labour_per_hour=30, seconds=240, cost=0.5)
    assert four.per_customer == pytest.approx(0.0)
    margins = [m.per_customer for m in money.curve]
    assert margins == sorted(margins, reverse=True)  # it only falls as the time grows
    assert money.curve[-1].seconds == 300  # drawn up to what customers tolerate


def test_the_what_if_needs_a_timed_path():
    with pytest.raises(ValueError, match="no path has a standard execution time"):
        what_if(timing(blueprint.load("standards/hotel-stay.yaml")), price=10, labour_per_hour=20)


# -- blueprint timing ---------------------------------------------------------------------


def test_cli_table_lists_each_path_with_its_times_and_cost(capsys):
    assert main(["timing", str(HOTEL)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["path", "standard", "tolerable", "cost", "(EUR)"]
    assert "arrive > check-in > go-to-room > sleep > check-out > leave" in lines[2]
    assert lines[2].split()[-5:] == ["12", "minutes", "22", "minutes", "2.50"]


def test_cli_json_has_the_documented_shape(capsys):
    assert main(["timing", str(SHOESHINE), "--format", "json", "--price", "2.5", "--labour-cost", "30"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == 1
    assert data["paths"] == [
        {
            "moments": ["sit-down", "choose-polish", "shine", "wait-to-pay", "step-down"],
            "standard_seconds": 120,
            "tolerable_seconds": 300,
            "cost": 0.5,
            "too_long": False,
            "serving_seconds": 120,  # every timed step is the shiner's
        }
    ]
    assert data["what_if"]["curve"][0] == {"seconds": 120, "per_customer": 1.0, "per_hour": 30.0}


def test_cli_a_path_longer_than_customers_tolerate_is_a_finding(tmp_path, capsys):
    copy = tmp_path / "shoeshine.yaml"
    shutil.copy(SHOESHINE, copy)
    copy.write_text(
        copy.read_text(encoding="utf-8").replace("{value: 5, unit: minutes,", "{value: 90, unit: seconds,")
    )
    assert main(["timing", str(copy), "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["paths"][0]["too_long"] is True
    assert (
        f"{copy}:7:23: warning BP273 1 of 1 path(s) take longer at standard than the 90 seconds"
        in captured.err
    )


def test_cli_draws_the_what_if_chart(tmp_path, capsys):
    chart = tmp_path / "margin.png"
    assert (
        main(["timing", str(SHOESHINE), "--price", "2.5", "--labour-cost", "30", "--chart", str(chart)]) == 0
    )
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    out = capsys.readouterr().out
    assert "   2.00 min          1.00       30.00  standard" in out
    assert "   5.00 min         -0.50       -6.00  tolerable" in out


@pytest.mark.parametrize(("price", "labour"), [(60, 90), (2.5, 30), (500, 10)])
def test_the_margin_chart_shows_both_curves_whatever_their_sign(price, labour):
    # a clinic that loses money at every time, the shoeshine that turns to a loss, a visit always in profit
    from blueprint.render.margin_chart import margin_chart

    money = what_if(timing(blueprint.load(NEWCOMER / "clinic.yaml")), price=price, labour_per_hour=labour)
    figure = margin_chart(money)
    customer, hourly = figure.axes
    per_customer, per_hour = [m.per_customer for m in money.curve], [m.per_hour for m in money.curve]
    for axis, values in ((customer, per_customer), (hourly, per_hour)):
        low, high = axis.get_ylim()
        assert low <= min(values) and max(values) <= high  # every point of the curve is in view
        assert low <= 0 <= high
    zero = [-axis.get_ylim()[0] / (axis.get_ylim()[1] - axis.get_ylim()[0]) for axis in (customer, hourly)]
    assert zero[0] == pytest.approx(zero[1])  # a loss reads the same on either axis


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--price", "2"], "--price needs --labour-cost L"),
        (["--labour-cost", "30"], "need --price P"),
        (["--price", "2", "--labour-cost", "30", "--chart", "m.txt"], "name a .svg, .png or .pdf file"),
        (["--price", "2", "--labour-cost", "30", "--chart", "no/such/folder/m.png"], "does not exist"),
    ],
)
def test_cli_usage_errors(extra, message, capsys):
    assert main(["timing", str(SHOESHINE), *extra]) == 2
    assert message in capsys.readouterr().err


def test_cli_a_broken_file_is_located_not_a_traceback(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text(SHOESHINE.read_text(encoding="utf-8").replace("poka_yoke: task", "poka_yoke: luck"))
    assert main(["timing", str(broken)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:56:18: error BP003" in err and "Traceback" not in err


# -- in the report -------------------------------------------------------------------------


def test_the_report_shows_each_paths_time_and_cost_and_the_margin_chart():
    from blueprint.report.pipeline import build_report

    service = blueprint.load(SHOESHINE)
    service.replace("sit-down", title="Climb <into> the chair & sit")
    page = build_report(service, price=2.5, labour_per_hour=30)
    part = page.split('id="timing"', 1)[1]
    assert "Climb &lt;into&gt; the chair &amp; sit → Choose the polish colour" in part
    assert "<td>2 min</td><td>5 min</td><td>0.50</td>" in part
    assert "Margin as the execution time grows: price 2.50 USD, labour 30.00 USD an hour" in part
    assert "<td>2 min</td><td>1.00</td><td>30.00</td>" in part and "<svg" in part
    assert "Margin as the execution time grows" not in build_report(service)  # no price, no what-if


def test_the_report_part_without_pictures_keeps_the_margin_table():
    from blueprint.report.timing import timing_part

    found = timing(blueprint.load(SHOESHINE))
    part = timing_part(
        blueprint.load(SHOESHINE), what_if(found, price=2.5, labour_per_hour=30), pictures=False
    )
    assert "<svg" not in part and "<td>4 min</td><td>0.00</td><td>0.00</td>" in part


def test_the_report_of_an_untimed_service_has_no_timing_part():
    from blueprint.report.timing import timing_part

    assert timing_part(blueprint.load("standards/hotel-stay.yaml")) == ""


def test_cli_report_takes_the_price_and_labour_cost_together(tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["report", str(SHOESHINE), "--price", "2.5", "-o", str(out)]) == 2
    assert "--price P and --labour-cost L go together" in capsys.readouterr().err
    assert main(["report", str(SHOESHINE), "--price", "2.5", "--labour-cost", "30", "-o", str(out)]) == 0
    assert "Margin as the execution time grows" in out.read_text(encoding="utf-8")


# -- the notebook slider -------------------------------------------------------------------


def test_the_margin_slider_follows_the_time_the_price_and_the_labour_cost():
    from blueprint.widgets import MarginSlider

    slider = MarginSlider(blueprint.load(SHOESHINE), price=2.5, labour_per_hour=30)
    assert slider.time.value == 2.0 and (slider.margin.per_customer, slider.margin.per_hour) == (1.0, 30.0)
    assert b"<svg" in bytes(slider.image.value)[:600]
    slider.time.value = 4.0  # Shostack: at four minutes the shine makes nothing
    assert slider.margin.per_customer == pytest.approx(0.0)
    assert "<td>now, 4.00 min</td><td>0.00</td>" in slider.text.value
    slider.price.value = 3.5
    assert slider.margin.per_customer == pytest.approx(1.0)
    assert slider.what_if.at_standard.per_customer == pytest.approx(2.0)
    slider.labour.value = -1  # nonsense typed into the box: said, not raised
    assert "labour cost must be finite numbers, zero or more" in slider.text.value


def test_the_margin_slider_needs_a_timed_service():
    from blueprint.widgets import MarginSlider

    with pytest.raises(ValueError, match="write duration: on the moments or steps"):
        MarginSlider(blueprint.load("standards/hotel-stay.yaml"), price=100, labour_per_hour=20)


def test_the_reports_blueprint_lists_the_fail_points_of_each_part():
    from blueprint.report.pipeline import build_report

    page = build_report(blueprint.load(HOTEL)).replace("&#45;", "-").replace("&#39;", "'")
    assert "Clerk finds the reservation and registers the guest: the reservation is filed" in page
    assert "the night's charges: a room-service charge is posted to the wrong room → no fail-safe yet" in page


def test_the_summary_names_the_longest_path_of_a_timed_service(capsys):
    assert main(["summary", str(SHOESHINE)]) == 0
    out = capsys.readouterr().out
    assert "  timing     longest path 2 minutes at standard (customers tolerate 5 minutes)" in out
    assert main(["summary", "standards/hotel-stay.yaml"]) == 0
    assert "timing" not in capsys.readouterr().out


def test_cli_without_a_labour_cost_prints_no_margin_or_labour_line(capsys):
    assert main(["timing", str(SHOESHINE)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["path", "standard", "tolerable", "cost", "(USD)"]
    assert all(line.strip() for line in lines)  # no empty line where the what-if would go
    assert not [line for line in lines if "labour" in line or "margin" in line or "staff" in line]
    assert main(["timing", str(SHOESHINE), "--price", "2.5", "--labour-cost", "30"]) == 0
    assert "labour 30.00 USD an hour" in capsys.readouterr().out


BANK_TELLER = DATA / "timing" / "bank-teller.yaml"


def test_the_customers_own_time_and_wait_cost_no_labour():
    """A bank branch: 20 s at the kiosk and 3 minutes in the queue are the customer's, not the teller's.

    The teller's steps are 30 + 90 + 45 s = 2.75 minutes of the 6.08-minute visit. At 3.00 EUR a
    visit, 28 EUR an hour and 0.40 EUR of cash handling, the teller earns 3 - 28 × 165 / 3600 - 0.40
    = 1.32 a customer and 1.32 × 3600 / 165 = 28.73 an hour; charged for the whole visit it was -0.24.
    """
    found = timing(blueprint.load(BANK_TELLER))
    (path,) = found.paths
    assert (path.standard_seconds, path.serving_seconds) == (365, 165)
    money = what_if(found, price=3, labour_per_hour=28)
    assert money.standard_seconds == 165 and money.visit_seconds == 365 and not money.whole_visit
    assert money.at_standard.per_customer == pytest.approx(3 - 28 * 165 / 3600 - 0.4, abs=1e-6)
    assert money.at_standard.per_hour == pytest.approx(28.73, abs=0.01)
    assert money.tolerable_seconds == pytest.approx(165 + 900 - 365)  # the visit's slack on the teller
    text = money.to_text()
    assert "the server's, its frontstage and backstage steps (2.75 of the visit's 6.08 min)" in text


def test_a_path_with_no_staff_step_timed_counts_the_whole_visit_and_says_so():
    found = timing(blueprint.load(DATA / "journeys" / "bank-branch-16.yaml"))
    money = what_if(found, price=2.5, labour_per_hour=30)
    assert money.whole_visit and money.standard_seconds == found.longest.standard_seconds
    assert "no frontstage or backstage step is timed" in money.to_text()
    assert json.loads(json.dumps(money.to_dict()))["whole_visit"] is True


def test_the_report_and_the_slider_say_whose_time_the_margin_pays():
    from blueprint.report.timing import timing_part
    from blueprint.widgets import MarginSlider

    service = blueprint.load(BANK_TELLER)
    html = timing_part(service, what_if(timing(service), price=3, labour_per_hour=28), pictures=False)
    assert "The time: the server" in html and "frontstage and backstage steps (2.75 of the visit" in html
    slider = MarginSlider(service, price=3, labour_per_hour=28, chart=False)
    assert slider.time.value == pytest.approx(2.75)
    assert slider.margin.per_customer == pytest.approx(1.316667, abs=1e-5)
    assert "frontstage and backstage steps (2.75 of the visit" in slider.text.value


def test_a_visit_longer_than_customers_tolerate_marks_no_negative_time(tmp_path):
    """Twenty minutes in the queue against fifteen tolerated: no slack is left for the teller's time."""
    slow = tmp_path / "slow.yaml"
    text = BANK_TELLER.read_text(encoding="utf-8")
    queue = "{standard: 3, tolerable: 5, unit: minutes}"
    slow.write_text(text.replace(queue, "{standard: 20, unit: minutes}"), encoding="utf-8")
    money = what_if(timing(blueprint.load(slow)), price=3, labour_per_hour=28)
    assert money.standard_seconds == 165 and money.tolerable_seconds is None
    assert all(point.seconds > 0 for point in money.curve)

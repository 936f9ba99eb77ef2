"""The Workshop widget and the voting behind it: navigation, votes, CSV import, write-back, sign-off."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blueprint.io.load import load
from blueprint.model.examples import tiny_service
from blueprint.model.queries import cycle_order
from blueprint.survey import SurveyDataError, kano
from blueprint.widgets import Workshop
from blueprint.workshop.vote_import import parse_votes, read_votes
from blueprint.workshop.votes import Tally, class_of
from conftest import DATA, ROOT
from test_widgets_hostile import assert_inert

HOTEL = ROOT / "standards" / "hotel-stay.yaml"
VOTES = ROOT / "examples" / "data" / "workshop"
TODAY = dt.date(2026, 3, 2)
ROOM = ["Front office manager", "Desk clerk", "Bell captain"]


@pytest.fixture
def hotel_copy(tmp_path: Path) -> Path:
    path = tmp_path / "hotel-stay.yaml"
    shutil.copy(HOTEL, path)
    return path


def changed(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


# -- navigation ------------------------------------------------------------------------


def test_navigation_goes_round_the_cycle_and_wraps():
    service = tiny_service()
    order = cycle_order(service)
    workshop = Workshop(service, participants=ROOM)
    assert workshop.moment == order[0]
    assert f'data-moment="{order[0]}"' in workshop.slide.value
    workshop.previous()
    assert workshop.moment == order[-1]  # before the first comes the last
    assert "back to" in workshop.slide.value and "the cycle closes" in workshop.slide.value
    workshop.next()
    assert workshop.moment == order[0]  # after the last comes the first
    for expected in [*order[1:], order[0]]:
        workshop.forward.click()
        assert workshop.moment == expected
    workshop.arrows.press(-1)
    assert workshop.moment == order[-1]
    workshop.arrows.press(1)
    workshop.arrows.press(1)
    assert workshop.moment == order[1]
    assert workshop.jump is not None and workshop.jump.value == 1
    workshop.jump.value = 3
    assert workshop.moment == order[3]
    assert f"<b>4</b> / {len(order)}" in workshop.where.value


def test_slide_shows_evidence_factors_tags_and_standards():
    service = load(HOTEL)
    workshop = Workshop(service)
    workshop.show_moment("check-in")
    html = workshop.slide.value
    for evidence in service.moments["check-in"].physical_evidence:
        assert evidence.title in html
    for factor in service.moments["check-in"].factors:
        assert factor.title in html and f"{factor.element.value} / {factor.sub_item}" in html
    assert "checkin-within-3-minutes" in html and "≤ 3 minutes for 95%" in html
    assert "Moment 5 of 16" in html
    # Each moment's factors are offered for the vote.
    assert [v for _, v in workshop.voting.factor.options] == [
        f.id for f in service.moments["check-in"].factors
    ]


# -- votes ------------------------------------------------------------------------------


def test_buttons_cast_votes_and_a_new_press_replaces_the_old():
    workshop = Workshop(tiny_service(), participants=ROOM)
    workshop.show_moment("check-in")
    voting = workshop.voting
    assert voting.factor.value == "checkin-speed"
    for name, (cls, weight) in zip(ROOM, [("O", "5"), ("O", "4"), ("M", "3")], strict=True):
        voting.rows[name][0].value = cls
        voting.rows[name][1].value = weight
    assert voting.tally.counts("checkin-speed") == {"A": 0, "O": 2, "M": 1, "I": 0, "R": 0, "Q": 0}
    voting.rows["Desk clerk"][0].value = "A"  # changed their mind
    assert voting.tally.counts("checkin-speed")["A"] == 1
    assert voting.tally.counts("checkin-speed")["O"] == 1
    assert voting.tally.importance().iloc[0]["mean"] == 4.0
    assert "performance" in voting.classes.value and "4 of 5" in voting.ranking.value
    # Back on the factor later, the buttons show the votes cast.
    workshop.next()
    workshop.previous()
    assert voting.rows["Desk clerk"][0].value == "A" and voting.rows["Bell captain"][1].value == "3"


def test_tally_rejects_what_it_cannot_count():
    tally = Tally(tiny_service())
    with pytest.raises(SurveyDataError, match="no key factor 'nope'"):
        tally.cast("Ana", "nope", "basic")
    with pytest.raises(SurveyDataError, match="unknown class 'great'"):
        tally.cast("Ana", "checkin-speed", "great")
    with pytest.raises(SurveyDataError, match="outside the scale 1-5"):
        tally.cast("Ana", "checkin-speed", importance=6)
    assert tally.votes == {}


@pytest.mark.parametrize(
    ("written", "letter"),
    [("basic", "M"), ("Must-be", "M"), ("one dimensional", "O"), ("Performance", "O"), ("attractive", "A"),
     ("motivation", "A"), ("I", "I"), ("reverse", "R"), ("questionable", None), ("", None)],
)  # fmt: skip
def test_class_names(written, letter):
    assert class_of(written) == letter


#: an answer pair the Kano evaluation table turns into each category
PAIR = {"A": ("like", "neutral"), "O": ("like", "dislike"), "M": ("neutral", "dislike"),
        "I": ("neutral", "neutral"), "R": ("dislike", "like")}  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.fixed_dictionaries({c: st.integers(0, 5) for c in PAIR}).filter(lambda c: sum(c.values()) > 0))
def test_kano_category_of_the_votes_is_the_surveys(counts):
    service = tiny_service()
    tally = Tally(service)
    rows, voter = [], 0
    for category, count in counts.items():
        for _ in range(count):
            voter += 1
            tally.cast(f"p{voter}", "checkin-speed", category)
            functional, dysfunctional = PAIR[category]
            rows.append({"respondent": voter, "attribute": "checkin-speed",
                         "functional": functional, "dysfunctional": dysfunctional})  # fmt: skip
    import pandas as pd

    survey = kano(pd.DataFrame(rows)).attributes.iloc[0]
    votes = tally.kano().attributes.iloc[0]
    assert (votes["category"], list(votes["tied"]), votes["bpm"]) == (
        survey["category"],
        list(survey["tied"]),
        survey["bpm"],
    )
    assert votes["better"] == pytest.approx(survey["better"], nan_ok=True)
    assert votes["worse"] == pytest.approx(survey["worse"], nan_ok=True)


# -- CSV import --------------------------------------------------------------------------


def problems(text: str, name: str = "votes.csv") -> list[str]:
    with pytest.raises(SurveyDataError) as caught:
        parse_votes(text, tiny_service(), source=name)
    return [str(p) for p in caught.value.problems]


def test_csv_errors_are_located_with_a_fix():
    found = problems(
        "participant,factor,class,importance\n"
        "Ana,checkin-speed,basic,5\n"
        "Bo,checkin-sped,basic,4\n"
        "Cy,food-hot,wow,2\n"
        "Di,food-hot,basic,9\n"
        "Ed,food-hot,basic,high\n"
        ",food-hot,basic,3\n"
        "Ana,checkin-speed,performance,4\n"
    )
    assert found == [
        "votes.csv, line 3, column 2 (factor): no key factor 'checkin-sped' "
        "(fix: did you mean 'checkin-speed'?)",
        "votes.csv, line 4, column 3 (class): unknown class 'wow' (fix: use one of: basic, performance, "
        "motivation, indifferent, reverse (or must-be, one-dimensional, attractive; M, O, A, I, R))",
        "votes.csv, line 5, column 4 (importance): importance 9 is outside the scale 1-5 "
        "(fix: rate from 1 to 5)",
        "votes.csv, line 6, column 4 (importance): importance 'high' is not a number (fix: rate from 1 to 5)",
        "votes.csv, line 7, column 1 (participant): no participant named (fix: write who voted in this row)",
        "votes.csv, line 8, column 1 (participant): Ana votes on 'checkin-speed' again (first on line 2) "
        "(fix: keep one row per participant and factor)",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "votes.csv: the file is empty (fix: export the votes as participant,factor,class,importance"),
        ("\ufeff \n", "votes.csv: the file is empty"),
        ("participant,factor,class,importance\n", "votes.csv, line 1: no votes in the file, only its header"),
        ("person,factor,class\nAna,checkin-speed,basic\n", "votes.csv, line 1: no participant column"),
        ("name,factor,comment\nAna,checkin-speed,ok\n", "votes.csv, line 1: no class or importance column"),
        ("name,Timestamp,checkin-sped class\nAna,1,basic\n",
         "votes.csv, line 1, column 3 (checkin-sped class): no key factor 'checkin-sped' in this "
         "question's name"),
    ],
)  # fmt: skip
def test_csv_file_level_errors(text, expected):
    assert problems(text)[0].startswith(expected)


def test_wide_form_export_and_semicolons_read_like_the_long_layout():
    wide = (
        "Timestamp;Name;checkin-speed class;checkin-speed importance;Importance [food-hot];Class [food-hot]\n"
        "2026-03-02 10:01;Ana;Must-be;5;4;attractive\n"
        "2026-03-02 10:02;Bo;one-dimensional;;3;\n"
    )
    votes = parse_votes(wide, tiny_service())
    assert [(v.participant, v.factor, v.category, v.importance) for v in votes] == [
        ("Ana", "checkin-speed", "M", 5.0),
        ("Ana", "food-hot", "A", 4.0),
        ("Bo", "checkin-speed", "O", None),
        ("Bo", "food-hot", None, 3.0),
    ]


def test_example_votes_and_their_errors():
    service = load(HOTEL)
    votes = read_votes(VOTES / "hotel-votes.csv", service)
    assert len(votes) == 20
    with pytest.raises(SurveyDataError) as caught:
        read_votes(VOTES / "hotel-votes-bad.csv", service)
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (3, "2 (factor)"), (4, "3 (class)"), (5, "4 (importance)"), (6, "1 (participant)")
    ]  # fmt: skip
    with pytest.raises(SurveyDataError, match="cannot read the file"):
        read_votes(VOTES / "missing.csv", service)


def test_import_in_the_widget_shows_errors_not_a_traceback(hotel_copy):
    workshop = Workshop(load(hotel_copy), participants=ROOM)
    voting = workshop.voting
    assert voting.import_csv("participant,factor,class\nAna,checkin-sped,basic\n", name="form.csv") == 0
    assert "form.csv, line 2, column 2 (factor)" in voting.import_message.value
    assert voting.tally.votes == {}
    assert voting.import_csv(VOTES / "hotel-votes.csv") == 20
    assert "Guest panel (3 guests)" in voting.rows  # new participants join the room
    upload = {"name": "bad.csv", "type": "text/csv", "size": 3, "content": memoryview(b"\xff\xfe\x00"),
              "last_modified": dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)}  # fmt: skip
    voting.upload.value = (upload,)
    assert "not UTF-8" in voting.import_message.value


# -- write-back ---------------------------------------------------------------------------


def test_accepted_proposal_changes_exactly_the_tags_and_keeps_comments(hotel_copy):
    # Four staff and a guest panel (role column): the panel proposes importance, the staff
    # assumed_importance, so gap 1 compares the two instead of staff with management.
    before = hotel_copy.read_text(encoding="utf-8")
    workshop = Workshop(load(hotel_copy))
    voting = workshop.voting
    voting.import_csv(VOTES / "hotel-votes.csv")
    assert voting.role_pickers["Guest panel (3 guests)"].value == "customer"
    assert voting.role_pickers["Desk clerk"].value == "staff"
    proposal = voting.propose()
    assert [str(c) for c in proposal] == [
        "checkin-speed: importance 0.9 -> 1, assumed_importance 0.9 -> 0.88 "
        "(5 votes; class from customers' votes M1; staff vote O1 M3 (their view only); "
        "customers rate importance 5 of 5; staff rate importance 4.5 of 5)",
        "welcome-by-name: bpm performance -> motivation, importance 0.7 -> 1, "
        "assumed_importance 0.45 -> 0.75 "
        "(5 votes; class from customers' votes A1; staff vote A3 O1 (their view only); "
        "customers rate importance 5 of 5; staff rate importance 4 of 5)",
        "room-ready: importance 0.85 -> 1, assumed_importance (none) -> 1 "
        "(5 votes; class from customers' votes M1; staff vote M4 (their view only); "
        "customers rate importance 5 of 5; staff rate importance 5 of 5)",
        "lobby-clean: bpm basic -> indifferent, importance 0.5 -> 0.25, assumed_importance (none) -> 0.5 "
        "(5 votes; class from customers' votes I1; staff vote M2 I2 (their view only); "
        "customers rate importance 2 of 5; staff rate importance 3 of 5)",
    ]
    assert "bp-old" in voting.diff.children[1].children[1].value
    assert "staff rate importance 4.5 of 5" in voting.diff.children[1].children[1].value
    assert "the staff&#x27;s propose the staff&#x27;s importance" in voting.diff.children[0].value
    voting.diff.children[2].children[0].value = False  # the room keeps welcome-by-name as it is
    assert voting.accept()
    after = hotel_copy.read_text(encoding="utf-8")
    assert changed(before, after) == [
        "-        importance: 0.9", "-        assumed_importance: 0.9",
        "+        importance: 1", "+        assumed_importance: 0.88",
        "-        importance: 0.85", "+        importance: 1", "+        assumed_importance: 1",
        "-        bpm: basic", "+        bpm: indifferent",
        "-        importance: 0.5", "+        importance: 0.25", "+        assumed_importance: 0.5",
    ]  # fmt: skip
    assert [line for line in after.splitlines() if "#" in line] == [
        line for line in before.splitlines() if "#" in line
    ]
    assert load(hotel_copy).factors["lobby-clean"].bpm.value == "indifferent"
    assert "Saved 3 factor(s)" in voting.message.value
    assert [c.factor for c in workshop.tag_changes] == ["checkin-speed", "room-ready", "lobby-clean"]
    # Proposing again: only what the file still differs on.
    assert [c.factor for c in voting.propose()] == ["welcome-by-name"]


def test_staff_votes_never_propose_the_customers_importance():
    service = tiny_service()
    tally = Tally(service)
    for who in ("Front office manager", "Desk clerk"):
        tally.cast(who, "checkin-speed", "basic", 2)
    [change] = tally.proposals()
    assert change.new == {"assumed_importance": 0.25} and "importance" not in change.new
    tally.cast("Guest Ana", "checkin-speed", importance=5, role="guest")
    [change] = tally.proposals()
    assert change.new == {"importance": 1.0, "assumed_importance": 0.25}
    tally.set_role("Desk clerk", "customer")  # a correction: the clerk came as a customer
    [change] = tally.proposals()
    assert change.new == {"importance": 0.62, "assumed_importance": 0.25}
    with pytest.raises(SurveyDataError, match="unknown role 'press'"):
        tally.set_role("Ana", "press")


def test_the_role_column_is_read_and_checked():
    service = tiny_service()
    text = (
        "Timestamp;Name;Group;checkin-speed importance\n"
        "2026-03-02 09:14;Ana;Guest;5\n"
        "2026-03-02 09:15;Bo;Management;2\n"
        "2026-03-02 09:16;Cy;;3\n"
    )
    votes = parse_votes(text, service, source="form.csv")
    assert [(v.participant, v.role) for v in votes] == [("Ana", "customer"), ("Bo", "staff"), ("Cy", "staff")]
    bad = (
        "participant,factor,importance,role\n"
        "Ana,checkin-speed,5,guest\nAna,food-hot,4,staff\nBo,food-hot,3,press\n"
    )
    with pytest.raises(SurveyDataError) as caught:
        parse_votes(bad, service, source="votes.csv")
    assert [str(p) for p in caught.value.problems] == [
        "votes.csv, line 3, column 4 (role): Ana is customer on line 2 but staff here "
        "(fix: give each participant one role)",
        "votes.csv, line 4, column 4 (role): unknown role 'press' "
        "(fix: write customer (a customer panel, guests) or staff (employees, management))",
    ]


def test_a_conflict_is_a_message_and_leaves_the_service_as_it_was(hotel_copy):
    service = load(hotel_copy)
    workshop = Workshop(service, participants=ROOM)
    workshop.show_moment("check-in")
    for name in ROOM:
        workshop.voting.vote(name, "room-ready", "motivation", 2)
    hotel_copy.write_text(
        hotel_copy.read_text(encoding="utf-8") + "# someone else's edit\n", encoding="utf-8"
    )
    on_disk = hotel_copy.read_text(encoding="utf-8")
    workshop.voting.propose()
    assert workshop.voting.accept() is False
    assert "Not saved" in workshop.voting.message.value and "changed on disk" in workshop.voting.message.value
    room_ready = service.factors["room-ready"]
    assert room_ready.bpm.value == "basic" and room_ready.importance == 0.85
    assert room_ready.assumed_importance is None
    assert hotel_copy.read_text(encoding="utf-8") == on_disk
    assert workshop.voting.accept(force=True)
    # The room is staff: their rating is management's view, not the customers' importance.
    assert load(hotel_copy).factors["room-ready"].assumed_importance == 0.25
    assert load(hotel_copy).factors["room-ready"].importance == 0.85


# -- agreeing standards -------------------------------------------------------------------


def test_agreed_standard_is_saved_with_the_rooms_sign_off(hotel_copy):
    before = hotel_copy.read_text(encoding="utf-8")
    workshop = Workshop(load(hotel_copy), participants=ROOM, today=TODAY)
    workshop.show_moment("check-in")
    workshop.tabs.selected_index = 2
    agree = workshop.agree
    agree.factor.value = "lobby-clean"
    editor = agree.editor
    assert (
        editor is not None and editor.save_button.layout.display == "none"
    )  # the room saves with its button
    assert editor.source.value.startswith("lobby-clean-")
    editor.form.controls["owner"].value = "Front office manager"
    assert agree.save() is False and "Tick who agreed" in agree.message.value
    assert any(f.rule == "BP122" for f in editor.findings)  # no sign-off yet
    agree.signers.children[0].value = True
    agree.signers.children[1].value = True
    assert not any(f.rule == "BP122" for f in editor.findings)
    assert agree.save()
    standard_id = agree.agreed[0]
    saved = load(hotel_copy).standards[standard_id]
    assert [(s.by, s.date) for s in saved.agreed_by] == [
        ("Front office manager", TODAY),
        ("Desk clerk", TODAY),
    ]
    assert saved.last_reviewed == TODAY and saved.factors == ["lobby-clean"]
    lines = changed(before, hotel_copy.read_text(encoding="utf-8"))
    assert lines[0] == f"+  - id: {standard_id}" and all(line.startswith("+") for line in lines)
    closing = workshop.closing_view()
    assert (
        standard_id in closing.summary.value and "Front office manager, Desk clerk" in closing.summary.value
    )
    assert "<svg" in closing.cycle.svg and closing.cycle.targets  # the ring, its moments clickable
    assert closing.cycle.readable_scale * 10 * 4 / 3 >= 12  # its 10 pt labels open at 12 px or more
    assert closing.cycle_note.value.count("bp-cycle-tile") == len(closing.service.moments)
    assert set(closing.gaps) == {1, 2, 4}


def test_agree_tab_follows_the_moment():
    workshop = Workshop(tiny_service(), participants=ROOM)
    workshop.tabs.selected_index = 2
    assert workshop.moment == "arrive" and workshop.agree.factor.value is None  # a moment without factors
    assert "no key factors" in workshop.agree.holder.children[0].value
    workshop.show_moment("room-service")
    assert workshop.agree.editor is not None and workshop.agree.editor.factor_id == "food-hot"
    workshop.tabs.selected_index = 0
    workshop.show_moment("check-in")
    assert workshop.agree.editor is None  # not built until the tab is opened
    workshop.tabs.selected_index = 2
    assert workshop.agree.editor is not None and workshop.agree.editor.factor_id == "checkin-speed"


# -- hostile text ---------------------------------------------------------------------------


def test_hostile_titles_and_names_stay_text(tmp_path):
    path = tmp_path / "hostile.yaml"
    shutil.copy(DATA / "widgets-hostile.yaml", path)
    service = load(path)
    workshop = Workshop(service, participants=["<img src=x onerror=alert(9)>"])
    assert "&lt;img src=x onerror=alert(1)&gt;" in workshop.slide.value
    assert "&lt;svg onload=alert(3)&gt; quick" in workshop.slide.value
    assert "&lt;b onmouseover=alert(7)&gt;Boss&lt;/b&gt;" in workshop.slide.value
    for _ in service.moments:
        assert_inert(workshop)
        workshop.next()
    workshop.show_moment("arrive")
    workshop.voting.vote("<script>alert(10)</script>", "quick", "motivation", 5)
    assert "&lt;svg onload=alert(3)&gt; quick" in workshop.voting.classes.value
    workshop.voting.propose()  # 1 of 2 voted: below the quorum, and the notice names the factor as text
    assert "&lt;svg onload=alert(3)&gt; quick" in workshop.voting.diff.children[0].value
    workshop.voting.override.value = True
    workshop.voting.propose()
    assert "&lt;svg onload=alert(3)&gt; quick" in workshop.voting.diff.children[2].children[1].value
    workshop.tabs.selected_index = 2
    closing = workshop.closing_view()
    assert "&lt;script&gt;window.__bp_pwned = 1&lt;/script&gt;" in closing.summary.value
    assert_inert(workshop)


def test_the_role_picker_decides_which_tag_a_rating_proposes():
    workshop = Workshop(tiny_service(), participants=["Desk clerk", "Guest Ana"], customers=["Guest Ana"])
    voting = workshop.voting
    assert voting.role_pickers["Guest Ana"].value == "customer"
    assert voting.role_pickers["Desk clerk"].value == "staff"
    voting.show_factors(["checkin-speed"])
    voting.rows["Desk clerk"][1].value = "2"
    voting.rows["Guest Ana"][1].value = "5"
    [change] = voting.propose()
    assert change.new == {"importance": 1.0, "assumed_importance": 0.25}
    voting.role_pickers["Guest Ana"].value = "staff"  # Ana turns out to work at the desk
    [change] = voting.propose()
    assert change.new == {"assumed_importance": 0.62}
    assert "customers" not in str(change)
    voting.new_name.value, voting.new_role.value = "Guest Bo", "customer"
    voting._add_typed()
    assert voting.tally.role("Guest Bo") == "customer"


# -- the blueprint tab -----------------------------------------------------------------


@pytest.mark.graphviz
def test_blueprint_tab_shows_the_slide_panel_holding_the_moment_and_draws_each_panel_once(monkeypatch):
    from blueprint.render import blueprint_panels

    service = load(HOTEL)  # 16 moments: more than one 16:9 panel
    workshop = Workshop(service, participants=ROOM)
    assert workshop.blueprint.value == ""  # nothing is drawn before the tab is opened
    workshop.tabs.selected_index = 4
    first = workshop.blueprint.value
    count = len(workshop.blueprint.panels)
    assert count > 1 and f"Panel 1 of {count}" in first and "<svg" in first
    assert (
        "Support processes" in first and "line of visibility" in first
    )  # the lanes and lines on every panel
    drawn = []
    real = blueprint_panels.panel_pictures
    monkeypatch.setattr(blueprint_panels, "panel_pictures", lambda *a, **k: drawn.append(1) or real(*a, **k))
    workshop.next()  # the second moment is on the first panel too: nothing is drawn again
    assert "Panel 1 of" in workshop.blueprint.value and drawn == []
    workshop.go(len(workshop.order) - 1)
    last = workshop.blueprint.value
    assert f"Panel {count} of {count}" in last and drawn == [1]
    title = service.moments[workshop.moment].title
    assert f"now: <b>{title}</b>" in last and title in last.split("</div>", 1)[1]

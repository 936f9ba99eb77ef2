"""The sequence principles (Chase & Dasu) read from the emotion curve."""

from __future__ import annotations

import json

from blueprint.checks import LintConfig, lint
from blueprint.checks.sequence import sequence_findings
from blueprint.cli import main
from blueprint.io.load import read
from blueprint.model.examples import tiny_service
from blueprint.model.journeys import journeys
from blueprint.model.objects import MomentOfTruth
from blueprint.model.queries import exit_moments, path_count
from blueprint.model.service import Service, ServiceInfo
from conftest import DATA, ROOT

EXAMPLES_DIR = ROOT / "standards"

# tiny_service: arrive -> check-in -> (room-service) -> check-out


def curve(**emotions):
    service = tiny_service()
    for moment_id, value in emotions.items():
        service.replace(moment_id.replace("_", "-"), emotion=value)
    service.replace("check-in", choice=True, ritual=True)
    return service


def rules(service, **override):
    return [f.rule for f in sequence_findings(service, override or None)]


def test_a_good_sequence_has_no_findings():
    assert rules(curve(arrive=-1, check_in=1, room_service=0, check_out=2)) == []


def test_end_strong():
    service = curve(arrive=1, check_in=2, room_service=2, check_out=-1)
    [finding] = [f for f in sequence_findings(service) if f.rule == "BP261"]
    assert finding.severity.value == "warning" and finding.subject == "check-out"
    low_ending = curve(arrive=1, check_in=3, room_service=0, check_out=1)
    assert [f.severity.value for f in sequence_findings(low_ending) if f.rule == "BP261"] == ["info"]


def test_pain_late_but_not_early():
    assert "BP262" in rules(curve(arrive=1, check_in=2, room_service=0, check_out=-1))
    assert "BP262" not in rules(curve(arrive=-2, check_in=1, room_service=1, check_out=2))


def test_combine_pain_counts_separate_episodes():
    service = curve(arrive=-1, check_in=1, room_service=-1, check_out=2)
    service.replace("room-service", optional=False)
    assert "BP263" in rules(service)
    # Some guests skip an optional moment: its pain is not counted on their journey.
    service.replace("room-service", optional=True)
    assert "BP263" not in rules(service)
    assert "BP263" not in rules(curve(arrive=-1, check_in=-1, room_service=1, check_out=2))


def test_segment_pleasure_flags_a_long_run():
    assert "BP264" in rules(curve(arrive=1, check_in=1, room_service=1, check_out=2))


def test_choice_and_ritual():
    service = tiny_service()
    assert {"BP265", "BP266"} <= set(rules(service))


def test_overrides_and_unknown_emotions():
    service = curve(arrive=0, check_in=1, room_service=2, check_out=2)
    assert "BP261" in rules(service, **{"check-out": -3})
    service.replace("check-out", emotion=None)  # unknown is left out, not read as neutral
    assert sequence_findings(service) == []


# -- on the journeys customers take -------------------------------------------------

CLINIC = DATA / "lint" / "bp261-bp266-clinic-journeys.yaml"


def _found(service, rule_id, **config):
    return [f for f in lint(service, LintConfig(**config), rules=[rule_id])]


def test_pain_on_two_alternative_branches_is_not_two_episodes(tmp_path):
    # Book online or by phone: each way has one painful moment, and no customer takes both.
    path = tmp_path / "salon.yaml"
    path.write_text(
        "version: 1\n"
        "service: {id: salon, title: Hair salon}\n"
        "moments:\n"
        "  - {id: decide, title: Decide on a haircut, stage: pre-service, emotion: 1,"
        " next: [book-online, book-phone]}\n"
        "  - {id: book-online, title: Fight the booking form, stage: pre-service, emotion: -2}\n"
        "  - {id: confirmed, title: Get a friendly confirmation, stage: pre-service, emotion: 1,"
        " next: [cut]}\n"
        "  - {id: book-phone, title: Hold on the phone, stage: pre-service, emotion: -1, next: [cut]}\n"
        "  - {id: cut, title: The haircut, stage: in-service, emotion: 2}\n"
        "  - {id: mirror, title: See the result in the mirror, stage: post-service, emotion: 3,"
        " next: []}\n",
        encoding="utf-8",
    )
    service = read(path).service
    assert _found(service, "BP263") == []
    # Read flat (book-online, confirmed, book-phone, cut, ...), the pain looked like two episodes.
    assert sequence_findings(service) == [f for f in sequence_findings(service) if f.rule != "BP263"]


def test_the_clinic_journeys_each_report_their_own_problems():
    service = read(CLINIC).service
    [pain] = _found(service, "BP263")
    assert pain.message.startswith("on the journey via 'walk-in', the pain comes in 2 separate episodes")
    assert (pain.subject, pain.location.line) == ("pay", 42)
    [choose] = _found(service, "BP265")
    assert choose.subject == "walk-in" and "via 'walk-in'" in choose.message
    [ritual] = _found(service, "BP266")
    assert ritual.subject == "book-online" and "via 'book-online'" in ritual.message


def test_a_problem_on_every_journey_is_said_once_without_naming_a_journey():
    service = read(CLINIC).service
    [late] = _found(service, "BP262")
    assert late.subject == "pay" and late.message.startswith("'Pay the consultation fee' (-1)")
    [end] = _found(service, "BP261")
    assert end.subject == "leave" and "journey" not in end.message


def test_a_problem_on_some_journeys_names_them_all():
    # Three ways in: walking in and phoning at 8am each hurt, and neither offers a choice.
    service = read(CLINIC).service
    service.add(
        MomentOfTruth(
            id="phone-in", title="Phone the surgery at 8am", stage="pre-service", emotion=-2,
            next=["check-in"],
        )
    )  # fmt: skip
    service.replace("need-care", next=["book-online", "walk-in", "phone-in"])
    [pain, other] = sorted(_found(service, "BP263"), key=lambda f: f.message)
    assert pain.message.startswith("on the journey via 'phone-in'")
    assert other.message.startswith("on the journey via 'walk-in'")
    choose = _found(service, "BP265")
    assert [f.message for f in choose] == [
        "on 2 of 3 journeys (via 'walk-in'; via 'phone-in'), no moment lets the customer choose"
    ]


def test_the_bank_card_cycle_has_no_pain_episodes_that_no_customer_lives():
    service = read(EXAMPLES_DIR / "bank-card-service.yaml").service
    found = _found(service, "BP263")
    for finding in found:
        # Each finding is one journey's pain, named by it, never the flat cycle's total.
        assert "journey" in finding.message and "5 separate" not in finding.message
    assert len({f.message for f in found}) == len(found)


def test_journeys_are_bounded_and_the_bound_is_reported():
    service = read(CLINIC).service
    assert _found(service, "BP260") == []
    [bounded] = _found(service, "BP260", max_journeys=1)
    assert bounded.subject == "need-care"
    assert "2 paths" in bounded.message and "only the first 1" in bounded.message


def test_many_branches_are_counted_without_listing_them():
    moments = []
    for layer in range(40):  # 2**40 paths: counted, and only the limit is walked
        nxt = [f"a{layer + 1}", f"b{layer + 1}"] if layer < 39 else []
        for side in "ab":
            moments.append(MomentOfTruth(id=f"{side}{layer}", title=f"{side}{layer}", stage="in-service",
                                         emotion=1 if side == "a" else -1, next=nxt))  # fmt: skip
    service = Service(ServiceInfo(id="maze", title="Maze"), moments=moments)
    found = journeys(service, limit=50)
    assert found.total == 2**39 and found.walked == 50 and found.bounded
    assert len(found.paths) == 50
    assert "549,755,813,888 paths" in _found(service, "BP260", max_journeys=50)[0].message


def test_loops_are_not_followed():
    service = tiny_service()
    service.replace("room-service", optional=False, next=["check-in", "check-out"])
    assert [list(p) for p in journeys(service).paths] == [
        ["arrive", "check-in", "room-service", "check-out"],
        ["arrive", "check-in", "check-out"],
    ]


def test_the_sequence_rules_run_in_blueprint_check(capsys):
    assert main(["check", str(CLINIC), "--show", "info", "--format", "json"]) == 0
    rules_found = {f["rule"] for f in json.loads(capsys.readouterr().out)["files"][0]["findings"]}
    assert {"BP261", "BP262", "BP263", "BP264", "BP265", "BP266"} <= rules_found


def test_long_paths_are_bounded_by_the_moments_walked():
    moments = []
    for layer in range(12):  # 2048 short paths from a0 into a long shared tail
        nxt = [f"a{layer + 1}", f"b{layer + 1}"] if layer < 11 else ["t0"]
        for side in "ab":
            moments.append(MomentOfTruth(id=f"{side}{layer}", title=f"{side}{layer}", stage="in-service",
                                         emotion=1 if side == "a" else -1, next=nxt))  # fmt: skip
    for i in range(1000):
        nxt = [f"t{i + 1}"] if i < 999 else []
        moments.append(MomentOfTruth(id=f"t{i}", title=f"t{i}", stage="in-service", emotion=0, next=nxt))
    service = Service(ServiceInfo(id="long", title="Long"), moments=moments)
    found = journeys(service)
    assert found.total == 2048 and found.bounded
    assert found.walked * 1012 >= 100_000 > (found.walked - 1) * 1012
    [bounded] = _found(service, "BP260")
    assert "the paths are long: 100,000 moments at most" in bounded.message


def test_bitner_hotel_room_service_pain_is_on_its_own_journey():
    service = read(DATA / "journeys" / "hotel-bitner.yaml").service
    [pain] = _found(service, "BP263")
    assert pain.message == (
        "on the journey via 'call-room-service', the pain comes in 2 separate episodes "
        "('Wait for the food'; 'Check out and settle the bill')"
    )
    [late] = _found(service, "BP262")  # check-out is late on both journeys: said once, no journey named
    assert (late.subject, late.location.line) == ("check-out", 41) and "journey" not in late.message


def test_shostack_shoeshine_single_journey_keeps_the_flat_reading():
    service = read(DATA / "journeys" / "shoeshine.yaml").service
    assert [f.rule for f in sequence_findings(service)] == ["BP264"]
    service.replace("step-down", emotion=-1)  # leaving with a scuffed shoe
    found = {f.rule: f for f in sequence_findings(service)}
    assert found["BP261"].message.startswith("the cycle ends on 'Step down with shining shoes' at -1")
    assert found["BP261"].location.line == 28


def test_titles_in_the_messages_are_quoted_so_no_control_character_reaches_a_terminal():
    service = read(DATA / "journeys" / "hotel-bitner.yaml").service
    service.replace("wait-for-food", title="Wait \x1b[31mforever\x1b[0m\u202e; or not")
    [pain] = _found(service, "BP263")
    assert "\x1b" not in pain.message and "\u202e" not in pain.message
    assert "('Wait \\x1b[31mforever\\x1b[0m\\u202e; or not'; 'Check out and settle the bill')" in pain.message


def test_a_moment_that_only_loops_back_is_not_where_a_journey_ends():
    """The dental check-up: an x-ray leads back to the examination; the patient leaves after the recall."""
    service = read(DATA / "literature" / "dental-practice.yaml").service
    every = journeys(service, skip_optional=False)
    assert all(path[-1] == "recall" for path in every.paths), every.paths
    assert every.total == len(every.paths) == 2  # via the treatment, or straight to paying
    # it ends on the recall, a ritual
    assert not [f for f in sequence_findings(service) if f.rule in ("BP261", "BP266")]
    # the cycle is closed (the next visit) from the recall alone, and the summary counts two paths
    assert exit_moments(service) == ["recall"] and path_count(service) == 2
    # a cycle drawn with no way out at all still has its journey read
    service.replace("recall", next=["book"])
    assert journeys(service).paths and journeys(service).total >= 1

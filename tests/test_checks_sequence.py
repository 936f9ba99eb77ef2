"""The sequence principles (Chase & Dasu) read from the emotion curve."""

from __future__ import annotations

from blueprint.checks.sequence import sequence_findings
from blueprint.model.examples import tiny_service

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
    assert "BP263" in rules(curve(arrive=-1, check_in=1, room_service=-1, check_out=2))
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

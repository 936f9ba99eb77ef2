"""A moment is covered by a standard on its own factors, or on steps alone: not by a misfiled one (BP210).

The material: a bank branch whose queue standard names the teller's cash
count, a step that serves the counter (tests/data/coverage/). The counter
has no standard of its own; the check, the summary, the catalogue, the
compliance colours and the widgets' panel all say so.
"""

from __future__ import annotations

from blueprint.checks import lint
from blueprint.io.catalogue import catalogue
from blueprint.io.load import load, read_text
from blueprint.measure.outcome import moment_shares
from blueprint.model.queries import covered_moments, moments_of_standard, standards_of, summary
from blueprint.widgets.facets import Facets
from blueprint.widgets.panel import moment_panel
from blueprint.widgets.slide import slide
from conftest import DATA

BRANCH = DATA / "coverage" / "bank-branch-misfiled.yaml"


def test_a_standard_serves_the_moments_of_its_factors_not_those_its_misfiled_step_feeds():
    service = load(BRANCH)
    assert moments_of_standard(service, "queue-under-10") == ["queue"]
    assert covered_moments(service) == {"queue"}
    assert [s.id for s in standards_of(service, "counter")] == []
    assert "standards  1  (covering 1 of 2 moments)" in summary(service)


def test_check_names_the_moment_the_misfiled_standard_left_without_one():
    found = {(f.rule, f.subject) for f in lint(load(BRANCH))}
    assert ("BP201", "counter") in found  # no standard serves the counter's accurate cash
    assert ("BP210", "queue-under-10") in found  # and the standard is filed under the wrong moment
    assert ("BP201", "queue") not in found


def test_the_catalogue_colours_and_panel_read_the_standard_under_its_own_moment():
    service = load(BRANCH)
    (row,) = catalogue(service)
    assert row["moment"] == "Take a ticket and wait"
    assert row["factor"] == "A short wait; step: Teller counts the cash twice"
    assert moment_shares(service, {"queue-under-10": 0.7}) == {"queue": 0.7}
    facets = Facets(service, [])
    assert "this moment is not covered" in str(moment_panel(service, "counter", facets))
    assert "queue-under-10" in str(moment_panel(service, "queue", facets))
    order = ["queue", "counter"]  # the workshop's slides: the counter's says it has no standard yet
    assert "no standard yet (gap 2)" in str(slide(service, order, 1))
    assert "no standard yet" not in str(slide(service, order, 0))


def test_a_standard_on_steps_alone_still_serves_the_moments_its_steps_feed():
    text = BRANCH.read_text(encoding="utf-8").replace(
        "    factors: [short-queue]\n    steps: [count-cash]\n", "    steps: [count-cash]\n"
    )
    loaded = read_text(text, str(BRANCH))
    assert loaded.ok, [str(f) for f in loaded.findings]
    service = loaded.service
    assert moments_of_standard(service, "queue-under-10") == ["counter"]
    assert covered_moments(service) == {"counter"}
    assert [s.id for s in standards_of(service, "counter")] == ["queue-under-10"]
    facets = Facets(service, [])
    assert "queue-under-10" in str(moment_panel(service, "counter", facets))


def test_a_step_that_also_feeds_the_standards_own_moment_still_serves_both():
    # The cash count serves the wait as well (the queue moves when it is done): not misfiled, so no BP210,
    # and the standard on it serves both moments, as before.
    text = BRANCH.read_text(encoding="utf-8").replace(
        "    supports: [counter]\n", "    supports: [queue, counter]\n"
    )
    service = read_text(text, str(BRANCH)).service
    assert moments_of_standard(service, "queue-under-10") == ["queue", "counter"]
    assert covered_moments(service) == {"queue", "counter"}
    assert not {f.rule for f in lint(service)} & {"BP210"}

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from pydantic import ValidationError

from blueprint.model import KeyFactor, MomentOfTruth, Service, ServiceInfo, Standard, Step, queries
from blueprint.model.examples import tiny_service


def _chain(n: int, **extra) -> list[MomentOfTruth]:
    return [MomentOfTruth(id=f"m{i}", title=f"Moment {i}", stage="in-service", **extra) for i in range(n)]


def test_graph_is_plain_networkx_with_kinds_and_fields():
    service = tiny_service()
    graph = service.graph
    assert isinstance(graph, nx.DiGraph)
    assert graph.nodes["check-in"]["kind"] == "moment"
    assert graph.nodes["check-in"]["stage"].value == "in-service"
    assert graph.nodes["check-in"]["wait_point"] is True
    assert graph.nodes["register-guest"]["lane"].value == "frontstage"
    assert graph.edges["register-guest", "check-in"]["kind"] == "supports"
    assert graph.edges["arrive", "check-in"]["kind"] == "flow"


def test_cycle_closes_from_every_exit_back_to_the_first_moment():
    service = tiny_service()
    closing = [(u, v) for u, v, d in service.graph.edges(data=True) if d.get("closing")]
    assert closing == [("check-out", "arrive")]
    assert queries.exit_moments(service) == ["check-out"]


def test_default_flow_follows_file_order_and_last_moment_closes():
    service = Service(ServiceInfo(id="s", title="S"), moments=_chain(3))
    flow = [(u, v) for u, v, k in service.graph.edges(data="kind") if k == "flow"]
    assert flow == [("m0", "m1"), ("m1", "m2"), ("m2", "m0")]
    assert queries.path_count(service) == 1


def test_loop_back_to_an_earlier_moment_is_marked_and_not_counted_as_a_path():
    moments = _chain(4)
    moments[2] = moments[2].model_copy(update={"next": ["m1", "m3"]})  # order again
    service = Service(ServiceInfo(id="s", title="S"), moments=moments)
    assert service.graph.edges["m2", "m1"]["loop"] is True
    assert service.graph.edges["m3", "m0"]["closing"] is True
    assert queries.cycle_order(service) == ["m0", "m1", "m2", "m3"]
    assert queries.path_count(service) == 1


def test_path_count_does_not_enumerate_paths():
    # 60 diamonds in a row: 2**60 paths, counted instantly
    moments = []
    for i in range(60):
        moments += [
            MomentOfTruth(id=f"a{i}", title="a", stage="in-service", next=[f"b{i}", f"c{i}"]),
            MomentOfTruth(id=f"b{i}", title="b", stage="in-service", next=[f"a{i + 1}"]),
            MomentOfTruth(id=f"c{i}", title="c", stage="in-service", next=[f"a{i + 1}"]),
        ]
    moments.append(MomentOfTruth(id="a60", title="end", stage="post-service", next=[]))
    service = Service(ServiceInfo(id="s", title="S"), moments=moments)
    assert queries.path_count(service) == 2**60


def test_cycle_order_is_stable_with_branches_listed_out_of_order():
    moments = [
        MomentOfTruth(id="start", title="s", stage="pre-service", next=["z-branch", "a-branch"]),
        MomentOfTruth(id="end", title="e", stage="post-service", next=[]),
        MomentOfTruth(id="z-branch", title="z", stage="in-service", next=["end"]),
        MomentOfTruth(id="a-branch", title="a", stage="in-service", next=["end"]),
    ]
    service = Service(ServiceInfo(id="s", title="S"), moments=moments)
    assert queries.cycle_order(service) == ["start", "z-branch", "a-branch", "end"]
    assert queries.path_count(service) == 2


def test_supporting_steps_are_transitive_and_exclude_unrelated_steps():
    service = tiny_service()
    service.add(Step(id="kitchen", title="Kitchen", lane="backstage", supports=["room-service"]))
    assert queries.supporting_steps(service, "check-in") == {"register-guest", "pms-record"}
    assert queries.supporting_steps(service, "room-service") == {"kitchen"}
    assert queries.supporting_steps(service, "arrive") == set()


def test_factors_and_standards_per_moment():
    service = tiny_service()
    assert [f.id for f in queries.factors_of(service, "check-in")] == ["checkin-speed"]
    assert [s.id for s in queries.standards_of(service, "check-in")] == ["checkin-3min"]
    assert queries.standards_of(service, "room-service") == []
    assert queries.moments_of_standard(service, "checkin-3min") == ["check-in"]


def test_coverage_table_shows_uncovered_factors_and_moments_as_blanks():
    table = queries.coverage(tiny_service())
    assert list(table["moment"]) == ["arrive", "check-in", "room-service", "check-out"]
    row = table.set_index("moment").loc["room-service"]
    assert row["factor"] == "food-hot" and pd.isna(row["standard"])
    assert table.set_index("factor").loc["checkin-speed", "standard"] == "checkin-3min"


def test_replace_validates_and_updates_graph_and_indices():
    service = tiny_service()
    service.replace("check-in", emotion=-2)
    assert service.graph.nodes["check-in"]["emotion"] == -2
    with pytest.raises(ValidationError):
        service.replace("check-in", emotion=7)
    service.replace("food-hot", bpm="performance")
    assert service.factors["food-hot"].bpm.value == "performance"
    assert service.moments["room-service"].factors[0].bpm.value == "performance"


def test_add_and_remove_keep_indices_in_step():
    service = tiny_service()
    service.add(
        KeyFactor(id="menu", title="Menu", element="hardware", sub_item="facilities"), moment="room-service"
    )
    service.add(
        Standard(
            id="menu-std",
            factors=["menu"],
            statement="x",
            metric="m",
            comparator="<=",
            target=1,
            unit="count",
        )
    )
    assert service.standards_of_factor["menu"] == ["menu-std"]
    with pytest.raises(ValueError, match="already used"):
        service.add(Step(id="menu", title="x", lane="support", supports=["arrive"]))
    service.remove("menu")
    assert "menu" not in service.factors
    assert [f.id for f in service.moments["room-service"].factors] == ["food-hot"]


def test_sub_item_must_belong_to_its_element():
    with pytest.raises(ValidationError, match="not part of the people element"):
        KeyFactor(id="x", title="x", element="people", sub_item="timeliness")


def test_summary_names_counts():
    text = tiny_service().summary()
    assert "moments    4" in text and "2 from first contact" in text and "covering 1 of 4 moments" in text


def test_summary_counts_fail_and_wait_points_where_they_are():
    # A clinic: the waiting room is a moment that fails and waits; the lab courier is a step that fails.
    service = Service(
        ServiceInfo(id="clinic", title="Clinic visit"),
        moments=[
            MomentOfTruth(id="arrive", title="Arrive", stage="pre-service"),
            MomentOfTruth(
                id="wait", title="Waiting room", stage="in-service", fail_point=True, wait_point=True
            ),
            MomentOfTruth(id="consult", title="Consultation", stage="in-service"),
        ],
        steps=[
            Step(id="courier", title="Lab courier", lane="support", supports=["consult"], fail_point=True),
        ],
    )
    lines = service.summary().splitlines()
    assert lines[1].endswith("; fail points 1, wait points 1)")
    assert lines[2] == "  steps      1  (fail points 1, wait points 0)"

"""Mermaid round trip: export both diagrams, import them back, compare the services field by field."""

from __future__ import annotations

import re

import pytest

from blueprint.cli import main
from blueprint.io.load import load, read_text
from blueprint.io.mermaid_import import read_mermaid
from blueprint.io.mermaid_read import service_yaml
from blueprint.render.mermaid import to_mermaid_markdown
from conftest import DATA, EXAMPLES

MERMAID = DATA / "mermaid"
SHOESHINE = MERMAID / "shoeshine-blueprint.yaml"
SERVICES = [
    *EXAMPLES,
    MERMAID / "shoeshine-blueprint.yaml",  # Shostack 1984
    MERMAID / "hotel-bitner-blueprint.yaml",  # Bitner, Ostrom & Morgan 2008
    DATA / "services" / "bank-branch.yaml",
    DATA / "services" / "call-centre.yaml",
    DATA / "services" / "clinic.yaml",
    DATA / "hostile-text.yaml",
    # fail points with cause and fail-safe, durations, costs and standards on steps
    DATA / "journeys" / "shoeshine.yaml",
    DATA / "journeys" / "hotel-bitner.yaml",
    DATA / "journeys" / "bank-branch-16.yaml",  # fail points bare and written out, on moments and steps
    DATA / "exchange" / "account-opening.yaml",  # a bank's account opening: & and quotes in titles, zh
    DATA / "exchange" / "emergency.yaml",  # an emergency department: <, + and = starting statements
]
SECTIONS = ("metrics", "channels", "moments", "steps", "standards", "promises")


def _import(text: str, source: str = "exported.md"):
    document, findings = read_mermaid(text, source)
    assert document is not None, [str(f) for f in findings]
    loaded = read_text(service_yaml(document), "imported.yaml")
    assert loaded.service is not None, [str(f) for f in loaded.findings]
    return loaded.service, findings


def _same_service(a, b) -> None:
    assert a.info == b.info
    for section in SECTIONS:
        left, right = getattr(a, section), getattr(b, section)
        assert list(left) == list(right), section  # the same ids in the same file order
        for ident in left:
            assert left[ident] == right[ident], (section, ident)
    for ident, moment in a.moments.items():  # `channels: []` written out means something (BP208)
        assert ("channels" in moment.model_fields_set) == ("channels" in b.moments[ident].model_fields_set)


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: p.stem)
def test_export_then_import_gives_the_same_service_field_by_field(path):
    original = load(path)
    text = to_mermaid_markdown(original, source=path.name)
    service, findings = _import(text)
    assert findings == []  # nothing differs, nothing is left out
    _same_service(original, service)
    assert to_mermaid_markdown(service, source=path.name) == text  # a fixed point


@pytest.mark.parametrize(
    "path",
    [next(p for p in EXAMPLES if p.stem == "hotel-stay"), DATA / "hostile-text.yaml"],
    ids=lambda p: p.stem,
)
def test_round_trip_of_a_translated_export_keeps_the_original_titles(path):
    original = load(path)
    text = to_mermaid_markdown(original, "zh", source=path.name)
    assert "subgraph customer" in text
    service, findings = _import(text)
    assert findings == []
    _same_service(original, service)


def test_export_holds_structure_in_the_diagram_and_the_rest_in_data_lines():
    text = to_mermaid_markdown(load(MERMAID / "hotel-bitner-blueprint.yaml"))
    assert "```mermaid\nflowchart LR" in text and "```mermaid\njourney" in text
    assert '    check-in["Check in<br/>F1 fail point<br/>W wait point<br/>⇄ Front desk, Hotel app"]' in text
    assert "  sleep --> call-room-service" in text and "  sleep --> check-out" in text  # a branch
    assert '  eat -->|"again"| call-room-service' in text  # a loop
    assert "  class call-room-service optional" in text
    assert "  menu --- call-room-service" in text and "  take-bags-to-room -.-> deliver-bags" in text
    data = [line for line in text.splitlines() if "%% blueprint-data: " in line]
    assert data[0].startswith('  %% blueprint-data: ["mermaid",{"lang":null,"actors":{')
    assert '"check-in":["Customer","Front desk","Hotel app",' in data[0]  # what the journey's task lists
    assert '  %% blueprint-data: ["channels",{"id":"hotel-app","title":"Hotel app","hours":"24/7",' in text
    shoeshine = to_mermaid_markdown(load(MERMAID / "shoeshine-blueprint.yaml"))
    standard = next(line for line in shoeshine.splitlines() if '["standards",{"id":"shine-in-2"' in line)
    assert '"comparator":"\\u003c="' in standard  # '<' and '&' never appear raw, even in a comment
    assert not re.search(
        r"[<>&`]",
        "".join(line.split(": ", 1)[1] for line in shoeshine.splitlines() if "blueprint-data" in line),
    )


def test_cli_export_then_import_round_trips_through_files(tmp_path, capsys):
    source = MERMAID / "shoeshine-blueprint.yaml"
    exported, imported = tmp_path / "shoeshine.md", tmp_path / "shoeshine.yaml"
    assert main(["export", str(source), "--to", "mermaid", "-o", str(exported)]) == 0
    assert main(["import", str(exported), "-o", str(imported)]) == 0
    assert "10 moments" not in capsys.readouterr().out
    _same_service(load(source), load(imported))


# -- edited by hand ------------------------------------------------------------------


@pytest.fixture
def hotel_text():
    return to_mermaid_markdown(load(MERMAID / "hotel-bitner-blueprint.yaml"), source="hotel.yaml")


def _line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_a_moment_renamed_in_the_diagram_takes_the_new_title_and_says_so(hotel_text):
    text = hotel_text.replace('go-to-room["Go to the room"]', 'go-to-room["Walk to the room"]')
    service, findings = _import(text)
    assert service.moments["go-to-room"].title == "Walk to the room"
    assert service.moments["go-to-room"].physical_evidence[0].id == "elevators"  # the rest is kept
    (finding,) = findings
    assert (
        finding.rule == "MM003"
        and "'Walk to the room'" in finding.message
        and "'Go to the room'" in finding.message
    )
    assert finding.location.line == _line_of(text, "Walk to the room")


def test_a_node_added_in_the_diagram_becomes_a_moment_in_the_flow(hotel_text):
    text = hotel_text.replace(
        '    give-bags["Give bags to the bellperson"]',
        '    valet["Hand the car keys to the valet"]\n    give-bags["Give bags to the bellperson"]',
    ).replace("  arrive --> give-bags\n", "  arrive --> valet\n  valet --> give-bags\n")
    text = text.replace(
        "    Give bags to the bellperson: 3:",
        "    Hand the car keys to the valet: 2: Customer\n    Give bags to the bellperson: 3:",
    )
    service, findings = _import(text)
    ids = list(service.moments)
    assert ids[:3] == ["arrive", "valet", "give-bags"]
    valet = service.moments["valet"]
    assert (valet.title, valet.stage.value, valet.emotion) == (
        "Hand the car keys to the valet",
        "pre-service",
        -1,
    )
    flow = {(u, v) for u, v, k in service.graph.edges(data="kind") if k == "flow"}
    assert (
        ("arrive", "valet") in flow and ("valet", "give-bags") in flow and ("arrive", "give-bags") not in flow
    )
    assert findings == []  # a new node is no conflict: the file order carries its flow
    assert service.moments["arrive"].next is None and service.moments["valet"].next is None


def test_classes_lanes_supports_and_channels_edited_in_the_diagram_win(hotel_text):
    text = hotel_text.replace(
        "  class check-in,process-registration fail", "  class process-registration fail"
    )
    text = text.replace('    prepare-food["Prepare food"]\n', "")
    text = text.replace(
        '    kitchen-supplies["Food and kitchen supplies"]',
        '    kitchen-supplies["Food and kitchen supplies"]\n    prepare-food["Prepare food"]',
    )
    text = text.replace("<br/>⇄ Room phone, Hotel app", "<br/>⇄ Room phone, Concierge desk")
    text = text.replace(
        "  deliver-food -.-> receive-food\n", "  deliver-food -.-> receive-food\n  deliver-food -.-> eat\n"
    )
    service, findings = _import(text)
    assert service.moments["check-in"].fail_point is False and service.moments["check-in"].wait_point is True
    assert service.steps["prepare-food"].lane.value == "support"
    assert service.steps["deliver-food"].supports == ["receive-food", "eat"]
    assert service.moments["call-room-service"].channels == ["room-phone", "concierge-desk"]
    assert service.channels["concierge-desk"].title == "Concierge desk"
    messages = " | ".join(f.message for f in findings)
    for expected in (
        "does not mark it fail point",
        "in the support lane in the diagram, backstage in the data",
        "supports receive-food, eat",
        "channel 'Concierge desk' is new",
    ):
        assert expected in messages
    assert all(f.rule == "MM003" for f in findings)


def test_a_moment_deleted_from_the_diagram_is_left_out_and_named(hotel_text):
    text = hotel_text.replace("  go-to-room --> receive-bags\n", "  go-to-room --> sleep\n")
    text = "\n".join(
        line for line in text.splitlines() if "blueprint-data" in line or "receive-bags" not in line
    )
    document, findings = read_mermaid(text, "hotel.md")
    assert document is not None
    assert "receive-bags" not in [m["id"] for m in document["moments"]]
    left = [f for f in findings if f.rule == "MM004"]
    assert any("moment 'receive-bags' is in the data lines but not in the diagram" in f.message for f in left)
    assert any("journey task 'Receive bags' names no moment" in f.message for f in left)
    assert all(f.location.line > 1 for f in left)


def test_a_journey_edit_changes_stage_emotion_and_title(hotel_text):
    text = hotel_text.replace("  title Overnight hotel stay", "  title One night at the hotel")
    text = text.replace("    Eat: 5: Customer", "    Eat: 1: Customer")
    service, findings = _import(text)
    assert service.info.title == "One night at the hotel"
    assert service.moments["eat"].emotion == -2
    assert len(findings) == 2 and all(f.rule == "MM003" for f in findings)
    (title,) = [f for f in findings if "title" in f.message]
    assert "'One night at the hotel'" in title.message and "'Overnight hotel stay'" in title.message
    assert title.location.line == _line_of(text, "  title One night at the hotel")


def test_actors_edited_in_the_journey_are_named_as_left_out_not_dropped_without_a_word(hotel_text):
    # The journey's actors are drawn from the customer, the channels and the frontstage steps; the
    # import cannot turn a name typed there into any of them, so it says so at the task's line.
    check_in = next(line for line in hotel_text.splitlines() if line.startswith("    Check in: "))
    edited = hotel_text.replace(check_in, check_in.replace(", Hotel app", "") + ", Concierge")
    edited = edited.replace("    Eat: 5: Customer", "    Eat: 5: Customer, Room-service waiter")
    before, _ = _import(hotel_text)
    service, findings = _import(edited)
    assert [f.rule for f in findings] == ["MM004", "MM004"]
    desk, eat = findings
    assert desk.location.line == _line_of(edited, "    Check in: ") and "'check-in'" in desk.message
    assert "Concierge" in desk.message and "Hotel app" in desk.message  # what is there, and what was written
    assert eat.location.line == _line_of(edited, "    Eat: 5: Customer, Room-service waiter")
    assert "⇄" in eat.hint and "frontstage lane" in eat.hint
    assert service.moments["check-in"].channels == before.moments["check-in"].channels  # nothing half-read


def test_a_journey_without_edits_and_an_older_export_raise_no_actor_warning(hotel_text):
    assert _import(hotel_text)[1] == []
    # an export made before the actors were noted in the first data line
    meta = next(line for line in hotel_text.splitlines() if '["mermaid",' in line)
    older = hotel_text.replace(meta, '  %% blueprint-data: ["mermaid",{"lang":null}]')
    edited = older.replace("    Eat: 5: Customer", "    Eat: 5: Customer, Room-service waiter")
    assert _import(edited)[1] == []


def test_a_broken_data_line_is_named_and_left_out(hotel_text):
    line = next(x for x in hotel_text.splitlines() if '["channels",{"id":"room-phone"' in x)
    text = hotel_text.replace(line, line[:-5])
    document, findings = read_mermaid(text, "hotel.md")
    assert document is not None  # the channel is named in a label: it comes back with what the diagram shows
    assert {"id": "room-phone", "title": "Room phone"} in document["channels"]
    (finding,) = [f for f in findings if f.rule == "MM004"]
    assert "not JSON" in finding.message and finding.location.line == _line_of(hotel_text, line.strip())


def test_a_hand_written_flowchart_without_data_lines_makes_a_service():
    # A clinic visit drawn by hand in a team's wiki: unquoted labels, a chain, no data lines.
    text = "\n".join(
        [
            "```mermaid",
            "graph LR",
            "  subgraph Customer actions",
            "    book[Book by phone] --> arrive(Arrive) --> see-gp",
            '    see-gp["See the doctor"]',
            "  end",
            "  subgraph Onstage",
            '    nurse["Nurse takes vitals"]',
            "  end",
            "  nurse -.-> see-gp",
            "  class arrive wait",
            "```",
            "",
            "```mermaid",
            "journey",
            "  title Clinic visit",
            "  section Before",
            "    Book by phone: 3: Patient",
            "  section During",
            "    Arrive: 2: Patient",
            "    See the doctor: 4: Patient",
            "```",
        ]
    )
    service, findings = _import(text, "clinic.md")
    assert list(service.moments) == ["book", "arrive", "see-gp"]
    assert [m.stage.value for m in service.moments.values()] == ["pre-service", "in-service", "in-service"]
    assert service.moments["arrive"].wait_point and service.moments["see-gp"].emotion == 1
    assert service.steps["nurse"].lane.value == "frontstage" and service.steps["nurse"].supports == ["see-gp"]
    assert service.info.title == "Clinic visit" and findings == []


def test_a_node_in_no_lane_is_left_out_with_its_line():
    text = "flowchart LR\n  subgraph customer\n    a[Sit]\n  end\n  stray[Lost] --> a\n"
    document, findings = read_mermaid(text, "x.mmd")
    assert [m["id"] for m in document["moments"]] == ["a"]
    (finding,) = [f for f in findings if "stray" in f.message]
    assert finding.rule == "MM004" and (finding.location.line, finding.location.column) == (5, 3)


def test_ids_mermaid_would_misread_are_renamed_in_the_diagram_and_come_back():
    # A call centre whose ids clash with Mermaid: a keyword, a lane's subgraph id, a dot, a double dash.
    text = """version: 1
service: {id: call-centre, title: Call centre}
moments:
  - {id: support, title: Call the support line, stage: pre-service}
  - {id: end, title: Hang up, stage: post-service, next: [2nd-call]}
  - {id: 2nd-call, title: Call again, stage: post-service, optional: true, next: []}
steps:
  - {id: ivr.menu, title: Menu routes the call, lane: support, supports: [support]}
  - {id: agent--tier1, title: Agent answers, lane: frontstage, supports: [support, end]}
  - {id: class, title: Call is logged, lane: backstage, supports: [agent--tier1]}
"""
    original = read_text(text, "clash.yaml").service
    exported = to_mermaid_markdown(original)
    flowchart = exported.split("```mermaid\n")[1]
    nodes = re.findall(r"^    (\S+?)\[", flowchart, re.M)
    clashing = {"support", "end", "2nd-call", "ivr.menu", "agent--tier1", "class"}
    assert len(nodes) == 6 and not clashing & set(nodes)
    service, findings = _import(exported)
    assert findings == []
    _same_service(original, service)


def test_a_flowchart_that_is_no_blueprint_is_refused_with_its_line(tmp_path, capsys):
    path = tmp_path / "deploy.md"
    text = "# Deploy\n\n```mermaid\nflowchart TD\n  build --> test --> ship\n```\n"
    path.write_text(text, encoding="utf-8")
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "deploy.md:4:1" in err and "MM001" in err and "no moment" in err
    assert not (tmp_path / "deploy.yaml").exists()


def test_steps_that_only_fed_a_step_left_out_go_too_and_the_file_loads(hotel_text):
    # The bellperson's delivery no longer feeds anything: it is left out, and so is the step that fed it.
    text = hotel_text.replace("  deliver-bags -.-> receive-bags\n", "")
    service, findings = _import(text)  # _import loads the written document: no reference to nothing
    assert "deliver-bags" not in service.steps and "take-bags-to-room" not in service.steps
    messages = [f.message for f in findings if f.rule == "MM004"]
    assert messages == [
        "step 'deliver-bags' supports nothing; it is left out",
        "step 'take-bags-to-room' supports only what was left out; it is left out too",
    ]


def test_a_rename_in_a_translated_export_changes_the_translation_not_the_title():
    original = load(SHOESHINE)
    text = to_mermaid_markdown(original, "zh")
    assert 'climb-in["坐上擦鞋椅<br/>' in text
    service, findings = _import(text.replace('climb-in["坐上擦鞋椅<br/>', 'climb-in["坐到椅子上<br/>'))
    moment = service.moments["climb-in"]
    assert moment.title == "Climb into the chair" and moment.translations == {"zh": "坐到椅子上"}
    assert [f.rule for f in findings] == ["MM003"]


def test_titles_with_odd_line_breaks_are_written_quoted_and_load(tmp_path):
    # A title pasted from an old mainframe export: a NEL (U+0085) inside it.
    text = (
        "version: 1\nservice: {id: desk, title: Desk}\nmoments:\n"
        '  - {id: wait, title: "Queue\\Nat the desk", stage: in-service}\n'
    )
    original = read_text(text, "desk.yaml").service
    exported = tmp_path / "desk.md"
    exported.write_text(to_mermaid_markdown(original), encoding="utf-8")
    assert main(["import", str(exported)]) == 0
    imported = load(tmp_path / "desk.yaml")
    assert imported.moments["wait"].title == "Queue\x85at the desk"


@pytest.mark.graphviz
@pytest.mark.parametrize("name", ["bank-branch-16", "hotel-bitner"])
def test_the_flowchart_numbers_its_fail_points_as_the_rendered_blueprint_does(name):
    from blueprint.render import render

    service = load(DATA / "journeys" / f"{name}.yaml")
    text = to_mermaid_markdown(service)
    labelled = dict(re.findall(r'^    ([\w-]+)\[".*?<br/>(F\d+) fail point', text, re.M))
    assert "<br/>F fail point" not in text
    svg = str(render(service, view="blueprint").svg())
    drawn = re.findall(r">(F\d+)<", svg)
    assert sorted(labelled.values(), key=lambda f: int(f[1:])) == [
        f"F{n}" for n in range(1, len(labelled) + 1)
    ]
    assert set(labelled.values()) <= set(drawn) and len(labelled) == len(set(drawn))
    # the same point carries the same number: the list under the blueprint pairs them so
    from blueprint.render.blueprint_footer import footer
    from blueprint.render.blueprint_view import blueprint_layout

    layout, _ = blueprint_layout(service)
    assert {ident: number for number, ident, _ in footer(service, layout).fail_points} == labelled
    again, _ = _import(text)
    assert to_mermaid_markdown(again) == text  # still a fixed point

"""Blueprints drawn by hand in a Mermaid editor import as the designer drew them, or say what was left out."""

from __future__ import annotations

from blueprint.cli import main
from blueprint.io.load import load
from blueprint.io.mermaid_import import read_mermaid
from blueprint.io.mermaid_read import read_journey
from conftest import DATA

EMERGENCY = DATA / "exchange" / "emergency-drawn.md"  # an A&E blueprint from a workshop: lanes by title


def _flow(text: str) -> tuple[dict, list]:
    document, findings = read_mermaid(text, "drawn.mmd")
    assert document is not None, [str(f) for f in findings]
    return document, findings


def _left_out(findings: list) -> list:
    """The MM004 findings: what the import left out (a flowchart alone gives stages, MM003, besides)."""
    return [f for f in findings if f.rule != "MM003"]


def test_a_step_drawn_without_an_edge_is_left_out_with_its_place_not_a_traceback():
    text = "flowchart LR\n  subgraph customer\n    a[Sit] --> b[Pay]\n  end\n"
    document, findings = _flow(text + "  subgraph backstage\n    cook[Cook]\n  end\n")
    assert "steps" not in document
    (finding,) = _left_out(findings)
    assert finding.rule == "MM004" and "step 'cook' supports nothing" in finding.message
    assert (finding.location.line, finding.location.column) == (6, 5)


def test_a_step_joined_to_its_moment_by_a_plain_arrow_supports_it():
    """A GP surgery drawn in the live editor: the receptionist's and the back office's actions are
    joined to the patient's with --> as often as with -.->."""
    text = "\n".join(
        [
            "flowchart LR",
            "  subgraph customer[Patient actions]",
            "    arrive(Arrive at reception) --> consult[See the GP]",
            "  end",
            "  subgraph front[Frontstage]",
            "    recep[Receptionist checks in]",
            "  end",
            "  subgraph back[Back office]",
            "    notes[Pull patient notes] --> letter[Print the referral]",
            "  end",
            "  recep --> arrive",
            "  notes --> consult",
            "  letter -.-> consult",
        ]
    )
    document, findings = _flow(text)
    supports = {s["id"]: s["supports"] for s in document["steps"]}
    assert supports == {"recep": ["arrive"], "notes": ["letter", "consult"], "letter": ["consult"]}
    assert _left_out(findings) == []
    assert [m["id"] for m in document["moments"]] == ["arrive", "consult"]  # no step among the moments


def test_lanes_titled_as_a_designer_titles_them_are_lanes():
    text = "\n".join(
        [
            "flowchart TD",
            '  subgraph P["Patient actions"]',
            "    a[Arrive] --> b[Be seen]",
            "  end",
            "  subgraph 前台服务",
            "    nurse[Nurse]",
            "  end",
            '  subgraph BO["Back office"]',
            "    notes[Write the notes]",
            "  end",
            "  subgraph 支持流程",
            "    ehr[(Records system)]",
            "  end",
            "  subgraph 有形展示",
            "    sign[Signage]",
            "  end",
            "  nurse -.-> b",
            "  notes -.-> b",
            "  ehr -.-> notes",
            "  sign --- a",
        ]
    )
    document, findings = _flow(text)
    assert [m["id"] for m in document["moments"]] == ["a", "b"]
    assert {s["id"]: s["lane"] for s in document["steps"]} == {
        "nurse": "frontstage",
        "notes": "backstage",
        "ehr": "support",
    }
    assert document["moments"][0]["physical_evidence"] == [{"id": "sign", "title": "Signage"}]
    assert _left_out(findings) == []


def test_links_labelled_inside_and_grouped_with_ampersands_are_read():
    text = "\n".join(
        [
            "flowchart LR",
            "  subgraph customer",
            "    triage -- not urgent --> wait",
            "    triage -->|urgent| treat",
            "    wait --> assess",
            "    assess --> tests & treat",
            "    tests & scan -. results .-> assess",
            "  end",
        ]
    )
    document, findings = _flow(text)
    nexts = {m["id"]: m.get("next") for m in document["moments"]}
    assert nexts["triage"] == ["wait", "treat"]
    assert nexts["assess"] == ["tests", "treat"]
    assert _left_out(findings) == []


def test_the_workshop_emergency_department_imports_whole(tmp_path, capsys):
    out = tmp_path / "ed.yaml"
    assert main(["import", str(EMERGENCY), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "left out" not in err and "Traceback" not in err
    service = load(out)
    assert len(service.moments) == 8 and len(service.steps) == 5
    assert service.moments["triage"].fail_point and service.moments["wait"].wait_point
    assert service.moments["triage"].title == "Triage 分诊"
    assert [e.id for e in service.moments["arrive"].physical_evidence] == ["sign"]
    assert service.steps["pas"].supports == ["reg"] and service.steps["lab"].lane.value == "support"


def test_a_hand_drawn_cycle_follows_the_journey_and_keeps_its_actors():
    document, _ = read_mermaid(EMERGENCY.read_text(encoding="utf-8"), str(EMERGENCY))
    assert document is not None
    moments = document["moments"]
    # the flowchart names 'treat' early (triage -->|urgent| treat); the journey puts it after the assessment,
    # and the tests, which have no task, follow the assessment they are drawn after
    assert [m["id"] for m in moments] == [
        "arrive",
        "reg",
        "triage",
        "wait",
        "assess",
        "tests",
        "treat",
        "discharge",
    ]
    assert moments[0]["description"] == "Actors: Patient, Relative"
    assert moments[6]["description"] == "Actors: Patient, Doctor, Nurse"
    assert "description" not in moments[5]  # no task, no actors


def test_an_exported_flowchart_gains_no_actors_from_its_own_journey(tmp_path, capsys):
    out = tmp_path / "ed.md"
    assert main(["export", str(DATA / "exchange" / "emergency.yaml"), "--to", "mermaid", "-o", str(out)]) == 0
    document, findings = read_mermaid(out.read_text(encoding="utf-8"), str(out))
    assert document is not None and findings == []
    assert not [m for m in document["moments"] if "description" in m]


def test_front_matter_directives_and_chinese_node_ids_are_read(tmp_path, capsys):
    # drawn in a Mermaid editor: a front matter title, an init directive, nodes named in Chinese
    out = tmp_path / "bank.yaml"
    assert main(["import", str(DATA / "exchange" / "account-opening-drawn.mmd"), "-o", str(out)]) == 0
    assert "left out" not in capsys.readouterr().err
    service = load(out)
    assert service.info.title == "Bank branch — account opening"
    assert [(m.id, m.title) for m in service.moments.values()] == [
        ("node-1", "到达网点"),
        ("node-2", "取号等候"),
        ("open1", 'Open account: "Easy Saver"'),
        ("card", "'Receive card'"),
    ]
    assert service.steps["kyc"].supports == ["open1"]


def test_a_node_id_like_the_made_up_ones_keeps_its_own():
    text = "flowchart LR\n  subgraph customer\n    node-1[Ask] --> 付款[Pay] --> 离开[Leave]\n  end\n"
    document, _ = _flow(text)
    assert [m["id"] for m in document["moments"]] == ["node-1", "node-2", "node-3"]


def test_a_diagram_of_another_kind_is_refused_saying_what_is_read(tmp_path, capsys):
    drawn = tmp_path / "seq.mmd"
    drawn.write_text(
        "---\ntitle: Triage\n---\nsequenceDiagram\n  Patient->>Nurse: arrives\n", encoding="utf-8"
    )
    assert main(["import", str(drawn), "-o", str(tmp_path / "x.yaml")]) == 1
    err = capsys.readouterr().err
    assert (
        "seq.mmd:4:1: error MM001 this is a Mermaid 'sequenceDiagram' diagram, neither a flowchart nor a "
        in err
    )
    assert not (tmp_path / "x.yaml").exists()


def test_chinese_sections_ending_in_before_during_after_name_their_stages():
    text = "journey\r\n  title 急诊就诊体验\r\n    section 就诊前\r\n      到达急诊: 2: 患者, 家属\r\n"
    text += "    section 就诊中\r\n\t  看医生: 4: 患者\r\n    section 离院后\r\n      随访电话: 4: 患者\r\n"
    document, findings = read_journey(text, "ed.mmd")
    assert document is not None and findings == []
    assert [m["stage"] for m in document["moments"]] == ["pre-service", "in-service", "post-service"]


def test_a_section_that_names_no_stage_is_named_at_its_column():
    text = "journey\n  title Hotel\n    section Arrival\n      Check in: 3: Guest\n"
    text += "    section Stay\n      Sleep: 4: Guest\n"
    _, findings = read_journey(text, "hotel.mmd")
    places = [(f.location.line, f.location.column) for f in findings if "names no stage" in f.message]
    assert places == [(3, 5), (5, 5)]


def test_labels_as_a_mermaid_editor_writes_them():
    text = "\n".join(
        [
            "flowchart LR",
            '  subgraph customer ["Guest actions"]',
            '    a["`**Check in** at the *desk*`"] --> f["Order room service<br>via the TV menu"]',
            '    f --> g["Eat #amp; drink"]:::fail',
            '    g --> e@{ shape: rect, label: "Check out, pay" } --> h:::wait',
            "  end",
            "  classDef fail stroke:#c00",
        ]
    )
    document, findings = _flow(text)
    assert _left_out(findings) == []
    moments = {m["id"]: m for m in document["moments"]}
    assert [m["title"] for m in moments.values()] == [
        "Check in at the desk",
        "Order room service via the TV menu",
        "Eat & drink",
        "Check out, pay",
        "h",
    ]
    assert moments["g"].get("fail_point") is True and moments["h"].get("wait_point") is True
    assert moments["e"].get("next") is None  # e --> h: h is next in the file


def test_import_never_writes_over_the_diagram_it_reads(tmp_path, capsys):
    drawn = tmp_path / "emergency.md"
    drawn.write_bytes(EMERGENCY.read_bytes())
    assert main(["import", str(drawn), "-o", str(drawn), "--force"]) == 2
    assert "is the Mermaid file being read" in capsys.readouterr().err
    assert drawn.read_bytes() == EMERGENCY.read_bytes()


def test_groups_drawn_inside_a_lane_and_lanes_inside_a_wrapper_keep_their_lanes():
    text = "\n".join(
        [
            "flowchart TB",
            "  subgraph customer",
            '    subgraph desk["At the registration desk"]',
            "      direction LR",
            "      reg[Register] --> band[Get a wristband]",
            "    end",
            "    band --> wait[Wait]",
            "  end",
            '  subgraph below["Below the line of visibility"]',
            "    subgraph Backstage",
            "      bed[Bed manager]",
            "    end",
            "    subgraph Support",
            "      pas[(Patient system)]",
            "    end",
            "  end",
            "  bed -.-> wait",
            "  pas -.-> reg",
        ]
    )
    document, findings = _flow(text)
    assert [m["id"] for m in document["moments"]] == ["reg", "band", "wait"]
    assert {s["id"]: s["lane"] for s in document["steps"]} == {"bed": "backstage", "pas": "support"}
    assert _left_out(findings) == []  # the wrapper holds lanes only: nothing is read without one


def test_a_subgraph_that_is_no_lane_is_named_when_it_holds_nodes_of_its_own():
    text = "\n".join(
        [
            "flowchart TB",
            "  subgraph customer",
            "    reg[Register] --> wait[Wait]",
            "  end",
            "  subgraph ops[Operations]",
            "    subgraph Backstage",
            "      bed[Bed manager]",
            "    end",
            "    porter[Porter]",
            "  end",
            "  bed -.-> wait",
            "  porter -.-> wait",
        ]
    )
    _, findings = _flow(text)
    said = [(f.message, f.location.line) for f in _left_out(findings) if "is no lane" in f.message]
    assert said == [("subgraph 'ops[Operations]' is no lane; its nodes are read without one", 5)]


def test_the_blueprint_is_found_after_another_flowchart_in_the_document(tmp_path, capsys):
    overview = (
        "# Emergency department\n\nWho does what:\n\n```mermaid\ngraph TD\n  COO --> Lead --> Nurses\n```\n\n"
    )
    drawn = tmp_path / "ed.md"
    drawn.write_text(overview + EMERGENCY.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["import", str(drawn), "-o", str(tmp_path / "ed.yaml")]) == 0
    assert len(load(tmp_path / "ed.yaml").moments) == 8
    assert "left out" not in capsys.readouterr().err

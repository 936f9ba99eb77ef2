"""Each file in tests/data/broken/ is named for the one error it must produce, at one place."""

from __future__ import annotations

from pathlib import Path

import pytest

from blueprint.io.load import read
from blueprint.model.vocabulary import Severity

BROKEN = Path(__file__).parent / "data" / "broken"

# file stem, rule, line, column, start of the message, start of the fix hint
EXPECTED = [
    (
        "alias-bomb",
        "BP001",
        9,
        4,
        "anchors and aliases expand to more than 5,000,000 nodes (an ",
        "write the repeated parts out, ",
    ),
    (
        "control-character",
        "BP001",
        26,
        20,
        "the character U+0008 is not allowed in YAML",
        "delete it; ",
    ),
    (
        "custom-tag",
        "BP001",
        67,
        12,
        "the tag 'tag:yaml.org,2002:python/object:os.system' is not allowed",
        "remove the tag; service files ",
    ),
    (
        "dangling-factor",
        "BP006",
        60,
        15,
        "key factor 'checkin-sped' does not exist",
        "did you mean 'checkin-speed'?",
    ),
    (
        "dangling-supports",
        "BP006",
        53,
        16,
        "moment or step 'check-inn' does not exist",
        "did you mean 'check-in'?",
    ),
    (
        "duplicate-id",
        "BP005",
        68,
        9,
        "id 'checkin-3min' is used twice (first at line 59)",
        "ids must be unique across mome",
    ),
    (
        "duplicate-key",
        "BP001",
        68,
        5,
        "duplicate key 'owner' (first written at line 67)",
        "keep one of the two; YAML woul",
    ),
    (
        "emotion-out-of-range",
        "BP003",
        47,
        14,
        "emotion 5 of moment 'check-out' is out of range",
        "expected emotion runs from -3 ",
    ),
    ("empty-file", "BP010", 1, 1, "the file is empty, not a service", "start from standards/hotel-sta"),
    (
        "flow-to-step",
        "BP007",
        48,
        12,
        "moment 'check-out' flows to 'register-guest', which is a ste",
        "next: lists moments only; link",
    ),
    ("merge-key", "BP001", 76, 5, "merge keys ('<<') are not supported", "write the keys out in full"),
    ("missing-stage", "BP004", 44, 5, "moment 'check-out' has no 'stage'", "add stage: to moment 'check-ou"),
    ("missing-version", "BP009", 2, 1, "the file has no version", "add 'version: 1' as the first "),
    (
        "line-separator",
        "BP001",
        24,
        21,
        "the character U+2028 (LINE SEPARATOR) is read as a line break by some YAML readers",
        "replace it with a normal line break, or write it as \\L inside double quotes",
    ),
    (
        "negative-target",
        "BP011",
        64,
        13,
        "target -3 minutes is negative; no duration can be",
        "targets on durations and count",
    ),
    (
        "not-a-mapping",
        "BP010",
        2,
        1,
        "the file is a single list, not a service",
        "start from standards/hotel-sta",
    ),
    ("not-utf8", "BP010", 5, 13, "the file is not UTF-8 text", "save it as UTF-8 (service file"),
    (
        "number-too-long",
        "BP001",
        48,
        14,
        "the number has 5,000 digits, more than 4,000",
        "quote it if it is text",
    ),
    (
        "promise-claim-wrong-unit",
        "BP008",
        81,
        30,
        "the promise claims 'percent' but standard 'checkin-3min' is ",
        "state the claim in a unit of t",
    ),
    (
        "section-not-a-list",
        "BP003",
        7,
        11,
        "'channels:' must be a list (items starting with '- ')",
        "write each of the channels as ",
    ),
    (
        "share-above-one",
        "BP003",
        66,
        12,
        "share of standard 'checkin-3min' is 1.5: Input should be les",
        "bring the value into the allow",
    ),
    (
        "standard-without-factor",
        "BP004",
        69,
        14,
        "standard 'greet-by-name' serves no key factor",
        "name the factor(s) it makes me",
    ),
    (
        "sub-item-not-in-element",
        "BP003",
        43,
        19,
        "key factor 'greeting': sub_item 'timeliness' is not part of ",
        "correct the value as the messa",
    ),
    (
        "two-documents",
        "BP001",
        83,
        1,
        "the file holds more than one YAML document",
        "keep one service per file; rem",
    ),
    (
        "unclosed-brace-at-end",
        "BP001",
        82,
        37,
        "YAML syntax error: while parsing a flow mapping",
        "check indentation",
    ),
    (
        "unit-not-fitting-metric",
        "BP008",
        65,
        11,
        "unit 'count' does not fit metric 'checkin-duration', which m",
        "use one of: seconds, minutes, ",
    ),
    (
        "unknown-key-did-you-mean",
        "BP002",
        63,
        5,
        "unknown key 'comparater' in standard 'checkin-3min'",
        "did you mean 'comparator'?",
    ),
    (
        "unknown-stage",
        "BP003",
        46,
        12,
        "stage of moment 'check-out' is 'during-service': Input shoul",
        "write 'in-service', Blueprint's word for 'during-service'",
    ),
    (
        "unknown-top-level-key",
        "BP002",
        15,
        1,
        "unknown key 'moment' in the top level",
        "did you mean 'moments'?",
    ),
    (
        "unsupported-version",
        "BP009",
        2,
        10,
        "version 2 is not supported (this Blueprint reads version 1)",
        "upgrade Blueprint, or write th",
    ),
    (
        "wrong-type-emotion-text",
        "BP003",
        27,
        14,
        "emotion of moment 'check-in' is 'very bad': Input should be ",
        "write a value of the expected ",
    ),
    (
        "yaml-syntax-bad-indent",
        "BP001",
        27,
        4,
        "YAML syntax error: while parsing a block collection did not ",
        "check indentation, colons and ",
    ),
    (
        "yaml-tab-indent",
        "BP001",
        26,
        1,
        "YAML syntax error: a tab indents this line, and YAML reads only spaces",
        "replace the tab with spaces",
    ),
]


def test_every_broken_file_is_listed():
    assert {p.stem for p in BROKEN.glob("*.yaml")} == {row[0] for row in EXPECTED}


@pytest.mark.parametrize(
    ("stem", "rule", "line", "column", "message", "hint"), EXPECTED, ids=[r[0] for r in EXPECTED]
)
def test_broken_file_gives_one_located_error(stem, rule, line, column, message, hint):
    loaded = read(BROKEN / f"{stem}.yaml")
    assert not loaded.ok
    assert len(loaded.findings) == 1, [str(f) for f in loaded.findings]
    (finding,) = loaded.findings
    assert finding.severity is Severity.ERROR
    assert (finding.rule, finding.location.line, finding.location.column) == (rule, line, column)
    assert finding.message.startswith(message)
    assert finding.hint and finding.hint.startswith(hint)
    assert finding.location.file.endswith(f"{stem}.yaml")


def test_many_problems_are_reported_in_one_pass(tmp_path):
    text = (BROKEN.parent / "valid-minimal.yaml").read_text()
    text = text.replace("emotion: 2", "emotion: 9").replace('comparator: "<="', 'comparater: "<="')
    text = text.replace("supports: [check-in]", "supports: [nowhere]")
    path = tmp_path / "many.yaml"
    path.write_text(text)
    rules = sorted(f.rule for f in read(path).findings)
    assert rules == ["BP002", "BP003", "BP006"]


@pytest.mark.parametrize(
    ("written", "fix"),
    [
        ("lane: onstage", "write 'frontstage', Blueprint's word for 'onstage'"),
        ("lane: invisible", "write 'backstage', Blueprint's word for 'invisible'"),
        ("lane: Support processes", "write 'support', Blueprint's word for 'Support processes'"),
        ("lane: Backstage", "write it in lower case: 'backstage'"),
        ("lane: backstag", "did you mean 'backstage'?"),
        ("lane: kitchen", "use one of the values listed"),
    ],
)
def test_a_lane_named_as_in_the_literature_gets_blueprints_word(tmp_path, written, fix):
    # Bitner et al. call the frontstage "onstage/visible contact employee actions".
    text = (BROKEN.parent / "services" / "call-centre.yaml").read_text(encoding="utf-8")
    path = tmp_path / "claims.yaml"
    path.write_text(text.replace("lane: backstage", written), encoding="utf-8")
    (finding,) = read(path).findings
    assert (finding.rule, finding.location.line, finding.location.column) == ("BP003", 67, 11)
    assert finding.hint == fix


def test_an_unquoted_comma_in_a_flow_mapping_is_named_and_the_quoted_form_shown(tmp_path):
    text = (BROKEN.parent / "services" / "call-centre.yaml").read_text(encoding="utf-8")
    evidence = "customer_evidence:\n          - {method: interview, source: Intercepts, Nov 2026 (n=15)}"
    text = text.replace("assumed_importance: 0.6\n", f"assumed_importance: 0.6\n        {evidence}\n")
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    (finding,) = read(path).findings
    assert finding.rule == "BP002" and finding.message.startswith("unknown key 'Nov 2026 (n=15)'")
    assert (finding.location.line, finding.location.column) == (47, 53)
    assert finding.hint == (
        "inside {...} a comma ends the value 'Intercepts': quote it, source: \"Intercepts, Nov 2026 (n=15)\""
    )


def test_an_unknown_key_without_a_comma_before_it_keeps_the_usual_fix(tmp_path):
    text = (BROKEN.parent / "services" / "call-centre.yaml").read_text(encoding="utf-8")
    path = tmp_path / "claims.yaml"
    path.write_text(text.replace("assumed_importance: 0.6\n", "assumed_importance: 0.6\n        weight:\n"))
    (finding,) = read(path).findings
    assert finding.hint.startswith("keys allowed here: ")


def test_goals_are_declared_once_and_cited_by_their_ids(tmp_path):
    text = (BROKEN.parent / "services" / "call-centre.yaml").read_text(encoding="utf-8")
    zh = "  translations: {zh: 车险理赔热线}\n"
    goals = "  goals:\n    - {id: fast-claims, title: Fast}\n    - {id: fast-claims, title: Again}\n"
    text = text.replace(zh, zh + goals)
    owner = "    owner: Contact centre supervisor\n"
    text = text.replace(owner, owner + "    goals: [fast-claim]\n")
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    found = [(f.rule, f.location.line, f.location.column, f.message, f.hint) for f in read(path).findings]
    assert found == [
        ("BP005", 9, 12, "goal 'fast-claims' is declared twice", "give each goal its own id"),
        ("BP006", 83, 13, "goal 'fast-claim' does not exist", "did you mean 'fast-claims'?"),
    ]

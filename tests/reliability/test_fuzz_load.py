"""Any text ends in a valid service or in located findings: never an exception, never a lost place.

Each property runs a few hundred cases here; benchmarks/reliability.py runs
10,000 and prints the counts and the slowest case.
"""

from __future__ import annotations

import pytest
from harness import check_text, paths_disagree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import hostile_texts, mutated, render, service_documents

from blueprint.io.load import SECTIONS, read, read_text
from blueprint.model.service import ServiceInfo
from conftest import DATA, EXAMPLES

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXTS = {path.name: path.read_text(encoding="utf-8") for path in [DATA / "valid-minimal.yaml", *EXAMPLES]}


def _records(doc):
    """The records ``doc`` describes, validated directly by the model: what the loader must give."""
    out = {"service": ServiceInfo.model_validate(doc["service"])}
    for name, cls in SECTIONS.items():
        for item in doc.get(name, []):
            out[item["id"]] = cls.model_validate(item)
    return out


@FUZZ
@given(service_documents(), st.sampled_from(["block", "flow", "json"]), st.booleans())
def test_valid_documents_load_with_exactly_their_data(doc, style, fast):
    text = render(doc, style)
    outcome = check_text(text, fast=fast)
    assert outcome.kind == "valid", outcome.problems or outcome.loaded.findings[:3]
    service = outcome.loaded.service
    expected = _records(doc)
    assert service.info == expected.pop("service")
    tables = {**service.metrics, **service.moments, **service.steps, **service.standards, **service.promises}
    assert tables == expected


@FUZZ
@given(service_documents(), st.data())
def test_near_valid_documents_give_located_findings(doc, data):
    text = data.draw(mutated(render(doc, data.draw(st.sampled_from(["block", "pyyaml", "json"])))))
    for fast in (False, True):
        outcome = check_text(text, fast=fast)
        assert outcome.kind != "crash", outcome.problems


@FUZZ
@given(st.sampled_from(sorted(TEXTS)), st.data())
def test_mutated_examples_give_a_service_or_located_findings(name, data):
    text = data.draw(mutated(TEXTS[name]))
    outcome = check_text(text, source=name)
    assert outcome.kind != "crash", outcome.problems


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(TEXTS)), st.data())
def test_the_fast_path_gives_what_the_careful_path_gives(name, data):
    text = data.draw(mutated(TEXTS[name]))
    assert paths_disagree(text) is None


@FUZZ
@given(hostile_texts(), st.booleans())
def test_hostile_text_gives_located_findings(text, fast):
    outcome = check_text(text, fast=fast)
    assert outcome.kind != "crash", outcome.problems


@FUZZ
@given(st.binary(max_size=600), st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]))
def test_random_bytes_on_disk_give_located_findings(tmp_path_factory, raw, bom):
    path = tmp_path_factory.mktemp("bytes") / "random.yaml"
    path.write_bytes(bom + raw)
    loaded = read(path)
    for finding in loaded.findings:
        assert finding.location.file == str(path) and finding.location.line >= 1
        assert finding.location.column >= 1


# -- regressions: each was an exception or a finding without a place ---------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("version: 1\nservice: {id: x, title: a\x08b}\n", 2, 26, "U+0008 is not allowed"),
        ("version: 1\n# 中文 \x00\n", 2, 6, "U+0000 is not allowed"),
        ("version: 1\nservice: 中\x7f\n", 2, 11, "U+007F is not allowed"),
        ("version: 1\nservice: x\ud800\n", 2, 11, "unpaired surrogate U+D800"),
    ],
)
def test_characters_yaml_refuses_are_located(text, line, column, message):
    [finding] = read_text(text, "odd.yaml").findings
    assert finding.rule == "BP001" and message in finding.message
    assert (finding.location.file, finding.location.line, finding.location.column) == (
        "odd.yaml",
        line,
        column,
    )
    assert "<unicode string>" not in finding.message


def test_a_plain_equals_sign_is_text_not_a_refused_tag():
    data = read_text("version: 1\nservice: {id: x, title: =}\n").service
    assert data is not None and data.info.title == "="


def test_explicit_str_tag_keeps_text():
    service = read_text("version: 1\nservice: {id: !!str 007, title: ! 12}\n").service
    assert service is not None and (service.info.id, service.info.title) == ("007", "12")

"""The fast parser is an optimisation only: it must give what the careful parser gives."""

from __future__ import annotations

import json

import pytest

from blueprint.io import load as load_module
from blueprint.io.document import Document
from blueprint.io.yaml_fast import parse_fast
from blueprint.io.yaml_located import Mapping, parse
from conftest import DATA, EXAMPLES

FILES = [DATA / "valid-minimal.yaml", *EXAMPLES]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_fast_and_careful_parsers_agree_on_valid_files(path):
    text = path.read_text()
    fast = parse_fast(text)
    assert fast is not None, "the examples should qualify for the fast path"
    assert fast == json.loads(json.dumps(parse(text)))


@pytest.mark.parametrize(
    "text",
    [
        "a: 010\n",
        "a: ~\n",
        "a: [x, True]\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: 1\na: 2\n",
        "a: 1\n---\nb: 2\n",
        "a: +1\n",
        "a: .inf\n",
        "a: [1, 2\n",
        "b: {x: 1}\nc:\n  <<: {y: 2}\n",
    ],
)
def test_anything_read_differently_goes_to_the_careful_parser(text):
    assert parse_fast(text) is None


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_text_locator_agrees_with_the_located_parse(path, monkeypatch):
    monkeypatch.setattr(load_module, "FAST_PATH_BYTES", float("inf"))
    text = path.read_text()
    careful = load_module.read_text(text, str(path)).service
    document: Document = careful.document
    assert isinstance(document.data, Mapping)
    fast_doc = Document(str(path), text, parse_fast(text), document.index)
    checked = 0
    for ident in document.index:
        for field in ("id", "title", "target", "statement", "unit", "supports", "factors"):
            exact = document.locate(ident, field)
            quick = fast_doc.locate(ident, field)
            assert quick == exact, (ident, field)
            checked += 1
    assert checked > 50
    assert not isinstance(fast_doc.data, Mapping), "the text locator should have answered alone"


def test_a_large_valid_file_takes_the_fast_path_and_a_broken_one_the_careful(monkeypatch, minimal):
    monkeypatch.setattr(load_module, "FAST_PATH_BYTES", 0)
    loaded = load_module.read(minimal)
    assert loaded.ok and not isinstance(loaded.service.document.data, Mapping)
    loaded.service.replace("checkin-3min", target=4)
    loaded.service.save()
    assert "target: 4\n" in minimal.read_text()
    minimal.write_text(minimal.read_text().replace('comparator: "<="', 'comparater: "<="'))
    broken = load_module.read(minimal)
    assert [f.rule for f in broken.findings] == ["BP002"] and broken.findings[0].location.line > 1

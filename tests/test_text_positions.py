"""The quick text locator points where the located parse points, for every record of the examples."""

from __future__ import annotations

import pytest

from blueprint.io.document import Document
from blueprint.io.load import read
from blueprint.io.text_positions import TextLocator
from blueprint.io.yaml_located import parse, span_at
from conftest import EXAMPLES


def _records(path):
    loaded = read(path)
    assert loaded.ok, loaded.findings
    document: Document = loaded.service.document
    return document.text, document.index


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_record_and_its_first_field_where_the_parser_says(path):
    text, index = _records(path)
    located, quick = parse(text), TextLocator(text)
    checked = 0
    for subject, base in index.items():
        span = span_at(located, base)
        assert quick.find(subject) == (span.line, span.column), subject
        for field in ("id", "title"):
            inner = span_at(located, (*base, field))
            if inner is not None:
                assert quick.find(subject, (field,)) == (inner.line, inner.column), (subject, field)
                checked += 1
    assert checked > len(index)


def test_quoted_ids_comments_and_absent_records():
    text = "moments:\n  - id: 'm 2'  # note\n    title: B\nstandards:\n- id: \"s1\"\n  metric:\n    name: q\n"
    quick = TextLocator(text)
    assert quick.find("m 2", ("title",)) == (2, 11)
    assert quick.find("s1", ("metric",)) == (6, 4)  # a block value: its first line
    assert quick.find("s1", ("owner",)) == (4, 2)  # not written: the record itself
    assert quick.find("nowhere") is None

from __future__ import annotations

import pytest

from blueprint.io.yaml_located import LIMITS, Mapping, YamlProblem, parse, span_at


def test_yaml_1_2_scalars_no_norway_problem():
    data = parse("a: no\nb: yes\nc: true\nd: 010\ne: 1.5\nf: ~\ng: '3'\nh: 2026-03-01\ni: .inf\n")
    assert data == {
        "a": "no",
        "b": "yes",
        "c": True,
        "d": 10,
        "e": 1.5,
        "f": None,
        "g": "3",
        "h": "2026-03-01",
        "i": float("inf"),
    }


def test_spans_point_at_keys_and_values():
    data = parse("top:\n  - id: x\n    title: Hello\n")
    assert isinstance(data, Mapping)
    value = span_at(data, ("top", 0, "title"))
    key = span_at(data, ("top", 0, "title"), key=True)
    assert (value.line, value.column) == (2, 11)
    assert (key.line, key.column) == (2, 4)
    # a missing path falls back to the nearest parent that exists
    assert span_at(data, ("top", 0, "nope")).line == 1


def test_aliases_share_values_within_limits():
    data = parse("a: &m {method: survey}\nb: *m\n")
    assert data["a"] is data["b"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: !!python/object:os.system x\n", "not allowed"),
        ("a: 1\na: 2\n", "duplicate key 'a'"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
        ("? [a, b]\n: 1\n", "is not text"),
        ("a: [1, 2\n", "YAML syntax error"),
        ("b: {x: 1}\nc:\n  <<: {y: 2}\n", "merge keys"),
    ],
)
def test_refused_constructs_are_located(text, message):
    with pytest.raises(YamlProblem, match=message) as info:
        parse(text)
    assert info.value.line is not None and info.value.hint


def test_deep_nesting_is_refused():
    with pytest.raises(YamlProblem, match="nesting deeper"):
        parse("a: " + "[" * (LIMITS["max_depth"] + 5) + "]" * (LIMITS["max_depth"] + 5))


def test_oversized_text_is_refused_before_parsing(monkeypatch):
    monkeypatch.setitem(LIMITS, "max_bytes", 100)
    with pytest.raises(YamlProblem, match="above the"):
        parse("a: " + "x" * 200)

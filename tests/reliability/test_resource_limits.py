"""Hostile YAML is refused with its place, before it costs time, memory or the process.

Alias bombs, merge keys and custom tags have their broken files in
tests/data/broken; here are the shapes that used to crash or hang: nesting a
hundred thousand levels deep (libyaml's composer recursed until the process
died), a line of brackets (the fast-path guard searched it in quadratic
time), and a file over ``LIMITS["max_bytes"]`` (refused from its size,
without reading it). benchmarks/reliability.py times these and a 100 MB file.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from blueprint.io.load import read, read_text
from blueprint.io.yaml_located import LIMITS

DEEP = {
    "flow": "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "flow-mappings": "a: " + "{a: " * 100_000 + "}" * 100_000 + "\n",
    "compact-sequences": "- " * 100_000 + "x\n",
    "block": "".join(" " * i + f"k{i}:\n" for i in range(2_000)) + "x\n",
}
_CHILD = """
import json, sys
from blueprint.io.load import read_text
loaded = read_text(sys.stdin.read(), "deep.yaml")
print(json.dumps([(f.rule, f.message, f.location.line, f.location.column) for f in loaded.findings]))
"""


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_nesting_is_refused_without_crashing(shape):
    # in a child process: the crash this guards against was a segmentation fault
    done = subprocess.run(
        [sys.executable, "-c", _CHILD], input=DEEP[shape], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    [(rule, message, line, column)] = json.loads(done.stdout)
    assert rule == "BP001" and message == f"nesting deeper than {LIMITS['max_depth']} levels"
    assert line >= 1 and column >= 1


def test_nesting_at_the_limit_is_read():
    depth = LIMITS["max_depth"] - 1
    loaded = read_text("version: 1\nx: " + "[" * depth + "]" * depth + "\n", "ok.yaml")
    assert loaded.findings and "BP001" not in {f.rule for f in loaded.findings}  # read, then judged


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: no 32 MB written
        handle.truncate(LIMITS["max_bytes"] + 1)
    [finding] = read(path).findings
    assert finding.rule == "BP001" and "above the 32 MiB limit" in finding.message
    assert "LIMITS['max_bytes']" in finding.hint
    assert (finding.location.line, finding.location.column) == (1, 1)


def test_text_over_the_size_limit_is_refused_with_a_place(monkeypatch):
    monkeypatch.setitem(LIMITS, "max_bytes", 1000)
    [finding] = read_text("a: " + "x" * 2000, "big.yaml").findings
    assert finding.rule == "BP001" and "above the" in finding.message
    assert (finding.location.line, finding.location.column) == (1, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n", None),
        (
            "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 9)),
            "anchors and aliases expand to more than",
        ),
        ("a: &a [1]\nb:\n  <<: *a\n", "merge keys ('<<') are not supported"),
        ("a: !!python/object/apply:os.system [ls]\n", "is not allowed"),
        ("a: !include other.yaml\n", "the tag '!include' is not allowed"),
    ],
)
def test_aliases_merge_keys_and_tags(text, message):
    text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + text if "a1" in text else text
    findings = read_text(text, "hostile.yaml").findings
    if message is None:  # a few aliases are fine
        assert all(f.rule != "BP001" for f in findings), findings
    else:
        [finding] = findings
        assert finding.rule == "BP001" and message in finding.message and finding.location.line >= 1

"""Reading a service file is split by job; the old names keep working and one table names the sections."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from blueprint.io import load as load_module
from blueprint.io import yaml_fast, yaml_located
from blueprint.io.load import SECTIONS, read_text
from blueprint.model import service as service_module

SRC = Path(__file__).resolve().parent.parent / "src"

# Shostack's (1984) shoeshine: one record in each section, each named after its section
SHOESHINE = """\
version: 1
service:
  id: shoeshine
  title: Shoeshine stand
metrics:
  - id: shine-time
    title: Minutes from sitting down to paying
    quantity: duration
    unit: minutes
channels:
  - id: street-stand
    title: The stand on the corner
moments:
  - id: get-shine
    title: Customer gets a shine
    stage: in-service
    factors:
      - id: quick-shine
        title: Shine done while the customer waits
        element: people
        sub_item: attentiveness
steps:
  - id: apply-polish
    title: Shiner applies polish
    lane: frontstage
    supports: [get-shine]
standards:
  - id: shine-in-two
    factors: [quick-shine]
    statement: Nine shines in ten take two minutes or less.
    metric: shine-time
    comparator: "<="
    target: 2
    unit: minutes
    share: 0.9
promises:
  - id: sign-two-minutes
    channel: street-stand
    text: A shine in two minutes.
    standard: shine-in-two
"""


def test_the_old_yaml_module_names_the_parsers_own_objects():
    with pytest.warns(DeprecationWarning, match="yaml_located"):
        yamlsource = importlib.reload(importlib.import_module("blueprint.io.yamlsource"))
    assert yamlsource.parse is yaml_located.parse
    assert yamlsource.span_at is yaml_located.span_at
    assert yamlsource.parse_fast is yaml_fast.parse_fast
    assert yamlsource.LIMITS is yaml_located.LIMITS
    assert set(yamlsource.__all__) == {
        "LIMITS",
        "Mapping",
        "Sequence",
        "Span",
        "YamlProblem",
        "parse",
        "parse_fast",
        "span_at",
        "too_large",
    }


def test_the_limits_the_hint_names_bind_the_loader(monkeypatch):
    """The hint of a too-large file says to raise ``blueprint.io.yaml_located.LIMITS``: it must work."""
    monkeypatch.setitem(yaml_located.LIMITS, "max_bytes", len(SHOESHINE) - 1)
    refused = read_text(SHOESHINE, "shoeshine.yaml")
    assert refused.service is None
    assert [f.rule for f in refused.findings] == ["BP001"]
    assert "blueprint.io.yaml_located.LIMITS['max_bytes']" in refused.findings[0].hint
    monkeypatch.setitem(yaml_located.LIMITS, "max_bytes", len(SHOESHINE))
    assert read_text(SHOESHINE, "shoeshine.yaml").ok


def test_the_loader_reads_the_sections_of_the_models_one_table():
    assert SECTIONS is service_module.SECTIONS
    assert {record: name for name, record in SECTIONS.items()} == service_module.SECTION_OF
    assert list(SECTIONS) == ["metrics", "channels", "moments", "steps", "standards", "promises"]
    loaded = read_text(SHOESHINE, "shoeshine.yaml")
    assert loaded.ok, loaded.findings
    assert loaded.service is not None
    for name in SECTIONS:
        assert len(getattr(loaded.service, name)) == 1, name


def test_an_unknown_top_level_key_lists_the_tables_sections_in_order():
    loaded = read_text(SHOESHINE.replace("channels:\n", "chanels:\n", 1), "shoeshine.yaml")
    [finding] = [f for f in loaded.findings if f.rule == "BP002"]
    assert finding.message == "unknown key 'chanels' in the top level"
    assert finding.hint == "did you mean 'channels'?"
    assert (finding.location.line, finding.location.column) == (10, 1)
    loaded = read_text(SHOESHINE.replace("channels:\n", "zzz:\n", 1), "shoeshine.yaml")
    [finding] = [f for f in loaded.findings if f.rule == "BP002"]
    assert finding.hint == (
        "keys allowed here: version, service, metrics, channels, moments, steps, standards, promises"
    )


@pytest.mark.parametrize(
    ("record_id", "word"),
    [
        ("shine-time", "metric"),
        ("street-stand", "channel"),
        ("get-shine", "moment"),
        ("apply-polish", "step"),
        ("shine-in-two", "standard"),
        ("sign-two-minutes", "promise"),
        ("quick-shine", "key factor"),
    ],
)
def test_a_record_of_each_section_is_named_singly_with_its_place(record_id, word):
    lines = SHOESHINE.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {record_id}")
    indent = lines[at].index("-") + 2
    lines.insert(at + 1, " " * indent + "colour: brown\n")
    loaded = read_text("".join(lines), "shoeshine.yaml")
    [finding] = loaded.findings
    assert finding.rule == "BP002"
    assert finding.message == f"unknown key 'colour' in {word} {record_id!r}"
    assert (finding.location.file, finding.location.line, finding.location.column) == (
        "shoeshine.yaml",
        at + 2,
        indent + 1,
    )


def _modules_after(code: str) -> list[str]:
    """Which of the fast parser, rapidyaml and PyYAML a fresh process has imported after ``code``."""
    child = (
        "import sys\n"
        f"{code}\n"
        "print(*(name in sys.modules for name in ('blueprint.io.yaml_fast', 'ryml', 'yaml')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", child],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_a_small_file_is_read_without_the_fast_parser():
    """Checking a hand-written file does not pay for importing the fast parser (start-up time)."""
    code = f"from blueprint.io.load import read_text\nassert read_text({SHOESHINE!r}).ok"
    assert _modules_after(code) == ["False", "False", "True"]


def test_reading_a_large_valid_file_never_imports_pyyaml(tmp_path):
    """A valid file of 64 KiB or more is read by rapidyaml alone: PyYAML's import is not paid for."""
    big = SHOESHINE + "".join(f"# a comment to make the file long, line {i}\n" for i in range(2000))
    assert len(big) >= load_module.FAST_PATH_BYTES
    path = tmp_path / "shoeshine.yaml"
    path.write_text(big, encoding="utf-8")
    code = f"from blueprint.io.load import read\nassert read({str(path)!r}).ok"
    assert _modules_after(code) == ["True", "True", "False"]
    # the hotel example's check places all its findings from the text, so it needs no PyYAML either
    hotel = str(SRC.parent / "standards" / "hotel-stay.yaml")
    code = (
        "import contextlib, io\n"
        "from blueprint.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['check', {hotel!r}]) == 0"
    )
    assert _modules_after(code) == ["True", "True", "False"]
    # the same file with a mistake is read again, carefully, to place the finding
    broken = tmp_path / "broken.yaml"
    broken.write_text(big.replace("stage: in-service", "stage: in-servise"), encoding="utf-8")
    loaded = read_text(broken.read_text(encoding="utf-8"), str(broken))
    [finding] = loaded.findings
    assert (finding.rule, finding.location.line, finding.location.column) == ("BP003", 16, 12)
    assert finding.hint == "did you mean 'in-service'?"

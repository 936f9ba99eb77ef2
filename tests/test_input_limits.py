"""Service files and command-line arguments are bounded, and what is refused is refused clearly.

The services here are small ones written for these tests (a bank branch, a
call centre, Shostack's shoeshine stand); each bad input must end in a
located finding or a usage error (exit 2) with a message, never a
traceback, a hang, or a silent pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from blueprint.io.load import read, read_text

DATA = Path(__file__).parent / "data" / "limits"
BANK = (DATA / "bank-branch.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("written", "shown"), [("true", "true"), ("1.0", "1.0"), ("1e0", "1.0")])
def test_a_version_that_only_equals_1_in_python_is_refused(written, shown):
    text = BANK.replace("version: 1\n", f"version: {written}\n")
    loaded = read_text(text, "bank.yaml")
    [finding] = [f for f in loaded.findings if f.rule == "BP009"]
    assert finding.message.startswith(f"version {shown} is not a whole number")
    assert (finding.location.line, finding.location.column) == (2, 10)
    assert not loaded.ok


def test_version_1_is_read():
    assert read(DATA / "bank-branch.yaml").ok

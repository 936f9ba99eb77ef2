from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
EXAMPLES = sorted((ROOT / "standards").glob("*.yaml"))


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A writable copy of the small valid service."""
    path = tmp_path / "mini.yaml"
    shutil.copy(DATA / "valid-minimal.yaml", path)
    return path

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# The property and fuzz tests draw the same cases on every run, so a CI run is
# repeatable; BLUEPRINT_HYPOTHESIS=explore draws new ones (benchmarks/reliability.py
# runs 10,000 cases).
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("BLUEPRINT_HYPOTHESIS", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
EXAMPLES = sorted((ROOT / "standards").glob("*.yaml"))


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A writable copy of the small valid service."""
    path = tmp_path / "mini.yaml"
    shutil.copy(DATA / "valid-minimal.yaml", path)
    return path


@pytest.fixture(scope="session")
def spark():
    """One small local SparkSession for the whole test run (the JVM takes long to start).

    Configured as a cluster in a daylight-saving zone might be: the measurement must
    group times on UTC all the same.
    """
    from blueprint.measure.spark import SparkUnavailable, local_session

    try:
        session = local_session("local[2]")
    except SparkUnavailable as exc:  # the Spark tests are part of CI: .ci/run installs Java and pyspark
        pytest.fail(f"the Spark tests need Spark: {exc}")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def hover_texts(svg: str) -> list[str]:
    """The hover texts (``xlink:title``) of the links in an SVG drawing, in order."""
    import xml.etree.ElementTree as ET

    xlink = "{http://www.w3.org/1999/xlink}title"
    return [
        a.attrib[xlink] for a in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}a") if xlink in a.attrib
    ]

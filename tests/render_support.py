"""Helpers for the rendering tests: golden files and reading Graphviz SVG back.

Golden DOT files live in ``tests/data/golden/``. Regenerate them after an
intended change with ``BLUEPRINT_UPDATE_GOLDEN=1 python -m pytest tests/test_render_*.py``
and review the diff before committing.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

GOLDEN = Path(__file__).parent / "data" / "golden"
_SVG = "{http://www.w3.org/2000/svg}"


def assert_golden(name: str, text: str) -> None:
    """``text`` equals the golden file ``name``; with BLUEPRINT_UPDATE_GOLDEN=1, rewrite it instead."""
    __tracebackhide__ = True
    path = GOLDEN / name
    if os.environ.get("BLUEPRINT_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path}; create it with BLUEPRINT_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        lines = [
            f"line {i + 1}:\n  golden: {a}\n  now:    {b}"
            for i, (a, b) in enumerate(zip(expected.splitlines(), text.splitlines(), strict=False))
            if a != b
        ][:3]
        raise AssertionError(
            f"{path.name} differs from the golden file (regenerate with BLUEPRINT_UPDATE_GOLDEN=1 "
            "if the change is intended):\n" + "\n".join(lines or ["(length differs)"])
        )


@dataclass
class SvgNode:
    """One node of a Graphviz SVG: its name, its text lines and where its text sits."""

    name: str
    texts: list[str]
    xs: list[float]
    ys: list[float]

    @property
    def text(self) -> str:
        return " ".join(self.texts)

    @property
    def x(self) -> float:
        return sum(self.xs) / len(self.xs)

    @property
    def y(self) -> float:
        return sum(self.ys) / len(self.ys)


def svg_nodes(svg: str) -> dict[str, SvgNode]:
    """Every node of the SVG by name (its ``<title>``), after checking the SVG is well-formed XML."""
    root = ET.fromstring(svg.encode("utf-8"))
    nodes = {}
    for group in root.iter(f"{_SVG}g"):
        if group.get("class") != "node":
            continue
        name = group.find(f"{_SVG}title").text or ""  # type: ignore[union-attr]
        texts = [t for t in group.iter(f"{_SVG}text")]
        nodes[name] = SvgNode(
            name,
            ["".join(t.itertext()) for t in texts],
            [float(t.get("x", "nan")) for t in texts],
            [float(t.get("y", "nan")) for t in texts],
        )
    return nodes


def element_tags(svg: str) -> set[str]:
    """The local names of every element in the SVG (to prove no markup was injected)."""
    return {re.sub(r"^\{.*\}", "", el.tag) for el in ET.fromstring(svg.encode("utf-8")).iter()}


def dot_positions(dot: str) -> dict[str, tuple[float, float, float, float]]:
    """Node name -> (x, y, width, height) in points, read from our DOT (``pos``, ``width``, ``height``)."""
    found = {}
    for match in re.finditer(r'^  "((?:[^"\\]|\\.)*)" \[(.*)\];$', dot, re.M):
        attrs = match.group(2)
        pos = re.search(r'pos="([-\d.]+),([-\d.]+)!"', attrs)
        width = re.search(r'width="([\d.]+)"', attrs)
        height = re.search(r'height="([\d.]+)"', attrs)
        if pos:
            w = float(width.group(1)) * 72 if width else 0.0
            h = float(height.group(1)) * 72 if height else 0.0
            found[match.group(1)] = (float(pos.group(1)), float(pos.group(2)), w, h)
    return found

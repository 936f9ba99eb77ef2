"""Save a large hand-edited service: line-by-line edits against ruamel.yaml's round trip.

Run: python benchmarks/bench_save.py
Reports figures; asserts nothing. A 0.67 MB service (400 moments, 1,500
standards) is loaded, edited and saved: no edit, one target, and 20
standards removed and 20 added. The last is also timed through the round
trip alone (every edit by ruamel.yaml), the way additions and removals were
saved before they were made line by line; the ratio is taken in one run.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import service_yaml


def _swap(service, count: int = 20) -> None:
    for ident in list(service.standards)[:count]:
        old = service.remove(ident)
        service.add(old.model_copy(update={"id": f"{ident}-new"}))


def _median_save(path: Path, text: str, edit) -> float:
    """The median of three saves of ``text`` after ``edit``, each from a fresh copy of the file."""
    import blueprint

    runs = []
    for _ in range(3):
        path.write_text(text, encoding="utf-8")
        service = blueprint.load(path)
        edit(service)
        start = time.perf_counter()
        service.save()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    from blueprint.io import text_edits

    text = service_yaml(400, 4, 1500)
    edits = {
        "no edit": lambda s: None,
        "one target": lambda s: s.replace(next(iter(s.standards)), target=7),
        "20 standards removed, 20 added": _swap,
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.yaml"
        print(f"service: {len(text.encode()) / 1e6:.2f} MB of YAML")
        figures: dict[str, float] = {}
        for name, edit in edits.items():
            figures[name] = _median_save(path, text, edit)
            print(f"save, {name}: {figures[name]:.2f} s median of 3")
        line_by_line = text_edits._spliced
        text_edits._spliced = lambda document, ops: None  # every edit through the round trip
        try:
            round_trip = _median_save(path, text, _swap)
        finally:
            text_edits._spliced = line_by_line
        swapped = figures["20 standards removed, 20 added"]
        print(f"save, 20 standards removed, 20 added, all by the round trip: {round_trip:.2f} s median of 3")
        print(f"line by line / round trip: {swapped / round_trip:.2f}")


if __name__ == "__main__":
    main()

"""Redraw the pictures of the example services kept in docs/img/ (shown in the README).

Run from the repository root after a change to the views or the examples::

    python scripts/render_docs_images.py            # all examples
    python scripts/render_docs_images.py --dpi 144  # sharper, larger files

Needs Graphviz (``dot``/``neato``) and a CJK font for the Chinese picture.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import blueprint
from blueprint.render import render

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("hotel-stay", "sports-retail", "bank-card-service")
#: (view, language) drawn for every example; the hotel is drawn in Chinese too, the bank card as its channels
VIEWS = (("blueprint", None), ("cycle", None))
EXTRA = (("hotel-stay", "blueprint", "zh"), ("bank-card-service", "channels", None))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=110, help="PNG resolution (default: 110)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img", help="folder to write")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    jobs = [(name, view, lang) for name in EXAMPLES for view, lang in VIEWS] + list(EXTRA)
    for name, view, lang in jobs:
        service = blueprint.load(ROOT / "standards" / f"{name}.yaml")
        picture = render(service, view=view, lang=lang)
        picture.png_dpi = args.dpi
        target = args.out / f"{name}-{view}{'-' + lang if lang else ''}.png"
        picture.save(target)
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Digest every output of the CLI on the bundled examples, to prove a change moves none of them.

Runs the commands README.md and ``scripts/example.sh`` show, on each service in
``standards/`` (check, summary, every view, every export, measurement, diagnosis,
surveys, votes and the report), and prints one line per output: the command,
its exit code, and a SHA-256 of its standard output, its standard error and the
file it wrote. The temporary folder's name is replaced before hashing, so two
runs on the same code print the same lines.

    python scripts/output_digests.py > before.txt
    # ... restructure ...
    python scripts/output_digests.py > after.txt
    diff before.txt after.txt      # nothing: every output is byte for byte the same

Outputs that hold the time they were made (the report's date, the workbook's
creation time) are hashed with that stamp replaced; ``--list`` prints only the
commands.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "standards").glob("*.yaml"))
HOTEL = "standards/hotel-stay.yaml"
DATA = "examples/data/operations"
SURVEY = "examples/data/survey"
RUN = "import sys; from blueprint.cli import main; sys.exit(main())"
VIEWS = ("blueprint", "cycle", "emotion", "channels", "elements")
# Stamps of the moment an output was made, which differ between any two runs.
STAMPS = [
    re.compile(rb"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"),
    re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>"),
]


def commands() -> Iterator[list[str]]:
    """Each command as its arguments after ``blueprint``; ``{out}`` is the output folder."""
    yield ["check", "standards/"]
    yield ["check", "standards/", "--format", "json"]
    yield ["check", HOTEL, "--data", DATA, "--by", "site", "--show", "error"]
    yield ["rules"]
    yield ["rules", "--markdown"]
    yield ["schema", "-o", "{out}/schema.json"]
    for service in SERVICES:
        name = Path(service).stem
        yield ["summary", service]
        yield ["check", service, "--format", "sarif"]
        for view in VIEWS:  # the views Graphviz draws also as DOT; the others as SVG
            suffix = "dot" if view in ("blueprint", "cycle") else "svg"
            yield ["render", service, "--view", view, "-o", f"{{out}}/{name}-{view}.{suffix}"]
        yield ["render", service, "--view", "blueprint", "--lang", "zh", "-o", f"{{out}}/{name}-zh.dot"]
        for to in ("csv", "json", "mermaid"):
            yield ["export", service, "--to", to]
        yield ["export", service, "--to", "xlsx", "-o", f"{{out}}/{name}.xlsx"]
    yield ["render", HOTEL, "--view", "elements", "--data", DATA, "-o", "{out}/hotel-elements-data.svg"]
    yield ["render", HOTEL, "--view", "blueprint", "-o", "{out}/hotel-blueprint.svg"]
    for fmt in ("table", "json", "csv"):
        yield ["measure", HOTEL, "--data", DATA, "--by", "site,month", "--format", fmt]
    yield ["diagnose", HOTEL, "--data", DATA, "--by", "site", "--format", "json"]
    yield ["survey", "servqual", f"{SURVEY}/servqual-hotel.csv", "--instrument",
           f"{SURVEY}/servqual-hotel-items.csv", "--weights",
           "tangibles=15,reliability=30,responsiveness=25,assurance=15,empathy=15",
           "--service", HOTEL]  # fmt: skip
    yield ["survey", "kano", f"{SURVEY}/kano-hotel.csv", "--service", HOTEL, "--chart", "{out}/kano.svg"]
    yield ["survey", "ipa", f"{SURVEY}/ipa-hotel.csv", "--importance", "regression"]
    yield ["votes", HOTEL, "examples/data/workshop/hotel-votes.csv"]
    yield ["votes", HOTEL, "examples/data/workshop/hotel-votes.csv", "--format", "json"]
    yield ["report", HOTEL, "--data", DATA, "--survey", SURVEY, "-o", "{out}/hotel-report.html"]
    yield ["export", HOTEL, "--to", "xlsx", "--data", DATA, "-o", "{out}/hotel-standards.xlsx"]


def digest(data: bytes, out: Path) -> str:
    data = data.replace(str(out).encode(), b"OUT")
    for stamp in STAMPS:
        data = stamp.sub(b"STAMP", data)
    return hashlib.sha256(data).hexdigest()[:16]


def file_digest(path: Path, out: Path) -> str:
    if not path.exists():
        return "-"
    data = path.read_bytes()
    if path.suffix == ".xlsx":  # a zip: hash its members' contents, not their times
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            data = b"".join(name.encode() + book.read(name) for name in sorted(book.namelist()))
    return digest(data, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print the commands only")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="blueprint-digests-") as folder:
        out = Path(folder)
        for command in commands():
            argv_ = [part.replace("{out}", folder) for part in command]
            shown = " ".join(part.replace("{out}", "OUT") for part in command)
            if args.list:
                print(shown)
                continue
            done = subprocess.run(
                [sys.executable, "-c", RUN, *argv_], cwd=ROOT, capture_output=True, check=False
            )
            written = [Path(p) for p in argv_ if p.startswith(folder)]
            files = " ".join(file_digest(p, out) for p in written) or "-"
            print(f"{shown}\trc={done.returncode}\tout={digest(done.stdout, out)}"
                  f"\terr={digest(done.stderr, out)}\tfile={files}", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

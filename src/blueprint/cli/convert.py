"""Other formats: export a service (Mermaid, the standards catalogue), import a Mermaid journey."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Subcommands,
    UsageError,
    note_language,
    read_service,
    writable_target,
    write_output,
)

__all__ = ["add_commands"]


def add_commands(commands: Subcommands) -> None:
    """Add export, import, in this order."""
    for add in (_add_export, _add_import):
        add(commands)


def _export_mermaid(service: object, lang: str | None, source: str, **_: Any) -> str:
    from ..render.mermaid import to_mermaid_markdown

    return to_mermaid_markdown(service, lang, source=source)  # type: ignore[arg-type]


def _export_catalogue(kind: str) -> Callable[..., str | bytes]:
    """An exporter of the standards catalogue (one row per standard) as ``kind``."""

    def export(
        service: Any,
        lang: str | None,
        source: str,
        *,
        compliance: Any = None,
        to_file: bool = False,
        **_: Any,
    ) -> str | bytes:
        from ..io import catalogue as cat

        rows = cat.catalogue(service, compliance, lang=lang)
        if kind == "xlsx":
            return cat.to_xlsx(rows, title=service.info.id)
        # a CSV file is opened in a spreadsheet, which reads UTF-8 only after a byte-order mark
        return cat.to_json(rows, service.info.id) if kind == "json" else cat.to_csv(rows, bom=to_file)

    return export


#: ``--to`` formats: name -> function(service, lang, source, compliance=None, to_file=False) returning
#: text (or bytes, which need -o); ``compliance`` is each standard's last measured month when --data
#: is given, ``to_file`` says the text goes to a file (-o), not to standard output
EXPORTERS: dict[str, Callable[..., str | bytes]] = {
    "mermaid": _export_mermaid,
    **{kind: _export_catalogue(kind) for kind in ("xlsx", "csv", "json")},
}
#: formats that take --data
_CATALOGUE_FORMATS = ("xlsx", "csv", "json")


def _add_export(commands: Subcommands) -> None:
    cmd = commands.add_parser(
        "export",
        help="write a service in another format (mermaid diagrams; the standards catalogue as xlsx/csv/json)",
    )
    cmd.add_argument("path", metavar="FILE")
    cmd.add_argument("--to", required=True, choices=sorted(EXPORTERS), help="format to write")
    cmd.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
    cmd.add_argument("--lang", metavar="LANG", help="use the titles translated to LANG, e.g. zh")
    cmd.add_argument("--data", metavar="DIR", help="xlsx/csv/json: add each standard's last compliance")
    cmd.add_argument("--force", action="store_true",
                     help="replace the output file even if it is not an earlier export")  # fmt: skip
    cmd.set_defaults(run=_run_export)


def _run_export(args: argparse.Namespace) -> int:
    from ..findings_output import text_report, use_colour
    from ..io.load import read

    loaded = read_service(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)], colour=use_colour()), file=sys.stderr)
        return EXIT_FINDINGS
    note_language(loaded.service, args.lang, "export")
    if args.to == "xlsx" and not args.output:
        raise UsageError(f"--to {args.to} writes a binary file: name it with -o FILE")
    replaces = bool(args.output) and not args.force and writable_target(args.output, "-o").is_file()
    if replaces and not _earlier_export(Path(args.output), args.to):
        raise UsageError(
            f"-o {args.output}: exists and is not an earlier `blueprint export --to {args.to}`, "
            "so it may be someone's work; nothing was written. Name another file, "
            "or replace it with --force"
        )
    options: dict[str, Any] = {"to_file": bool(args.output)}
    if args.data is not None:
        if args.to not in _CATALOGUE_FORMATS:
            raise UsageError(f"--data works with --to {', '.join(_CATALOGUE_FORMATS)}, not {args.to}")
        if not Path(args.data).is_dir():
            raise UsageError(f"--data {args.data}: no such folder")
        from ..report.pipeline import catalogue_compliance

        options["compliance"] = catalogue_compliance(loaded.service, args.data)
    data = EXPORTERS[args.to](loaded.service, args.lang, args.path, **options)
    write_output(data, args.output, what=f"--to {args.to}")
    return EXIT_OK


def _add_import(commands: Subcommands) -> None:
    cmd = commands.add_parser(
        "import", help="read Mermaid (a blueprint flowchart and/or a journey) into a new service file"
    )
    cmd.add_argument("path", metavar="FILE.mmd", help="a Mermaid file, or Markdown holding mermaid blocks")
    cmd.add_argument("-o", "--output", metavar="FILE",
                     help="service file to write (default: FILE with the suffix .yaml)")  # fmt: skip
    cmd.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    cmd.set_defaults(run=_run_import)


def _run_import(args: argparse.Namespace) -> int:
    from ..findings_output import text_report, use_colour
    from ..io.files import read_text_file
    from ..io.mermaid_import import read_mermaid
    from ..io.mermaid_read import write_service_yaml
    from ..io.yaml_located import LIMITS

    source = Path(args.path)
    try:
        text = read_text_file(source, LIMITS["max_bytes"])
    except OSError as exc:
        raise UsageError(f"{source}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise UsageError(f"{source}: is not UTF-8 text; save it as UTF-8") from None
    document, findings = read_mermaid(text, str(source))
    if document is None:
        print(text_report([(str(source), findings, None)], colour=use_colour()), file=sys.stderr)
        return EXIT_FINDINGS
    target = writable_target(args.output or str(source.with_suffix(".yaml")), "-o", service_file=True)
    if target.exists() and target.resolve() == source.resolve():  # even --force: the diagrams would be lost
        raise UsageError(
            f"-o {target}: is the Mermaid file being read, and writing the service file over it "
            f"would lose its diagrams; nothing was written. Name another, e.g. {source.stem}-service.yaml"
        )
    if target.exists() and not args.force:
        raise UsageError(f"{target} exists; choose another file with -o, or overwrite it with --force")
    try:
        write_service_yaml(document, target, origin=source.name)
    except OSError as exc:
        raise UsageError(f"{target}: cannot be written ({exc.strerror or exc})") from None
    if findings:
        print(text_report([(str(source), findings, None)], colour=use_colour()), file=sys.stderr)
    print(f"{target}: written, {len(document['moments'])} moments; run 'blueprint check {target}'")
    return EXIT_OK


def _earlier_export(path: Path, kind: str) -> bool:
    """Whether ``path`` holds what ``export --to kind`` writes, which an export may replace."""
    import zipfile

    try:
        if kind == "xlsx":
            with zipfile.ZipFile(path) as book:
                sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8", "replace")
            return all(f">{column}<" in sheet for column in ("Moment", "Key factor", "Standard", "Statement"))
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            head = handle.read(4096)
    except (OSError, zipfile.BadZipFile, KeyError):
        return False
    if kind == "mermaid":
        return "by `blueprint export --to mermaid`" in head
    if kind == "csv":
        return head.startswith("moment,factor,standard,statement")
    return head.lstrip().startswith("{") and '"columns"' in head and '"service"' in head

"""Drawing a service: blueprint, cycle, emotion, channels or elements view."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Subcommands,
    UsageError,
    note_language,
    read_service,
    writable_target,
)

__all__ = ["add_commands"]


def add_commands(commands: Subcommands) -> None:
    """Add render."""
    _add_render(commands)


def _add_render(commands: Subcommands) -> None:
    cmd = commands.add_parser(
        "render", help="draw a service: blueprint, cycle, emotion, channels or elements view"
    )
    cmd.add_argument("path", metavar="FILE")
    views = ["blueprint", "cycle", "emotion", "channels", "elements"]
    cmd.add_argument("--view", default="blueprint", choices=views, help="which picture (default: blueprint)")
    cmd.add_argument("-o", "--output", metavar="OUT", required=True,
                     help="file to write; the suffix picks the format: .svg .png .pdf .dot")  # fmt: skip
    cmd.add_argument("--lang", metavar="LANG", help="use the titles translated to LANG, e.g. zh")
    cmd.add_argument("--data", metavar="DIR",
                     help="elements view: each cell's compliance, measured on the data in DIR")  # fmt: skip
    cmd.add_argument("--stage", choices=["pre-service", "in-service", "post-service"],
                     help="blueprint view: one stage (its moments, the steps serving them)")  # fmt: skip
    cmd.add_argument("--fit", metavar="RATIO",
                     help="blueprint view: cut into slide panels of this shape, e.g. 16:9; writes "
                          "OUT-1.svg, OUT-2.svg, ... or one PDF with a page per panel")  # fmt: skip
    cmd.set_defaults(run=_run_render)


def _run_render(args: argparse.Namespace) -> int:
    from ..errors import BlueprintError
    from ..findings_output import text_report, use_colour
    from ..io.load import read
    from ..render import render
    from ..render.output import FORMATS

    target = writable_target(args.output, "-o")
    if target.suffix.lower() not in FORMATS:
        raise UsageError(f"{target}: cannot tell the format from {target.suffix or 'no suffix'!r}; "
                         "use .svg, .png, .pdf or .dot")  # fmt: skip
    loaded = read_service(Path(args.path), read)
    if not loaded.ok or loaded.service is None:
        print(text_report([(args.path, loaded.findings, None)], colour=use_colour()), file=sys.stderr)
        return EXIT_FINDINGS
    note_language(loaded.service, args.lang, "render")
    if (args.stage or args.fit) and args.view != "blueprint":
        raise UsageError(
            f"--{'stage' if args.stage else 'fit'} works on the blueprint view only, not {args.view}"
        )
    if args.fit:
        return _render_panels(loaded.service, args, target)
    options: dict[str, object] = {"stage": args.stage} if args.stage else {}
    if args.data is not None:
        if args.view != "elements":
            raise UsageError("--data draws compliance on the elements view only: add --view elements")
        if not Path(args.data).is_dir():
            raise UsageError(f"--data {args.data}: no such folder")
        from ..measure import whole_period_compliance

        options["compliance"] = whole_period_compliance(loaded.service, args.data)
    try:
        render(loaded.service, view=args.view, lang=args.lang, **options).save(target)
    except (BlueprintError, ValueError) as exc:  # Graphviz missing, a view that cannot draw this service
        print(f"blueprint render: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    except OSError as exc:
        raise UsageError(f"{target}: cannot be written ({exc.strerror or exc})") from None
    print(f"{target}: {args.view} view written")
    return EXIT_OK


def _render_panels(service: object, args: argparse.Namespace, target: Path) -> int:
    """``--fit``: the blueprint cut into panels of the screen's shape, one file (or PDF page) each."""
    from ..errors import BlueprintError
    from ..render.blueprint_panels import MIN_LABEL_PX, fit_panels, panel_pictures, parse_ratio, save_panels

    try:
        ratio = parse_ratio(args.fit)
        panels = fit_panels(service, args.lang, ratio=ratio, stage=args.stage)  # type: ignore[arg-type]
        pictures = panel_pictures(service, panels, args.lang, stage=args.stage)  # type: ignore[arg-type]
        written = save_panels(pictures, target)
    except (BlueprintError, ValueError) as exc:
        print(f"blueprint render: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    except OSError as exc:
        raise UsageError(f"{target}: cannot be written ({exc.strerror or exc})") from None
    screen = (1920.0, 1920.0 / ratio)
    smallest = min(panels, key=lambda panel: panel.label_px(screen))
    where = f"{written[0]} ({len(panels)} pages)" if len(written) == 1 else ", ".join(map(str, written))
    least = int(smallest.label_px(screen) * 10) / 10  # to a tenth, rounded down: 13.96 is not 14
    print(f"{where}: blueprint in {len(panels)} panel(s) of at most {args.fit}; "
          f"smallest label {least:g} px on a 1920-wide screen")  # fmt: skip
    if smallest.label_px(screen) < MIN_LABEL_PX:
        number = panels.index(smallest) + 1
        print(
            f"note: panel {number} is tall (many steps under one moment): its labels are below "
            f"{MIN_LABEL_PX:.0f} px; draw one stage with --stage, or fewer steps per moment",
            file=sys.stderr,
        )
    return EXIT_OK

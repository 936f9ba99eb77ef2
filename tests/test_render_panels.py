"""Blueprints sized for the room: one stage alone, and a wide blueprint cut into slide panels."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import pytest

from blueprint.cli import main
from blueprint.io.load import load, read_text
from blueprint.render.blueprint_layout import SMALLEST_LABEL_PT
from blueprint.render.blueprint_panels import (
    MIN_LABEL_PX,
    SCREEN_WIDTH,
    fit_panels,
    panel_pictures,
    parse_ratio,
    save_panels,
)
from blueprint.render.blueprint_view import blueprint_dot, blueprint_layout
from conftest import DATA, EXAMPLES

SHOESHINE = DATA / "mermaid" / "shoeshine-blueprint.yaml"
BITNER = DATA / "mermaid" / "hotel-bitner-blueprint.yaml"
HOTEL = next(p for p in EXAMPLES if p.stem == "hotel-stay")
BRANCH = DATA / "journeys" / "bank-branch-16.yaml"


def _bank_branch(moments: int = 16):
    """A bank branch visit of ``moments`` moments, each with a teller step and a system below it."""
    lines = ["version: 1", "service: {id: branch, title: Bank branch visit}", "moments:"]
    for n in range(moments):
        stage = "pre-service" if n < 3 else "post-service" if n >= moments - 3 else "in-service"
        lines += [
            f"  - id: m{n}",
            f"    title: Customer step {n} at the branch counter",
            f"    stage: {stage}",
        ]
    lines.append("steps:")
    for n in range(moments):
        lines += [f"  - {{id: teller-{n}, title: Teller serves step {n}, lane: frontstage, "
                  f"supports: [m{n}]}}",
                  f"  - {{id: core-{n}, title: Core banking posts step {n}, lane: support, "
                  f"supports: [teller-{n}]}}"]  # fmt: skip
    loaded = read_text("\n".join(lines) + "\n", "branch.yaml")
    assert loaded.service is not None, loaded.findings
    return loaded.service


def _nodes(dot: str) -> set[str]:
    return set(re.findall(r'^  "([mse]:[^"#]+)"', dot, re.M))


# -- one stage -----------------------------------------------------------------------


def test_stage_keeps_its_moments_and_the_steps_that_serve_them():
    service = load(SHOESHINE)
    post = _nodes(blueprint_dot(service, stage="post-service"))
    assert post == {"m:pay", "s:make-change"}
    inside = _nodes(blueprint_dot(service, stage="in-service"))
    assert {"m:choose-colour", "m:watch-shine", "e:choose-colour"} <= inside
    assert {
        "s:brush-shoes",
        "s:apply-polish",
        "s:buff",
        "s:buy-supplies",
    } <= inside  # supplies serve via steps
    assert not inside & {"m:climb-in", "m:pay", "s:make-change", "e:climb-in"}
    whole = _nodes(blueprint_dot(service))
    assert post | inside < whole


def test_stage_columns_start_at_the_left_and_the_header_names_only_that_stage():
    dot = blueprint_dot(load(BITNER), stage="post-service")
    assert "Post-service" in dot and "In-service" not in dot and "Pre-service" not in dot
    assert _nodes(dot) == {"m:check-out", "e:check-out", "s:process-check-out", "s:registration-system"}


def test_stage_without_moments_or_unknown_is_a_clear_error():
    service = read_text("version: 1\nservice: {id: x, title: X}\nmoments:\n"
                        "  - {id: a, title: A, stage: in-service}\n", "x.yaml").service  # fmt: skip
    with pytest.raises(ValueError, match="no pre-service moment"):
        blueprint_dot(service, stage="pre-service")
    with pytest.raises(ValueError, match="stage must be one of"):
        blueprint_dot(service, stage="during")


# -- panels --------------------------------------------------------------------------


def test_ratio_is_read_from_the_usual_spellings():
    assert parse_ratio("16:9") == pytest.approx(16 / 9)
    assert parse_ratio("4/3") == pytest.approx(4 / 3) and parse_ratio("1.5") == 1.5
    for bad in ("wide", "16:0", ""):
        with pytest.raises(ValueError, match="--fit"):
            parse_ratio(bad)


def _size(service, first: int, last: int, fold: int = 1) -> tuple[float, float]:
    """The size of the picture of these columns, the fail points under it and Graphviz's border included."""
    from blueprint.render.blueprint_footer import footer
    from blueprint.render.blueprint_view import PAD

    layout, _ = blueprint_layout(service, columns=(first, last), fold=fold)
    return layout.width + 2 * PAD, layout.height + footer(service, layout).height + 2 * PAD


def _fits(width: float, height: float) -> bool:
    return (
        width / height <= 16 / 9 + 1e-9
        and SMALLEST_LABEL_PT * min(1920 / width, 1080 / height) >= MIN_LABEL_PX
    )


@pytest.mark.parametrize(
    "make",
    [_bank_branch, lambda: load(HOTEL), lambda: load(BITNER), lambda: load(BRANCH)],
    ids=["branch", "hotel", "bitner", "mortgage"],
)
def test_panels_cover_the_cycle_in_order_and_each_fits_the_screen_readably(make):
    service = make()
    panels = fit_panels(service)
    assert len(panels) > 1  # none of these is readable on one slide
    assert panels[0].first == 0 and panels[-1].last == len(service.moments) - 1
    assert all(b.first == a.last + 1 for a, b in itertools.pairwise(panels))
    for panel in panels:
        assert (panel.width, panel.height) == pytest.approx(
            _size(service, panel.first, panel.last, panel.fold)
        )
        # a panel fits the screen with its fail points, or is one column that fits in no way
        assert _fits(panel.width, panel.height) or (
            panel.first == panel.last
            and not any(_fits(*_size(service, panel.first, panel.first, f)) for f in (1, 2, 3))
        )
    for a, b in itertools.pairwise(panels):  # no fewer panels would do: two neighbours never fit as one
        assert not any(_fits(*_size(service, a.first, b.last, fold)) for fold in (1, 2, 3))


def test_sixteen_moments_need_several_panels_and_no_more_than_needed():
    service = _bank_branch(16)
    panels = fit_panels(service)
    one = fit_panels(service, ratio=100, min_px=0)  # any shape, any size: one panel
    assert [(p.first, p.last) for p in one] == [(0, 15)]
    assert one[0].ratio > 16 / 9 and SMALLEST_LABEL_PT * SCREEN_WIDTH / one[0].width < MIN_LABEL_PX
    fewer = fit_panels(service, ratio=21 / 9)  # a wider screen: fewer, wider panels
    assert len(fewer) < len(panels) and max(p.width for p in fewer) > max(p.width for p in panels)


def test_panels_of_one_stage_hold_only_that_stage():
    service = _bank_branch(16)
    panels = fit_panels(service, stage="in-service")
    assert panels[-1].last == 9  # ten in-service moments, numbered from 0
    dot = blueprint_dot(service, stage="in-service", columns=(panels[0].first, panels[0].last))
    assert "m:m3" in dot and "m:m0" not in dot and "m:m15" not in dot


@pytest.mark.graphviz
def test_panels_are_saved_as_numbered_svgs_with_the_lanes_on_each(tmp_path: Path):
    service = load(BITNER)
    panels = fit_panels(service)
    pictures = panel_pictures(service, panels)
    written = save_panels(pictures, tmp_path / "slides.svg")
    assert [p.name for p in written] == [f"slides-{n}.svg" for n in range(1, len(panels) + 1)]
    for n, path in enumerate(written, 1):
        svg = path.read_text(encoding="utf-8")
        for lane in ("Physical evidence", "Customer actions", "Frontstage", "Backstage", "Support processes"):
            assert lane in svg
        assert f"{n}/{len(panels)}" in svg
        width, height = map(float, re.search(r'viewBox="0\.00 0\.00 ([0-9.]+) ([0-9.]+)"', svg).groups())
        assert width / height <= 16 / 9 + 0.01


@pytest.mark.graphviz
def test_panels_saved_as_pdf_are_the_pages_of_one_file(tmp_path: Path):
    from pypdf import PdfReader

    service = load(SHOESHINE)
    panels = fit_panels(service, ratio=4 / 3)
    written = save_panels(panel_pictures(service, panels), tmp_path / "shine.pdf")
    assert written == [tmp_path / "shine.pdf"]
    reader = PdfReader(io.BytesIO(written[0].read_bytes()))
    assert len(reader.pages) == len(panels) > 1
    for page in reader.pages:
        box = page.mediabox
        assert float(box.width) / float(box.height) <= 4 / 3 + 0.01


# -- the command ---------------------------------------------------------------------


@pytest.mark.graphviz
def test_cli_fit_writes_panels_and_says_how_large_the_labels_are(tmp_path: Path, capsys):
    out = tmp_path / "bitner.svg"
    assert main(["render", str(BITNER), "--fit", "16:9", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert (
        "bitner-1.svg" in printed
        and "panel(s) of at most 16:9" in printed
        and " px on a 1920-wide" in printed
    )
    assert (tmp_path / "bitner-2.svg").exists() and not out.exists()


@pytest.mark.graphviz
def test_cli_stage_draws_one_stage(tmp_path: Path, capsys):
    out = tmp_path / "post.svg"
    assert main(["render", str(SHOESHINE), "--stage", "post-service", "-o", str(out)]) == 0
    svg = out.read_text(encoding="utf-8")
    assert "Pay and step down" in svg and "Climb into the chair" not in svg


def test_cli_refuses_stage_and_fit_on_other_views_and_bad_ratios(tmp_path: Path, capsys):
    assert (
        main(
            [
                "render",
                str(SHOESHINE),
                "--view",
                "cycle",
                "--stage",
                "in-service",
                "-o",
                str(tmp_path / "c.svg"),
            ]
        )
        == 2
    )
    assert "blueprint view only" in capsys.readouterr().err
    assert main(["render", str(SHOESHINE), "--fit", "wide", "-o", str(tmp_path / "w.svg")]) == 1
    assert "WIDTH:HEIGHT" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


@pytest.mark.graphviz
def test_cli_fit_never_rounds_a_label_below_the_minimum_up_to_it(tmp_path: Path, capsys):
    assert main(["render", str(HOTEL), "--fit", "16:9", "-o", str(tmp_path / "hotel.svg")]) == 0
    captured = capsys.readouterr()
    least = float(re.search(r"smallest label ([0-9.]+) px", captured.out).group(1))
    assert (least < MIN_LABEL_PX) == ("below 14 px" in captured.err)  # the figure and the note agree

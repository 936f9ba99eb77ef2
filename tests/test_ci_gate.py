"""A quality team's CI on its own service: the run is red exactly when a standard is not met or
not measured, and what --allow-unmeasured lets through is data that is absent, never data that
is there but cannot be read.

The airport security checkpoint (tests/data/checkpoint): twelve standards and a promise over
six sources, one Parquet, one missing, one empty, one with a renamed column.
"""

from __future__ import annotations

from blueprint.cli import main
from measure_helpers import copy_checkpoint


def _run(capsys, *args):
    code = main([str(a) for a in args])
    said = capsys.readouterr()
    return code, said.out + said.err


def _unreadable_lanes(folder):
    lines = ["timestamp,terminal,lanes-open"]
    lines += [f"2026-11-{1 + i // 4:02d} 0{6 + i % 4}:00:00,T1,about 90" for i in range(40)]
    (folder / "nightly" / "peak-lanes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_allow_unmeasured_never_excuses_a_column_whose_every_value_cannot_be_read(tmp_path, capsys):
    folder = copy_checkpoint(tmp_path)
    _unreadable_lanes(folder)
    for command in ("measure", "check"):
        code, out = _run(capsys, command, folder / "checkpoint.yaml", "--data", folder / "nightly",
                         "--allow-unmeasured")  # fmt: skip
        assert code == 1
        assert (
            "error BP334 standard 'lanes-90pct' is not measured: every row of metric 'lanes-open' in its "
            "source 'peak-lanes.csv' was left out (40 not a number); not excused by --allow-unmeasured"
        ) in out
        # the export that never came is excused, and says so
        assert "warning BP334 standard 'detection-90pct' is not measured: its source 'covert-audits.csv' " \
            "was not found; allowed knowingly (--allow-unmeasured)" in out  # fmt: skip


def test_without_the_option_the_unreadable_column_is_named_as_the_reason(tmp_path, capsys):
    folder = copy_checkpoint(tmp_path)
    _unreadable_lanes(folder)
    code, out = _run(capsys, "measure", folder / "checkpoint.yaml", "--data", folder / "nightly")
    assert code == 1
    assert "lanes-90pct' is not measured: every row of metric 'lanes-open'" in out
    assert "e.g. 'about 90'" in out


def _few_waits(folder, n=12, minutes=30):
    lines = ["Request,Terminal,assist-wait"] + [f"R{i},T1,{minutes}" for i in range(n)]
    (folder / "nightly" / "assistance.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _only_assistance(folder):
    """The checkpoint with its wheelchair standard alone, so that nothing else decides the exit code."""
    from blueprint.io.load import load

    service = load(folder / "checkpoint.yaml")
    for standard in [s for s in service.standards if s != "assist-15min"]:
        service.remove(standard)
    for promise in list(service.promises):
        service.remove(promise)
    service.save()


def _twelve_waits(tmp_path):
    """The checkpoint with its wheelchair standard alone and twelve passengers, every one waited 30
    minutes: too few to judge."""
    folder = copy_checkpoint(tmp_path)
    _only_assistance(folder)
    _few_waits(folder)
    return folder


def test_a_standard_judged_in_no_group_is_not_a_green_run(tmp_path, capsys):
    folder = _twelve_waits(tmp_path)
    code, out = _run(capsys, "check", folder / "checkpoint.yaml", "--data", folder / "nightly")
    assert code == 1
    assert (
        "error BP334 standard 'assist-15min' is not measured: it has too few observations to judge "
        "(12, fewer than 30)"
    ) in out
    assert "BP331" not in out  # the one finding says it all
    assert "1 of 1 standards and promises not measured (1 too few)" in out


def test_allow_unmeasured_lets_too_few_observations_pass_and_says_so(tmp_path, capsys):
    folder = _twelve_waits(tmp_path)
    code, out = _run(capsys, "measure", folder / "checkpoint.yaml", "--data", folder / "nightly",
                     "--allow-unmeasured")  # fmt: skip
    assert code == 0
    assert (
        "warning BP334 standard 'assist-15min' is not measured: it has too few observations to judge" in out
    )
    assert "(1 too few), allowed knowingly (--allow-unmeasured)" in out


def test_lowering_min_observations_knowingly_judges_it(tmp_path, capsys):
    folder = _twelve_waits(tmp_path)
    code, out = _run(capsys, "measure", folder / "checkpoint.yaml", "--data", folder / "nightly",
                     "--min-observations", "10")  # fmt: skip
    assert code == 1 and "BP330 standard 'assist-15min' not met" in out and "BP334" not in out


def test_values_that_are_not_numbers_are_located_at_their_first_line_and_column(tmp_path, capsys):
    folder = copy_checkpoint(tmp_path)
    lines = ["timestamp,terminal,lanes-open"]
    lines += [f"2026-11-{1 + i // 4:02d} 0{6 + i % 4}:00:00,T1,{'n/a' if i == 7 else 95}" for i in range(40)]
    (folder / "nightly" / "peak-lanes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, out = _run(
        capsys, "check", folder / "checkpoint.yaml", "--data", folder / "nightly", "--format", "github"
    )
    (line,) = [x for x in out.splitlines() if "BP342" in x and "peak-lanes.csv" in x]
    assert "peak-lanes.csv,line=9,col=24," in line and "first at line 9" in line


def test_a_renamed_column_points_at_the_header_of_the_export(tmp_path, capsys):
    folder = copy_checkpoint(tmp_path)
    _, out = _run(
        capsys, "check", folder / "checkpoint.yaml", "--data", folder / "nightly", "--format", "github"
    )
    (line,) = [x for x in out.splitlines() if "BP341" in x and "supervisor-checks.csv" in x]
    assert line.startswith("::error file=") and "supervisor-checks.csv,line=1,col=1," in line
    assert "'Pass and ID matched'" in line  # the columns the file has, to map one

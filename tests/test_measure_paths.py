"""Source paths: read relative to the service file (or --data), never out of the project unless allowed."""

from __future__ import annotations

import os

import pytest

from blueprint.measure.paths import SourcePathError, is_file_source, project_root, resolve_source


def test_relative_source_is_read_next_to_the_service(tmp_path):
    assert resolve_source("data/a.csv", base=tmp_path / "standards", root=tmp_path) == (
        tmp_path / "standards" / "data" / "a.csv"
    )


@pytest.mark.parametrize("source", ["../../outside.csv", "/etc/passwd", "data/../../../x.csv"])
def test_paths_leaving_the_project_are_refused(tmp_path, source):
    with pytest.raises(SourcePathError, match="outside the project folder"):
        resolve_source(source, base=tmp_path / "standards", root=tmp_path)


def test_dotdot_inside_the_project_is_fine(tmp_path):
    path = resolve_source("../data/a.csv", base=tmp_path / "standards", root=tmp_path)
    assert path == tmp_path / "data" / "a.csv"


def test_symlink_out_of_the_project_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("x\n")
    project = tmp_path / "project"
    project.mkdir()
    os.symlink(outside, project / "data")
    with pytest.raises(SourcePathError):
        resolve_source("data/secret.csv", base=project, root=project)


def test_allow_outside_reads_anywhere(tmp_path):
    assert resolve_source("/etc/hosts", base=tmp_path, allow_outside=True) == resolve_source(
        "/etc/hosts", base=tmp_path / "x", allow_outside=True
    )


@pytest.mark.parametrize("source", ["", "   ", "a\x00b.csv"])
def test_nonsense_is_refused(tmp_path, source):
    with pytest.raises(SourcePathError, match="not a file path"):
        resolve_source(source, base=tmp_path)


def test_project_root_is_the_nearest_marked_folder(tmp_path):
    (tmp_path / "pyproject.toml").touch()
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert project_root(deep) == tmp_path
    bare = tmp_path / "a"
    (bare / ".git").mkdir()
    assert project_root(deep) == bare


@pytest.mark.parametrize(
    ("source", "is_file"),
    [("checkin.csv", True), ("a/b.parquet", True), ("logs/*.parquet", True), ("ops.checkins", False),
     ("checkins", False), ("x.tsv.gz", True)],
)  # fmt: skip
def test_files_are_told_from_tables(source, is_file):
    assert is_file_source(source) is is_file


@pytest.mark.parametrize("pattern", ["data/*.csv", "data/l?ak.csv", "data/[l]eak.csv", "**/*.csv"])
def test_a_pattern_matching_a_link_out_of_the_project_is_refused(tmp_path, pattern):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("x\n")
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "data" / "fine.csv").write_text("x\n")
    os.symlink(outside / "secret.csv", project / "data" / "leak.csv")
    with pytest.raises(SourcePathError, match=r"secret\.csv, outside the project folder"):
        resolve_source(pattern, base=project, root=project)
    assert resolve_source("data/f*.csv", base=project, root=project) == project / "data" / "f*.csv"
    assert resolve_source(pattern, base=project, root=project, allow_outside=True)


def test_measure_refuses_a_pattern_that_reaches_out(tmp_path, monkeypatch):
    from blueprint.measure import measure
    from measure_helpers import service, standard

    monkeypatch.setenv("BLUEPRINT_CACHE", "off")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("metric,value\nwait,1\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "obs-1.csv").write_text("metric,value\nwait,2\n")
    os.symlink(outside / "secret.csv", project / "obs-2.csv")
    result = measure(service(project, standard("w", source="obs-*.csv")))
    [finding] = [f for f in result.findings if f.rule == "BP340"]
    assert "outside the project folder" in finding.message
    assert result.rows()[0]["status"] == "no data"

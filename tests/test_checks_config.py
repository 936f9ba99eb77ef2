"""Lint configuration: [tool.blueprint] in the nearest pyproject.toml."""

from __future__ import annotations

import pytest

from blueprint.checks import LintConfig
from blueprint.io.project_config import ConfigError, find_config, load_config
from blueprint.model.vocabulary import Severity

SETTINGS = """\
[project]
name = "hotel-standards"

[tool.blueprint]
disable = ["BP111"]
render = { theme = "light" }   # another part of Blueprint's settings: left alone

[tool.blueprint.severity]
BP121 = "error"

[tool.blueprint.thresholds]
min_share = 0.95
review_period_days = 180
"""


def test_settings_are_read_from_the_nearest_pyproject_above_a_file(tmp_path):
    (tmp_path / "pyproject.toml").write_text(SETTINGS)
    folder = tmp_path / "standards" / "hotels"
    folder.mkdir(parents=True)
    service = folder / "stay.yaml"
    service.write_text("version: 1\n")
    assert find_config(service) == tmp_path / "pyproject.toml"
    config = load_config(service)
    assert config.disable == frozenset({"BP111"})
    assert config.severity == {"BP121": Severity.ERROR}
    assert (config.min_share, config.review_period_days) == (0.95, 180)
    assert config.max_standards_per_factor == LintConfig().max_standards_per_factor
    assert config.source == str(tmp_path / "pyproject.toml")


def test_a_pyproject_without_the_table_is_passed_over(tmp_path):
    (tmp_path / "pyproject.toml").write_text(SETTINGS)
    inner = tmp_path / "sub"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "other"\n')
    assert find_config(inner) == tmp_path / "pyproject.toml"


def test_no_settings_means_defaults(tmp_path):
    assert find_config(tmp_path) is None
    assert load_config(tmp_path) == LintConfig()


@pytest.mark.parametrize(
    ("table", "message", "line"),
    [
        ("[tool.blueprint.thresholds]\nmin_shares = 0.9\n", "did you mean 'min_share'?", 2),
        ("[tool.blueprint.thresholds]\nmin_share = 2\n", "expected a share from 0 to 1", 2),
        ("[tool.blueprint.thresholds]\nmax_standards_per_factor = 2.5\n", "expected a whole number", 2),
        ("[tool.blueprint.severity]\nBP121 = \"fatal\"\n", "use \"error\", \"warning\" or \"info\"", 2),
        ("[tool.blueprint]\ndisable = [\"BP999\"]\n", "'BP999' is not a lint rule", 2),
        ("[tool.blueprint]\ndisable = \"BP111\"\n", "disable must be a list of rule ids", 2),
    ],
)  # fmt: skip
def test_bad_settings_name_the_file_the_line_and_the_fix(tmp_path, table, message, line):
    path = tmp_path / "pyproject.toml"
    path.write_text(table)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert str(caught.value).startswith(f"{path}:{line}: [tool.blueprint] ")
    assert message in str(caught.value)


def test_invalid_toml_is_a_config_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.blueprint]\ndisable = [\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(tmp_path)


def test_an_explicit_path_wins(tmp_path):
    custom = tmp_path / "lint.toml"
    custom.write_text("[tool.blueprint.thresholds]\nhigh_importance = 0.5\n")
    assert load_config(path=custom).high_importance == 0.5


def test_from_mapping_leaves_unknown_top_level_keys_to_other_parts():
    config = LintConfig.from_mapping({"render": {"theme": "dark"}, "thresholds": {"strictness_ratio": 3}})
    assert config.strictness_ratio == 3

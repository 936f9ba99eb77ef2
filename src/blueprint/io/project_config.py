"""Read the lint configuration from ``[tool.blueprint]`` in the nearest ``pyproject.toml``.

.. code-block:: toml

    [tool.blueprint]
    disable = ["BP111"]

    [tool.blueprint.severity]
    BP121 = "error"

    [tool.blueprint.thresholds]
    min_share = 0.95
    review_period_days = 180
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from ..checks.lint_config import LintConfig
from ..errors import BlueprintError

__all__ = ["ConfigError", "find_config", "load_config"]

PYPROJECT = "pyproject.toml"


class ConfigError(BlueprintError):
    """``[tool.blueprint]`` cannot be used; the message names the file, line and fix."""


def find_config(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.blueprint]`` table, from ``start`` upwards.

    ``start`` is a folder or a file (its folder is used); the current folder
    when None.
    """
    here = Path(start or os.getcwd()).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / PYPROJECT
        if candidate.is_file() and _mentions_blueprint(candidate):
            return candidate
    return None


def load_config(
    start: str | os.PathLike[str] | None = None, *, path: str | os.PathLike[str] | None = None
) -> LintConfig:
    """The lint configuration for files under ``start``, or read from ``path``.

    Defaults when no ``pyproject.toml`` has a ``[tool.blueprint]`` table.
    Raises :class:`ConfigError` for an unreadable file or a bad setting.
    """
    found = Path(path) if path is not None else find_config(start)
    if found is None:
        return LintConfig()
    from .files import read_text_file
    from .yaml_located import LIMITS

    try:
        text = read_text_file(found, LIMITS["max_bytes"])  # a pipe or a device is refused at once
    except OSError as exc:
        raise ConfigError(f"{found}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{found}: cannot be read ({exc})") from None
    data = _parse(text, found)
    table = data.get("tool", {}).get("blueprint", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{found}: tool.blueprint must be a table ([tool.blueprint])")
    try:
        return LintConfig.from_mapping(table, source=str(found))
    except ValueError as exc:
        raise ConfigError(f"{found}:{_line_of(text, str(exc))}: [tool.blueprint] {exc}") from None


def _parse(text: str, where: Path) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML: {exc}") from None


def _mentions_blueprint(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\s*tool\.blueprint\s*[.\]]", text, re.MULTILINE) is not None


def _line_of(text: str, message: str) -> int:
    """The line of the setting a message is about: a rule id or key named in it."""
    words = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", message)
    specific = [w for w in words if re.fullmatch(r"BP\d{3}|[a-z]+_[a-z_]+", w)]
    tables = [w for w in words if w in ("disable", "severity", "thresholds")]
    for word in [*specific, *tables, "tool\\.blueprint"]:
        match = re.search(rf"^[^#\n]*\b{word}\b", text, re.MULTILINE)
        if match:
            return text.count("\n", 0, match.start()) + 1
    return 1

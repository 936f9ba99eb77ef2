"""``pytest --blueprint``: service files and their standards as test items.

Run beside the project's own tests::

    pytest --blueprint standards/
    pytest --blueprint standards/ -k checkin          # only standards whose id has "checkin"
    pytest --blueprint --blueprint-fail-on=warning standards/
    pytest --blueprint --blueprint-data=ops/ standards/   # and hold the standards against data
    pytest --blueprint --blueprint-data=ops/ --blueprint-backend=spark standards/   # ... on Spark
    pytest --blueprint --blueprint-data=ops/ --blueprint-by=site --blueprint-columns="value=Wait" standards/

Each service file gives one item named by the service id (load problems and
findings about moments and factors) and one item per standard, named by the
standard's id. Findings at or above ``--blueprint-fail-on`` fail the item and
are shown as ``file:line:col`` lines with their fix. With ``--blueprint-data``
each standard is also measured on the data there: a standard not met, or not
measured at all, fails its item (``--blueprint-allow-unmeasured`` lets the lack
of data pass, visibly). Without ``--blueprint`` the plugin collects nothing.
Only hooks live here; the work is done by :func:`blueprint.checks.check` and
:func:`blueprint.measure.measure`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .model.findings import Finding

__all__ = ["FindingsFailed", "ServiceFile", "ServiceItem"]

# A YAML file is taken for a service file when a top-level key says so; other
# YAML (CI workflows, fixtures of other tools) in the collected folders is left alone.
_SERVICE_KEY = re.compile(rb"^(?:service|moments|standards)\s*:", re.MULTILINE)
#: per run, the measurement summary line of each service file measured
_COVERAGE = pytest.StashKey[list[str]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("blueprint", "Blueprint service standards")
    group.addoption("--blueprint", action="store_true",
                    help="collect service files (*.yaml) and their standards as test items")  # fmt: skip
    group.addoption("--blueprint-fail-on", choices=["error", "warning", "info"], default="error",
                    help="lowest finding severity that fails an item (default: error)")  # fmt: skip
    group.addoption("--blueprint-data", metavar="DIR",
                    help="measure each standard on the operational data in DIR (gaps 3 and 4)")  # fmt: skip
    group.addoption("--blueprint-allow-unmeasured", action="store_true",
                    help="with --blueprint-data: a standard without data only warns")  # fmt: skip
    group.addoption(
        "--blueprint-by",
        default="",
        metavar="KEYS",
        help="with --blueprint-data: group by dimensions and time keys, e.g. site,month",
    )
    group.addoption("--blueprint-columns", default=None, metavar="ROLE=COLUMN,...",
                    help="with --blueprint-data: map metric, value, timestamp, id, a metric or a dimension "
                         "to your columns, as blueprint check --columns")  # fmt: skip
    group.addoption("--blueprint-timestamp-format", default=None, metavar="FMT",
                    help="with --blueprint-data: how sources declaring none write times, "
                         "e.g. '%%d/%%m/%%Y %%H:%%M'")  # fmt: skip
    group.addoption("--blueprint-backend", default="duckdb", metavar="ENGINE",
                    help="with --blueprint-data: duckdb (default), polars, spark or sc://HOST:PORT "
                         "(a Spark Connect server)")  # fmt: skip


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("blueprint_data", None):
        return
    for option in ("allow_unmeasured", "by", "columns", "timestamp_format"):
        if config.getoption(f"blueprint_{option}", None):
            flag = f"--blueprint-{option.replace('_', '-')}"
            raise pytest.UsageError(f"{flag} works with --blueprint-data=DIR")


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """With data, one line per service file: how many standards and promises were not measured."""
    lines = config.stash.get(_COVERAGE, [])
    if lines:
        terminalreporter.section("blueprint measurement")
        for line in lines:
            terminalreporter.write_line(line)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> ServiceFile | None:
    if not parent.config.getoption("blueprint", False) or file_path.suffix not in (".yaml", ".yml"):
        return None
    try:
        head = file_path.read_bytes()[:65536]
    except OSError:
        return None
    if head.strip() and not _SERVICE_KEY.search(head):
        return None
    return ServiceFile.from_parent(parent, path=file_path)


class FindingsFailed(Exception):
    """Raised by an item whose findings reach the failing severity."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} finding(s)")
        self.findings = findings


class ServiceFile(pytest.File):
    """A service file: loaded and linted once, then split into items by subject."""

    def collect(self) -> Iterator[ServiceItem]:
        from .checks import check
        from .io.load import read
        from .io.project_config import ConfigError, load_config

        try:
            config = load_config(self.path)
        except ConfigError as exc:
            raise self.CollectError(str(exc)) from None
        # Read by the path relative to where pytest was started, so findings show short paths.
        loaded = read(os.path.relpath(self.path, self.config.invocation_params.dir))
        findings = check(loaded, config)
        data = self.config.getoption("blueprint_data", None)
        broken: dict[str, list[Finding]] = {}
        if data is not None and loaded.ok and loaded.service is not None:
            measured, broken = self._measure(loaded.service, data)
            findings = [*findings, *measured]
        standards = list(loaded.service.standards) if loaded.ok and loaded.service else []
        name = loaded.service.info.id if loaded.service else self.path.stem
        taken = {id(f) for found in broken.values() for f in found}
        own = [f for f in findings if f.subject not in standards and id(f) not in taken]
        yield ServiceItem.from_parent(self, name=name, findings=own, line=1)
        for standard_id in standards:
            where = loaded.service.locate(standard_id) if loaded.service else None
            mine = [*broken.get(standard_id, []), *(f for f in findings if f.subject == standard_id)]
            yield ServiceItem.from_parent(
                self, name=standard_id, findings=mine, line=where.line if where else 1
            )

    def _measure(self, service: Any, data: str) -> tuple[list[Finding], dict[str, list[Finding]]]:
        """The measurement's findings, and for each standard it could not measure because its
        source is broken (unreadable, empty, a column missing), the errors about that source:
        they fail the standard's own item, so selecting it (``-k``) is never green unmeasured."""
        from .measure import measure
        from .model.vocabulary import Severity

        folder = Path(self.config.invocation_params.dir, data)
        if not folder.is_dir():
            raise self.CollectError(f"--blueprint-data {data}: no such folder")
        allow = bool(self.config.getoption("blueprint_allow_unmeasured", False))
        backend = self.config.getoption("blueprint_backend", "duckdb")
        by, columns = self.config.getoption("blueprint_by", ""), self._columns()
        try:
            result = measure(service, data=folder, allow_unmeasured=allow, backend=backend, by=by,
                             columns=columns)  # fmt: skip
        except ValueError as exc:  # an unknown engine, Spark not there; a bad --blueprint-by
            what = (
                f"--blueprint-by {by}"
                if by and "grouping key" in str(exc)
                else f"--blueprint-backend {backend}"
            )
            raise self.CollectError(f"{what}: {exc}") from None
        shown = os.path.relpath(self.path, self.config.invocation_params.dir)
        self.config.stash.setdefault(_COVERAGE, []).append(f"{shown}: {result.coverage()}")
        sources = {
            standard.id: standard.measurement.source
            for standard in service.standards.values()
            if standard.id in result.unmeasured and standard.measurement and standard.measurement.source
        }
        broken = {
            standard_id: found
            for standard_id, source in sources.items()
            if (found := [f for f in result.findings if f.subject == source and f.severity is Severity.ERROR])
        }
        return result.findings, broken

    def _columns(self) -> Any:
        """``--blueprint-columns`` with ``--blueprint-timestamp-format``, checked as the CLI checks them."""
        from dataclasses import replace

        from .measure.columns import Columns
        from .model.time_format import format_problem

        columns = self.config.getoption("blueprint_columns", None)
        stamp = self.config.getoption("blueprint_timestamp_format", None)
        try:
            parsed = Columns.parse(columns)
        except ValueError as exc:
            raise self.CollectError(f"--blueprint-columns {columns}: {exc}") from None
        if stamp is None:
            return parsed
        if problem := format_problem(stamp):
            raise self.CollectError(f"--blueprint-timestamp-format {problem}")
        return replace(parsed, timestamp_format=stamp)


class ServiceItem(pytest.Item):
    """One service (its file-level findings) or one standard, passing when nothing reaches the threshold."""

    def __init__(self, *, findings: list[Finding], line: int | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.findings, self.line = findings, line or 1

    def runtest(self) -> None:
        from .model.vocabulary import Severity

        threshold = Severity(self.config.getoption("blueprint_fail_on")).rank
        failing = [f for f in self.findings if f.severity.rank >= threshold]
        if failing:
            raise FindingsFailed(failing)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, FindingsFailed):
            from .findings_output import text_report

            source = os.path.relpath(self.path, self.config.invocation_params.dir)
            return text_report([(source, excinfo.value.findings, None)])
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.line - 1, f"blueprint: {self.name}"

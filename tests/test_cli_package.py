"""The ``blueprint`` command is a package: a module per command family, each small, starting fast."""

from __future__ import annotations

import re
import subprocess
import sys

from blueprint.cli import main
from conftest import ROOT

CLI = ROOT / "src" / "blueprint" / "cli"

#: the commands ``blueprint --help`` lists, in the order users know them
COMMANDS = [
    "check",
    "suggest",
    "rules",
    "summary",
    "schema",
    "export",
    "import",
    "report",
    "survey",
    "votes",
    "workshop",
    "lab",
    "render",
    "measure",
    "diagnose",
    "staff",
    "timing",
    "example-data",
]


def _listed(help_text: str) -> list[str]:
    """The command names in the ``COMMAND`` block of ``blueprint --help``."""
    block = help_text.split("positional arguments:", 1)[1].split("options:", 1)[0]
    return re.findall(r"^    ([a-z][a-z-]*)\s", block, flags=re.MULTILINE)


def test_help_lists_the_same_commands_in_the_same_order(capsys):
    assert main([]) == 2  # no command: the help, and a usage exit
    assert _listed(capsys.readouterr().out) == COMMANDS


def test_python_dash_m_runs_the_command():
    done = subprocess.run(
        [sys.executable, "-m", "blueprint.cli", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.startswith("blueprint ")


def test_building_the_parser_imports_no_library_module():
    child = (
        "import sys\n"
        "from blueprint.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('blueprint.')"
        " and not m.startswith('blueprint.cli')), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=False)
    assert done.stderr.strip().splitlines()[-1] == "['blueprint._version', 'blueprint.wiring']"

"""blueprint.workshop: the room's votes without any screen, cheap to import, the same objects everywhere."""

from __future__ import annotations

import subprocess
import sys

import blueprint.workshop as workshop
from blueprint.workshop import vote_import, vote_review, votes
from conftest import ROOT


def test_the_package_names_are_the_modules_objects():
    assert workshop.__all__
    for name in workshop.__all__:
        homes = [module for module in (votes, vote_import, vote_review) if name in module.__all__]
        assert homes, name
        assert all(getattr(workshop, name) is getattr(home, name) for home in homes), name


def test_importing_the_workshop_loads_no_widgets_and_no_heavy_library():
    child = (
        "import sys\n"
        "import blueprint\n"
        "before = sorted(m for m in sys.modules if m.split('.')[:2] in (['blueprint', 'survey'], "
        "['blueprint', 'workshop']))\n"
        "import blueprint.workshop, blueprint.survey\n"
        "heavy = ['pandas', 'numpy', 'scipy', 'ipywidgets', 'matplotlib']\n"
        "heavy += ['blueprint.widgets', 'blueprint.measure']\n"
        "print(before, sorted(set(heavy) & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[] []"


def test_votes_from_a_clinic_form_export_go_through_the_package(tmp_path):
    from blueprint.io.load import load

    service = load(ROOT / "tests" / "data" / "services" / "clinic.yaml")
    form = tmp_path / "form.csv"
    form.write_text(  # a form tool's export: timestamps, a role column, CRLF line ends
        "Timestamp,Name,Role,explains class,explains importance\r\n"
        "07/12/2026 09:01,Dr Lee,staff,basic,4\r\n"
        "07/12/2026 09:02,Patient panel,patient,performance,5\r\n"
        "07/12/2026 09:03,Nurse Ade,,performance,4\r\n",
        encoding="utf-8",
    )
    review = workshop.review_votes(service, workshop.read_votes(form, service))
    text = review.to_text()
    assert "3 votes from 3 participants: 2 staff, 1 customer" in text
    assert "explains: bpm" in text and "-> performance" in text
    assert "customers rate importance 5 of 5; staff rate importance 4 of 5" in text

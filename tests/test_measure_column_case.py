"""Column names given in another letter case than the export's header are still found.

Exports spell their headers as their tool likes ("Logged At", "Buff (m:ss)");
a user types ``--columns timestamp=logged at``. The name is matched in any
letter case when the header has exactly one such column; when none matches,
the finding lists the header so the user can pick the right name.
"""

from __future__ import annotations

import shutil

import pytest

from blueprint.cli import main
from blueprint.io.load import load
from blueprint.measure import measure
from conftest import DATA

SHOESHINE = DATA / "journeys" / "shoeshine.yaml"
#: the stand's stopwatch sheet: m:ss readings, local times, Y/N, headers as the owner wrote them
SHEET = ["Logged At,Chair,Buff (m:ss),Colour OK?"] + [
    f"2025-05-{1 + i // 5:02d} {10 + i % 5:02d}:{(i * 13) % 60:02d}:00,Chair {1 + i % 2},"
    f"0:{36 + (i * 5) % 16:02d},{'N' if i % 7 == 3 else 'Y'}"
    for i in range(25)
]
EXACT = {
    "timestamp": "Logged At",
    "site": "Chair",
    "step-time": "Buff (m:ss)",
    "colour-confirmed": "Colour OK?",
}
OTHER_CASE = {
    "timestamp": "logged at",
    "site": "CHAIR",
    "step-time": "buff (M:SS)",
    "colour-confirmed": "colour ok?",
}


@pytest.fixture
def stand(tmp_path):
    shutil.copy(SHOESHINE, tmp_path / "shoeshine.yaml")
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "stopwatch.csv").write_text("\n".join(SHEET) + "\n", encoding="utf-8")
    return tmp_path


def _rows(folder, columns):
    result = measure(load(folder / "shoeshine.yaml"), data=folder, columns=columns, by="site")
    return {(row["standard"], row.get("site")): (row["observations"], row["met"]) for row in result.rows()}


def test_columns_named_in_another_letter_case_measure_the_same(stand):
    exact = _rows(stand, EXACT)
    assert exact[("buff-in-45s", "Chair 1")][0] + exact[("buff-in-45s", "Chair 2")][0] == 25
    assert _rows(stand, OTHER_CASE) == exact


def test_a_column_matching_none_names_the_headers_to_choose_from(stand, capfd):
    columns = "timestamp=logged at,site=stand,step-time=buff (m:ss),colour-confirmed=colour ok?"
    code = main(["measure", str(stand / "shoeshine.yaml"), "--data", str(stand), "--columns", columns,
                 "--by", "site"])  # fmt: skip
    assert code != 0
    out, err = capfd.readouterr()
    err += out  # the findings follow the results
    assert "no column 'stand' for the grouping key 'site'" in err
    assert "the file's columns: 'Buff (m:ss)', 'Chair', 'Colour OK?', 'Logged At'" in err


def test_a_grouping_key_finds_its_column_in_another_letter_case(stand):
    columns = {
        key: name for key, name in OTHER_CASE.items() if key != "site"
    }  # --by site, the column is Chair
    (stand / "stopwatch.csv").write_text(
        "\n".join(["Logged At,SITE,Buff (m:ss),Colour OK?", *SHEET[1:]]) + "\n"
    )
    rows = _rows(stand, columns)
    assert rows[("buff-in-45s", "Chair 1")][0] + rows[("buff-in-45s", "Chair 2")][0] == 25


def test_a_survey_column_mapping_finds_the_column_in_another_letter_case():
    import pandas as pd

    from blueprint.survey.errors import SurveyDataError
    from blueprint.survey.readers import prepare

    export = pd.DataFrame({"Guest ID": [101, 102], "Exp_1": [6, 7], "Perc_1": [5, 7]})
    out = prepare(export, columns={"respondent": "guest id"}, source="guests.csv")
    assert list(out.columns) == ["respondent", "Exp_1", "Perc_1"] and list(out["respondent"]) == [101, 102]
    with pytest.raises(SurveyDataError) as caught:
        prepare(export, columns={"respondent": "guest"}, source="guests.csv")
    (problem,) = caught.value.problems
    assert (
        "'guest', not in the file" in problem.message
        and problem.hint == "the file has: Guest ID, Exp_1, Perc_1"
    )

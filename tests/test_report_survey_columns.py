"""The report reads survey exports under their own headers, mapped as `blueprint survey --columns` does."""

from __future__ import annotations

import json

import pytest

from blueprint.cli import main
from blueprint.errors import BlueprintError
from blueprint.report.pipeline import read_surveys
from blueprint.survey import kano, read_table
from blueprint.survey.analysis import SurveyRequest, run_survey
from blueprint.survey.column_mapping import parse_mapping
from blueprint.survey.errors import SurveyDataError
from conftest import DATA

FORMS = DATA / "survey" / "form-tool"  # a form tool's SERVQUAL export and a Kano export headed in Chinese
BRANCH = FORMS / "servqual-branch.csv"
ITEMS = FORMS / "servqual-branch-items.csv"
KANO_ZH = FORMS / "kano-emergency-zh.csv"
BANK = DATA / "services" / "bank-branch.yaml"

_TOPICS = ["Tangibles", "Reliability, accuracy", "Responsiveness", "Assurance"]
_SIDES = ("Expectation", "Perception")
SERVQUAL_MAP = ",".join(
    ["respondent=Response ID"]
    + [f"{s[0]}{i}=Q{i} - {s} ({t})" for i, t in enumerate(_TOPICS, 1) for s in _SIDES]
)
KANO_MAP = (
    "respondent=受访者编号,attribute=属性,"
    "functional=如果提供该功能，您的感受？,dysfunctional=如果不提供该功能，您的感受？"
)


def test_a_header_holding_a_comma_can_be_mapped():
    mapping = parse_mapping(SERVQUAL_MAP, what="--columns", commas_in_values=True)
    assert mapping["E2"] == "Q2 - Expectation (Reliability, accuracy)"
    assert mapping["P4"] == "Q4 - Perception (Assurance)"
    assert len(mapping) == 9


def test_a_name_mapped_twice_is_refused():
    with pytest.raises(SurveyDataError, match="gives E1 twice"):
        parse_mapping("E1=Q1 Exp,E1=Q1 Perc", what="--columns", commas_in_values=True)


def test_one_column_read_as_two_names_is_refused():
    with pytest.raises(SurveyDataError, match="reads the column 'Age' as both E1 and P1") as caught:
        read_table(BRANCH, columns={"E1": "Age", "P1": "age"})
    assert "servqual-branch.csv, row 1" in str(caught.value)


def test_the_report_reads_the_form_export_as_blueprint_survey_does():
    alone = run_survey(
        SurveyRequest("servqual", str(BRANCH), columns=SERVQUAL_MAP, instrument=str(ITEMS), progress=False)
    ).result
    results, notes = read_surveys([FORMS], columns=SERVQUAL_MAP + "," + KANO_MAP)
    report = results["servqual"]
    assert report.overall["unweighted"] == pytest.approx(alone.overall["unweighted"])
    assert list(report.dimensions["gap"]) == pytest.approx(list(alone.dimensions["gap"]))
    assert report.overall["n"] == 12
    # the Age column (up to 78) is no answer: the scale comes from the answer columns alone
    assert (
        "servqual-branch.csv: SERVQUAL, 12 respondents, items of servqual-branch-items.csv, scale 1-7"
        in notes
    )


def test_chinese_kano_headers_are_mapped():
    results, notes = read_surveys([KANO_ZH], columns=KANO_MAP)
    alone = kano(read_table(KANO_ZH, columns=parse_mapping(KANO_MAP, what="--columns")))
    got = results["kano"].attributes.set_index("attribute")["category"]
    assert got.to_dict() == alone.attributes.set_index("attribute")["category"].to_dict()
    assert "分诊护士五分钟内接诊" in got.index
    assert notes == ["kano-emergency-zh.csv: Kano, 8 respondents, Berger et al.'s category rule"]


def test_a_name_may_name_one_header_per_file(tmp_path):
    kano_again = tmp_path / "kano.csv"
    kano_again.write_text(KANO_ZH.read_text(encoding="utf-8").replace("受访者编号", "编号"), encoding="utf-8")
    results, _ = read_surveys(
        [BRANCH, ITEMS, kano_again], columns=SERVQUAL_MAP + "," + KANO_MAP.replace("受访者编号", "编号")
    )
    assert results["servqual"].overall["n"] == 12 and "kano" in results


def test_a_mapping_no_file_uses_is_refused_with_the_files_headers():
    with pytest.raises(BlueprintError) as caught:
        read_surveys([KANO_ZH], columns=KANO_MAP + ",importance=重要性")
    text = str(caught.value)
    assert "--survey-columns importance=重要性: no survey file has such a column" in text
    assert "kano-emergency-zh.csv: 受访者编号, 属性" in text


def test_an_unmapped_export_says_how_to_map_it():
    with pytest.raises(BlueprintError, match="cannot tell which survey") as caught:
        read_surveys([BRANCH])
    assert "--survey-columns NAME=HEADER" in str(caught.value)


def test_survey_prefixes_find_the_wide_columns(tmp_path):
    export = tmp_path / "exp-perc.csv"
    rows = ["Exp_1,Exp_2,Perc_1,Perc_2", "6,7,5,5", "7,6,6,4", "5,6,5,6", "6,6,4,5", "7,7,6,6"]
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    items = tmp_path / "items.csv"
    items.write_text("item,dimension\n1,reliability\n2,empathy\n", encoding="utf-8")
    results, notes = read_surveys([export, items], prefixes="Exp_,Perc_")
    assert results["servqual"].overall["unweighted"] == pytest.approx(-1.1)  # gaps -1.0 and -1.2
    assert "exp-perc.csv: SERVQUAL, 5 rows, items of items.csv, scale 1-7" in notes


@pytest.mark.graphviz
def test_cli_report_takes_survey_columns(tmp_path, capsys):
    out = tmp_path / "r.html"
    code = main(["report", str(BANK), "--survey", str(FORMS), "-o", str(out),
                 "--survey-columns", SERVQUAL_MAP + "," + KANO_MAP])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    page = out.read_text(encoding="utf-8")
    assert "servqual-branch.csv: SERVQUAL, 12 respondents" in page
    assert "kano-emergency-zh.csv: Kano, 8 respondents" in page
    assert "分诊护士五分钟内接诊" in page


def test_cli_survey_columns_need_a_survey(tmp_path, capsys):
    assert main(["report", str(BANK), "--survey-columns", KANO_MAP, "-o", str(tmp_path / "r.html")]) == 2
    assert "give --survey FILE too" in capsys.readouterr().err


def test_cli_survey_maps_a_header_holding_a_comma(capsys):
    code = main(["survey", "servqual", str(BRANCH), "--instrument", str(ITEMS),
                 "--columns", SERVQUAL_MAP, "--format", "json"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert json.loads(captured.out)["respondents"] == 12


def test_cli_check_reads_a_renamed_kano_export_for_gap_1(capsys):
    clinic = DATA / "services" / "clinic.yaml"
    assert main(["check", str(clinic), "--survey", str(KANO_ZH)]) == 1
    assert "--survey-columns NAME=HEADER" in capsys.readouterr().err
    main(["check", str(clinic), "--survey", str(KANO_ZH), "--survey-columns", KANO_MAP])
    assert "survey: kano-emergency-zh.csv: Kano, 8 respondents" in capsys.readouterr().err


def test_cli_bad_survey_prefixes_are_a_usage_error(tmp_path, capsys):
    argv = ["--survey", str(FORMS), "--survey-prefixes", "E"]
    assert main(["report", str(BANK), *argv, "-o", str(tmp_path / "r.html")]) == 2
    assert main(["check", str(BANK), *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("--survey-prefixes 'E': give two different prefixes") == 2 and "Traceback" not in err


def test_an_item_with_an_empty_factor_cell_is_linked_to_no_factor():
    from blueprint.survey import read_instrument

    instrument = read_instrument(ITEMS)  # the bank's item file: a factor column, every cell empty
    assert instrument.factor_of == {}
    run = run_survey(
        SurveyRequest("servqual", str(BRANCH), columns=SERVQUAL_MAP, instrument=str(ITEMS), progress=False)
    )
    assert "nan" not in json.dumps(run.result.to_dict())


def test_a_second_items_file_is_refused_and_a_lone_one_is_noted(tmp_path):
    other = tmp_path / "clinic-items.csv"
    other.write_text("item,dimension\n1,empathy\n", encoding="utf-8")
    with pytest.raises(BlueprintError, match="a second SERVQUAL items file"):
        read_surveys([FORMS, other], columns=SERVQUAL_MAP + "," + KANO_MAP)
    _, notes = read_surveys([other, KANO_ZH], columns=KANO_MAP)
    assert "clinic-items.csv: SERVQUAL items, but no SERVQUAL answers to use them with" in notes


def test_a_header_with_a_line_break_is_found_by_its_words(tmp_path):
    export = tmp_path / "forms.csv"
    export.write_text(
        'ID,"How did we do?\nIf present",If absent,Attribute\n'
        "1,I like it that way,I dislike it that way,online-booking\n"
        "2,It must be that way,I dislike it that way,online-booking\n",
        encoding="utf-8",
    )
    mapping = "respondent=ID,functional=How did we do? If present,dysfunctional=if absent,attribute=Attribute"
    results, _ = read_surveys([export], columns=mapping)
    assert list(results["kano"].attributes["attribute"]) == ["online-booking"]


def test_a_scale_the_answers_do_not_reach_can_be_given(tmp_path):
    # a 1-7 SERVQUAL where nobody answered 6 or 7, and a helpline's 1-10 rating beside 1-7 importance
    export = tmp_path / "sq.csv"
    export.write_text("E1,E2,P1,P2\n5,4,3,4\n4,5,2,3\n5,5,4,4\n", encoding="utf-8")
    items = tmp_path / "items.csv"
    items.write_text("item,dimension\n1,reliability\n2,assurance\n", encoding="utf-8")
    helpline = DATA / "survey" / "ipa-helpline-two-scales.csv"
    _, guessed = read_surveys([export, items])
    assert "sq.csv: SERVQUAL, 3 rows, items of items.csv, scale 1-5" in guessed
    results, notes = read_surveys([export, items, helpline], scales="servqual=1-7,importance=1-7")
    assert "sq.csv: SERVQUAL, 3 rows, items of items.csv, scale 1-7 (as given)" in notes
    assert results["ipa"].to_dict()["importance_scale"] == [1, 7]
    assert any(n.endswith("scale 1-10, importance scale 1-7 (as given)") for n in notes)


def test_cli_survey_scale_that_cannot_be_read_is_a_usage_error(tmp_path, capsys):
    argv = ["report", str(BANK), "--survey", str(KANO_ZH), "-o", str(tmp_path / "r.html")]
    assert main([*argv, "--survey-scale", "kano=1-5"]) == 2
    assert main([*argv, "--survey-scale", "ipa=1-x"]) == 2
    assert main(["report", str(BANK), "--survey-scale", "ipa=1-10"]) == 2
    err = capsys.readouterr().err
    assert "'kano' is no survey with a scale" in err
    assert "--survey-scale ipa=1-x: cannot read the scale '1-x'" in err
    assert "give --survey FILE too" in err and not (tmp_path / "r.html").exists()


def test_an_answer_off_a_given_scale_is_refused_naming_the_report_s_option():
    helpline = DATA / "survey" / "ipa-helpline-two-scales.csv"
    with pytest.raises(SurveyDataError) as caught:
        read_surveys([helpline], scales="ipa=1-7,importance=1-3")
    text = str(caught.value)
    assert "ipa-helpline-two-scales.csv, row 2, column Performance: 8 is outside the scale 1-7" in text
    assert "fix: declare the scale with --survey-scale, e.g. ipa=" in text
    assert "column Importance: 5 is outside the scale 1-3" in text and "e.g. importance=" in text
    assert " --scale" not in text and "--importance-scale" not in text

"""``blueprint survey``: every analysis from the command line, three formats, errors without tracebacks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from blueprint.cli import main

ROOT = Path(__file__).parent.parent
DATA = ROOT / "tests" / "data" / "survey"
EXAMPLES = ROOT / "examples" / "data" / "survey"
HOTEL = ROOT / "standards" / "hotel-stay.yaml"
WEIGHTS = "tangibles=15,reliability=30,responsiveness=25,assurance=15,empathy=15"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["survey", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_servqual_table_json_and_csv(capsys):
    code, out, _ = run(capsys, "servqual", str(DATA / "servqual-wide.csv"), "--weights", WEIGHTS)
    assert code == 0 and "dimensions" in out and "weighted" in out
    code, out, _ = run(capsys, "servqual", str(DATA / "servqual-wide.csv"), "--format", "json")
    doc = json.loads(out)
    assert doc["version"] == 1 and len(doc["items"]) == 22 and doc["respondents"] == 6
    code, out, _ = run(capsys, "servqual", str(DATA / "servqual-wide.csv"), "--format", "csv")
    assert out.splitlines()[0].startswith("level,item,dimension")
    assert {line.split(",")[0] for line in out.splitlines()[1:]} == {"items", "dimensions", "overall"}


def test_servqual_with_the_hotel_instrument_and_service(capsys):
    code, out, _ = run(
        capsys,
        "servqual",
        str(EXAMPLES / "servqual-hotel.csv"),
        "--instrument",
        str(EXAMPLES / "servqual-hotel-items.csv"),
        "--service",
        str(HOTEL),
        "--format",
        "json",
    )
    doc = json.loads(out)
    assert code == 0
    assert {"factors", "moments"} <= set(doc)
    assert min(doc["factors"], key=lambda f: f["gap"])["factor"] == "rs-on-time"


def test_output_file(tmp_path, capsys):
    target = tmp_path / "result.json"
    code, out, _ = run(
        capsys,
        "tolerance",
        str(DATA / "tolerance-means.csv"),
        "--scale",
        "1-9",
        "--format",
        "json",
        "-o",
        str(target),
    )
    assert code == 0 and out == ""
    assert json.loads(target.read_text())["items"][0]["position"] == "below"


def test_kano_chart_and_proposal_without_writing(tmp_path, capsys):
    service = tmp_path / "hotel.yaml"
    shutil.copy(HOTEL, service)
    before = service.read_text()
    chart = tmp_path / "kano.svg"
    code, out, _ = run(
        capsys, "kano", str(EXAMPLES / "kano-hotel.csv"), "--service", str(service), "--chart", str(chart)
    )
    assert code == 0
    assert "welcome-by-name: bpm performance -> motivation" in out and "--write-back" in out
    assert chart.read_text().startswith("<?xml")
    assert service.read_text() == before


def test_kano_write_back_saves(tmp_path, capsys):
    service = tmp_path / "hotel.yaml"
    shutil.copy(HOTEL, service)
    code, out, _ = run(
        capsys,
        "kano",
        str(EXAMPLES / "kano-hotel.csv"),
        "--service",
        str(service),
        "--write-back",
        "--format",
        "json",
    )
    doc = json.loads(out)
    assert code == 0 and doc["written"] is True and len(doc["proposals"]) == 2
    assert "bpm: indifferent" in service.read_text()


def test_ipa_and_sample_size(tmp_path, capsys):
    code, out, _ = run(
        capsys,
        "ipa",
        str(EXAMPLES / "ipa-hotel.csv"),
        "--importance",
        "correlation",
        "--crosshair",
        "0.2,5",
        "--chart",
        str(tmp_path / "ipa.png"),
    )
    assert code == 0 and "crosshair at chosen" in out
    assert (tmp_path / "ipa.png").read_bytes()[:4] == b"\x89PNG"
    code, out, _ = run(
        capsys,
        "sample-size",
        "--proportion",
        "0.5",
        "--margin",
        "0.05",
        "--population",
        "2000",
        "--format",
        "json",
    )
    assert json.loads(out)["n"] == 323


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["servqual", str(DATA / "servqual-bad-out-of-scale.csv")], "row 5, column P7: answer 9 is outside"),
        (["servqual", str(DATA / "servqual-wide.csv"), "--weights", "tangibles=50"], "no weight for"),
        (["servqual", "missing.csv"], "missing.csv: no such file"),
        (["servqual", str(DATA / "servqual-wide.csv"), "--columns", "respondent"], "write NAME=VALUE"),
        (["kano", str(DATA / "kano-bad-answer.csv")], "'love it' is not a Kano answer"),
        (["kano", str(DATA / "kano-words.csv"), "--service", "nowhere.yaml"], "nowhere.yaml"),
        (["tolerance", str(DATA / "servqual-wide.csv")], "needs the column 'item'"),
        (["ipa", str(DATA / "ipa-means.csv"), "--importance", "regression"], "'overall'"),
    ],
)
def test_bad_input_exits_1_with_a_message_not_a_traceback(capsys, argv, message):
    code, _out, err = run(capsys, *argv)
    assert code == 1
    assert message in err
    assert "Traceback" not in err and err.startswith(f"blueprint survey {argv[0]}:")


def test_usage_errors_exit_2(capsys):
    assert main(["survey", "kano", str(DATA / "kano-words.csv"), "--write-back"]) == 2
    assert "--write-back needs --service" in capsys.readouterr().err
    assert main(["survey", "ipa", str(DATA / "ipa-means.csv"), "--crosshair", "high"]) == 2

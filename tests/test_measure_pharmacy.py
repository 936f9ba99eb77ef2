"""A pharmacy counter measured on exports as real systems write them (tests/data/pharmacy).

One quirk per file: a German Excel CSV (BOM, ';', decimal commas, a totals row and blank
rows), stopwatch readings, day-first local times across the spring daylight-saving change,
a long export with a second header line and a misspelt metric, and answer times exported
in minutes where the metric is in seconds.
"""

from __future__ import annotations

import json
import shutil

import pytest

from blueprint.cli import main
from blueprint.io.load import load
from blueprint.measure import measure
from blueprint.measure.durations import word_seconds
from blueprint.measure.header_units import header_unit
from conftest import DATA

PHARMACY = DATA / "pharmacy"
COLUMNS = "queue-wait=Wait (min),dispense-time=Dispense Time"


def _copy(tmp_path):
    shutil.copytree(PHARMACY, tmp_path / "pharmacy")
    (tmp_path / "pharmacy" / "blueprint.toml").write_text("")
    return tmp_path / "pharmacy"


def test_diagnose_fails_and_says_why_when_standards_are_not_measured(tmp_path, capsys):
    folder = _copy(tmp_path)
    (folder / "exports" / "queue.csv").unlink()  # the queue system's export went missing
    code = main(["diagnose", str(folder / "pharmacy.yaml"), "--data", str(folder), "--columns", COLUMNS])
    said = capsys.readouterr()
    assert code == 1
    assert "BP334 standard 'queue-5min' is not measured" in said.err
    assert "BP345" in said.err and "phone-30s" in said.err  # minutes where seconds were meant
    assert "2 of 7 standards and promises not measured" in said.err
    assert "procedural" in said.out and "BP334" not in said.out  # the diagnosis itself stays clean


def test_diagnose_json_stays_parseable_with_the_findings_aside(tmp_path, capsys):
    folder = _copy(tmp_path)
    code = main(["diagnose", str(folder / "pharmacy.yaml"), "--data", str(folder), "--columns", COLUMNS,
                 "--format", "json"])  # fmt: skip
    said = capsys.readouterr()
    assert code == 1 and json.loads(said.out)["version"] == 1
    assert "BP345" in said.err


def test_diagnose_passes_what_the_user_allowed_knowingly(tmp_path, capsys):
    folder = _copy(tmp_path)
    (folder / "exports" / "queue.csv").unlink()
    code = main(["diagnose", str(folder / "pharmacy.yaml"), "--data", str(folder), "--columns", COLUMNS,
                 "--allow-unmeasured", "--no-scale-check"])  # fmt: skip
    said = capsys.readouterr()
    assert code == 0, said.err
    assert "warning BP334" in said.err  # still said, as a warning


def _checklist(tmp_path, yes, no, n_yes=35, n_no=2):
    """A hand-over checklist export: ``n_yes`` rows ticked ``yes`` and ``n_no`` written ``no``."""
    folder = _copy(tmp_path)
    lines = ["timestamp,site,id-checked,items-owed"]
    lines += [f"{1 + i % 28:02d}/04/2026 10:{i % 60:02d},Mitte,{yes},0" for i in range(n_yes)]
    lines += [f"{1 + i % 28:02d}/04/2026 11:{i % 60:02d},Mitte,{no},0" for i in range(n_no)]
    (folder / "exports" / "handover.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(("yes", "no"), [("OK", "NOK"), ("ok", "not ok"), ("OK", "KO"), ("Passed", "Failed")])
def test_a_checklist_written_ok_and_not_ok_fails_when_a_check_was_missed(tmp_path, yes, no):
    folder = _checklist(tmp_path, yes, no)
    result = measure(load(folder / "pharmacy.yaml"), data=folder, columns=COLUMNS)
    (row,) = [r for r in result.rows() if r["standard"] == "id-every-time"]
    assert (row["status"], row["observations"], row["met"]) == ("fail", 37, 35)


def test_a_european_excel_csv_with_decimal_commas_is_measured(tmp_path):
    """queue.csv: BOM, ';' between fields, '3,8' minutes, a totals row and two blank rows at the end."""
    folder = _copy(tmp_path)
    columns = f"{COLUMNS},timestamp=Time Stamp"  # the totals row has none: it is left out
    result = measure(load(folder / "pharmacy.yaml"), data=folder, columns=columns)
    (row,) = [r for r in result.rows() if r["standard"] == "queue-5min"]
    assert (row["status"], row["observations"], row["met"]) == ("fail", 40, 32)
    # the two blank lines (';;', empty in every column) are no rows: not an empty cell and its copy
    assert row["rows"] == 41 and row["excluded_why"] == "1 summary row"
    assert "queue-5min" not in result.unmeasured


@pytest.mark.parametrize(
    ("written", "read"),
    [("3,8", 3.8), ("-0,25", None), ("0,125", 0.125), ("12,5", 12.5), ("1,234", None), ("1.234,5", None)],
)
@pytest.mark.parametrize("backend", ["duckdb", "polars"])
def test_a_decimal_comma_is_read_only_where_it_cannot_be_a_thousands_separator(
    tmp_path, written, read, backend
):
    folder = _copy(tmp_path)  # quoted in a ',' file, which both engines read
    lines = ["Time Stamp,Branch,Wait (min)"] + [f'2026-04-01 10:{i:02d},Mitte,"{written}"' for i in range(30)]
    (folder / "exports" / "queue.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = measure(load(folder / "pharmacy.yaml"), data=folder, columns=COLUMNS, backend=backend)
    (row,) = [r for r in result.rows() if r["standard"] == "queue-5min"]
    if read is None:  # a negative wait is impossible; the others are not numbers
        assert row["observations"] == 0 and row["status"] == "no data"
    else:
        assert row["observations"] == 30 and row["observed"] == pytest.approx(read)


SPELT = [("1m 20s", 80), ("13m 25s", 805), ("2 min", 120), ("45 sec", 45), ("1h 5m", 3900), ("90s", 90),
         ("1 hr 20 mins", 4800), ("3 minutes 4 seconds", 184), ("1.5 h", 5400), ("5 months", None),
         ("m", None), ("1s 2m", None)]  # fmt: skip


@pytest.mark.parametrize(("text", "seconds"), SPELT)
def test_durations_spelt_with_unit_letters(text, seconds):
    assert word_seconds(text) == seconds


@pytest.mark.parametrize("backend", ["duckdb", "polars"])
def test_the_engines_read_durations_spelt_with_unit_letters_as_the_rule_says(tmp_path, backend):
    folder = _copy(tmp_path)
    lines = ["timestamp,Counter,Dispense Time"]
    lines += [f"2026-04-01 09:{i:02d},A,{text}" for i, (text, _) in enumerate(SPELT * 3)]
    (folder / "exports" / "stopwatch.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = measure(load(folder / "pharmacy.yaml"), data=folder, columns=COLUMNS, backend=backend)
    (row,) = [r for r in result.rows() if r["standard"] == "dispense-15min"]
    read = [s for _, s in SPELT if s is not None] * 3
    assert row["observations"] == len(read) and row["excluded_why"] == "9 not a number"
    assert row["met"] == sum(s <= 15 * 60 for s in read)


def test_a_stopwatch_log_mixing_m_ss_h_mm_ss_and_unit_letters(tmp_path):
    """stopwatch.csv: 14:14, 0:11:35 and 13m 25s in one column; '-', 'n/a' and an empty cell."""
    folder = _copy(tmp_path)
    result = measure(load(folder / "pharmacy.yaml"), data=folder, columns=COLUMNS)
    (row,) = [r for r in result.rows() if r["standard"] == "dispense-15min"]
    assert row["observations"] == 37 and row["excluded_why"] == "1 empty cell, 2 not a number"


def _finding(result, rule, source):
    (found,) = [f for f in result.findings if f.rule == rule and source in f.message]
    return found


def test_values_left_out_as_not_a_number_are_shown_in_the_finding(tmp_path):
    folder = _copy(tmp_path)
    result = measure(load(folder / "pharmacy.yaml"), data=folder, columns=COLUMNS)
    found = _finding(result, "BP342", "stopwatch.csv")
    assert found.message.endswith(
        "2 of 40 rows left out: not a number (dispense-time 2), e.g. '-', 'n/a' (first at line 7)"
    )
    assert (found.location.line, found.location.column) == (7, 20)


def test_a_long_export_shows_the_words_it_could_not_read_per_metric(tmp_path):
    folder = _copy(tmp_path)
    lines = ["timestamp,metric,value"]
    lines += [f"2026-04-01 09:{i:02d},advice-score,{4 + i % 2}" for i in range(30)]
    lines += ["2026-04-01 10:00,advice-score,gut", "2026-04-01 10:01,advice-score,sehr gut"]
    (folder / "exports" / "advice.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = measure(load(folder / "pharmacy.yaml"), data=folder, columns=COLUMNS)
    found = _finding(result, "BP342", "advice.csv")
    said = "2 of 32 rows left out: not a number (advice-score 2), e.g. 'gut', 'sehr gut' (first at line 32)"
    assert found.message.endswith(said)


def test_a_checklist_in_german_shows_its_words(tmp_path, capsys):
    folder = _checklist(tmp_path, "Ja", "Nein")
    code = main(["measure", str(folder / "pharmacy.yaml"), "--data", str(folder), "--columns", COLUMNS])
    out = capsys.readouterr().out
    assert code == 1 and "37 of 37 rows left out: not a number (id-checked 37), e.g. 'Ja', 'Nein'" in out


def test_a_check_written_neither_yes_nor_no_fails_the_run_instead_of_passing_on_the_rest(tmp_path, capsys):
    folder = _checklist(tmp_path, "yes", "missed", n_yes=40, n_no=2)
    code = main(["measure", str(folder / "pharmacy.yaml"), "--data", str(folder), "--columns", COLUMNS,
                 "--allow-unmeasured", "--no-scale-check"])  # fmt: skip
    out = capsys.readouterr().out
    assert "id-every-time          pass" in out  # the 40 checks that read all passed ...
    assert "error BP342 source 'exports/handover.csv' column 'id-checked': 2 of 42 rows" in out
    assert "may be a check that failed" in out and "e.g. 'missed'" in out
    assert code == 1  # ... and the run is not green on them


def test_a_count_written_as_text_stays_a_warning(tmp_path):
    folder = _checklist(tmp_path, "yes", "no")
    path = folder / "exports" / "handover.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",yes,0\n", ",yes,n/a\n", 1), encoding="utf-8")
    result = measure(load(folder / "pharmacy.yaml"), data=folder, columns=COLUMNS)
    assert _finding(result, "BP342", "handover.csv").severity.value == "warning"


def test_a_header_written_with_spaces_is_found_for_its_role_and_metric(tmp_path):
    """'Time Stamp' is the timestamp and 'Queue Wait' the metric queue-wait, unmapped: the totals row,
    which sums the waits, is then left out instead of counted as a patient who waited 130 minutes."""
    folder = _copy(tmp_path)
    path = folder / "exports" / "queue.csv"
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text.replace("Wait (min)", "Queue Wait"), encoding="utf-8")
    result = measure(load(folder / "pharmacy.yaml"), data=folder, by="month")
    rows = [r for r in result.rows() if r["standard"] == "queue-5min"]
    assert [(r["month"], r["observations"]) for r in rows] == [("2026-03", 40), ("(none)", 0)]
    assert "1 summary row" in rows[1]["excluded_why"]


def test_two_headers_alike_but_for_spaces_are_not_guessed_between(tmp_path):
    from blueprint.measure.columns import spelt

    assert spelt("timestamp", ["Time Stamp", "time_stamp"]) == "timestamp"
    assert spelt("timestamp", ["Timestamp", "time stamp"]) == "Timestamp"  # the letter case decides first


def _phone(folder, header, waits):
    lines = [f"timestamp,{header}"] + [
        f"2026-04-01 {8 + i // 10:02d}:{i % 10 * 5:02d},{w}" for i, w in enumerate(waits)
    ]
    (folder / "exports" / "phone.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_waits_exported_in_minutes_under_a_header_saying_so_do_not_pass_a_seconds_standard(tmp_path, capsys):
    """Calls waited 20 s to 2 minutes: close enough to the 30-second target for the unit heuristic
    to believe them seconds, and every one would 'pass'. The header says minutes."""
    folder = _copy(tmp_path)
    _phone(folder, "Answer (min)", [round(0.3 + i % 18 / 10, 1) for i in range(60)])
    code = main(["measure", str(folder / "pharmacy.yaml"), "--data", str(folder), "--columns",
                 f"{COLUMNS},phone-answer=Answer (min)", "--format", "json"])  # fmt: skip
    document = json.loads(capsys.readouterr().out)
    assert code == 1 and document["unmeasured"]["phone-30s"] == "no data"
    (found,) = [f for f in document["findings"] if f["rule"] == "BP345"]
    assert found["severity"] == "error" and found["file"].endswith("phone.csv")
    assert "column 'Answer (min)' says its values are in minutes, but metric 'phone-answer' is recorded in " \
           "seconds" in found["message"]  # fmt: skip
    assert found["hint"].startswith("set the metric's unit: minutes in the service file")


@pytest.mark.parametrize("header", ["Answer (s)", "Answer [sec]", "Answer (m:ss)", "Answer"])
def test_a_header_in_the_metrics_unit_or_naming_none_is_read(tmp_path, header):
    folder = _copy(tmp_path)
    _phone(folder, header, [12 + i % 30 for i in range(60)])
    result = measure(load(folder / "pharmacy.yaml"), data=folder, columns=f"{COLUMNS},phone-answer={header}")
    (row,) = [r for r in result.rows() if r["standard"] == "phone-30s"]
    assert row["observations"] == 60 and not [f for f in result.findings if f.rule == "BP345"]


def test_a_long_export_whose_value_column_names_another_unit_stops_its_duration_metrics(tmp_path):
    folder = _copy(tmp_path)
    lines = ["timestamp,metric,Value (min)"] + [f"2026-04-01 09:{i:02d},phone-answer,0.5" for i in range(40)]
    (folder / "exports" / "phone.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = measure(load(folder / "pharmacy.yaml"), data=folder, columns=f"{COLUMNS},value=Value (min)")
    assert result.unmeasured["phone-30s"] == "no data"
    assert [f.rule for f in result.findings if "phone.csv" in f.message] == ["BP345"]
    (other,) = [f for f in result.findings if "advice.csv" in f.message]  # --columns value= is for all
    assert other.rule == "BP341" and "'_bp_copy'" not in other.hint  # Blueprint's own column is not shown


@pytest.mark.parametrize(
    ("header", "unit"),
    [("Wait (min)", "minutes"), ("Answer [s]", "seconds"), ("Time (in hours)", "hours"),
     ("Lead (days)", "days"), ("Wait (m:ss)", None), ("Wait", None), ("Score (1-5)", None),
     ("Wait (min) (s)", None)],
)  # fmt: skip
def test_the_unit_a_header_names(header, unit):
    assert header_unit(header) == unit


def _hostile_sites(tmp_path):
    """A hand-over log whose site names carry a terminal escape sequence and a line break."""
    folder = _copy(tmp_path)
    lines = ["timestamp,site,id-checked,items-owed"]
    for i in range(36):
        site = "Mitte\x1b[2J" if i % 2 else '"Bahn\nhof"'
        lines.append(f"{1 + i % 28:02d}/04/2026 10:{i:02d},{site},{'no' if i == 1 else 'yes'},0")
    (folder / "exports" / "handover.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_site_names_from_the_data_are_shown_not_obeyed_in_the_terminal(tmp_path, capsys):
    folder = _hostile_sites(tmp_path)
    main(["measure", str(folder / "pharmacy.yaml"), "--data", str(folder), "--columns", COLUMNS,
          "--by", "site", "--min-observations", "5"])  # fmt: skip
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "id-every-time  Mitte\\x1b[2J  fail" in out and "id-every-time  Bahn\\nhof" in out
    assert "not met in 1 of 2 groups: Mitte\\x1b[2J: 94.4% of 18 true" in out


def test_a_site_name_with_a_line_break_is_quoted_in_the_csv(tmp_path, capsys):
    import csv
    import io

    folder = _hostile_sites(tmp_path)
    main(["measure", str(folder / "pharmacy.yaml"), "--data", str(folder), "--columns", COLUMNS,
          "--by", "site", "--min-observations", "5", "--format", "csv"])  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    sites = {r["site"] for r in rows if r["standard"] == "id-every-time"}
    assert sites == {"Bahn\nhof", "Mitte\x1b[2J"}  # the data kept as they are, each row whole
    assert all(r["kind"] in ("standard", "promise") for r in rows)


def test_the_csv_of_outcomes_read_one_by_one_is_quoted_as_well(tmp_path):
    import csv
    import io

    folder = _hostile_sites(tmp_path)
    result = measure(
        load(folder / "pharmacy.yaml"), data=folder, columns=COLUMNS, by="site", min_observations=5
    )
    assert result.outcomes[0].id  # made into records: the CSV is then written from them
    rows = list(csv.DictReader(io.StringIO(result.to_csv())))
    assert {r["site"] for r in rows if r["standard"] == "id-every-time"} == {"Bahn\nhof", "Mitte\x1b[2J"}


def test_diagnose_shows_site_names_from_the_data_as_escapes(tmp_path, capsys):
    folder = _hostile_sites(tmp_path)
    main(["diagnose", str(folder / "pharmacy.yaml"), "--data", str(folder), "--columns", COLUMNS,
          "--by", "site", "--min-observations", "5"])  # fmt: skip
    said = capsys.readouterr()
    assert "\x1b" not in said.out + said.err
    assert said.out.splitlines()[1].startswith("Bahn\\nhof ")


def test_a_metric_column_misspelt_in_a_wide_export_is_named_with_the_closest_header(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "exports" / "handover.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("id-checked", "ID checkd", 1), encoding="utf-8")
    result = measure(load(folder / "pharmacy.yaml"), data=folder, columns=COLUMNS)
    found = _finding(result, "BP341", "handover.csv")
    assert found.severity.value == "error" and found.location.file.endswith("handover.csv")
    assert "no column 'id-checked' for metric 'id-checked' (did you mean 'ID checkd'?)" in found.message
    assert found.hint.startswith("rename the column, or map yours: --columns id-checked=NAME")
    assert result.unmeasured == {"id-every-time": "no data", "phone-30s": "implausible"}
    (owed,) = [r for r in result.rows() if r["standard"] == "owed-none"]
    assert owed["observations"] == 39  # the other metric of the file is measured


def test_findings_name_the_columns_as_the_export_spells_them(tmp_path):
    folder = _copy(tmp_path)
    queue = folder / "exports" / "queue.csv"
    queue.write_text(queue.read_text(encoding="utf-8-sig").replace("Total;", ";Mitte;2,0\nTotal;"), "utf-8")
    result = measure(load(folder / "pharmacy.yaml"), data=folder, by="month", columns="queue-wait=Wait (min)")
    said = [f.message for f in result.findings if f.rule in ("BP342", "BP349")]
    # 42 rows: the two blank lines at the end (";;") are no rows
    assert any("'exports/queue.csv' column 'Time Stamp': 1 of 42 rows left out: missing timestamp" in m
               for m in said)  # fmt: skip
    assert any("'exports/stopwatch.csv' column 'Dispense Time': 2 of 40 rows" in m for m in said)
    columns = {(e["source"], e["column"]) for e in result.exclusions}
    assert ("exports/stopwatch.csv", "Dispense Time") in columns and (
        "exports/queue.csv",
        "Time Stamp",
    ) in columns

"""Outcomes kept as columns: the same outcomes, findings and outputs as one object per group.

A bank branch measured by site and month over data the way exports come (a
typo in a metric name, values in the wrong unit, copies, blanks, text in the
value column, a missing timestamp, a source file that is not there), on
DuckDB and on Polars: every field of every outcome made from the columns
equals the outcome made group by group the way the measurement made them
before (tests/measure_reference.py), and so do the verdict findings, the
JSON and the CSV.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import random

import pytest

import blueprint.measure.ibis_queries as ibis_queries
from blueprint.io.load import load
from blueprint.measure import measure
from blueprint.measure.outcome_table import OutcomeTable
from blueprint.measure.specs import compile_specs
from blueprint.measure.verdicts import finish
from measure_reference import as_lists, outcomes

BANK = """\
version: 1
service: {id: branch, title: Bank branch}
metrics:
  - {id: queue, title: Wait in the queue, quantity: duration, unit: seconds}
  - {id: teller, title: Time at the counter, quantity: duration, unit: seconds}
  - {id: correct, title: Transaction right first time, quantity: binary, unit: boolean}
  - {id: rating, title: Customer rating, quantity: score, unit: score, scale: [1, 5]}
  - {id: callback, title: Time to call back, quantity: duration, unit: seconds}
  - {id: rings, title: Rings before the phone is answered, quantity: count, unit: count}
  - {id: hold, title: Time on hold, quantity: duration, unit: seconds}
moments:
  - id: counter
    title: At the counter
    stage: in-service
    next: []
    factors:
      - {id: speed, title: Quick service, element: people, sub_item: attentiveness}
standards:
"""

STANDARDS = [
    ("queue-5", "queue", "<=", 5, "minutes", 0.9, "each", "visits.csv"),
    ("queue-3", "queue", "<", 180, "seconds", 0.75, "each", "visits.csv"),
    ("queue-median", "queue", "<=", 4, "minutes", None, "median", "visits.csv"),
    ("queue-mean", "queue", "<=", 240, "seconds", None, "mean", "visits.csv"),
    ("teller-3", "teller", "<=", 3, "minutes", 0.9, "each", "visits.csv"),
    ("right-first", "correct", "==", "true", "boolean", 0.98, "each", "visits.csv"),
    ("rated-4", "rating", ">=", 4, "score", 0.8, "each", "visits.csv"),
    ("call-back", "callback", "<=", 2, "hours", 0.9, "each", "visits.csv"),
    ("answer-3", "rings", "<=", 3, "count", 0.9, "each", "calls.csv"),
    ("hold-1", "hold", "<=", 1, "minutes", 0.9, "each", "hold.csv"),
]
PROMISE = """\
promises:
  - id: five-minutes
    channel: poster
    text: Seen within five minutes.
    standard: queue-5
    claims: {value: 5, unit: minutes}
"""
#: the visits export's own header
HEADER = "timestamp=Timestamp,site=Site,metric=Metric,value=Value"
SITES = ["harbour", "old town", "airport", "mall", "campus", "station"]


def _service(folder, standards=STANDARDS):
    text = BANK
    for sid, metric, comparator, target, unit, share, statistic, source in standards:
        text += (
            f"  - id: {sid}\n    factors: [speed]\n    statement: {sid}\n    metric: {metric}\n"
            f'    comparator: "{comparator}"\n    target: {target}\n    unit: {unit}\n'
            + (f"    share: {share}\n" if share is not None else "")
            + f"    statistic: {statistic}\n    measurement: {{method: system-log, source: {source}}}\n"
        )
    (folder / "bank.yaml").write_text(text + PROMISE, encoding="utf-8")
    (folder / "pyproject.toml").touch()
    return load(folder / "bank.yaml")


def _value(rng, metric):
    if metric == "queue":
        return f"{rng.expovariate(1 / 150):.1f}"
    if metric == "teller":  # exported in minutes though the metric says seconds
        return f"{rng.uniform(1, 4):.2f}"
    if metric == "correct":
        return rng.choice(["yes", "yes", "yes", "no", "1", "true"])
    if metric == "rating":
        return str(rng.randint(1, 5))
    return str(rng.randint(0, 6))


def _data(folder, seed=7):
    """Visits and calls per site and month, from a handful to a hundred a group, with the usual faults."""
    rng = random.Random(seed)
    lines, calls = ["Timestamp,Site,Metric,Value"], ["Timestamp,Site,Metric,Value"]
    for month in range(1, 13):
        for site in SITES:
            for metric in ("queue", "teller", "correct", "rating"):
                for _ in range(rng.choice([0, 2, 12, 35, 60, 100])):
                    day, hour, minute = rng.randint(1, 28), rng.randint(8, 17), rng.randint(0, 59)
                    stamp = f"2025-{month:02d}-{day:02d} {hour:02d}:{minute:02d}"
                    lines.append(f"{stamp},{site},{metric},{_value(rng, metric)}")
                    if rng.random() < 0.03:  # sent twice
                        lines.append(lines[-1])
            for _ in range(rng.choice([1, 20, 45])):
                day, minute = rng.randint(1, 28), rng.randint(0, 59)
                calls.append(f"2025-{month:02d}-{day:02d} 09:{minute:02d},{site},rings,{rng.randint(0, 6)}")
    lines += [
        "2025-03-04 10:00,harbour,queue,-12",
        "2025-03-04 10:01,harbour,queue,",
        "2025-03-04 10:02,harbour,queue,2 min",
        ",harbour,queue,30",
        "2025-05-05 11:00,mall,queu,44",
        "2025-05-05 11:01,,queue,70",
        '2025-05-05 11:02,"Quay, ""north"" side",queue,70',  # a name CSV has to quote
    ]
    (folder / "visits.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "calls.csv").write_text("\n".join(calls) + "\n", encoding="utf-8")


@pytest.fixture
def folds(monkeypatch):
    """Every query result the measurement folds, kept as lists for the reference."""
    seen = []
    real = ibis_queries.fold

    def recording(column, n, specs, qs, width):
        seen.append((as_lists(column), n, list(specs), list(qs), width))
        return real(column, n, specs, qs, width)

    monkeypatch.setattr(ibis_queries, "fold", recording)
    return seen


def _fields(o):
    return [(f.name, getattr(o, f.name)) for f in dataclasses.fields(o)]


@pytest.mark.parametrize("backend", ["duckdb", "polars"])
@pytest.mark.parametrize("by", ["site,month", "month", ""])
def test_columns_give_the_outcomes_one_object_per_group_gave(tmp_path, folds, backend, by):
    service = _service(tmp_path)
    _data(tmp_path)
    result = measure(service, by=by, backend=backend, min_observations=30, columns=HEADER)
    table = result.outcomes
    assert isinstance(table, OutcomeTable)
    size = len(table)
    json_text, csv_text, text, counts = result.to_json(), result.to_csv(), result.to_text(), result.counts()
    assert table.columnar, "len(), the counts, JSON, CSV and text read the columns; no outcome was made"

    specs, _ = compile_specs(service, promises=True)
    keys = tuple(k for k in by.split(",") if k)
    expected = outcomes(folds, specs, keys)
    found = finish(service, expected, specs, 30, 0.95, True, {})
    assert size == len(expected) > (500 if len(keys) == 2 else 10)
    statuses = {o.status for o in expected}
    assert {"pass", "fail", "no data", "implausible"} <= statuses
    assert keys == () or "too few" in statuses
    assert any(o.excluded for o in expected) and any(o.duplicates for o in expected)
    assert any(o.observed is not None and o.statistic == "each" for o in expected)

    for new, old in zip(table, expected, strict=True):
        assert _fields(new) == _fields(old)
    verdicts = [f for f in result.findings if f.rule in ("BP330", "BP331", "BP333", "BP345")]
    assert [(f.rule, f.subject, f.message) for f in verdicts] == [
        (f.rule, f.subject, f.message) for f in found
    ]
    assert counts == {s: sum(o.status == s for o in expected) for s in counts}

    rows = [o.as_row() for o in expected]
    assert json.loads(json_text)["results"] == rows
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(csv_text.splitlines()[0].split(",")), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    assert csv_text == out.getvalue()
    assert not table.columnar and result.to_text() == text  # now written outcome by outcome


def test_a_changed_outcome_is_what_the_writers_write(tmp_path):
    """Once the outcomes are read one by one they are the result: a change to one shows in the outputs."""
    service = _service(tmp_path)
    _data(tmp_path)
    result = measure(service, by="site", columns=HEADER)
    first = result.outcomes[0]
    assert not result.outcomes.columnar
    first.status = "fail"
    assert result.rows()[0]["status"] == "fail"
    assert result.counts()["fail"] == sum(o.status == "fail" for o in result.outcomes)


@pytest.mark.parametrize("keep", [("month",), ("site",), ()])
def test_rolled_up_columns_give_what_rolled_up_outcomes_give(tmp_path, keep):
    """The report's coarser views, added up from the columns, equal those added up outcome by outcome."""
    from blueprint.measure.rollup import roll_up

    _data(tmp_path)
    medians = _service(tmp_path)
    assert roll_up(measure(medians, by="site,month", columns=HEADER, percentile=False), medians, keep) is None
    service = _service(tmp_path, [s for s in STANDARDS if s[6] == "each"])
    runs = [measure(service, by="site,month", columns=HEADER, percentile=False) for _ in range(2)]
    table = runs[0].outcomes
    objects = dataclasses.replace(runs[1], outcomes=list(runs[1].outcomes))  # outcome by outcome
    rolled, expected = roll_up(runs[0], service, keep), roll_up(objects, service, keep)
    assert isinstance(rolled.outcomes, OutcomeTable) and table.columnar
    csv_text = rolled.to_csv()
    assert rolled.outcomes.columnar
    assert csv_text == expected.to_csv()
    assert len(rolled.outcomes) == len(expected.outcomes) >= (40 if keep else 8)
    for new, old in zip(rolled.outcomes, expected.outcomes, strict=True):
        assert _fields(new) == _fields(old)
    assert [(f.rule, f.message) for f in rolled.findings] == [(f.rule, f.message) for f in expected.findings]


def test_a_grouping_key_named_like_a_field_is_written_as_the_record_says(tmp_path):
    """A site column grouped as ``unit``: each record is written as the outcome's dict is, field after key."""
    from blueprint.measure.table_out import plain

    service = _service(tmp_path)
    _data(tmp_path)
    columns = "timestamp=Timestamp,unit=Site,metric=Metric,value=Value"
    fresh, objects = (measure(service, by="unit", columns=columns) for _ in range(2))
    rows = [o.as_row() for o in objects.outcomes]
    assert not plain(fresh.outcomes) and len(rows) > 20
    assert json.loads(fresh.to_json())["results"] == rows
    assert fresh.to_csv() == objects.to_csv()


def test_numbers_are_written_as_the_json_encoder_writes_them():
    """Each distinct number written once as its repr; negative zero, NaN and infinities as JSON has them."""
    import numpy as np

    from blueprint.measure.result import _dumps
    from blueprint.measure.table_out import _numbers

    values = [0.95, 0.1 + 0.2, 0.95, float("nan"), float("inf"), 1e-300, 2.0]
    assert _numbers(np.array(values), _dumps) == [_dumps(None if v != v else v) for v in values]
    signed = [0.0, -0.0, 3.5, float("nan")]
    assert _numbers(np.array(signed), _dumps) == ["0.0", "-0.0", "3.5", "null"]


@pytest.mark.parametrize("backend", ["duckdb", "polars"])
def test_a_kept_querys_lists_fold_as_arrow_columns_do(tmp_path, monkeypatch, backend):
    """A kept query with few groups is read as Python lists, without Arrow: it folds to the same columns."""
    import numpy as np

    from blueprint.measure.fold import fold

    monkeypatch.setenv("BLUEPRINT_CACHE", "off")  # compiled afresh: the result comes as Arrow
    seen = []
    real = ibis_queries.fold

    def recording(column, n, specs, qs, width):
        seen.append((column, n, specs, qs, width))
        return real(column, n, specs, qs, width)

    monkeypatch.setattr(ibis_queries, "fold", recording)
    _data(tmp_path)
    measure(_service(tmp_path), by="site,month", backend=backend, columns=HEADER)
    assert len(seen) == 2 and all(not isinstance(v, list) for v in seen[0][0].values())
    for column, n, specs, qs, width in seen:
        arrow, lists = fold(column, n, specs, qs, width), fold(as_lists(column), n, specs, qs, width)
        for name, a, b in zip(arrow._fields, arrow, lists, strict=True):
            same = np.array_equal(a, b, equal_nan=True) if isinstance(a, np.ndarray) else a == b
            assert same, name


def test_the_querys_rows_in_any_order_fold_to_the_same_groups_in_key_order(tmp_path, folds):
    """The query does not sort: its rows come as the engine's threads finish them. A spec's groups
    still come in the order of their keys (a missing site last), whatever order the rows arrive in."""
    import numpy as np

    from blueprint.measure.fold import fold

    _data(tmp_path)
    measure(_service(tmp_path), by="site,month", columns=HEADER)
    column, n, specs, qs, width = folds[0]
    assert None in column["_bp_k0"], "the data has a row without a site"
    folded = [fold(column, n, specs, qs, width)]
    for seed in (1, 2):
        order = list(range(n))
        random.Random(seed).shuffle(order)
        folded.append(fold({k: [v[i] for i in order] for k, v in column.items()}, n, specs, qs, width))
    for other in folded[1:]:
        for name, a, b in zip(folded[0]._fields, folded[0], other, strict=True):
            same = np.array_equal(a, b, equal_nan=True) if isinstance(a, np.ndarray) else a == b
            assert same, name
    keys = folded[0].keys
    assert keys[-1][0] is None and keys == sorted(keys, key=lambda k: [(v is None, v or 0) for v in k])
    spec, group = folded[0].spec, folded[0].group
    mine = spec >= 0
    assert (
        np.all(np.diff(spec[mine]) >= 0) and np.all(spec[~mine] == -1) and not np.any(mine[np.argmin(mine) :])
    )
    for s in np.unique(spec[mine]).tolist():
        assert np.all(np.diff(group[spec == s]) > 0), "each spec's groups in the order of their keys"


def test_arrow_columns_are_read_from_their_buffers_as_arrow_reads_them():
    import duckdb
    import numpy as np

    from blueprint.measure.fold import _plain

    table = duckdb.sql("""
        SELECT CASE WHEN i % 4 = 0 THEN NULL ELSE i / 3 END AS mean,
               CASE WHEN i % 5 = 1 THEN NULL ELSE i * 1000 END AS met
        FROM range(70) AS t(i)
    """).to_arrow_table()  # fmt: skip
    for part in (table, table.slice(13, 40), table.slice(69)):  # a slice starts inside the buffers
        for name, missing in (("mean", np.nan), ("met", 0)):
            want = [missing if v is None else v for v in part.column(name).to_pylist()]
            assert np.array_equal(_plain(part.column(name), missing), np.array(want), equal_nan=True)
    with pytest.raises(TypeError, match="bool"):  # one bit a value: no NumPy view of numbers
        _plain(duckdb.sql("SELECT i % 2 = 0 AS even FROM range(9) AS t(i)").to_arrow_table().column("even"))

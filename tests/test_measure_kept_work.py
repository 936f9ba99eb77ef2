"""Work kept between measurements of the same service in one process: specs, their key, their table."""

from __future__ import annotations

import pandas as pd

from blueprint.measure import measure, query_cache
from blueprint.measure.duck import _database
from blueprint.measure.memo import IdentityMemo, specs_digest
from blueprint.measure.spec_table import SPEC_TABLE, make_spec_table, spec_columns
from blueprint.measure.specs import compile_specs
from measure_helpers import private_cache, service, standard  # noqa: F401 (the fixture keeps each cache private)


def _clinic(tmp_path):
    """A clinic's front desk: waits at registration, each standard on its own metric."""
    frame = pd.DataFrame(
        {
            "timestamp": pd.date_range("2025-03-01 08:00", periods=60, freq="37min"),
            "site": ["north", "south", "east"] * 20,
            "metric": "wait",
            "value": [120.0, 200.0, 90.0, 400.0, 150.0, 60.0] * 10,
        }
    )
    frame.to_csv(tmp_path / "obs.csv", index=False)
    register, triage = standard("register-5min", target=5, share=0.8), standard("triage-3min", target=3)
    return service(tmp_path, register, triage)


def test_the_same_service_gives_the_same_spec_objects(tmp_path):
    svc = _clinic(tmp_path)
    first, _ = compile_specs(svc)
    again, _ = compile_specs(svc)
    assert again == first
    assert all(a is b for a, b in zip(again, first, strict=True))  # kept, not made again
    again.pop()  # the caller's list is its own
    assert len(compile_specs(svc)[0]) == len(first)


def test_a_standard_changed_in_memory_gives_new_specs(tmp_path):
    svc = _clinic(tmp_path)
    before, _ = compile_specs(svc)
    svc.standards["triage-3min"] = svc.standards["triage-3min"].model_copy(update={"target": 7})
    after, _ = compile_specs(svc)
    assert [s.target for s in after] != [s.target for s in before]
    assert {s.id: s.target for s in after}["triage-3min"] == 420.0  # 7 minutes in the data's seconds
    assert compile_specs(svc, promises=False)[0] == after  # no promises here: same specs either way


def test_the_kept_query_key_is_the_same_for_equal_specs_and_differs_for_others(tmp_path):
    svc = _clinic(tmp_path)
    con = _database().cursor()
    con.execute(f"CREATE OR REPLACE TEMP VIEW obs_view AS SELECT * FROM read_csv('{tmp_path / 'obs.csv'}')")
    from blueprint.measure.columns import Columns
    from blueprint.measure.duck import View

    view = View("obs_view", "csv")
    specs, _ = compile_specs(svc)
    copies = [type(s)(**s.__dict__) for s in specs]  # equal, not the same objects
    one = query_cache.key(con, view, specs, Columns(), ("site",), (True, True))
    assert query_cache.key(con, view, copies, Columns(), ("site",), (True, True)) == one
    changed = [copies[0], type(copies[1])(**{**copies[1].__dict__, "target": 1.0})]
    assert query_cache.key(con, view, changed, Columns(), ("site",), (True, True)) != one


def _spec_tables(con):
    rows = con.execute("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE ?", [f"{SPEC_TABLE}_%"])
    return {row[0] for row in rows.fetchall()}


def test_the_spec_table_is_made_once_and_each_connection_sees_its_own_specs(tmp_path):
    svc = _clinic(tmp_path)
    specs, _ = compile_specs(svc)
    one, two = _database().cursor(), _database().cursor()
    make_spec_table(one, specs)
    made = _spec_tables(one)
    assert f"{SPEC_TABLE}_{specs_digest(specs)[:32]}" in made  # kept on the database, named by its specs
    make_spec_table(two, specs)
    assert _spec_tables(two) == made  # the second connection reuses the table
    other = specs[:1]
    make_spec_table(one, other)
    want = [tuple(row) for row in zip(*spec_columns(specs).values(), strict=True)]
    assert two.execute(f'SELECT * FROM "{SPEC_TABLE}" ORDER BY 1').fetchall() == want
    assert len(one.execute(f'SELECT * FROM "{SPEC_TABLE}"').fetchall()) == 1


def test_measuring_twice_in_one_process_gives_the_same_result(tmp_path):
    svc = _clinic(tmp_path)
    first = measure(svc, by="site,month")
    again = measure(svc, by="site,month")
    assert again.rows() == first.rows()
    assert [str(f) for f in again.findings] == [str(f) for f in first.findings]
    assert len(first.rows()) == 6


def test_an_identity_memo_keeps_only_the_last_few_and_tells_objects_apart():
    memo: IdentityMemo[int] = IdentityMemo(2)
    calls = []
    a, b, c = object(), object(), object()

    def count(n):
        calls.append(n)
        return n

    assert memo.get(((a,),), lambda: count(1)) == 1
    assert memo.get(((a,),), lambda: count(2)) == 1
    assert memo.get(((a,), (b,)), lambda: count(3)) == 3  # other groups, other value
    assert memo.get(((a, b),), lambda: count(4)) == 4
    assert memo.get(((c,),), lambda: count(5)) == 5  # pushes out the oldest
    assert memo.get(((a,),), lambda: count(6)) == 6
    assert calls == [1, 3, 4, 5, 6]


def test_rows_ordered_by_owner_then_value_as_a_lexical_sort_orders_them():
    import numpy as np

    from blueprint.measure.verdicts import by_owner_then_value

    rng = np.random.default_rng(7)
    for size in (3, 40_000):  # 16-bit owners, and more specs than fit in 16 bits
        owner = rng.integers(0, size, 5000)
        values = rng.integers(0, 50, 5000).astype(float)  # many ties, as stopwatch times give
        values[::97] = np.nan
        order = by_owner_then_value(owner, values, size)
        want = np.lexsort((values, owner))
        assert sorted(order.tolist()) == list(range(5000))
        assert owner[order].tolist() == owner[want].tolist()
        assert np.array_equal(values[order], values[want], equal_nan=True)


def test_each_specs_first_chosen_outcomes_are_listed_as_a_loop_lists_them():
    import numpy as np

    from blueprint.measure.verdicts import _firsts

    rng = np.random.default_rng(5)
    for _ in range(200):
        size = int(rng.integers(1, 7))
        spec = np.sort(rng.integers(0, size, int(rng.integers(0, 40))))  # the table is in spec order
        chosen = rng.random(len(spec)) < rng.random()
        first = int(rng.integers(1, 6))
        counts, listed = _firsts(spec, chosen, size, first)
        mine = [[j for j in range(len(spec)) if spec[j] == i and chosen[j]] for i in range(size)]
        assert counts == [len(m) for m in mine]
        assert listed == [m[:first] for m in mine]


def test_a_far_median_is_told_without_sorting_as_the_weighted_median_tells_it():
    import numpy as np

    from blueprint.measure.scale import FAR, weighted_median
    from blueprint.measure.verdicts import far_medians

    rng = np.random.default_rng(11)
    # Ratios at and around both edges (1/FAR and FAR), far beyond, and near 1; weights as group sizes.
    edges = np.array([1 / FAR, FAR, 0.001, 0.5, 1.0, 2.0, 400.0, np.nextafter(FAR, 99), np.inf])
    for _ in range(200):
        size, n = int(rng.integers(1, 6)), int(rng.integers(1, 30))
        owner = rng.integers(0, size, n)
        ratio = rng.choice(edges, n)
        weights = rng.integers(1, 9, n)
        got = far_medians(owner, ratio, weights, size)
        for s in range(size):
            mine = [(float(r), int(w)) for r, w, o in zip(ratio, weights, owner, strict=True) if o == s]
            median = weighted_median(mine)
            assert got[s] == (median is not None and not 1 / FAR <= median <= FAR), (mine, median)


def test_one_source_in_order_is_joined_as_it_is_and_as_the_general_join_makes_it(tmp_path):
    import numpy as np

    from blueprint.measure.outcome_table import OutcomeTable

    svc = _clinic(tmp_path)
    table = measure(svc, by="site,month").outcomes
    part = OutcomeTable(
        table.specs, table.spec, table.group, table.labels,
        (table.rows, table.duplicates, table.observations, table.met),
        table.excluded, table.raw, table.raw_mean,
    )  # fmt: skip
    specs = list(table.specs)  # an equal list, as the measurement gathers per source
    alone = OutcomeTable.joined(specs, [part])
    assert alone is part
    general = OutcomeTable.joined(specs, [part, OutcomeTable.empty([])])
    assert general is not part and len(general) == len(part) == 6
    for name in ("spec", "group", "rows", "duplicates", "observations", "met", "raw", "raw_mean", "status"):
        got, want = getattr(alone, name), getattr(general, name)
        assert got.dtype == want.dtype and np.array_equal(got, want, equal_nan=True), name
    assert alone.labels == general.labels and alone.excluded == general.excluded


def test_measurements_in_threads_make_the_same_new_spec_table_at_once_without_a_conflict(tmp_path):
    import dataclasses
    import threading

    base = compile_specs(_clinic(tmp_path))[0][0]
    errors: list[str] = []
    for batch in range(10):
        specs = [dataclasses.replace(base, target=float(batch * 1000 + i)) for i in range(40)]

        def make(specs=specs):
            try:
                con = _database().cursor()
                make_spec_table(con, specs)
                got = con.execute(f'SELECT "_bp_tgt" FROM "{SPEC_TABLE}" ORDER BY "_bp_si"').fetchall()
                assert [row[0] for row in got] == [s.target for s in specs]
            except Exception as exc:  # a conflict between two threads creating the table
                errors.append(repr(exc))

        threads = [threading.Thread(target=make) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []


def _call_centre(tmp_path, levels):
    """Hold times per site, each site's calls all alike, so its percentile is that time."""
    rows = []
    for site, (seconds, calls) in levels.items():
        for i in range(calls):
            stamp = f"2025-06-02 {8 + i // 60:02d}:{i % 60:02d}:00"
            rows.append({"timestamp": stamp, "site": site, "metric": "wait", "value": seconds})
    pd.DataFrame(rows).to_csv(tmp_path / "obs.csv", index=False)
    return service(tmp_path, standard("answer-3min", target=3, share=0.9))


def test_a_far_group_alone_leaves_the_standard_judged_and_a_far_median_is_still_found(tmp_path):
    from blueprint.measure.scale import implausible, weighted_median

    near = measure(_call_centre(tmp_path, {"a": (150, 40), "b": (2, 30), "c": (170, 40)}), by="site")
    assert "implausible" not in {row["status"] for row in near.rows()}
    assert not [f for f in near.findings if f.rule == "BP345"]
    far = measure(_call_centre(tmp_path, {"a": (2, 40), "b": (3, 40), "c": (170, 30)}), by="site")
    median = weighted_median([(row["observed"], row["observations"]) for row in far.rows()])  # in minutes
    assert median == 0.05 and implausible(observed=3.0, target=180.0, data_unit="seconds") == "minutes"
    (unit,) = [f for f in far.findings if f.rule == "BP345"]
    assert "look recorded in minutes" in unit.message
    assert "is 3 against a target of 180 seconds" in unit.message
    assert {row["status"] for row in far.rows()} == {"implausible"}


def test_the_examples_of_many_failing_standards_are_made_in_one_go(tmp_path, monkeypatch):
    """Making outcomes looks through every spec: once per example, 10,000 failing standards took minutes."""
    from blueprint.measure.outcome_table import OutcomeTable

    waits = pd.DataFrame({"timestamp": pd.date_range("2025-03-01 08:00", periods=120, freq="11min"),
                          "site": ["north", "south", "east"] * 40, "metric": "wait",
                          "value": [300.0, 420.0, 95.0, 610.0] * 30})  # fmt: skip
    waits.to_csv(tmp_path / "obs.csv", index=False)
    failing = [standard(f"register-{n}min", target=1 + n / 100, share=0.95) for n in range(12)]
    svc = service(tmp_path, *failing)
    calls = []
    make = OutcomeTable._make

    def counted(self, at=None):
        calls.append(None if at is None else len(at))
        return make(self, at)

    monkeypatch.setattr(OutcomeTable, "_make", counted)
    result = measure(svc, by="site")
    assert sum(f.rule == "BP330" for f in result.findings) == 12  # each standard fails, with its examples
    assert len(calls) == 1 and calls[0] == 12 * 3  # the three worst groups of each, made together
    assert "north" in next(f.message for f in result.findings if f.rule == "BP330")

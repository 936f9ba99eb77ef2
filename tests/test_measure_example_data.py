"""The seeded hotel operations data: reproducible, matched to the service, with its planted gaps."""

from __future__ import annotations

from pathlib import Path

import pytest

from blueprint.io.load import load
from blueprint.measure import measure
from blueprint.measure.example_data import hotel_operations, write_operations
from conftest import ROOT
from measure_helpers import private_cache  # noqa: F401 (the fixture keeps each cache private)

HOTEL = ROOT / "standards" / "hotel-stay.yaml"
COMMITTED = ROOT / "examples" / "data" / "operations"


@pytest.fixture(scope="module")
def hotel():
    return load(HOTEL)


@pytest.fixture(scope="module")
def measured(hotel, tmp_path_factory):
    folder = tmp_path_factory.mktemp("ops")
    write_operations(folder, service=hotel)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BLUEPRINT_CACHE", str(folder / "query-cache"))
        return folder, measure(hotel, data=folder, by="site,month")


def test_same_seed_same_bytes_and_another_seed_differs(tmp_path, hotel):
    first = [p.read_bytes() for p in write_operations(tmp_path / "a", seed=3, service=hotel)]
    again = [p.read_bytes() for p in write_operations(tmp_path / "b", seed=3, service=hotel)]
    other = [p.read_bytes() for p in write_operations(tmp_path / "c", seed=4, service=hotel)]
    assert first == again and first != other


def test_files_match_the_sources_and_metrics_of_the_service(hotel):
    frames = hotel_operations(service=hotel)
    sources = {s.measurement.source for s in hotel.standards.values() if s.measurement}
    assert set(frames) <= sources
    for name, frame in frames.items():
        metrics = (
            set(frame["metric"]) if "metric" in frame else set(frame.columns) - {"timestamp", "site", "shift"}
        )
        assert metrics <= set(hotel.metrics), name
        assert {"harbour", "city", "airport"} == set(frame["site"])
        assert frame["timestamp"].dt.year.unique().tolist() == [2025]


def test_scale_multiplies_the_volume(hotel):
    small = sum(len(f) for f in hotel_operations(service=hotel).values())
    large = sum(len(f) for f in hotel_operations(service=hotel, scale=3).values())
    assert 2.7 < large / small < 3.3


def test_harbour_misses_check_in_in_summer_only(measured):
    _, result = measured
    checkin = [r for r in result.rows("standard") if r["standard"] == "checkin-within-3-minutes"]
    failing = sorted((r["site"], r["month"]) for r in checkin if r["status"] == "fail")
    assert failing == [("harbour", "2025-06"), ("harbour", "2025-07"), ("harbour", "2025-08")]


def test_room_service_meets_its_standard_but_not_its_guarantee(hotel, measured):
    folder, _ = measured
    result = measure(hotel, data=folder)
    rows = {r["standard"]: r for r in result.rows()}
    assert rows["room-service-30-minutes"]["status"] == "pass"
    assert rows["room-service-guarantee"]["status"] == "fail"
    assert rows["complaint-call-back-promise"]["status"] == "pass"
    kept = {r["standard"] for r in result.rows("promise") if r["status"] == "pass"}
    assert kept == {"website-checkin-3-minutes", "complaint-call-back-promise", "bill-ready-promise"}


def test_bad_data_only_where_planted(hotel, measured):
    folder, result = measured
    streams = {"checkin", "checkout", "complaints", "reservation_calls", "room_service_orders"}
    bad = [f for f in result.findings if f.rule >= "BP340"]
    assert {f.rule for f in bad} == {"BP342", "BP343", "BP344", "BP346", "BP348", "BP349"}
    assert not [f for f in bad if f.location and Path(f.location.file).stem in streams]
    clean = measure(hotel, data=_clean(folder, hotel), by="site,month")
    assert not [f for f in clean.findings if f.rule >= "BP340"]


def _clean(folder, hotel):
    out = folder / "clean"
    if not out.exists():
        write_operations(out, service=hotel, faults=False)
    return out


def test_every_source_of_the_hotel_has_data(hotel, measured):
    folder, result = measured
    sources = {s.measurement.source for s in hotel.standards.values() if s.measurement}
    assert {str(p.relative_to(folder)) for p in (folder / "data").glob("*.csv")} == sources
    judged = {r["standard"] for r in result.rows() if r["status"] in ("pass", "fail", "too few")}
    assert judged == set(hotel.standards) | {p for p in hotel.promises}


def test_committed_copy_is_what_the_generator_writes(tmp_path, hotel):
    if not COMMITTED.exists():
        pytest.fail(
            "examples/data/operations is missing; run: blueprint example-data --out examples/data/operations"
        )
    written = write_operations(tmp_path, service=hotel)
    for path in written:
        committed = COMMITTED / path.relative_to(tmp_path)
        assert committed.read_bytes() == path.read_bytes(), committed
    assert sum(p.stat().st_size for p in written) < 4_000_000

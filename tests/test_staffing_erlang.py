"""Erlang C and Erlang A against published figures, independent formulas and their own limits."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import poisson

from blueprint.staffing.erlang import asa, erlang_b, erlang_c, occupancy, service_level, staff_for
from blueprint.staffing.erlang_a import erlang_a, staff_for_a


def test_the_textbook_call_centre_needs_14_agents_for_80_in_20_seconds() -> None:
    # 10 erlangs (200 calls an hour of 180 s), 80% answered within 20 s: the figures every
    # Erlang C table gives are 14 agents, a service level near 88.8% and an ASA near 7.8 s.
    rate, handle = 200.0, 180.0
    assert staff_for(rate, handle, 20.0, 0.8) == 14
    assert service_level(14, 10.0, handle, 20.0) == pytest.approx(0.888, abs=0.001)
    assert asa(14, 10.0, handle) == pytest.approx(7.8, abs=0.05)
    assert service_level(13, 10.0, handle, 20.0) < 0.8  # one fewer misses it
    assert occupancy(14, 10.0) == pytest.approx(10 / 14)


@pytest.mark.parametrize("servers, load", [(14, 10.0), (3, 2.5), (120, 100.0), (560, 500.0), (1100, 1000.0)])
def test_erlang_b_agrees_with_the_poisson_formula(servers: int, load: float) -> None:
    # B(c, a) = P(N = c) / P(N <= c) for N Poisson with mean a: an independent formula.
    expected = poisson.pmf(servers, load) / poisson.cdf(servers, load)
    assert erlang_b(servers, load) == pytest.approx(expected, rel=1e-9)


def test_hundreds_of_erlangs_give_finite_numbers_and_a_staff_near_the_load() -> None:
    # 800 erlangs: c! and a**c overflow a float long before; the recursion does not.
    load = 800.0
    rate = load * 3600 / 240
    staff = staff_for(rate, 240.0, 20.0, 0.9)
    assert load < staff < load + 4 * math.sqrt(load)  # the square-root staffing rule's range
    assert 0.9 <= service_level(staff, load, 240.0, 20.0) < 1
    assert service_level(staff - 1, load, 240.0, 20.0) < 0.9
    assert math.isfinite(asa(staff, load, 240.0))


def test_an_overloaded_desk_never_meets_the_standard() -> None:
    assert erlang_c(5, 5.0) == 1.0
    assert service_level(5, 6.0, 180.0, 20.0) == 0.0
    assert asa(5, 6.0, 180.0) == math.inf


def test_a_standard_for_every_customer_is_refused() -> None:
    with pytest.raises(ValueError, match="share below 1"):
        staff_for(100.0, 180.0, 20.0, 1.0)


def test_no_arrivals_need_one_person_at_most() -> None:
    assert staff_for(0.0, 180.0, 20.0, 0.8) == 1
    assert erlang_c(1, 0.0) == 0.0


def test_erlang_a_with_endless_patience_is_erlang_c() -> None:
    queue = erlang_a(14, 10.0, 180.0, 1e9, 20.0)
    assert queue.service_level == pytest.approx(service_level(14, 10.0, 180.0, 20.0), abs=1e-6)
    assert queue.asa == pytest.approx(asa(14, 10.0, 180.0), rel=1e-4)
    assert queue.abandoned < 1e-6


def test_erlang_a_serves_everyone_who_stays_long_enough() -> None:
    # Given an hour, the customers reached are all those who did not give up: two
    # computations (the waiting chain and the queue length by Little's law) must agree.
    queue = erlang_a(9, 10.0, 180.0, 60.0, 3000.0)
    assert queue.service_level == pytest.approx(1 - queue.abandoned, abs=1e-6)
    assert queue.abandoned > 0.05  # with fewer servers than erlangs, many give up


def test_erlang_a_stays_stable_when_the_load_exceeds_the_servers() -> None:
    queue = erlang_a(8, 12.0, 180.0, 90.0, 20.0)
    assert 0 < queue.service_level < 1
    assert queue.abandoned == pytest.approx(1 - 8 / 12, abs=0.08)  # the excess leaves the queue
    assert queue.occupancy > 0.95


def test_impatient_customers_need_fewer_staff_than_erlang_c_says() -> None:
    # Callers who hang up shorten the queue for the others; the standard still counts them as failures.
    patient = staff_for(200.0, 180.0, 20.0, 0.8)
    impatient = staff_for_a(200.0, 180.0, 120.0, 20.0, 0.8)
    assert impatient.service_level >= 0.8
    assert impatient.servers < patient
    assert erlang_a(impatient.servers - 1, 10.0, 180.0, 120.0, 20.0).service_level < 0.8


def test_erlang_a_for_hundreds_of_erlangs() -> None:
    queue = staff_for_a(300 * 3600 / 180, 180.0, 300.0, 20.0, 0.8)
    assert 250 < queue.servers < 320
    assert math.isfinite(queue.asa) and 0 < queue.abandoned < 0.1


@settings(max_examples=60, deadline=None)
@given(
    load=st.floats(min_value=0.05, max_value=400.0),
    handle=st.floats(min_value=10.0, max_value=1800.0),
    within=st.floats(min_value=0.0, max_value=600.0),
    share=st.floats(min_value=0.5, max_value=0.99),
)
def test_the_staff_found_is_the_fewest_that_meets_the_share(load, handle, within, share) -> None:
    rate = load * 3600 / handle
    staff = staff_for(rate, handle, within, share)
    assert staff > load  # a queue with fewer servers than erlangs grows for ever
    assert service_level(staff, load, handle, within) >= share
    if staff - 1 > load:
        assert service_level(staff - 1, load, handle, within) < share
    assert 0 <= erlang_c(staff, load) <= 1 and 0 < occupancy(staff, load) < 1

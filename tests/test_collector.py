"""The collector pause: off inside, restored after, nothing left for it to walk, no cycle kept."""

from __future__ import annotations

import gc
import weakref

import pytest

from blueprint._collector import collector_paused


class _Node:
    pass


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_inside_and_on_after(collector_on):
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off(collector_on):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_what_the_block_made_goes_to_the_oldest_generation_unwalked(collector_on):
    with collector_paused():
        nodes = [_Node() for _ in range(50_000)]
        assert gc.get_count()[0] > 25_000  # all young: the next collection would walk every one
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(nodes[0]) in oldest and id(nodes[-1]) in oldest


def test_a_cycle_made_in_the_block_is_still_freed(collector_on):
    with collector_paused():
        node = _Node()
        node.me = node
        gone = weakref.ref(node)
        del node
    assert gone() is not None  # a cycle: reference counting alone cannot free it
    gc.collect()
    assert gone() is None

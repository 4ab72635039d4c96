"""EngineLoader: the cyclic collector is paused while an engine loads and back on after, and
what a loaded engine holds is frozen out of later collections."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from voicemesh.contracts.common import EngineInfo
from voicemesh.state import EngineLoader


class RecordingEngine:
    info = EngineInfo(name="recording", model="-", device="cpu")

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.collector_on_during_load: bool | None = None
        self.table: dict[str, list[str]] = {}

    def load(self) -> None:
        self.collector_on_during_load = gc.isenabled()
        self.table = {f"w{i}": [f"p{i}"] for i in range(10_000)}
        if self.fail:
            raise RuntimeError("weights missing")


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()  # the test process's objects go back to the collector
    gc.enable()


def test_collector_paused_during_load_then_on_and_the_engine_frozen() -> None:
    gc.unfreeze()
    engine = RecordingEngine()
    loader = EngineLoader(engine, "test-service")
    loader.load()
    assert loader.ready.is_set() and loader.error is None
    assert engine.collector_on_during_load is False
    assert gc.isenabled()
    assert gc.get_freeze_count() > 10_000  # the table's lists at least


def test_a_failed_load_turns_the_collector_back_on_and_freezes_nothing() -> None:
    gc.unfreeze()
    loader = EngineLoader(RecordingEngine(fail=True), "test-service")
    loader.load()
    assert not loader.ready.is_set()
    assert loader.error == "RuntimeError: weights missing"
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    EngineLoader(RecordingEngine(), "test-service").load()
    assert not gc.isenabled()

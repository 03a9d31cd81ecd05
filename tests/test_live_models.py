"""The live model switcher: loads ahead without blocking frames, hands over to the fallback when behind."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from posecoach import live_models
from posecoach.live_models import KeepUpMonitor, ModelSwitcher
from posecoach.pose import PoseResult
from posecoach.sources import Frame

FPS = 30.0


class Model:
    def __init__(self, name: str, gate: threading.Event | None = None) -> None:
        if gate is not None:
            assert gate.wait(10)
        self.name, self.frames, self.closed = name, 0, False

    def estimate(self, frame: Frame) -> PoseResult:
        self.frames += 1
        return PoseResult((), people=0)

    def close(self) -> None:
        self.closed = True


def frame(t: float) -> Frame:
    return Frame(np.zeros((8, 8, 3), np.uint8), 0, t)


def test_warm_up_loads_in_the_background_and_frames_never_wait_for_it():
    gate = threading.Event()
    made: list[Model] = []
    switcher = ModelSwitcher(lambda: made.append(Model("full", gate)) or made[-1])
    switcher.warm_up()
    assert switcher.estimate(frame(0.0)) is None and not switcher.ready  # still loading: the frame goes on
    gate.set()
    assert switcher.wait_ready(10)
    assert isinstance(switcher.estimate(frame(0.1)), PoseResult)
    assert made[0].frames == 2  # one warm-up frame at load, then the stream's


def test_a_model_that_cannot_keep_up_hands_over_to_the_fallback_between_two_frames():
    made: list[Model] = []

    def factory(name: str):  # type: ignore[no-untyped-def]
        return lambda: made.append(Model(name)) or made[-1]

    switcher = ModelSwitcher(factory("full"), factory("lite"), monitor=KeepUpMonitor(window_s=2.0, settle_s=1.0), background=False)
    switcher.warm_up()
    t = 0.0
    while switcher.note == "" and t < 10:
        switcher.estimate(frame(t))
        switcher.observe(t, camera_frames=3)  # two camera frames in three skipped
        t += 3 / FPS
    assert switcher.note.startswith("Switched to the faster pose model") and "67%" in switcher.note
    switcher.estimate(frame(t))
    assert [m.name for m in made] == ["full", "lite"] and made[0].closed and made[1].frames == 2
    for _ in range(200):  # nothing further to fall back to
        switcher.observe(t, camera_frames=3)
        t += 3 / FPS
    assert len(made) == 2 and not made[1].closed


def test_in_the_background_the_old_model_is_closed_off_the_frame_thread():
    closed_on: list[str] = []

    class SlowToClose(Model):
        def close(self) -> None:
            closed_on.append(threading.current_thread().name)
            super().close()

    switcher = ModelSwitcher(lambda: SlowToClose("full"), lambda: SlowToClose("lite"),
                             monitor=KeepUpMonitor(window_s=2.0, settle_s=1.0))
    assert switcher.wait_ready(10)
    t = 0.0
    while switcher.note == "" and t < 10:
        switcher.estimate(frame(t))
        switcher.observe(t, camera_frames=3)
        t += 3 / FPS
    deadline = time.monotonic() + 10
    while not closed_on and time.monotonic() < deadline:  # the fallback loads, then takes over at a frame
        switcher.estimate(frame(t))
        time.sleep(0.01)
    deadline = time.monotonic() + 10
    while not closed_on and time.monotonic() < deadline:
        time.sleep(0.01)
    assert closed_on and closed_on[0] != threading.current_thread().name


def test_a_failing_model_is_reported_not_raised():
    def broken() -> Model:
        raise RuntimeError("model file missing")

    switcher = ModelSwitcher(broken, background=False)
    assert switcher.estimate(frame(0.0)) is None
    assert "model file missing" in switcher.error


@pytest.mark.parametrize(
    ("batches", "share", "behind"),
    [
        ([1] * 180, 0.0, False),  # every frame processed
        ([2] * 90, 0.5, True),  # every other frame skipped, for six seconds
        ([3] * 20, 0.0, False),  # skipping only while the model settles: not judged
        ([3] * 20 + [1] * 120, 0.0, False),  # a slow start, then keeping up
        ([1] * 60 + [2] * 30, 0.5, False),  # behind for two seconds only: not yet a full window
        ([1] * 60 + [3, 1, 1, 1, 1, 1, 1, 1] * 20, 0.2, False),  # a few skips now and then
    ],
)
def test_keep_up_monitor_judges_a_full_window_after_the_model_settles(batches, share, behind):
    monitor = KeepUpMonitor(window_s=3.0, settle_s=2.0)
    frame_index = 0
    for batch in batches:
        frame_index += batch
        monitor.add(frame_index / FPS, batch)  # the newest frame's stream time
    assert monitor.skipped_share == pytest.approx(share, abs=0.03)
    assert monitor.falling_behind(max_skipped=0.3) is behind


@pytest.mark.parametrize(("pattern", "behind"), [([1, 1, 1, 2], False), ([1, 2], True)])
def test_keep_up_monitor_default_limit_is_three_frames_in_four(pattern, behind):
    monitor = KeepUpMonitor()
    frame_index = 0
    for batch in pattern * 100:
        frame_index += batch
        monitor.add(frame_index / FPS, batch)
    assert monitor.falling_behind() is behind


def test_live_model_choices():
    assert live_models.live_models("auto")[1] is not None
    assert live_models.live_models("lite")[1] is None
    with pytest.raises(ValueError, match="auto, full, lite"):
        live_models.live_models("heavy")

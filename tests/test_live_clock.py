from __future__ import annotations

import numpy as np
import pytest

from posecoach.live_clock import STREAM_GAP_S, StreamClock

IMAGE = np.zeros((4, 4, 3), np.uint8)


class Wall:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_capture_times_from_zero_and_a_later_stream_continues_past_a_gap():
    clock = StreamClock(Wall())
    stamps = [clock.stamp(IMAGE, pts).timestamp_s for pts in (10.0, 10.5, 11.0)]
    assert stamps == pytest.approx([0.0, 0.5, 1.0])
    clock.stream_ended()
    again = clock.stamp(IMAGE, 0.0)  # the browser's times start again
    assert again.timestamp_s == pytest.approx(1.0 + STREAM_GAP_S) and again.index == 3


def test_without_capture_times_the_arrival_time_is_used_and_stamps_always_increase():
    wall = Wall()
    clock = StreamClock(wall)
    first = clock.stamp(IMAGE, None)
    wall.now += 0.25
    second = clock.stamp(IMAGE, None)
    third = clock.stamp(IMAGE, None)  # same instant: still later
    assert first.timestamp_s == 0.0 and second.timestamp_s == pytest.approx(0.25) and third.timestamp_s > second.timestamp_s

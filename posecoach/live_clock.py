"""Stream time for live camera frames, next to the other sources (``posecoach.sources``).

A browser's camera frames carry their capture time (the ``pts``), steadier than their arrival time;
each new stream (the camera stopped and started again) starts again at zero. ``StreamClock`` turns
them into one strictly increasing timeline per coach, continuing a later stream after the previous
one past a gap, so the checker reads the pause as "out of view" (a rep in progress is dropped, the
count is kept) and the pose model, which needs increasing timestamps, can be kept across streams.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from posecoach.sources import Frame, LiveClock

#: The stream time left between two streams: longer than the checker's gap tolerance (1 s), so a
#: rep in progress when the camera stopped is not joined to the next stream's movement.
STREAM_GAP_S = 2.0


class StreamClock:
    def __init__(self, wall_clock: Callable[[], float] = time.monotonic) -> None:
        self._now = wall_clock
        self._clock = LiveClock()  # keeps stamps strictly increasing and numbers the frames
        self._offset_s = 0.0
        self._first_pts_s: float | None = None
        self._started_at: float | None = None  # wall time of this stream's first frame
        self.last_s = 0.0  # the latest stamp

    def stamp(self, image: np.ndarray, pts_s: float | None) -> Frame:
        if self._started_at is None:
            self._started_at, self._first_pts_s = self._now(), pts_s
        if pts_s is None or self._first_pts_s is None:  # no capture time: arrival time
            stream_s = self._now() - self._started_at
        else:
            stream_s = pts_s - self._first_pts_s
        frame = self._clock.stamp(image, self._offset_s + stream_s)
        self.last_s = frame.timestamp_s
        return frame

    def stream_ended(self) -> None:
        """The next frame starts a new stream: its times continue after this one's, past a gap."""
        if self._started_at is not None:
            self._offset_s = self.last_s + STREAM_GAP_S
        self._started_at = self._first_pts_s = None

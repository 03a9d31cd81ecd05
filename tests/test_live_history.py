"""The live coach writing through a HistoryRecorder: a database fault never holds up a frame."""

from __future__ import annotations

import sqlite3
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from posecoach.exercises import get_exercise
from posecoach.history import History, HistoryRecorder
from posecoach.live import LiveCoach, SetPlan
from posecoach.live_models import ModelSwitcher
from posecoach.live_sink import HistorySink
from posecoach.pose import PoseResult
from posecoach.sources import Frame
from synthetic import FPS, make_pose, rep_profile, squat_side_points

REP_S = 2.4


class Squatter:
    """Stands in for MediaPipe: a synthetic squatter who stands for a second, then squats every REP_S seconds."""

    def estimate(self, frame: Frame) -> PoseResult:
        t = frame.timestamp_s
        knee = rep_profile(178.0, 70.0, REP_S)((t - 1.0) % REP_S) if t > 1.0 else 178.0
        return PoseResult((make_pose(squat_side_points(knee)),), people=1)

    def close(self) -> None:
        pass


def frames(seconds: float):  # type: ignore[no-untyped-def]
    for index in range(int(round(seconds * FPS))):
        frame = av.VideoFrame.from_ndarray(np.full((480, 640, 3), 120, np.uint8), format="bgr24")
        frame.pts, frame.time_base = int(round(index / FPS * 90_000)), Fraction(1, 90_000)
        yield frame


def test_a_locked_database_never_stalls_the_video_and_the_reps_arrive_once_it_is_free(tmp_path: Path):
    path = tmp_path / "history.db"
    History(path).close()
    recorder = HistoryRecorder(path, busy_timeout_s=0.2, retry_s=0.1)
    coach = LiveCoach(get_exercise("squat"), SetPlan(reps=10, sets=1, rest_s=30),
                      models=ModelSwitcher(Squatter, background=False), sink=HistorySink(recorder))
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")  # another program holds the write lock for the whole set
    processed = 0
    for frame in frames(1.0 + 3 * REP_S + 0.3):
        coach.process(frame)  # each returns although every write waits for the lock
        processed += 1
    snap = coach.snapshot()
    assert snap.status.reps == 3 and processed == int(round((1.0 + 3 * REP_S + 0.3) * FPS))
    assert not recorder.flush(timeout_s=5.0)
    assert coach.snapshot().error == (
        "History can't be saved: another program is holding the history database locked; coaching continues.")
    locker.execute("ROLLBACK")
    locker.close()
    deadline = time.monotonic() + 10.0
    while not recorder.flush(timeout_s=1.0) and time.monotonic() < deadline:
        time.sleep(0.1)  # flush says False at once while the last try failed; the next retry comes within retry_s
    assert recorder.status.ok and coach.snapshot().error == ""
    [row] = History(path).sessions()
    assert (row.source, row.reps, row.ended_at) == ("live", 3, None)
    recorder.close()

"""LiveCoach without a browser: av frames in, annotated av frames out, sets, rests, history, threads."""

from __future__ import annotations

import threading
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from posecoach.exercises import get_exercise
from posecoach.history import History
from posecoach import live
from posecoach.live import LiveCoach, SetPlan
from posecoach.pose import PoseResult
from posecoach.sources import Frame
from synthetic import FPS, make_pose, rep_profile, squat_side_points

REP_S = 2.4
SIZE = (640, 480)


def squat_pose(t: float):
    """Stand for a second, then squat every REP_S seconds."""
    return make_pose(squat_side_points(rep_profile(178.0, 70.0, REP_S)((t - 1.0) % REP_S) if t > 1.0 else 178.0))


class FakeEstimator:
    """Stands in for MediaPipe: returns the synthetic squatter at the frame's time."""

    created = 0

    def __init__(self) -> None:
        FakeEstimator.created += 1
        self.closed = False
        self.frames = 0

    def estimate(self, frame: Frame) -> PoseResult:
        self.frames += 1
        return PoseResult((squat_pose(frame.timestamp_s),), people=1)

    def close(self) -> None:
        self.closed = True


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def video_frame(t: float, marker: bool = True) -> av.VideoFrame:
    image = np.full((SIZE[1], SIZE[0], 3), 120, np.uint8)
    if marker:
        image[:, :40] = 255  # a white stripe on the left: mirrored, it comes out on the right
    frame = av.VideoFrame.from_ndarray(image, format="bgr24")
    frame.pts = int(round(t * 90_000))
    frame.time_base = Fraction(1, 90_000)
    return frame


def stream(seconds: float, start_s: float = 0.0):
    for index in range(int(round(seconds * FPS))):
        yield video_frame(start_s + index / FPS)


def make_coach(plan: SetPlan = SetPlan(reps=10, sets=2, rest_s=30), **kwargs) -> tuple[LiveCoach, list[FakeEstimator]]:
    made: list[FakeEstimator] = []

    def factory() -> FakeEstimator:
        made.append(FakeEstimator())
        return made[-1]

    return LiveCoach(get_exercise("squat"), plan, estimator_factory=factory, **kwargs), made


def test_frames_come_back_annotated_mirrored_and_counted():
    coach, made = make_coach()
    outputs = [coach.process(frame) for frame in stream(1.0 + 3 * REP_S + 0.5)]
    snap = coach.snapshot()
    assert snap.status.reps == 3 and snap.current.reps == 3
    assert len(made) == 1 and made[0].frames == len(outputs)  # one model per stream, every frame through it
    last = outputs[-1]
    assert isinstance(last, av.VideoFrame) and (last.width, last.height) == SIZE
    assert last.pts == int(round((1.0 + 3 * REP_S + 0.5 - 1 / FPS) * 90_000))
    image = last.to_ndarray(format="bgr24")
    assert image[240, -20].mean() > 200 and image[240, 20].mean() < 200  # mirrored
    assert image[:40].mean() < 60  # the overlay's dark status band
    assert [s.text for s in [snap.spoken]] == ["rep 3"]
    assert [(s.seq, s.text) for s in snap.recent_spoken][-3:] == [(1, "rep 1"), (2, "rep 2"), (3, "rep 3")]


def test_only_the_newest_of_queued_frames_is_processed():
    coach, made = make_coach()
    frames = list(stream(3.0))
    for start in range(0, len(frames), 3):
        out = coach.process_latest(frames[start:start + 3])
        assert len(out) == 1 and out[0].pts == frames[start:start + 3][-1].pts
    snap = coach.snapshot()
    assert snap.frames_in == 90 and snap.frames_processed == 30 and snap.frames_dropped == 60
    assert made[0].frames == 30


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
    monitor = live.KeepUpMonitor(window_s=3.0, settle_s=2.0)
    frame_index = 0
    for batch in batches:
        frame_index += batch
        monitor.add(frame_index / FPS, batch)  # the newest frame's stream time
    assert monitor.skipped_share == pytest.approx(share, abs=0.03)
    assert monitor.falling_behind(max_skipped=0.3) is behind


@pytest.mark.parametrize(
    ("pattern", "behind"),
    [
        ([1, 1, 1, 2], False),  # one camera frame in five skipped: 24 of 30 a second analysed
        ([1, 2], True),  # one in three skipped: 20 of 30 a second
    ],
)
def test_keep_up_monitor_default_limit_is_three_frames_in_four(pattern, behind):
    monitor = live.KeepUpMonitor()
    frame_index = 0
    for batch in pattern * 100:
        frame_index += batch
        monitor.add(frame_index / FPS, batch)
    assert monitor.falling_behind() is behind


def feed_skipping(coach: LiveCoach, seconds: float, every: int = 2, start_s: float = 0.0) -> None:
    frames = list(stream(seconds, start_s))
    for start in range(0, len(frames), every):
        coach.process_latest(frames[start:start + every])


def test_a_model_that_cannot_keep_up_hands_over_to_the_fallback():
    fallbacks: list[FakeEstimator] = []

    def fallback() -> FakeEstimator:
        fallbacks.append(FakeEstimator())
        return fallbacks[-1]

    coach, made = make_coach(fallback_factory=fallback)
    feed_skipping(coach, 1.0 + 4 * REP_S + 0.5, every=3)  # two frames in three skipped throughout
    snap = coach.snapshot()
    assert made[0].closed and len(fallbacks) == 1 and fallbacks[0].frames > 0
    assert snap.model_note.startswith("Switched to the faster pose model") and "67%" in snap.model_note
    assert snap.status.reps == 4  # the count carried on across the switch
    feed_skipping(coach, 12.0, every=3, start_s=12.0)
    assert len(fallbacks) == 1 and not fallbacks[0].closed  # there is nothing further to fall back to


def test_without_a_fallback_the_model_stays_and_the_skipped_share_shows():
    coach, made = make_coach()
    feed_skipping(coach, 12.0, every=3)
    snap = coach.snapshot()
    assert len(made) == 1 and not made[0].closed and snap.model_note == ""
    assert snap.skipped_share == pytest.approx(2 / 3)


def test_choosing_a_model_again_clears_the_fallback_note():
    coach, _ = make_coach(fallback_factory=FakeEstimator)
    feed_skipping(coach, live.KEEP_UP_SETTLE_S + live.KEEP_UP_WINDOW_S + 1.0, every=3)
    assert coach.snapshot().model_note
    coach.set_estimator_factory(FakeEstimator, fallback=FakeEstimator)
    assert coach.snapshot().model_note == ""


def test_live_model_choices():
    primary, fallback = live.live_models("auto")
    assert fallback is not None
    assert live.live_models("lite")[1] is None
    with pytest.raises(ValueError, match="auto, full, lite"):
        live.live_models("heavy")


def test_sets_rest_and_workout_complete():
    clock = Clock()
    coach, _ = make_coach(SetPlan(reps=2, sets=2, rest_s=20), wall_clock=clock)
    frames = stream(1.0 + 2 * REP_S + 0.3)
    for frame in frames:
        coach.process(frame)
    snap = coach.snapshot()
    assert [s.reps for s in snap.completed] == [2] and snap.completed[0].complete
    assert snap.set_number == 2 and snap.resting_left_s == pytest.approx(20.0)
    assert snap.spoken.text.startswith("Set 1 done")
    # Squats during the rest are not counted.
    for frame in stream(2 * REP_S, start_s=1.0 + 2 * REP_S + 0.3):
        coach.process(frame)
    assert coach.snapshot().current.reps == 0
    clock.now += 21
    for frame in stream(1.0 + 2 * REP_S + 0.5, start_s=1.0 + 4 * REP_S + 0.3):
        coach.process(frame)
    snap = coach.snapshot()
    assert snap.workout_done and [s.reps for s in snap.completed] == [2, 2]
    assert snap.spoken.text.startswith("Workout complete")


def test_finish_early_skip_rest_and_reset():
    clock = Clock()
    coach, _ = make_coach(SetPlan(reps=10, sets=3, rest_s=60), wall_clock=clock)
    for frame in stream(1.0 + REP_S + 0.3):
        coach.process(frame)
    coach.finish_set()
    snap = coach.snapshot()
    assert [(s.reps, s.complete) for s in snap.completed] == [(1, False)] and snap.resting_left_s == pytest.approx(60)
    assert snap.status.reps == 0 and snap.set_number == 2  # the page shows the next set from zero during the rest
    coach.skip_rest()
    coach.process(video_frame(5.0))
    assert coach.snapshot().resting_left_s is None
    coach.reset()
    snap = coach.snapshot()
    assert snap.completed == () and snap.set_number == 1 and snap.status.reps == 0


def test_a_new_stream_keeps_the_count_and_makes_a_new_model():
    coach, made = make_coach()
    for frame in stream(1.0 + 2 * REP_S + 0.3):
        coach.process(frame)
    coach.stream_ended()
    assert made[0].closed
    for frame in stream(1.0 + 2 * REP_S + 0.3):  # the browser's timestamps start again at zero
        coach.process(frame)
    assert len(made) == 2 and coach.snapshot().status.reps == 4


def test_switching_exercise_starts_counting_over():
    coach, _ = make_coach()
    for frame in stream(1.0 + REP_S + 0.3):
        coach.process(frame)
    coach.set_exercise(get_exercise("glute_bridge"))
    snap = coach.snapshot()
    assert snap.exercise == "glute_bridge" and snap.status.reps == 0 and snap.completed == ()


def test_reps_are_saved_as_counted_from_the_frame_thread(tmp_path: Path):
    store = History(tmp_path / "history.db")
    coach, _ = make_coach(history=store)
    seen_in_db: list[tuple[int, int]] = []
    errors: list[BaseException] = []

    def frame_thread() -> None:
        try:
            for frame in stream(1.0 + 4 * REP_S + 0.3):
                before = coach.snapshot().status.reps
                coach.process(frame)
                after = coach.snapshot().status.reps
                if after != before:
                    seen_in_db.append((after, sum(rep["counted"] for rep in store.reps())))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    worker = threading.Thread(target=frame_thread)
    worker.start()
    while worker.is_alive():  # the page polls meanwhile
        coach.snapshot()
        store.sessions()
    worker.join()
    assert not errors
    assert seen_in_db == [(1, 1), (2, 2), (3, 3), (4, 4)]  # each rep is in the database as soon as it is counted
    [session] = store.sessions()
    assert session.source == "live" and session.exercise == "squat" and session.reps == 4 and session.ended_at is None
    coach.finish_set()
    assert store.sessions()[0].ended_at is not None


def test_a_failing_model_is_reported_not_raised():
    def broken():
        raise RuntimeError("model file missing")

    coach = LiveCoach(get_exercise("squat"), estimator_factory=broken)
    out = coach.process(video_frame(0.0))
    assert isinstance(out, av.VideoFrame)
    assert "model file missing" in coach.snapshot().error


def test_issues_in_the_set_summary_carry_rep_and_time():
    def shallow(t: float):
        return make_pose(squat_side_points(rep_profile(178.0, 120.0, REP_S)((t - 1.0) % REP_S) if t > 1.0 else 178.0))

    class ShallowEstimator(FakeEstimator):
        def estimate(self, frame: Frame) -> PoseResult:
            return PoseResult((shallow(frame.timestamp_s),), people=1)

    coach = LiveCoach(get_exercise("squat"), estimator_factory=ShallowEstimator)
    for frame in stream(1.0 + 2 * REP_S + 0.5):
        coach.process(frame)
    snap = coach.snapshot()
    assert snap.current.reps == 0 and snap.current.attempts == 2
    assert snap.latest_cue  # the engine's partial-rep cue reached the page


def test_a_cue_stays_on_the_page_a_few_seconds_then_clears():
    def one_shallow_rep(t: float):
        angle = rep_profile(178.0, 120.0, REP_S)(t - 1.0) if 1.0 < t < 1.0 + REP_S else 178.0
        return make_pose(squat_side_points(angle))

    class OneShallowRep(FakeEstimator):
        def estimate(self, frame: Frame) -> PoseResult:
            return PoseResult((one_shallow_rep(frame.timestamp_s),), people=1)

    clock = Clock()
    coach = LiveCoach(get_exercise("squat"), estimator_factory=OneShallowRep, wall_clock=clock)
    frames = list(stream(1.0 + REP_S + 8.0))
    cue_frames = len(frames)
    for index, frame in enumerate(frames):
        coach.process(frame)
        if coach.snapshot().latest_cue and cue_frames == len(frames):
            cue_frames = index
    assert cue_frames < len(frames), "no cue reached the page"
    snap = coach.snapshot()
    assert snap.status.cue == ""  # the engine has stopped showing it (standing, long after the rep)
    assert snap.latest_cue  # the page still has it: the wall clock has not moved
    clock.now += live.CUE_SHOW_S + 0.1
    assert coach.snapshot().latest_cue == ""


def test_several_people_in_view_pause_counting_and_say_why():
    class Crowd(FakeEstimator):
        def estimate(self, frame: Frame) -> PoseResult:
            return PoseResult((squat_pose(frame.timestamp_s),), people=2)

    coach = LiveCoach(get_exercise("squat"), estimator_factory=Crowd)
    for frame in stream(1.0 + 3 * REP_S):
        coach.process(frame)
    snap = coach.snapshot()
    assert snap.status.reps == 0 and snap.current.reps == 0
    assert snap.status.guidance_message.startswith("Several people in view")

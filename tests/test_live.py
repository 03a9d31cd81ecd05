"""LiveCoach without a browser: av frames in, annotated av frames out, sets, rests, history, threads."""

from __future__ import annotations

import json
import threading
from fractions import Fraction
from functools import cache
from pathlib import Path

import av
import numpy as np
import pytest

from posecoach.exercises import get_exercise
from posecoach.history import History, HistoryRecorder
from posecoach.live import GETTING_READY, STALL_AFTER_S, LiveCoach, SetPlan
from posecoach.live_models import ModelSwitcher, mediapipe_estimator
from posecoach.live_sink import HistorySink
from posecoach.pose import PoseResult
from posecoach.sources import Frame, VideoFileSource
from posecoach.kinematics import Side
from synthetic import FPS, kneeling_stretch_pose, make_pose, rep_profile, squat_side_points

REP_S = 2.4
SIZE = (640, 480)
SAMPLES = Path(__file__).resolve().parent.parent / "sample_videos"


def squat_pose(t: float):
    """Stand for a second, then squat every REP_S seconds."""
    return make_pose(squat_side_points(rep_profile(178.0, 70.0, REP_S)((t - 1.0) % REP_S) if t > 1.0 else 178.0))


class FakeEstimator:
    """Stands in for MediaPipe: returns the synthetic squatter at the frame's time."""

    def __init__(self) -> None:
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


def video_frame(t: float, marker: bool = True, image: np.ndarray | None = None) -> av.VideoFrame:
    if image is None:
        image = np.full((SIZE[1], SIZE[0], 3), 120, np.uint8)
        if marker:
            image[:, :40] = 255  # a white stripe on the camera's left
    frame = av.VideoFrame.from_ndarray(image, format="bgr24")
    frame.pts = int(round(t * 90_000))
    frame.time_base = Fraction(1, 90_000)
    return frame


def stream(seconds: float, start_s: float = 0.0):
    for index in range(int(round(seconds * FPS))):
        yield video_frame(start_s + index / FPS)


def make_coach(plan: SetPlan = SetPlan(reps=10, sets=2, rest_s=30), estimator=FakeEstimator, exercise: str = "squat", **kwargs):  # type: ignore[no-untyped-def]
    made: list = []

    def factory():  # type: ignore[no-untyped-def]
        made.append(estimator())
        return made[-1]

    switcher = ModelSwitcher(factory, background=False)
    return LiveCoach(get_exercise(exercise), plan, models=switcher, **kwargs), made


def test_frames_come_back_annotated_for_the_page_mirror_and_counted():
    coach, made = make_coach()
    coach.warm_up()  # the page warms the model when it opens
    outputs = [coach.process(frame) for frame in stream(1.0 + 3 * REP_S + 0.5)]
    snap = coach.snapshot()
    assert snap.status.reps == 3 and snap.current.reps == 3 and not snap.getting_ready
    assert len(made) == 1 and made[0].frames == len(outputs) + 1  # one model, its warm-up frame, then every frame
    last = outputs[-1]
    assert isinstance(last, av.VideoFrame) and (last.width, last.height) == SIZE
    assert last.pts == int(round((1.0 + 3 * REP_S + 0.5 - 1 / FPS) * 90_000))
    image = last.to_ndarray(format="bgr24")
    # Not mirrored in pixels: the page mirrors the video element, so raw and analysed frames look alike.
    assert image[240, 20].mean() > 200 and image[240, -20].mean() < 200
    assert image[:40].mean() < 60  # the overlay's dark status band
    assert [(s.seq, s.text) for s in snap.recent_spoken][-3:] == [(1, "rep 1"), (2, "rep 2"), (3, "rep 3")]


def test_the_panel_reads_the_count_of_the_frame_just_shown():
    """The snapshot is republished after every frame: the panel is never a rep behind the video's count."""
    coach, _ = make_coach()
    changes = []
    for frame in stream(1.0 + 3 * REP_S + 0.5):
        coach.process(frame)
        snap = coach.snapshot()
        assert snap.current.reps == snap.status.reps  # the workout's count == the count drawn on this frame
        if not changes or changes[-1][0] != snap.current.reps:
            changes.append((snap.current.reps, frame.time))
    assert [count for count, _ in changes] == [0, 1, 2, 3]
    # each rep shows the frame it ends on: right after the squatter stands up again (a rep is REP_S long)
    assert all(1.0 + count * REP_S - 0.6 < at < 1.0 + count * REP_S + 0.3 for count, at in changes[1:]), changes


def test_text_on_the_video_is_drawn_to_read_right_in_the_mirror():
    coach, _ = make_coach(mirror=True)
    plain, _ = make_coach(mirror=False)
    for frame in stream(0.5):
        mirrored_out = coach.process(frame).to_ndarray(format="bgr24")
        plain_out = plain.process(frame).to_ndarray(format="bgr24")
    band = slice(0, 40)
    # The same status band, drawn mirrored in pixels: flipped back, it is the unmirrored drawing.
    assert np.abs(mirrored_out[band, ::-1].astype(int) - plain_out[band].astype(int)).mean() < 3


def test_getting_ready_until_the_model_is_loaded_then_the_first_rep_counts():
    gate = threading.Event()

    class SlowToLoad(FakeEstimator):
        def __init__(self) -> None:
            assert gate.wait(10)
            super().__init__()

    switcher = ModelSwitcher(SlowToLoad)  # loads in the background, as on the page
    coach = LiveCoach(get_exercise("squat"), SetPlan(), models=switcher)
    coach.warm_up()
    frames = list(stream(1.0 + 2 * REP_S + 0.3))
    out = coach.process(frames[0]).to_ndarray(format="bgr24")
    snap = coach.snapshot()
    assert snap.getting_ready and snap.streaming and snap.status.reps == 0
    assert out[200:280].mean() < 120  # the "getting ready" banner darkens the middle band
    assert GETTING_READY.startswith("Getting ready")
    gate.set()
    assert switcher.wait_ready(10)
    for frame in frames[1:]:
        coach.process(frame)
    snap = coach.snapshot()
    assert not snap.getting_ready and snap.status.reps == 2  # the first rep of a cold start counts


def test_choosing_another_model_while_one_still_loads_never_blocks_the_page_or_the_frames():
    gate = threading.Event()
    loading: list[FakeEstimator] = []

    class StillLoading(FakeEstimator):
        def __init__(self) -> None:
            assert gate.wait(10)
            super().__init__()
            loading.append(self)

    coach = LiveCoach(get_exercise("squat"), SetPlan(), models=ModelSwitcher(StillLoading))
    coach.warm_up()
    fast = ModelSwitcher(FakeEstimator, background=False)
    chosen = threading.Thread(target=coach.choose_models, args=(fast,))
    chosen.start()
    chosen.join(5)
    assert not chosen.is_alive()  # returned while the old model is still loading
    frames = list(stream(1.0 + REP_S + 0.3))
    for frame in frames:
        coach.process(frame)
    assert coach.snapshot().status.reps == 1  # the new model counts at once
    gate.set()  # the old one finishes loading and is then closed, off the frame path
    for _ in range(500):
        if loading and loading[0].closed:
            break
        threading.Event().wait(0.01)
    assert loading and loading[0].closed


def test_only_the_newest_of_queued_frames_is_processed():
    coach, made = make_coach()
    frames = list(stream(3.0))
    for start in range(0, len(frames), 3):
        out = coach.process_latest(frames[start:start + 3])
        assert len(out) == 1 and out[0].pts == frames[start:start + 3][-1].pts
    snap = coach.snapshot()
    assert snap.frames_in == 90 and snap.frames_processed == 30 and snap.frames_dropped == 60
    assert made[0].frames == 31  # the warm-up frame and the 30 newest


def test_sets_rest_and_workout_complete_keep_the_final_count():
    clock = Clock()
    coach, _ = make_coach(SetPlan(reps=2, sets=2, rest_s=20), wall_clock=clock)
    for frame in stream(1.0 + 2 * REP_S + 0.3):
        coach.process(frame)
    snap = coach.snapshot()
    assert [s.reps for s in snap.completed] == [2] and snap.completed[0].complete
    assert snap.set_number == 2 and snap.resting_left_s == pytest.approx(20.0)
    assert snap.spoken.text.startswith("Set 1 done")
    rest_frame = coach.process(video_frame(1.0 + 2 * REP_S + 0.4)).to_ndarray(format="bgr24")
    assert rest_frame[100, 20].mean() > 200 and rest_frame[100, -20].mean() < 200  # the rest frames are not mirrored in pixels either: no flip at rest
    for frame in stream(2 * REP_S, start_s=1.0 + 2 * REP_S + 0.5):  # squats during the rest are not counted
        coach.process(frame)
    assert coach.snapshot().current.reps == 0
    clock.now += 21
    for frame in stream(3 * REP_S + 0.5, start_s=1.0 + 4 * REP_S + 0.5):
        coach.process(frame)
    snap = coach.snapshot()
    assert snap.workout_done and [s.reps for s in snap.completed] == [2, 2]
    assert snap.shown_set.reps == 2 and snap.set_number == 2  # the counter keeps "2 / 2", set "2 of 2"
    assert snap.spoken.text.startswith("Workout complete")


def test_finish_early_skip_rest_and_reset():
    clock = Clock()
    coach, _ = make_coach(SetPlan(reps=10, sets=3, rest_s=60), wall_clock=clock)
    for frame in stream(1.0 + REP_S + 0.3):
        coach.process(frame)
    coach.finish_set()
    snap = coach.snapshot()
    assert [(s.reps, s.complete) for s in snap.completed] == [(1, False)] and snap.resting_left_s == pytest.approx(60)
    assert snap.status.reps == 0 and snap.set_number == 2
    coach.skip_rest()
    coach.process(video_frame(5.0))
    assert coach.snapshot().resting_left_s is None
    coach.reset()
    snap = coach.snapshot()
    assert snap.completed == () and snap.set_number == 1 and snap.status.reps == 0


def test_a_new_stream_keeps_the_count_and_the_model_and_clears_the_phase():
    coach, made = make_coach()
    for frame in stream(1.0 + 2 * REP_S + 0.3):
        coach.process(frame)
    coach.stream_ended()
    snap = coach.snapshot()
    assert snap.status.phase == "" and not snap.streaming and snap.stalled_s == 0.0  # stopped, not stalled
    for frame in stream(1.0 + 2 * REP_S + 0.3):  # the browser's timestamps start again at zero
        coach.process(frame)
    assert len(made) == 1 and not made[0].closed and coach.snapshot().status.reps == 4


def test_the_watchdog_says_when_frames_stop_coming_while_the_camera_is_on():
    clock = Clock()
    coach, _ = make_coach(wall_clock=clock)
    coach.process(video_frame(0.0))
    assert coach.snapshot().streaming and coach.snapshot().stalled_s == 0.0
    clock.now += STALL_AFTER_S + 1.0
    snap = coach.snapshot()
    assert not snap.streaming and snap.stalled_s == pytest.approx(STALL_AFTER_S + 1.0)
    coach.process(video_frame(0.1))
    assert coach.snapshot().stalled_s == 0.0


def test_switching_exercise_starts_counting_over():
    coach, _ = make_coach()
    for frame in stream(1.0 + REP_S + 0.3):
        coach.process(frame)
    coach.set_exercise(get_exercise("glute_bridge"))
    snap = coach.snapshot()
    assert snap.exercise == "glute_bridge" and snap.status.reps == 0 and snap.completed == ()


def test_reps_reach_the_history_as_counted_and_a_set_ends_there(tmp_path: Path):
    recorder = HistoryRecorder(tmp_path / "history.db")
    coach, _ = make_coach(sink=HistorySink(recorder))
    counted_in_db: list[tuple[int, int]] = []
    for frame in stream(1.0 + 4 * REP_S + 0.3):
        before = coach.snapshot().status.reps
        coach.process(frame)
        after = coach.snapshot().status.reps
        if after != before:
            assert recorder.flush(5.0)
            counted_in_db.append((after, sum(row.rep.counted for row in History(tmp_path / "history.db").reps())))
    assert counted_in_db == [(1, 1), (2, 2), (3, 3), (4, 4)]  # each rep is in the database as soon as it is counted
    [session] = History(tmp_path / "history.db").sessions()
    assert session.source == "live" and session.exercise == "squat" and session.reps == 4 and session.ended_at is None
    coach.finish_set()
    assert recorder.flush(5.0) and History(tmp_path / "history.db").sessions()[0].ended_at is not None
    recorder.close()


HOLD_FPS = 15.0  # holds are long: half the camera's rate keeps the test lean


def stretch_pose(t: float):
    """Kneeling hip flexor stretch: stand 2 s, right leg back 3 s (trying it out), stand 2 s, left leg back 31 s,
    stand 3 s, right leg back until done."""
    if 2.0 <= t < 5.0 or t >= 41.0:
        return kneeling_stretch_pose("RIGHT")
    if 7.0 <= t < 38.0:
        return kneeling_stretch_pose("LEFT")
    return make_pose(squat_side_points(178.0))


class StretchEstimator(FakeEstimator):
    def estimate(self, frame: Frame) -> PoseResult:
        return PoseResult((stretch_pose(frame.timestamp_s),), people=1)


def test_a_stretch_times_each_side_says_switch_sides_with_a_chime_and_saves_seconds_per_side(tmp_path: Path):
    recorder = HistoryRecorder(tmp_path / "history.db")
    coach, _ = make_coach(SetPlan(sets=1), estimator=StretchEstimator, exercise="hip_flexor_stretch", sink=HistorySink(recorder))
    target_s = get_exercise("hip_flexor_stretch").target_s.value
    switching: list[float] = []  # the stream times the page would say "switch sides"
    for index in range(int(70.0 * HOLD_FPS)):
        t = index / HOLD_FPS
        coach.process(video_frame(t))
        snap = coach.snapshot()
        if snap.switch_to is not None:
            if not switching:
                assert snap.switch_to is Side.RIGHT and snap.sides == (Side.LEFT, Side.RIGHT)
                counts = snap.current.counts
                assert counts.side(Side.LEFT).held_s >= target_s and 2.0 < counts.side(Side.RIGHT).held_s < 3.5
                [chimed] = [item for item in snap.recent_spoken if item.chime]
                assert "Switch sides: now your right side." in chimed.text
            switching.append(t)
    # From the moment the left side is done (though the right side had a few seconds already) until the
    # right side's clock runs again.
    assert switching and 7.0 + target_s <= switching[0] <= 7.0 + target_s + 0.5, switching[:3]
    assert 41.0 <= switching[-1] <= 42.5 and len(switching) == round((switching[-1] - switching[0]) * HOLD_FPS) + 1
    snap = coach.snapshot()
    assert snap.workout_done and snap.switch_to is None
    [done] = snap.completed
    assert done.complete and set(done.held_s) == {Side.LEFT, Side.RIGHT}
    assert all(target_s <= held <= target_s + 1.0 for held in done.held_s.values()), done.held_s
    assert sum(item.chime for item in snap.recent_spoken) <= 1  # the right side's "done" does not chime: nothing to switch to
    assert recorder.flush(5.0)
    [session] = History(tmp_path / "history.db").sessions()
    assert session.exercise == "hip_flexor_stretch" and session.ended_at is not None
    held = session.counts.held_by_side()
    assert set(held) == {Side.LEFT, Side.RIGHT} and all(target_s <= seconds <= 31.5 for seconds in held.values()), held
    assert len([hold for hold in History(tmp_path / "history.db").holds() if hold.hold.side == "right"]) == 2
    recorder.close()


def test_a_history_that_cannot_be_written_is_reported_and_coaching_goes_on(tmp_path: Path):
    blocker = tmp_path / "not a folder"
    blocker.write_text("a file where the history's folder should be")
    recorder = HistoryRecorder(blocker / "history.db", retry_s=0.05)
    coach, _ = make_coach(sink=HistorySink(recorder))
    for frame in stream(1.0 + 2 * REP_S + 0.3):
        coach.process(frame)
    recorder.flush(1.0)
    snap = coach.snapshot()
    assert snap.status.reps == 2 and snap.error.startswith("History can't be saved")
    recorder.close(timeout_s=0.5)


def test_a_failing_model_is_reported_not_raised():
    def broken():  # type: ignore[no-untyped-def]
        raise RuntimeError("model file missing")

    coach = LiveCoach(get_exercise("squat"), models=ModelSwitcher(broken, background=False))
    out = coach.process(video_frame(0.0))
    assert isinstance(out, av.VideoFrame)
    assert "model file missing" in coach.snapshot().error


def test_a_short_rep_is_cued_while_it_happens_and_its_issue_carries_rep_and_time():
    def shallow(t: float):  # type: ignore[no-untyped-def]
        return make_pose(squat_side_points(rep_profile(178.0, 120.0, REP_S)((t - 1.0) % REP_S) if t > 1.0 else 178.0))

    class Shallow(FakeEstimator):
        def estimate(self, frame: Frame) -> PoseResult:
            return PoseResult((shallow(frame.timestamp_s),), people=1)

    coach, _ = make_coach(estimator=Shallow)
    cues: list[tuple[str, tuple[int, int]]] = []
    for frame in stream(1.0 + 2 * REP_S + 0.5):
        coach.process(frame)
        snap = coach.snapshot()
        if snap.latest_cue and (not cues or cues[-1] != (snap.latest_cue, snap.cue_count)):
            cues.append((snap.latest_cue, snap.cue_count))
    partial = get_exercise("squat").partial_cue  # type: ignore[attr-defined]
    assert cues == [(partial, (0, 0)), (partial, (0, 1))]  # each cue came up before its attempt was recorded
    snap = coach.snapshot()
    assert snap.current.attempts == 2 and [(issue.rep, issue.code) for issue in snap.current.issues] == [(1, "shallow"), (2, "shallow")]
    assert 0 < snap.current.issues[0].at_s < REP_S + 1.0


def test_several_people_in_view_pause_counting_and_say_why():
    class Crowd(FakeEstimator):
        def estimate(self, frame: Frame) -> PoseResult:
            return PoseResult((squat_pose(frame.timestamp_s),), people=2)

    coach, _ = make_coach(estimator=Crowd)
    for frame in stream(1.0 + 3 * REP_S):
        coach.process(frame)
    snap = coach.snapshot()
    assert snap.status.reps == 0 and snap.current.reps == 0
    assert snap.status.guidance_message.startswith("Several people in view")


# -- cue timing on rendered clips with exact truth: the panel's cue comes during the faulty rep
#    (or as it turns back short) and is gone by the next clean rep ---------------------------------

CUE_CLIPS = ["squat_side_shallow", "squat_side_torso_lean", "bridge_side_low", "bridge_side_no_hold", "lunge_side_lean"]
#: A rep rule is judged as the rep ends (e.g. no pause at the top), and the checker reads the end
#: when the signal is back at rest, a few frames off the renderer's own end: this much slack after it.
END_SLACK_S = 0.5


@cache
def panel_cues(name: str) -> tuple[dict, list[tuple[float, str]]]:
    """The truth, and the panel's cue after every frame of the clip played through a live coach."""
    truth = json.loads((SAMPLES / f"{name}.truth.json").read_text())
    switcher = ModelSwitcher(mediapipe_estimator("full"), background=False)
    coach = LiveCoach(get_exercise(truth["exercise"]), SetPlan(reps=100, sets=1), models=switcher)
    shown: list[tuple[float, str]] = []
    try:
        for frame in VideoFileSource(SAMPLES / f"{name}.mp4"):
            coach.process(video_frame(frame.timestamp_s, image=frame.image))
            shown.append((frame.timestamp_s, coach.snapshot().latest_cue))
    finally:
        coach.close()
    return truth, shown


def cue_messages(exercise_name: str) -> dict[str, str]:
    exercise = get_exercise(exercise_name)
    cues = {exercise.partial_code: exercise.partial_cue}  # type: ignore[attr-defined]
    cues |= {rule.code: rule.cue for rule in (*exercise.form_rules, *exercise.all_rep_rules)}  # type: ignore[attr-defined]
    return cues


@pytest.mark.model
@pytest.mark.parametrize("name", CUE_CLIPS)
def test_the_panel_cue_comes_during_the_faulty_rep_and_a_clean_rep_clears_it(name):
    truth, shown = panel_cues(name)
    cues = cue_messages(truth["exercise"])
    # When each cue came up on the panel (a cue still showing from an earlier rep does not count).
    came_up = [(t, cue) for (t, cue), (_, before) in zip(shown[1:], shown) if cue and cue != before]
    for rep in truth["reps"]:
        during = {cue for t, cue in came_up if rep["start_s"] <= t <= rep["end_s"] + END_SLACK_S}
        for fault in rep["faults"]:
            assert cues[fault] in during, f"rep {rep['index']}: no '{fault}' cue came up between {rep['start_s']} and {rep['end_s']} s"
        if not rep["faults"]:
            late = {cue for t, cue in shown if rep["peak_s"] <= t <= rep["end_s"] - END_SLACK_S} - {""}
            assert not late, f"clean rep {rep['index']} still shows {late} from its peak on"

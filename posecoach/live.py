"""Live coaching: camera frames in, annotated frames out.

``LiveCoach`` is what the web page's video callback calls. It keeps only the locks and the frame
in/out; the parts it wires together each do one job and are tested alone:

- ``StreamClock`` (posecoach.live_clock): stream time from the camera's capture times;
- ``ModelSwitcher`` (posecoach.live_models): the pose model, loaded ahead and swapped when too slow;
- ``CoachSession`` (posecoach.pipeline): kinematics and the exercise checker;
- ``Workout`` (posecoach.workout): sets, rests, sides, completion, summaries;
- a ``WorkoutSink`` (posecoach.live_sink): where sets are saved, e.g. the history.

It runs in the media thread while the page reads ``snapshot()`` from its own thread: ``_work``
guards the pipeline (held for a whole frame), ``_state`` guards what ``snapshot`` reads, so the
page never waits for a frame. It needs no browser: tests feed it ``av.VideoFrame`` objects.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NamedTuple

import av
import cv2
import numpy as np

from posecoach.events import CheckerStatus, Event, EventKind
from posecoach.exercises import Exercise
from posecoach.kinematics import Side
from posecoach.live_clock import StreamClock
from posecoach.live_models import LIVE_MODEL_CHOICES, ModelSwitcher, live_models
from posecoach.live_sink import WorkoutSink
from posecoach.overlay import CoachOverlay, draw_banner
from posecoach.pipeline import CoachSession
from posecoach.sources import Frame
from posecoach.workout import SetPlan, SetSummary, Workout, expected_sides

__all__ = ["LIVE_MODEL_CHOICES", "LiveCoach", "LiveSnapshot", "SetPlan", "Spoken", "live_models"]

#: No camera frame for this long while the camera is on: the video has stalled, and the page says so.
#: A 30 fps camera sends a frame every 33 ms; the slowest model here takes about 60 ms a frame.
STALL_AFTER_S = 2.0
GETTING_READY = "Getting ready: loading the pose model..."


@dataclass(frozen=True)
class Spoken:
    """The latest thing worth saying aloud; ``seq`` grows by one per new utterance."""

    seq: int = 0
    text: str = ""


@dataclass(frozen=True)
class LiveSnapshot:
    exercise: str
    status: CheckerStatus
    plan: SetPlan
    set_number: int
    current: SetSummary
    completed: tuple[SetSummary, ...]
    resting_left_s: float | None  # seconds of rest left, None when not resting
    workout_done: bool
    sides: tuple[Side | None, ...]  # the sides a set works (``(None,)`` for an exercise without sides)
    latest_cue: str  # the cue on screen now (the engine clears it when the next rep starts), else ""
    cue_count: tuple[int, int]  # the set's (reps, attempts) when that cue came up: which rep it was about
    model_ready: bool  # the pose model is loaded (it loads when the page opens)
    getting_ready: bool  # the camera runs but the pose model is still loading
    streaming: bool  # frames are coming in now
    stalled_s: float  # seconds without a camera frame while the camera is on (0 when fine)
    frames_in: int
    frames_processed: int
    frames_dropped: int
    processing_fps: float  # frames through pose and checker per second, recently
    processing_ms: float  # mean time per processed frame, recently
    skipped_share: float = 0.0  # share of camera frames skipped to stay live, recently
    model_note: str = ""  # why the pose model changed by itself, if it did
    error: str = ""
    recent_spoken: tuple[Spoken, ...] = ()  # the last few, oldest first: the page may poll slower than they come

    @property
    def spoken(self) -> Spoken:
        """The latest utterance."""
        return self.recent_spoken[-1] if self.recent_spoken else Spoken()

    @property
    def shown_set(self) -> SetSummary:
        """The set the big counter shows: the one in progress, or the last one once the workout is done."""
        return self.completed[-1] if self.workout_done and self.completed else self.current


class _Published(NamedTuple):
    """The workout as the page last saw it (the media thread republishes it after every change)."""

    exercise: str
    status: CheckerStatus
    plan: SetPlan
    set_number: int
    current: SetSummary
    completed: tuple[SetSummary, ...]
    done: bool
    sides: tuple[Side | None, ...]
    cue_count: tuple[int, int]


class FrameStats:
    """Frames in, processed and skipped, and the recent processing rate (media thread writes, page reads)."""

    def __init__(self) -> None:
        self.frames_in = self.processed = self.dropped = 0
        self.recent: deque[tuple[float, float]] = deque(maxlen=30)  # (finished at, processing seconds)

    def fps(self) -> float:
        if len(self.recent) < 2 or self.recent[-1][0] <= self.recent[0][0]:
            return 0.0
        return (len(self.recent) - 1) / (self.recent[-1][0] - self.recent[0][0])

    def mean_ms(self) -> float:
        return 1000 * sum(seconds for _, seconds in self.recent) / len(self.recent) if self.recent else 0.0


class LiveCoach:
    """Coaches one camera stream through a workout of one exercise.

    ``process_latest`` takes the frames queued since the last call and processes only the newest,
    so a slow frame never builds latency. Output frames are not mirrored: with ``mirror`` the page
    mirrors the video element itself, so every frame shows mirrored from the very first (even the
    raw ones the browser shows before the first analysed frame), and text is drawn to read right
    in the mirror.
    """

    def __init__(
        self,
        exercise: Exercise,
        plan: SetPlan = SetPlan(),
        *,
        models: ModelSwitcher,
        sink: WorkoutSink | None = None,
        mirror: bool = True,
        wall_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.mirror = mirror
        self._models = models
        self._sink = sink
        self._now = wall_clock
        self._work = threading.RLock()
        self._state = threading.Lock()
        self._clock = StreamClock(wall_clock)
        self._stats = FrameStats()
        self._spoken: deque[Spoken] = deque(maxlen=4)  # the latest last; seq keeps counting
        self._error = ""
        self._camera_on = False
        self._last_frame_at = 0.0
        self._start_workout(exercise, plan)

    def _start_workout(self, exercise: Exercise, plan: SetPlan) -> None:
        self._exercise = exercise
        self._overlay = CoachOverlay(exercise, mirror=self.mirror)
        self._workout = Workout(exercise, plan)
        self._session = self._new_session()
        self._status = CheckerStatus()
        self._cue_count = (0, 0)
        self._publish()

    def _new_session(self) -> CoachSession:
        # The switcher is the session's estimator: it owns the model (CoachSession's hint names MediaPipe's class).
        return CoachSession(self._exercise, self._models)  # type: ignore[arg-type]

    # -- frames (media thread) -----------------------------------------------------------------

    def process(self, frame: av.VideoFrame) -> av.VideoFrame:
        return self.process_latest([frame])[0]

    def process_latest(self, frames: list[av.VideoFrame]) -> list[av.VideoFrame]:
        """For ``queued_video_frames_callback``: drop all but the newest frame, process that one."""
        started = time.perf_counter()
        with self._state:
            self._stats.frames_in += len(frames)
            self._stats.dropped += len(frames) - 1
            self._camera_on, self._last_frame_at = True, self._now()
        frame = frames[-1]
        image = frame.to_ndarray(format="bgr24", threads=1)  # av's default starts two scaler threads per call
        with self._work:
            annotated = self._step(image, frame.time, camera_frames=len(frames))
        out = _video_frame(annotated)
        out.pts, out.time_base = frame.pts, frame.time_base
        finished = time.perf_counter()
        with self._state:
            self._stats.processed += 1
            self._stats.recent.append((finished, finished - started))
        return [out]

    def _step(self, image: np.ndarray, pts_s: float | None, camera_frames: int) -> np.ndarray:
        stamped = self._clock.stamp(image, pts_s)
        now = self._now()
        for text in self._workout.tick(now):
            self._say(text)
        self._models.warm_up()  # in case the page did not (idempotent)
        if not self._workout.counting(now):
            annotated = self._banner(image, self._rest_text(now))
        elif self._models.error:
            self._set_error(self._models.error)
            annotated = self._banner(image, "Pose model failed: see the page")
        elif not self._models.ready:
            annotated = self._banner(image, GETTING_READY)
        else:
            annotated = self._coach(stamped)
            self._models.observe(stamped.timestamp_s, camera_frames)
        self._publish()
        return annotated

    def _coach(self, frame: Frame) -> np.ndarray:
        if not self._workout.started and self._sink is not None:
            self._sink.set_started(self._workout.set_number)
        try:
            result = self._session.process(frame)
        except Exception as error:  # a broken model must not kill the stream: show it on the page
            self._set_error(f"Pose estimation failed: {error}")
            return self._banner(frame.image, "Pose estimation failed: see the page")
        self._take(result.events, result.status, frame.timestamp_s)
        annotated = self._overlay.annotate(frame.image, result)  # mirrors the image and draws on it
        if self.mirror:
            cv2.flip(annotated, 1, dst=annotated)  # back: the page mirrors the video element
        if self._workout.set_complete():
            self._finish_set(complete=True)
        return annotated

    def _take(self, events: tuple[Event, ...] | list[Event], status: CheckerStatus, stream_s: float) -> None:
        for event in events:
            if self._sink is not None and event.rep is not None:
                self._sink.rep(self._exercise.name, self._workout.set_number, event.rep)
            elif self._sink is not None and event.hold is not None:
                self._sink.hold(self._exercise.name, self._workout.set_number, event.hold)
        said = self._workout.add(events, status, stream_s)
        said += [event.message for event in events if event.kind in (EventKind.CUE, EventKind.GUIDANCE, EventKind.HOLD_COMPLETE)]
        for text in said:
            self._say(text)
        if any(event.kind is EventKind.CUE for event in events):
            counts = self._workout.counts()
            self._cue_count = (counts.reps, counts.attempts)
        self._status = status

    def _finish_set(self, complete: bool) -> None:
        self._take(self._session.finish(), self._session.checker.status, self._clock.last_s)
        number = self._workout.set_number
        _, said = self._workout.finish_set(self._now(), complete)
        if self._sink is not None:
            self._sink.set_ended(number)
        for text in said:
            self._say(text)
        self._session = self._new_session()
        self._status = CheckerStatus()  # the next set starts from zero (the summary holds this one's count)

    def _rest_text(self, now: float) -> str:
        if self._workout.done:
            return "Workout complete. Well done!"
        left = self._workout.resting_left(now) or 0.0
        return f"Rest {left:.0f} s - set {self._workout.set_number} next"

    def _banner(self, image: np.ndarray, text: str) -> np.ndarray:
        if not self.mirror:
            return draw_banner(image, text)
        cv2.flip(image, 1, dst=image)  # drawn on the mirrored view, then flipped back: it reads right in the page's mirror
        draw_banner(image, text)
        return cv2.flip(image, 1, dst=image)

    def _set_error(self, message: str) -> None:
        with self._state:
            self._error = message

    def _say(self, text: str) -> None:
        with self._state:
            seq = self._spoken[-1].seq + 1 if self._spoken else 1
            self._spoken.append(Spoken(seq, text))

    def _publish(self) -> None:
        """What the page shows of the workout, republished after each change (``snapshot`` never waits for a frame)."""
        workout = self._workout
        published = _Published(
            self._exercise.name, self._status, workout.plan, workout.set_number, workout.summary(),
            tuple(workout.completed), workout.done, expected_sides(self._exercise, workout.counts()), self._cue_count,
        )
        with self._state:
            self._published = published

    # -- what the page reads (page thread) -------------------------------------------------------

    def snapshot(self) -> LiveSnapshot:
        now = self._now()
        resting = self._workout.resting_left(now)  # a float read: safe without the frame lock
        ready = self._models.ready
        with self._state:
            shown = self._published
            stats = self._stats
            since_frame_s = now - self._last_frame_at
            streaming = self._camera_on and since_frame_s < STALL_AFTER_S
            sink_error = self._sink.error if self._sink is not None else ""
            return LiveSnapshot(
                exercise=shown.exercise, status=shown.status, plan=shown.plan, set_number=shown.set_number,
                current=shown.current, completed=shown.completed, resting_left_s=resting, workout_done=shown.done,
                sides=shown.sides, latest_cue=shown.status.cue if streaming else "", cue_count=shown.cue_count,
                model_ready=ready, getting_ready=self._camera_on and not ready, streaming=streaming, stalled_s=since_frame_s if self._camera_on and not streaming else 0.0,
                frames_in=stats.frames_in, frames_processed=stats.processed, frames_dropped=stats.dropped,
                processing_fps=stats.fps(), processing_ms=stats.mean_ms(), skipped_share=self._models.skipped_share,
                model_note=self._models.note, error=self._error or sink_error, recent_spoken=tuple(self._spoken),
            )

    @property
    def exercise(self) -> Exercise:
        return self._exercise

    @property
    def plan(self) -> SetPlan:
        return self._workout.plan

    @property
    def sink(self) -> WorkoutSink | None:
        return self._sink

    # -- controls (page thread) ------------------------------------------------------------------

    def warm_up(self) -> None:
        """Loads the pose model now, in the background (the page calls this when it opens)."""
        with self._work:
            self._models.warm_up()

    def choose_models(self, switcher: ModelSwitcher) -> None:
        """Another pose model (and fallback): the current one is closed."""
        with self._work:
            self._models.close()
            self._models = switcher  # loads on warm_up() or the next frame
            self._session = self._new_session()  # a new model: tracking starts afresh (the count is in the workout)
            self._publish()

    def set_sink(self, sink: WorkoutSink | None) -> None:
        """Where the next reps go (the set in progress starts a new entry there)."""
        with self._work:
            if self._sink is not None:
                self._sink.set_ended(self._workout.set_number)
            self._sink = sink

    def set_plan(self, plan: SetPlan) -> None:
        with self._work:
            self._workout.plan = plan
            self._publish()

    def set_exercise(self, exercise: Exercise) -> None:
        """Switches exercise: the current set ends (saved if it has reps) and counting starts over."""
        with self._work:
            if exercise.name == self._exercise.name:
                return
            self._close_current_set()
            self._start_workout(exercise, self._workout.plan)

    def finish_set(self) -> None:
        """Ends the current set now (e.g. the user is tired): it is saved and the rest starts."""
        with self._work:
            if self._workout.counting(self._now()):
                self._finish_set(complete=False)
                self._publish()

    def skip_rest(self) -> None:
        with self._work:
            self._workout.skip_rest(self._now())
            self._publish()

    def reset(self) -> None:
        """Starts the workout over from set 1 (the sets done so far stay in the history)."""
        with self._work:
            self._close_current_set()
            self._start_workout(self._exercise, self._workout.plan)

    def _close_current_set(self) -> None:
        if self._sink is not None:
            self._sink.set_ended(self._workout.set_number)

    def stream_ended(self) -> None:
        """The camera stopped: the set in progress stays open (the user may start again), the model stays loaded."""
        with self._work:
            self._clock.stream_ended()
            self._models.stream_ended()
            self._status = replace(self._status, phase="", cue="", cue_code="")  # nothing moves now
            self._publish()
            with self._state:
                self._camera_on = False

    def close(self) -> None:
        with self._work:
            self._models.close()


def _video_frame(image: np.ndarray) -> av.VideoFrame:
    """BGR -> a yuv420p frame, the encoder's own format: streamlit-webrtc hands the last frame to the
    encoder again for every camera frame it skips, and each hand-over would otherwise convert it anew."""
    height, width = image.shape[:2]
    if height % 2 or width % 2:
        return av.VideoFrame.from_ndarray(image, format="bgr24")
    return av.VideoFrame.from_ndarray(cv2.cvtColor(image, cv2.COLOR_BGR2YUV_I420), format="yuv420p")

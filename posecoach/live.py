"""Live coaching: camera frames in, annotated frames out, with sets, rests and history on the side.

``LiveCoach`` is what the web page's video callback calls. It runs in the media thread while the
page reads ``snapshot()`` from its own thread, so its state sits behind locks. It is pure frame-in,
frame-out and needs no browser: tests feed it ``av.VideoFrame`` objects directly.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

import av
import cv2
import numpy as np

from posecoach.events import CheckerStatus, EventKind, Event, HoldRecord, Issue, RepRecord
from posecoach.exercises import Exercise
from posecoach.history import History, HistoryRecorder
from posecoach.overlay import CoachOverlay, draw_banner
from posecoach.pipeline import CoachSession
from posecoach.pose import ModelVariant, PoseEstimator, PoseOptions, PoseResult, RunningMode
from posecoach.sources import Frame, LiveClock


class Estimator(Protocol):
    def estimate(self, frame: Frame) -> PoseResult: ...

    def close(self) -> None: ...


EstimatorFactory = Callable[[], Estimator]


def mediapipe_estimator(variant: ModelVariant | str = ModelVariant.FULL) -> EstimatorFactory:
    return lambda: PoseEstimator(PoseOptions(variant=ModelVariant(variant), running_mode=RunningMode.VIDEO))


#: "auto" starts with the accurate full model and falls back to lite if this computer cannot keep up.
LIVE_MODEL_CHOICES = ("auto", ModelVariant.FULL.value, ModelVariant.LITE.value)


def live_models(choice: str) -> tuple[EstimatorFactory, EstimatorFactory | None]:
    """The pose model for a live stream and, for "auto", the faster one to fall back to."""
    if choice == "auto":
        return mediapipe_estimator(ModelVariant.FULL), mediapipe_estimator(ModelVariant.LITE)
    if choice not in LIVE_MODEL_CHOICES:
        raise ValueError(f"Unknown pose model {choice!r}: choose one of {', '.join(LIVE_MODEL_CHOICES)}")
    return mediapipe_estimator(choice), None


#: When the model is slower than the camera, frames are skipped to stay live. Once the coach sees fewer
#: than three camera frames in four (under 22.5 a second from a 30 fps camera), the overlay stutters and
#: the count and the cues trail the movement, so a faster fallback model (if any) takes over. On the
#: 2-core reference machine, with the browser on the same cores, full skips 27-36% and lite 14-22%
#: (and lite counts the same reps on the dev set and the rendered clips).
KEEP_UP_MAX_SKIPPED = 0.25
KEEP_UP_WINDOW_S = 4.0  # seconds of stream judged together
KEEP_UP_SETTLE_S = 5.0  # a stream's first seconds are not judged: the model loads, the page and the browser settle


class KeepUpMonitor:
    """The share of camera frames skipped lately, and whether the model keeps falling behind the camera."""

    def __init__(self, window_s: float = KEEP_UP_WINDOW_S, settle_s: float = KEEP_UP_SETTLE_S) -> None:
        self.window_s = window_s
        self.settle_s = settle_s
        self._batches: deque[tuple[float, int]] = deque()  # (stream time, camera frames: one processed + the skipped)
        self._started_s: float | None = None

    def restart(self) -> None:
        """A new stream or a new model: judge afresh after it settles."""
        self._batches.clear()
        self._started_s = None

    def add(self, stream_s: float, frames: int) -> None:
        if self._started_s is None:
            self._started_s = stream_s
        if stream_s - self._started_s < self.settle_s:
            return
        self._batches.append((stream_s, frames))
        while stream_s - self._batches[0][0] > self.window_s:
            self._batches.popleft()

    @property
    def skipped_share(self) -> float:
        frames = sum(count for _, count in self._batches)
        return 1.0 - len(self._batches) / frames if frames else 0.0

    def falling_behind(self, max_skipped: float = KEEP_UP_MAX_SKIPPED) -> bool:
        if self._started_s is None or not self._batches:
            return False
        judged_s = self._batches[-1][0] - (self._started_s + self.settle_s)
        return judged_s >= self.window_s and self.skipped_share > max_skipped


@dataclass(frozen=True)
class SetPlan:
    reps: int = 10  # per set, for rep exercises (holds use the exercise's own target time)
    sets: int = 2
    rest_s: float = 60.0


@dataclass(frozen=True)
class SetIssue:
    code: str
    message: str
    at_s: float  # seconds since the set started
    rep: int | None  # the rep (or hold) it happened in


@dataclass(frozen=True)
class SetSummary:
    number: int
    exercise: str
    reps: int
    attempts: int
    held_s: dict[str, float]
    issues: tuple[SetIssue, ...]
    duration_s: float
    complete: bool  # reached the target (False: ended early or still running)

    def issue_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for issue in self.issues:
            counts[issue.message] = counts.get(issue.message, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: -item[1]))


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
    latest_cue: str  # the last cue given while it is fresh (CUE_SHOW_S), else ""
    streaming: bool
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


@dataclass
class _Set:
    number: int
    session: CoachSession
    started_stream_s: float | None = None  # stream time of the set's first frame
    started_wall: float = field(default_factory=time.time)
    history_id: int | None = None


CUE_SHOW_S = 6.0  # how long the page keeps showing a cue after the engine has stopped showing it


class LiveCoach:
    """Coaches one camera stream through sets of one exercise.

    ``process`` runs pose, kinematics and checker on a frame and returns it annotated (mirrored);
    ``process_latest`` takes the frames queued since the last call and processes only the newest,
    so a slow frame never builds latency. The pose model is created on the first frame of a stream
    and closed when the stream ends (``stream_ended``).
    """

    def __init__(
        self,
        exercise: Exercise,
        plan: SetPlan = SetPlan(),
        *,
        estimator_factory: EstimatorFactory | None = None,
        fallback_factory: EstimatorFactory | None = None,
        history: History | HistoryRecorder | None = None,
        mirror: bool = True,
        wall_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._estimator_factory = estimator_factory or mediapipe_estimator()
        self._fallback_factory = fallback_factory
        self._keep_up = KeepUpMonitor()
        self._model_note = ""
        self._skipped_share = 0.0
        self._history = history
        self._mirror = mirror
        self._now = wall_clock
        # _work guards the pipeline (held for a whole frame); _state guards what snapshot() reads.
        self._work = threading.RLock()
        self._state = threading.Lock()
        self._estimator: Estimator | None = None
        self._clock: LiveClock | None = None
        self._first_pts_s: float | None = None
        self._exercise = exercise
        self._overlay = CoachOverlay(exercise, mirror=mirror)
        self._plan = plan
        self._set = self._new_set(1)
        self._completed: list[SetSummary] = []
        self._rest_until: float | None = None
        self._done = False
        self._status = CheckerStatus()
        self._latest_cue = ""
        self._latest_cue_at = 0.0
        self._recent_spoken: deque[Spoken] = deque(maxlen=4)  # the latest last; seq keeps counting
        self._frames_in = self._frames_processed = self._frames_dropped = 0
        self._recent: deque[tuple[float, float]] = deque(maxlen=30)  # (finished at, processing seconds)
        self._error = ""
        self._last_stream_s = 0.0
        self._stream_offset_s = 0.0
        self._stream_started = time.monotonic()
        self._published = self._summary(self._set, complete=False)

    # -- frames (media thread) -----------------------------------------------------------------

    def process(self, frame: av.VideoFrame) -> av.VideoFrame:
        with self._state:
            self._frames_in += 1
        return self._process_one(frame, batch=1)

    def process_latest(self, frames: list[av.VideoFrame]) -> list[av.VideoFrame]:
        """For ``queued_video_frames_callback``: drop all but the newest frame, process that one."""
        with self._state:
            self._frames_in += len(frames)
            self._frames_dropped += len(frames) - 1
        return [self._process_one(frames[-1], batch=len(frames))]

    def _process_one(self, frame: av.VideoFrame, batch: int) -> av.VideoFrame:
        started = time.perf_counter()
        image = frame.to_ndarray(format="bgr24", threads=1)  # av's default starts two scaler threads per call
        with self._changing():
            stamped = self._stamp(image, frame.time)
            self._last_stream_s = stamped.timestamp_s
            self._maybe_start_next_set()
            if self._resting_left() is not None or self._done:
                annotated = self._rest_frame(image)
            else:
                annotated = self._coach(stamped)
            self._keep_up.add(stamped.timestamp_s, batch)
            skipped = self._keep_up.skipped_share
            self._fall_back_if_behind()
        out = _video_frame(annotated)
        out.pts, out.time_base = frame.pts, frame.time_base
        finished = time.perf_counter()
        with self._state:
            self._frames_processed += 1
            self._recent.append((finished, finished - started))
            self._skipped_share = skipped
        return out

    def _fall_back_if_behind(self) -> None:
        if self._fallback_factory is None or not self._keep_up.falling_behind():
            return
        note = (f"Switched to the faster pose model: this computer skipped {self._keep_up.skipped_share:.0%} "
                "of the camera frames with the accurate one.")
        self.set_estimator_factory(self._fallback_factory)
        with self._state:
            self._model_note = note

    def _stamp(self, image: np.ndarray, pts_s: float | None) -> Frame:
        if self._clock is None:
            self._clock = LiveClock()
            self._first_pts_s = pts_s
            self._stream_started = time.monotonic()
        if pts_s is None or self._first_pts_s is None:
            return self._clock.stamp(image, self._stream_offset_s + time.monotonic() - self._stream_started)
        # Capture time (steadier than arrival time), continuing after the previous stream if any.
        return self._clock.stamp(image, self._stream_offset_s + pts_s - self._first_pts_s)

    def _coach(self, frame: Frame) -> np.ndarray:
        current = self._set
        try:
            if self._estimator is None:
                self._estimator = self._estimator_factory()
            current.session.estimator = self._estimator  # type: ignore[assignment]
            if current.started_stream_s is None:
                current.started_stream_s = frame.timestamp_s
            result = current.session.process(frame)
        except Exception as error:  # a broken model must not kill the stream: show it on the page
            with self._state:
                self._error = f"Pose estimation failed: {error}"
            return self._rest_frame(frame.image, "Pose estimation failed: see the page")
        for event in result.events:
            self._on_event(current, event)
        with self._state:
            self._status = result.status
        annotated = self._overlay.annotate(frame.image, result)
        if self._set_complete(result.status):
            self._finish_set(complete=True)
        return annotated

    def _on_event(self, current: _Set, event: Event) -> None:
        say = ""
        if event.kind in (EventKind.REP, EventKind.ATTEMPT) and event.rep is not None:
            self._record(current, rep=event.rep)
            say = f"rep {current.session.checker.reps}" if event.kind is EventKind.REP else ""
        elif event.kind is EventKind.HOLD_SEGMENT and event.hold is not None:
            self._record(current, hold=event.hold)
        elif event.kind is EventKind.CUE:
            with self._state:
                self._latest_cue = event.message
                self._latest_cue_at = self._now()
            say = event.message
        elif event.kind in (EventKind.GUIDANCE, EventKind.HOLD_COMPLETE):
            say = event.message
        if say:
            self._say(say)

    def _record(self, current: _Set, rep: RepRecord | None = None, hold: HoldRecord | None = None) -> None:
        """Writes a rep or hold to the history as it happens; a full disk must not stop the coaching."""
        if self._history is None:
            return
        try:
            if current.history_id is None:
                current.history_id = self._history.start_session(
                    "live", self._exercise.name, set_number=current.number, started_at=current.started_wall
                )
            if rep is not None:
                self._history.add_rep(current.history_id, rep)
            if hold is not None:
                self._history.add_hold(current.history_id, hold)
        except Exception as error:
            with self._state:
                self._error = f"Could not save to the history: {error}"

    def _set_complete(self, status: CheckerStatus) -> bool:
        if self._exercise.kind == "reps":
            return status.reps >= self._plan.reps
        sides = 2 if getattr(self._exercise, "side_of", None) is not None else 1
        return len(status.held_s) >= sides and all(held >= status.target_s for held in status.held_s.values())

    def _finish_set(self, complete: bool) -> None:
        current = self._set
        for event in current.session.finish():
            self._on_event(current, event)
        summary = self._summary(current, complete)
        if self._history is not None and current.history_id is not None:
            try:
                self._history.end_session(current.history_id)
            except Exception as error:
                with self._state:
                    self._error = f"Could not save to the history: {error}"
        with self._state:
            self._completed.append(summary)
            self._status = CheckerStatus()  # the next set starts from zero (its summary holds this one's count)
            last = summary.number >= self._plan.sets
            if last:
                self._done = True
                self._rest_until = None
            else:
                self._rest_until = self._now() + self._plan.rest_s
        if last:
            self._say("Workout complete. Well done!")
        else:
            self._say(f"Set {summary.number} done. Rest {self._plan.rest_s:.0f} seconds.")
        self._set = self._new_set(summary.number + 1)

    def _maybe_start_next_set(self) -> None:
        left = self._resting_left()
        if left is not None and left <= 0:
            with self._state:
                self._rest_until = None
            self._say(f"Set {self._set.number}. Go!")

    def _resting_left(self) -> float | None:
        with self._state:
            return None if self._rest_until is None else max(0.0, self._rest_until - self._now())

    def _new_set(self, number: int) -> _Set:
        session = CoachSession(self._exercise, self._estimator)  # type: ignore[arg-type]  # set on the first frame
        return _Set(number, session)

    def _summary(self, current: _Set, complete: bool) -> SetSummary:
        checker = current.session.checker
        start_s = current.started_stream_s if current.started_stream_s is not None else 0.0
        issues: list[SetIssue] = []
        reps = attempts = 0
        held: dict[str, float] = {}
        for record in checker.records:
            if isinstance(record, RepRecord):
                reps += record.counted
                attempts += not record.counted
            issues += [_set_issue(issue, start_s, record.index) for issue in record.issues]
        if self._exercise.kind == "hold":
            held = {side: round(value, 1) for side, value in checker.held_by_side().items()}  # type: ignore[union-attr]
        end_s = self._last_stream_s if current.started_stream_s is not None else start_s
        return SetSummary(
            number=current.number, exercise=self._exercise.name, reps=reps, attempts=attempts, held_s=held,
            issues=tuple(sorted(issues, key=lambda issue: issue.at_s)), duration_s=max(0.0, end_s - start_s),
            complete=complete,
        )

    def _rest_frame(self, image: np.ndarray, text: str | None = None) -> np.ndarray:
        image = cv2.flip(image, 1) if self._mirror else image  # about 30 times faster than numpy's reversed copy
        if text is None:
            left = self._resting_left()
            text = "Workout complete. Well done!" if self._done else f"Rest {left:.0f} s - set {self._set.number} next"
        return draw_banner(image, text)

    @contextmanager
    def _changing(self) -> Iterator[None]:
        """Holds the pipeline for a change, then republishes what the page shows of the set in progress,
        so that ``snapshot`` never waits for a frame."""
        with self._work:
            yield
            summary = self._summary(self._set, complete=False)
            with self._state:
                self._published = summary

    def _say(self, text: str) -> None:
        with self._state:
            seq = self._recent_spoken[-1].seq + 1 if self._recent_spoken else 1
            self._recent_spoken.append(Spoken(seq, text))

    # -- control (page thread) ----------------------------------------------------------------

    def snapshot(self) -> LiveSnapshot:
        """What the page shows; it never waits for the frame in progress (the media thread publishes after each frame)."""
        resting = self._resting_left()
        with self._state:
            current = self._published
            recent = list(self._recent)
            fps = (len(recent) - 1) / (recent[-1][0] - recent[0][0]) if len(recent) > 1 and recent[-1][0] > recent[0][0] else 0.0
            mean_ms = 1000 * sum(seconds for _, seconds in recent) / len(recent) if recent else 0.0
            streaming = bool(recent) and time.perf_counter() - recent[-1][0] < 2.0
            status = self._status
            # The cue on screen now, else the last one for a few seconds: a cue about an earlier rep
            # must not hang around once the form is fine again.
            fresh = self._latest_cue if self._now() - self._latest_cue_at < CUE_SHOW_S else ""
            return LiveSnapshot(
                exercise=self._exercise.name, status=status, plan=self._plan, set_number=current.number,
                current=current, completed=tuple(self._completed), resting_left_s=resting, workout_done=self._done,
                latest_cue=status.cue or fresh, streaming=streaming, frames_in=self._frames_in,
                frames_processed=self._frames_processed, frames_dropped=self._frames_dropped, processing_fps=fps,
                processing_ms=mean_ms, skipped_share=self._skipped_share, model_note=self._model_note,
                error=self._error or (self._history.status.message if isinstance(self._history, HistoryRecorder) else ""),
                recent_spoken=tuple(self._recent_spoken),
            )

    @property
    def exercise(self) -> Exercise:
        return self._exercise

    def set_estimator_factory(self, factory: EstimatorFactory, fallback: EstimatorFactory | None = None) -> None:
        """Another pose model (and its fallback): the current one is closed and the new one made on the next frame."""
        with self._work:
            self._estimator_factory = factory
            self._fallback_factory = fallback
            self._keep_up.restart()
            with self._state:
                self._model_note = ""
            if self._estimator is not None:
                self._estimator.close()
                self._estimator = None

    @property
    def history(self) -> History | HistoryRecorder | None:
        return self._history

    def set_history(self, history: History | HistoryRecorder | None) -> None:
        """Where the next reps go (the set in progress starts a new history entry)."""
        with self._changing():
            self._close_current_set()
            self._history = history
            self._set.history_id = None

    @property
    def plan(self) -> SetPlan:
        return self._plan

    def set_plan(self, plan: SetPlan) -> None:
        with self._work:
            self._plan = plan

    def set_exercise(self, exercise: Exercise) -> None:
        """Switches exercise: the current set ends (saved if it has reps) and counting starts over."""
        with self._changing():
            if exercise.name == self._exercise.name:
                return
            self._close_current_set()
            self._exercise = exercise
            self._overlay = CoachOverlay(exercise, mirror=self._mirror)
            self._start_over()

    def finish_set(self) -> None:
        """Ends the current set now (e.g. the user is tired): it is saved and the rest starts."""
        with self._changing():
            if not self._done and self._resting_left() is None:
                self._finish_set(complete=False)

    def skip_rest(self) -> None:
        with self._work:
            with self._state:
                if self._rest_until is not None:
                    self._rest_until = self._now()

    def reset(self) -> None:
        """Starts the workout over from set 1 (the sets done so far stay in the history)."""
        with self._changing():
            self._close_current_set()
            self._start_over()

    def _close_current_set(self) -> None:
        if self._history is not None and self._set.history_id is not None:
            try:
                self._history.end_session(self._set.history_id)
            except Exception as error:
                with self._state:
                    self._error = f"Could not save to the history: {error}"

    def _start_over(self) -> None:
        self._set = self._new_set(1)
        with self._state:
            self._completed = []
            self._rest_until = None
            self._done = False
            self._status = CheckerStatus()
            self._latest_cue = ""

    def stream_ended(self) -> None:
        """The camera stopped: the set in progress stays open (the user may start again); the model is freed."""
        with self._work:
            if self._estimator is not None:
                self._estimator.close()
                self._estimator = None
            # A new stream's timestamps restart at zero: carry on after this one's, past a gap the
            # checker reads as "out of view" (a rep in progress is dropped, the count is kept).
            self._clock = None
            self._first_pts_s = None
            self._keep_up.restart()
            self._stream_offset_s = self._last_stream_s + 2.0

    def close(self) -> None:
        self.stream_ended()


def _video_frame(image: np.ndarray) -> av.VideoFrame:
    """BGR -> a yuv420p frame, the encoder's own format: streamlit-webrtc hands the last frame to the
    encoder again for every camera frame it skips, and each hand-over would otherwise convert it anew."""
    height, width = image.shape[:2]
    if height % 2 or width % 2:
        return av.VideoFrame.from_ndarray(image, format="bgr24")
    return av.VideoFrame.from_ndarray(cv2.cvtColor(image, cv2.COLOR_BGR2YUV_I420), format="yuv420p")


def _set_issue(issue: Issue, start_s: float, rep: int) -> SetIssue:
    return SetIssue(issue.code, issue.message, round(max(0.0, issue.at_s - start_s), 1), rep)

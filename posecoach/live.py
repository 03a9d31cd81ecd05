"""Live coaching: camera frames in, annotated frames out.

``LiveCoach`` is what the web page's video callback calls. It keeps only the locks and the frame
in/out; the parts it wires together each do one job and are tested alone:

- ``StreamClock`` (posecoach.live_clock): stream time from the camera's capture times;
- ``ModelSwitcher`` (posecoach.live_models): the pose model, loaded ahead and swapped when too slow;
- ``LiveWorkout`` (posecoach.live_workout): the checker session, the ``Workout`` (sets, rests, sides,
  completion, summaries), the ``WorkoutSink`` where sets are saved, and what to say;
- ``CoachOverlay`` (posecoach.overlay): the skeleton, count and cue drawn on the frame.

It runs in the media thread while the page reads ``snapshot()`` from its own thread: ``_work``
guards the pipeline (held for a whole frame), ``_state`` guards what ``snapshot`` reads (the
workout's view, published after every frame, and the frame counters), so the page never waits for
a frame. It needs no browser: tests feed it ``av.VideoFrame`` objects.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace

import av
import cv2
import numpy as np

from posecoach.exercises import Exercise
from posecoach.live_clock import StreamClock
from posecoach.live_models import LIVE_MODEL_CHOICES, ModelSwitcher, live_models
from posecoach.live_sink import WorkoutSink
from posecoach.live_workout import LiveSnapshot, LiveWorkout, Spoken
from posecoach.overlay import CoachOverlay, draw_banner
from posecoach.sources import Frame
from posecoach.workout import SetPlan

__all__ = ["LIVE_MODEL_CHOICES", "LiveCoach", "LiveSnapshot", "SetPlan", "Spoken", "live_models"]

#: No camera frame for this long while the camera is on: the video has stalled, and the page says so.
#: A 30 fps camera sends a frame every 33 ms; the slowest model here takes about 60 ms a frame.
STALL_AFTER_S = 2.0
GETTING_READY = "Getting ready: loading the pose model..."


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
        self._now = wall_clock
        self._work = threading.RLock()
        self._state = threading.Lock()
        self._clock = StreamClock(wall_clock)
        self._stats = FrameStats()
        self._error = ""
        self._camera_on = False
        self._last_frame_at = 0.0
        self._start_workout(exercise, plan, sink)

    def _start_workout(self, exercise: Exercise, plan: SetPlan, sink: WorkoutSink | None) -> None:
        self._overlay = CoachOverlay(exercise, mirror=self.mirror)
        self._workout = LiveWorkout(exercise, plan, sink)
        self._publish()

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
        self._workout.tick(now)
        self._models.warm_up()  # in case the page did not (idempotent)
        if not self._workout.counting(now):
            annotated = self._banner(image, self._workout.rest_text(now))
        elif self._models.error:
            self._set_error(self._models.error)
            annotated = self._banner(image, "Pose model failed: see the page")
        elif not self._models.ready:
            annotated = self._banner(image, GETTING_READY)
        else:
            annotated = self._coach(stamped, now)
            self._models.observe(stamped.timestamp_s, camera_frames)
        self._publish()
        return annotated

    def _coach(self, frame: Frame, now: float) -> np.ndarray:
        try:
            found = self._models.estimate(frame)
        except Exception as error:  # a broken model must not kill the stream: show it on the page
            self._set_error(f"Pose estimation failed: {error}")
            return self._banner(frame.image, "Pose estimation failed: see the page")
        if found is None:  # a model handed over between two frames is still loading
            return self._banner(frame.image, GETTING_READY)
        result = self._workout.score(frame, found, now)
        annotated = self._overlay.annotate(frame.image, result)  # mirrors the image and draws on it
        if self.mirror:
            cv2.flip(annotated, 1, dst=annotated)  # back: the page mirrors the video element
        return annotated

    def _banner(self, image: np.ndarray, text: str) -> np.ndarray:
        if not self.mirror:
            return draw_banner(image, text)
        cv2.flip(image, 1, dst=image)  # drawn on the mirrored view, then flipped back: it reads right in the page's mirror
        draw_banner(image, text)
        return cv2.flip(image, 1, dst=image)

    def _set_error(self, message: str) -> None:
        with self._state:
            self._error = message

    def _publish(self) -> None:
        """The workout as the page shows it, republished after each change (``snapshot`` never waits for a frame)."""
        view = self._workout.view()
        with self._state:
            self._published = view

    # -- what the page reads (page thread) -------------------------------------------------------

    def snapshot(self) -> LiveSnapshot:
        now = self._now()
        ready = self._models.ready
        with self._state:
            shown, stats = self._published, self._stats
            since_frame_s = now - self._last_frame_at
            streaming = self._camera_on and since_frame_s < STALL_AFTER_S
            sink = self._workout.sink
            return replace(
                shown,
                resting_left_s=self._workout.workout.resting_left(now),  # a float read: safe without the frame lock
                latest_cue=shown.status.cue if streaming else "",
                model_ready=ready, getting_ready=self._camera_on and not ready, streaming=streaming,
                stalled_s=since_frame_s if self._camera_on and not streaming else 0.0,
                frames_in=stats.frames_in, frames_processed=stats.processed, frames_dropped=stats.dropped,
                processing_fps=stats.fps(), processing_ms=stats.mean_ms(), skipped_share=self._models.skipped_share,
                model_note=self._models.note, error=self._error or (sink.error if sink is not None else ""),
            )

    @property
    def exercise(self) -> Exercise:
        return self._workout.exercise

    @property
    def plan(self) -> SetPlan:
        return self._workout.workout.plan

    @property
    def sink(self) -> WorkoutSink | None:
        return self._workout.sink

    # -- controls (page thread) ------------------------------------------------------------------

    def warm_up(self) -> None:
        """Loads the pose model now, in the background (the page calls this when it opens)."""
        with self._work:
            self._models.warm_up()

    def choose_models(self, switcher: ModelSwitcher) -> None:
        """Another pose model (and fallback). The current one is closed in the background: it may still be
        loading, and neither the page nor the next frame waits for that."""
        with self._work:
            old, self._models = self._models, switcher  # loads on warm_up() or the next frame
            self._workout.restart_tracking()  # a new model: tracking starts afresh (the count is in the workout)
            self._publish()
        old.close_in_background()

    def set_sink(self, sink: WorkoutSink | None) -> None:
        """Where the next reps go (the set in progress starts a new entry there)."""
        with self._work:
            self._workout.set_sink(sink)

    def set_plan(self, plan: SetPlan) -> None:
        with self._work:
            self._workout.workout.plan = plan
            self._publish()

    def set_exercise(self, exercise: Exercise) -> None:
        """Switches exercise: the current set ends (saved if it has reps) and counting starts over."""
        with self._work:
            if exercise.name == self.exercise.name:
                return
            self._workout.close()
            self._start_workout(exercise, self.plan, self.sink)

    def finish_set(self) -> None:
        """Ends the current set now (e.g. the user is tired): it is saved and the rest starts."""
        with self._work:
            now = self._now()
            if self._workout.counting(now):
                self._workout.finish_set(now, complete=False)
                self._publish()

    def skip_rest(self) -> None:
        with self._work:
            self._workout.workout.skip_rest(self._now())
            self._publish()

    def reset(self) -> None:
        """Starts the workout over from set 1 (the sets done so far stay in the history)."""
        with self._work:
            self._workout.close()
            self._start_workout(self.exercise, self.plan, self.sink)

    def stream_ended(self) -> None:
        """The camera stopped: the set in progress stays open (the user may start again), the model stays loaded."""
        with self._work:
            self._clock.stream_ended()
            self._models.stream_ended()
            self._workout.stream_ended()
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

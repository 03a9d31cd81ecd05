"""The pose model of a live stream: loaded ahead of the camera, and swapped for a faster one if the
computer cannot keep up.

``ModelSwitcher`` loads the model in the background as soon as the page opens (``warm_up``), so
the first camera frame is analysed at once instead of waiting seconds for MediaPipe; until it is
ready ``estimate`` returns None and the coach shows "getting ready". In "auto" mode a
``KeepUpMonitor`` watches the share of camera frames skipped; when the model keeps falling behind,
the faster fallback is loaded in the background and takes over between two frames.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Protocol

import numpy as np

from posecoach.pose import ModelVariant, PoseEstimator, PoseOptions, PoseResult, RunningMode
from posecoach.sources import Frame


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
KEEP_UP_SETTLE_S = 5.0  # a stream's first seconds are not judged: the page and the browser settle


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


class _Loading:
    """One model being made, in a background thread or right away."""

    def __init__(self, factory: EstimatorFactory, background: bool) -> None:
        self.model: Estimator | None = None
        self.error = ""
        self._done = threading.Event()
        if background:
            threading.Thread(target=self._load, args=(factory,), name="posecoach-model-load", daemon=True).start()
        else:
            self._load(factory)

    def _load(self, factory: EstimatorFactory) -> None:
        try:
            model = factory()
            # The first frame through a landmarker sets up its graph (a few hundred ms): do it now, not on the user's.
            model.estimate(Frame(np.zeros((480, 640, 3), np.uint8), 0, 0.0))
            self.model = model
        except Exception as error:  # shown on the page; the stream goes on
            self.error = f"Pose model could not be loaded: {error}"
        finally:
            self._done.set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout_s: float | None = None) -> bool:
        return self._done.wait(timeout_s)


class ModelSwitcher:
    """Owns the live pose model: loads it ahead of the stream and hands over to the fallback when behind.

    Not thread-safe on its own: the coach calls it under its frame lock. Loading runs in a thread.
    """

    def __init__(
        self,
        primary: EstimatorFactory,
        fallback: EstimatorFactory | None = None,
        *,
        monitor: KeepUpMonitor | None = None,
        background: bool = True,
    ) -> None:
        self._background = background
        self._monitor = monitor or KeepUpMonitor()
        self._primary, self._fallback = primary, fallback
        self._current: _Loading | None = None
        self._next: _Loading | None = None  # the fallback, loading
        self.note = ""  # why the model changed by itself, if it did

    def warm_up(self) -> None:
        """Starts loading the model if it is not loaded or loading (idempotent; call when the page opens)."""
        if self._current is None:
            self._current = _Loading(self._primary, self._background)

    @property
    def ready(self) -> bool:
        return self._current is not None and self._current.model is not None

    @property
    def error(self) -> str:
        return self._current.error if self._current is not None else ""

    def wait_ready(self, timeout_s: float | None = None) -> bool:
        self.warm_up()
        assert self._current is not None
        return self._current.wait(timeout_s) and self.ready

    def estimate(self, frame: Frame) -> PoseResult | None:
        """The pose in ``frame``, or None while the model is still loading (never waits for it)."""
        self.warm_up()
        self._hand_over_if_loaded()
        assert self._current is not None
        model = self._current.model
        return model.estimate(frame) if model is not None else None

    def observe(self, stream_s: float, camera_frames: int) -> None:
        """One processed frame that stood for ``camera_frames`` camera frames (the rest were skipped)."""
        if not self.ready:
            return  # loading is not falling behind
        self._monitor.add(stream_s, camera_frames)
        if self._fallback is not None and self._next is None and self._monitor.falling_behind():
            self.note = (f"Switched to the faster pose model: this computer skipped {self._monitor.skipped_share:.0%} "
                         "of the camera frames with the accurate one.")
            self._next = _Loading(self._fallback, self._background)
            self._hand_over_if_loaded()

    @property
    def skipped_share(self) -> float:
        return self._monitor.skipped_share

    def _hand_over_if_loaded(self) -> None:
        if self._next is None or not self._next.done:
            return
        if self._next.model is None:  # the fallback failed to load: keep the model that works
            self.note, self._next, self._fallback = self._next.error, None, None
            return
        old, self._current, self._next = self._current, self._next, None
        self._primary, self._fallback = self._fallback or self._primary, None
        self._monitor.restart()
        if old is not None and old.model is not None:
            if self._background:  # closing a landmarker takes about 40 ms: off the frame path
                threading.Thread(target=old.model.close, name="posecoach-model-close", daemon=True).start()
            else:
                old.model.close()

    def stream_ended(self) -> None:
        self._monitor.restart()

    def close_in_background(self) -> None:
        """``close`` in a thread of its own: it waits for a model still loading (seconds, for MediaPipe)."""
        threading.Thread(target=self.close, name="posecoach-model-close", daemon=True).start()

    def close(self) -> None:
        """Closes the models, waiting for one still loading (so none is left open)."""
        for loading in (self._current, self._next):
            if loading is not None:
                if not loading.done:
                    loading.wait()
                if loading.model is not None:
                    loading.model.close()
        self._current = self._next = None
        self._monitor.restart()

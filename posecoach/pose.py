"""The pose stage: MediaPipe's Tasks PoseLandmarker, created once and reused."""

from __future__ import annotations

import os
import sys
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from importlib import resources
from pathlib import Path

import cv2
import numpy as np

from posecoach.landmarks import NUM_LANDMARKS, Pose
from posecoach.sources import Frame, native_logs_wanted

BUILD_COMMAND = "python tools/build_pose_models.py"
MODEL_DIR_ENV = "POSECOACH_MODEL_DIR"
#: libmediapipe posts usage statistics to play.googleapis.com through its bundled libcurl each time a
#: landmarker is created, and has no switch for it (checked for mediapipe 1.2.2). libcurl takes its
#: proxy from these variables, so pointing them at port 0 on loopback (where nothing can listen) ends
#: every such request at once, without a DNS lookup. posecoach itself never uses the network.
USAGE_LOGGING_BLOCK = {"https_proxy": "http://127.0.0.1:0", "HTTPS_PROXY": "http://127.0.0.1:0",
                       "http_proxy": "http://127.0.0.1:0", "HTTP_PROXY": "http://127.0.0.1:0"}
_NO_PROXY_VARIABLES = ("no_proxy", "NO_PROXY")  # an exemption would let the request through
_stderr_lock = threading.RLock()  # reentrant: the CLI holds it around the whole command


def block_usage_logging() -> None:
    """Stops MediaPipe's usage logging for this process (see ``USAGE_LOGGING_BLOCK``)."""
    os.environ.update(USAGE_LOGGING_BLOCK)
    for name in _NO_PROXY_VARIABLES:
        os.environ.pop(name, None)


@contextmanager
def quiet_native_logs() -> Iterator[None]:
    """Drops what native code writes to file descriptor 2 meanwhile (LiteRT and glog print ~50 lines per
    landmarker created, a few on its first frame and when closed), unless $POSECOACH_NATIVE_LOGS=1.
    Python's own ``sys.stderr`` still reaches the terminal: posecoach's messages stay visible."""
    if native_logs_wanted():
        yield
        return
    with _stderr_lock:
        try:
            python_on_fd2 = sys.stderr.fileno() == 2
        except (AttributeError, OSError, ValueError):  # already elsewhere (e.g. captured by a test)
            python_on_fd2 = False
        sys.stderr.flush()
        saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
        previous = sys.stderr
        if python_on_fd2:
            sys.stderr = open(saved, "w", buffering=1, encoding=previous.encoding, errors="backslashreplace", closefd=False)
        try:
            yield
        finally:
            sys.stderr.flush()
            sys.stderr = previous
            os.dup2(saved, 2)
            os.close(saved)


class ModelError(Exception):
    """The pose model file is missing or unusable."""


class ModelVariant(str, Enum):
    LITE = "lite"
    FULL = "full"
    HEAVY = "heavy"

    @property
    def filename(self) -> str:
        return f"pose_landmarker_{self.value}.task"


class RunningMode(str, Enum):
    IMAGE = "image"  # each frame on its own (stills): the detector runs every time
    VIDEO = "video"  # a sequence with increasing timestamps: tracking makes it faster


def model_path(variant: ModelVariant | str) -> Path:
    """Where the bundle for ``variant`` lives: $POSECOACH_MODEL_DIR, the installed package, or the checkout."""
    variant = ModelVariant(variant)
    candidates: list[Path] = []
    if env_dir := os.environ.get(MODEL_DIR_ENV):
        candidates.append(Path(env_dir) / variant.filename)
    try:
        candidates.append(Path(str(resources.files("posecoach.models") / variant.filename)))
    except ModuleNotFoundError:
        pass
    candidates.append(Path(__file__).resolve().parent.parent / "models" / variant.filename)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ModelError(
        f"Pose model {variant.filename} not found (looked in: {', '.join(str(c.parent) for c in candidates)}). "
        f"Build it with: {BUILD_COMMAND} --variants {variant.value}"
    )


def _check_bundle(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as bundle:
            names = set(bundle.namelist())
    except (zipfile.BadZipFile, OSError) as error:
        raise ModelError(f"Pose model {path} is corrupt ({error}). Rebuild it with: {BUILD_COMMAND}") from error
    expected = {"pose_detector.tflite", "pose_landmarks_detector.tflite"}
    if not expected <= names:
        raise ModelError(f"Pose model {path} lacks {sorted(expected - names)}. Rebuild it with: {BUILD_COMMAND}")


@dataclass(frozen=True)
class PoseOptions:
    variant: ModelVariant = ModelVariant.FULL
    running_mode: RunningMode = RunningMode.VIDEO
    model_file: Path | None = None  # a .task bundle to use instead of the shipped one for ``variant``
    max_people: int = 1
    #: Tracking several people makes VIDEO mode run its detector on every frame (about half the speed),
    #: so the coach tracks one and a second, lite landmarker looks for others this often (seconds;
    #: None = never).
    people_check_interval_s: float | None = 1.0
    #: The detector misses small or partly hidden people on some checks, so a sighting of several
    #: people is remembered this long (seconds) before the count may fall back to one.
    people_memory_s: float = 3.0
    min_detection_confidence: float = 0.5
    min_presence_confidence: float = 0.5
    min_tracking_confidence: float = 0.5


@dataclass(frozen=True)
class PoseResult:
    poses: tuple[Pose, ...]
    people: int = 0  # people in view, from the latest people check (at least len(poses))

    @property
    def primary(self) -> Pose | None:
        """The person nearest the image centre (the one to coach), or None."""
        if not self.poses:
            return None
        return min(self.poses, key=_distance_to_centre)


def _distance_to_centre(pose: Pose) -> float:
    width, height = pose.image_size
    return float(np.linalg.norm(np.nanmean(pose.xy, axis=0) - (width / 2, height / 2)))


class PoseEstimator:
    """Wraps ``PoseLandmarker``. Create one per stream and reuse it for every frame."""

    def __init__(self, options: PoseOptions = PoseOptions()) -> None:
        os.environ.setdefault("GLOG_minloglevel", "2")  # MediaPipe's C++ start-up chatter
        block_usage_logging()
        # OpenCV's worker threads busy-wait (about 10,000 sched_yield calls a second) between the small
        # per-frame operations; on a small machine they take the CPU the model needs. One thread.
        cv2.setNumThreads(1)
        import mediapipe as mp  # imported here: it takes about a second and not every caller needs it
        from mediapipe.tasks.python import BaseOptions, vision

        self.options = options
        path = options.model_file or model_path(options.variant)
        if not path.is_file():
            raise ModelError(f"Pose model {path} not found. Build the shipped models with: {BUILD_COMMAND}")
        _check_bundle(path)
        mode = vision.RunningMode.VIDEO if options.running_mode is RunningMode.VIDEO else vision.RunningMode.IMAGE
        landmarker_options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(path)),
            running_mode=mode,
            num_poses=options.max_people,
            min_pose_detection_confidence=options.min_detection_confidence,
            min_pose_presence_confidence=options.min_presence_confidence,
            min_tracking_confidence=options.min_tracking_confidence,
        )
        try:
            with quiet_native_logs():
                self._landmarker = vision.PoseLandmarker.create_from_options(landmarker_options)
        except (RuntimeError, ValueError) as error:
            raise ModelError(f"Pose model {path} could not be loaded ({error}). Rebuild it with: {BUILD_COMMAND}") from error
        self._mp = mp
        self._last_timestamp_ms = -1
        self._first_frame = True
        self._people_checker = None
        self._people = 0
        self._most_people = 0
        self._most_people_seen_s = float("-inf")
        self._next_people_check_s = float("-inf")
        if options.people_check_interval_s is not None:
            with quiet_native_logs():
                self._people_checker = vision.PoseLandmarker.create_from_options(
                    vision.PoseLandmarkerOptions(
                        base_options=BaseOptions(model_asset_path=str(model_path(ModelVariant.LITE))),
                        running_mode=vision.RunningMode.IMAGE,
                        num_poses=4,
                    )
                )

    def estimate(self, frame: Frame) -> PoseResult:
        if self._first_frame:  # the first inference prints a few native lines too
            self._first_frame = False
            with quiet_native_logs():
                return self._estimate(frame)
        return self._estimate(frame)

    def _estimate(self, frame: Frame) -> PoseResult:
        rgb = cv2.cvtColor(frame.image, cv2.COLOR_BGR2RGB)  # about 50 times faster than numpy's reversed copy
        image = self._mp.Image(image_format=self._mp.ImageFormat.SRGB, data=rgb)
        if self.options.running_mode is RunningMode.VIDEO:
            timestamp_ms = max(int(round(frame.timestamp_s * 1000.0)), self._last_timestamp_ms + 1)
            self._last_timestamp_ms = timestamp_ms
            result = self._landmarker.detect_for_video(image, timestamp_ms)
        else:
            result = self._landmarker.detect(image)
        poses = tuple(_to_pose(lms, world, frame.size) for lms, world in zip(result.pose_landmarks, result.pose_world_landmarks))
        return PoseResult(poses, people=max(len(poses), self._count_people(image, frame.timestamp_s)))

    def _count_people(self, image: object, timestamp_s: float) -> int:
        if self._people_checker is None or self.options.people_check_interval_s is None:
            return 0
        if timestamp_s >= self._next_people_check_s or timestamp_s < self._next_people_check_s - 2 * self.options.people_check_interval_s:
            self._people = distinct_people(self._people_checker.detect(image).pose_landmarks)
            self._next_people_check_s = timestamp_s + self.options.people_check_interval_s
            remembered = abs(timestamp_s - self._most_people_seen_s) <= self.options.people_memory_s
            if self._people > 1 or not remembered:
                self._most_people = max(self._people, self._most_people if remembered else 0)
                self._most_people_seen_s = timestamp_s
        return max(self._people, self._most_people)

    def close(self) -> None:
        with quiet_native_logs():
            self._landmarker.close()
            if self._people_checker is not None:
                self._people_checker.close()

    def __enter__(self) -> "PoseEstimator":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


#: Two detections whose landmark boxes overlap by more than this share of the smaller box are one person found
#: twice: a body folded on the floor (the legs of a figure four or happy baby up over the hips) can come back as a
#: second "person" lying within the first; two people side by side, or one half behind the other, overlap far less.
SAME_PERSON_OVERLAP = 0.6


def distinct_people(detections: list) -> int:
    """How many people a list of detections (normalized landmarks each) shows, a detection mostly inside an
    earlier one's box counting as that one."""
    boxes: list[tuple[float, float, float, float]] = []
    for landmarks in detections:
        xs, ys = [lm.x for lm in landmarks], [lm.y for lm in landmarks]
        box = (min(xs), min(ys), max(xs), max(ys))
        if not any(_overlap(box, seen) > SAME_PERSON_OVERLAP for seen in boxes):
            boxes.append(box)
    return len(boxes)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """Intersection of two boxes over the smaller one's area."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return width * height / smaller if width > 0 and height > 0 and smaller > 0 else 0.0


def _to_pose(landmarks: list, world_landmarks: list, image_size: tuple[int, int]) -> Pose:
    normalized = np.array(
        [(lm.x, lm.y, lm.z, lm.visibility or 0.0, lm.presence or 0.0) for lm in landmarks], dtype=float
    )
    world = np.array([(lm.x, lm.y, lm.z) for lm in world_landmarks], dtype=float)
    if normalized.shape[0] != NUM_LANDMARKS:
        raise ModelError(f"The pose model returned {normalized.shape[0]} landmarks, expected {NUM_LANDMARKS}.")
    return Pose.from_normalized(normalized, image_size, world)

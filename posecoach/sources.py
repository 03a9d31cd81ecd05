"""Frame sources: video files streamed frame by frame, still images, and live frames pushed in."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

#: Frames larger than this on their long side are scaled down before pose estimation: the pose
#: model works at 256 px, so a 4K frame only costs time and memory.
DEFAULT_MAX_SIDE_PX = 1280


#: A file is reported as cut short when less than this share of the frames its container states decodes
#: (containers round their counts, and a few frames may be dropped at the very end of a good file).
MIN_DECODED_SHARE = 0.9

#: Set to "1" to see the native libraries' own log lines (FFmpeg, LiteRT, glog); ``posecoach --verbose`` does.
NATIVE_LOGS_ENV = "POSECOACH_NATIVE_LOGS"

#: Leading bytes of still-image files, which FFmpeg would otherwise read as a one-frame "video".
_STILL_IMAGE_SIGNATURES = {
    b"\xff\xd8\xff": "a JPEG photo", b"\x89PNG\r\n\x1a\n": "a PNG image", b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image", b"II*\x00": "a TIFF image", b"MM\x00*": "a TIFF image", b"BM": "a BMP image",
}
_STILL_IMAGE_BRANDS = {b"heic", b"heix", b"mif1", b"msf1", b"avif"}  # ISO-BMFF brands of HEIC/AVIF photos


class SourceError(Exception):
    """A source that cannot be read: the message is one line meant for the user."""


def native_logs_wanted() -> bool:
    return os.environ.get(NATIVE_LOGS_ENV) == "1"


def still_image_kind(path: Path) -> str | None:
    """"a JPEG photo" etc. when the file is a still image whatever its name says, else None."""
    try:
        with open(path, "rb") as file:
            head = file.read(16)
    except OSError:
        return None
    if head[4:8] == b"ftyp" and head[8:12] in _STILL_IMAGE_BRANDS:
        return "a HEIC/AVIF photo"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "a WebP image"
    return next((kind for signature, kind in _STILL_IMAGE_SIGNATURES.items() if head.startswith(signature)), None)


def decoded_shortfall(info: "VideoInfo", frames_decoded: int) -> str | None:
    """A one-line warning when much less of the video decoded than its container states (cut short or damaged)."""
    if info.frame_count <= 1 or frames_decoded >= MIN_DECODED_SHARE * info.frame_count:
        return None
    return (
        f"only {frames_decoded / info.fps:.1f} s of the {info.duration_s:.1f} s that {info.path.name} states could be "
        f"decoded ({frames_decoded} of {info.frame_count} frames): the file is cut short or damaged, and the results "
        "cover only that part."
    )


@dataclass(frozen=True)
class Frame:
    image: np.ndarray  # BGR, uint8, (height, width, 3)
    index: int
    timestamp_s: float

    @property
    def size(self) -> tuple[int, int]:
        height, width = self.image.shape[:2]
        return width, height


@dataclass(frozen=True)
class VideoInfo:
    path: Path
    fps: float
    frame_count: int  # as the container reports it; may be approximate
    width: int  # after auto-rotation and down-scaling
    height: int

    @property
    def duration_s(self) -> float:
        return self.frame_count / self.fps if self.fps > 0 else 0.0


def _fit(image: np.ndarray, max_side_px: int | None) -> np.ndarray:
    if max_side_px is None:
        return image
    height, width = image.shape[:2]
    scale = max_side_px / max(height, width)
    if scale >= 1.0:
        return image
    size = (round(width * scale), round(height * scale))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


class VideoFileSource:
    """Streams a video file one frame at a time, so memory stays flat on hour-long or 4K files.

    Phone videos recorded in portrait come out upright: OpenCV applies the rotation metadata.
    Timestamps come from the container when it has them, else from the frame rate.
    """

    def __init__(self, path: str | Path, max_side_px: int | None = DEFAULT_MAX_SIDE_PX) -> None:
        self.path = Path(path)
        self.max_side_px = max_side_px
        if not self.path.exists():
            raise SourceError(f"No such file: {self.path}")
        if not self.path.is_file():
            raise SourceError(f"Not a file: {self.path}")
        if (still := still_image_kind(self.path)) is not None:
            raise SourceError(f"{self.path.name} is {still}, not a video: film a clip of the exercise and use that.")
        capture = self._open()
        try:
            ok, first = capture.read()
            if not ok or first is None:
                raise SourceError(
                    f"Cannot read any frame from {self.path.name}: it is empty, not a video, "
                    "or uses a codec this machine cannot decode."
                )
            fps = capture.get(cv2.CAP_PROP_FPS)
            count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
        finally:
            capture.release()
        first = _fit(first, max_side_px)
        self.info = VideoInfo(
            path=self.path,
            fps=fps if np.isfinite(fps) and 0 < fps < 1000 else 30.0,
            frame_count=max(count, 1),
            width=first.shape[1],
            height=first.shape[0],
        )

    def _open(self) -> cv2.VideoCapture:
        if not native_logs_wanted():  # FFmpeg's lines about damaged packets; read when the first file is opened
            os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
        capture = cv2.VideoCapture(str(self.path))
        if not capture.isOpened():
            raise SourceError(f"Cannot open {self.path.name}: not a video, or an unsupported format.")
        capture.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
        return capture

    def __iter__(self) -> Iterator[Frame]:
        return self.frames()

    def frames(self, start: int = 0, stop: int | None = None) -> Iterator[Frame]:
        """Frames ``start`` to ``stop`` (exclusive; None = the end). Earlier frames are decoded but not
        converted, so indices and timestamps are exactly those of a full pass (seeking is not exact)."""
        capture = self._open()
        frame_period_s = 1.0 / self.info.fps
        last_timestamp_s = -1.0
        index = 0
        try:
            while stop is None or index < stop:
                if index < start:
                    ok, image = capture.grab(), None
                else:
                    ok, image = capture.read()
                if not ok or (image is None and index >= start):
                    break
                container_s = capture.get(cv2.CAP_PROP_POS_MSEC) / 1000.0
                timestamp_s = container_s if container_s > last_timestamp_s else index * frame_period_s
                if timestamp_s <= last_timestamp_s:  # keep timestamps strictly increasing
                    timestamp_s = last_timestamp_s + frame_period_s
                last_timestamp_s = timestamp_s
                if image is not None:
                    yield Frame(_fit(image, self.max_side_px), index, timestamp_s)
                index += 1
        finally:
            capture.release()


def read_image(path: str | Path, max_side_px: int | None = DEFAULT_MAX_SIDE_PX) -> Frame:
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"No such file: {path}")
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise SourceError(f"Cannot read {path.name} as an image.")
    return Frame(_fit(image, max_side_px), 0, 0.0)


def frames_from_images(
    images: Iterable[np.ndarray], fps: float = 30.0, max_side_px: int | None = DEFAULT_MAX_SIDE_PX
) -> Iterator[Frame]:
    """Wrap raw BGR images (e.g. generated in a test) as frames at a fixed rate."""
    for index, image in enumerate(images):
        yield Frame(_fit(image, max_side_px), index, index / fps)


class LiveClock:
    """Stamps frames pushed in from a camera with strictly increasing times (seconds)."""

    def __init__(self) -> None:
        self._start = time.monotonic()
        self._last_s = -1.0
        self._index = 0

    def stamp(self, image: np.ndarray, timestamp_s: float | None = None) -> Frame:
        now_s = time.monotonic() - self._start if timestamp_s is None else timestamp_s
        now_s = max(now_s, self._last_s + 1e-3)
        self._last_s = now_s
        frame = Frame(image, self._index, now_s)
        self._index += 1
        return frame

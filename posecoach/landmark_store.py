"""Landmarks as an artifact: the pose stage's output for a whole video in a versioned ``.jsonl.gz`` file.

A session kept as landmarks can be scored again without the video or the pose model, e.g. after an
exercise rule or threshold changed. The format is documented in the README ("Landmarks files").

Line 1 is the header (a JSON object, ``"format": "posecoach-landmarks"``, ``"version": 1``); every
further line is one analysed frame, in order. Landmarks are stored as MediaPipe returned them
(normalised image coordinates, float32 values written with 9 significant digits, which read back
bit for bit), so scoring a file gives the same report as scoring the video it came from.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import IO

import cv2
import numpy as np

from posecoach.landmarks import NUM_LANDMARKS, Landmark, Pose
from posecoach.pipeline import PoseRecord
from posecoach.sources import SourceError, VideoInfo

FORMAT_NAME = "posecoach-landmarks"
FORMAT_VERSION = 1
SUFFIX = ".jsonl.gz"
#: gzip level 6 is zlib's default trade-off; it keeps writing well under a millisecond a frame.
COMPRESSION_LEVEL = 6
_FLOAT32 = "%.9g"  # 9 significant digits: enough for any float32 to read back exactly
#: Frames read and converted together (a few hundred kB): the per-frame cost of numpy calls shrinks, memory stays flat.
READ_CHUNK_FRAMES = 256
#: What a damaged frame line raises when parsed (JSON, UTF-8, array shapes, missing keys, wrong types).
_DAMAGED = (ValueError, KeyError, TypeError)


class LandmarkFileError(SourceError):
    """A landmarks file that cannot be read: wrong format, newer version, or damaged."""


@dataclass(frozen=True)
class LandmarkHeader:
    video: str  # the analysed video's file name (no directory: the file may travel)
    fps: float
    frame_count: int  # as the container reported it (approximate); the frame lines are the truth
    width: int  # of the analysed frames (upright, scaled down to at most 1280 px): the landmarks' pixel frame
    height: int
    rotation_deg: int  # rotation metadata of the video, already applied to the frames
    model: str  # pose model variant: lite, full or heavy
    format: str = FORMAT_NAME
    version: int = FORMAT_VERSION
    landmarks: tuple[str, ...] = tuple(landmark.name.lower() for landmark in Landmark)

    @property
    def image_size(self) -> tuple[int, int]:
        return self.width, self.height

    @classmethod
    def for_video(cls, info: VideoInfo, model: str) -> "LandmarkHeader":
        capture = cv2.VideoCapture(str(info.path))
        try:
            rotation = int(capture.get(cv2.CAP_PROP_ORIENTATION_META) or 0)
        finally:
            capture.release()
        return cls(info.path.name, info.fps, info.frame_count, info.width, info.height, rotation % 360, model)

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "landmarks": list(self.landmarks)})

    @classmethod
    def from_json(cls, line: str, path: Path) -> "LandmarkHeader":
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise LandmarkFileError(f"{path.name} is not a posecoach landmarks file ({error}).") from error
        if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
            raise LandmarkFileError(f"{path.name} is not a posecoach landmarks file (no '{FORMAT_NAME}' header).")
        if data.get("version") != FORMAT_VERSION:
            raise LandmarkFileError(
                f"{path.name} is landmarks format version {data.get('version')}; this posecoach reads version {FORMAT_VERSION}."
            )
        known = {field.name for field in fields(cls)}
        if missing := known - set(data):
            raise LandmarkFileError(f"{path.name}: the header lacks {sorted(missing)}.")
        header = cls(**{key: data[key] for key in known if key != "landmarks"}, landmarks=tuple(data["landmarks"]))
        if len(header.landmarks) != NUM_LANDMARKS:
            raise LandmarkFileError(f"{path.name} has {len(header.landmarks)} landmarks per pose, expected {NUM_LANDMARKS}.")
        return header


def is_landmark_file(path: str | Path) -> bool:
    return str(path).endswith(SUFFIX)


def _numbers(values: np.ndarray) -> str:
    flat = values.astype(np.float32).ravel().tolist()
    return "[" + ",".join([_FLOAT32] * len(flat)) % tuple(flat) + "]"


def record_to_json(record: PoseRecord) -> str:
    """One frame line: index, time (s), people in view, mean luma and the pose (or null)."""
    pose = record.pose
    if pose is None:
        pose_json = "null"
    else:
        width, height = pose.image_size
        normalized = np.column_stack(
            [pose.xy[:, 0] / width, pose.xy[:, 1] / height, pose.depth / width, pose.visibility, pose.presence]
        )
        pose_json = f'{{"landmarks":{_numbers(normalized)},"world":{_numbers(pose.world)}}}'
    return (
        f'{{"i":{record.frame_index},"t":{record.timestamp_s!r},"people":{record.people},'
        f'"luma":{record.luma!r},"pose":{pose_json}}}'
    )


def record_from_json(line: str | bytes, image_size: tuple[int, int]) -> PoseRecord:
    return records_from_json([line], image_size)[0]


def records_from_json(lines: list[str] | list[bytes], image_size: tuple[int, int]) -> list[PoseRecord]:
    """Frame lines read back together: one array conversion for all their poses instead of a few per frame."""
    frames = [json.loads(line) for line in lines]
    poses = [frame["pose"] for frame in frames if frame["pose"] is not None]
    stacked = iter(_poses(poses, image_size) if poses else [])
    return [
        PoseRecord(int(frame["i"]), float(frame["t"]), None if frame["pose"] is None else next(stacked), int(frame["people"]), float(frame["luma"]))
        for frame in frames
    ]


def _poses(poses: list[dict], image_size: tuple[int, int]) -> list[Pose]:
    """``Pose.from_normalized`` on a stack of frames' float32 values (the same arithmetic, once for all)."""
    count = len(poses)
    normalized = np.asarray([pose["landmarks"] for pose in poses], dtype=np.float32).astype(float).reshape(count, NUM_LANDMARKS, 5)
    world = np.asarray([pose["world"] for pose in poses], dtype=np.float32).astype(float).reshape(count, NUM_LANDMARKS, 3)
    width, height = image_size
    xy = normalized[:, :, :2] * np.array([width, height], dtype=float)
    depth = normalized[:, :, 2] * width
    return [Pose(xy[k], depth[k], normalized[k, :, 3], normalized[k, :, 4], world[k], image_size) for k in range(count)]


class LandmarkWriter:
    """Writes a landmarks file frame by frame (flat memory); use as a context manager."""

    def __init__(self, path: str | Path, header: LandmarkHeader) -> None:
        self.path = Path(path)
        if not is_landmark_file(self.path):
            raise SourceError(f"A landmarks file must end in {SUFFIX}: {self.path.name}")
        try:
            self._file: IO[str] = gzip.open(self.path, "wt", compresslevel=COMPRESSION_LEVEL, encoding="utf-8")
        except OSError as error:
            raise SourceError(f"Cannot write the landmarks file {self.path}: {error.strerror or error}") from error
        self._file.write(header.to_json() + "\n")

    def write(self, record: PoseRecord) -> None:
        self._file.write(record_to_json(record) + "\n")

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "LandmarkWriter":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@contextmanager
def landmark_sink(path: str | Path | None, header: LandmarkHeader) -> Iterator[Callable[[PoseRecord], None]]:
    """A function that saves each record to ``path`` (or does nothing when it is None). A run that
    fails leaves no half-written file behind."""
    if path is None:
        yield lambda record: None
        return
    writer = LandmarkWriter(path, header)
    try:
        yield writer.write
    except BaseException:
        writer.close()
        writer.path.unlink(missing_ok=True)
        raise
    writer.close()


class LandmarkFile:
    """Reads a landmarks file: ``header`` at once, the frames one at a time when iterated."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise SourceError(f"No such file: {self.path}")
        try:
            with gzip.open(self.path, "rt", encoding="utf-8") as file:
                first = file.readline()
        except (OSError, EOFError, UnicodeDecodeError) as error:
            raise LandmarkFileError(f"Cannot read {self.path.name} as a gzip landmarks file ({error}).") from error
        self.header = LandmarkHeader.from_json(first, self.path)

    def __iter__(self) -> Iterator[PoseRecord]:
        line_number = 1  # the last line read
        try:
            with gzip.open(self.path, "rb") as file:
                file.readline()
                lines: list[bytes] = []
                for line_number, line in enumerate(file, start=2):
                    lines.append(line)
                    if len(lines) == READ_CHUNK_FRAMES:
                        yield from self._records(lines, line_number)
                        lines = []
                yield from self._records(lines, line_number)
        except (OSError, EOFError, *_DAMAGED) as error:
            raise LandmarkFileError(f"{self.path.name} is damaged at line {line_number} ({error}).") from error

    def _records(self, lines: list[bytes], last_line: int) -> Iterator[PoseRecord]:
        try:
            records = records_from_json(lines, self.header.image_size)
        except _DAMAGED:  # line by line (the lines may differ in layout), to name a damaged one
            for line_number, line in enumerate(lines, start=last_line - len(lines) + 1):
                try:
                    yield record_from_json(line, self.header.image_size)
                except _DAMAGED as error:
                    raise LandmarkFileError(f"{self.path.name} is damaged at line {line_number} ({error}).") from error
            return
        yield from records

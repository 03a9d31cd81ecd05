"""Where the pose records of one analysis come from: one landmarker in this process, several worker
processes on time segments of the video, or a landmarks file.

MediaPipe runs one landmarker on about one core and has no thread setting, so a video uses every
core only when it is split: each worker process runs its own landmarker on one time segment. VIDEO
mode tracks from frame to frame, so a segment starts its landmarker ``WARMUP_S`` before the first
frame it reports; by then tracking has settled and the landmarks match a single pass closely (the
sample clips give identical reports). Workers spool their records to temporary files and the
parent reads them back in frame order while the workers run, so memory stays flat however long the
video is, and kinematics and the checker still run once, in order (see ``report.analyze_video``).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from posecoach.landmark_store import LandmarkFile, LandmarkHeader, is_landmark_file
from posecoach.pipeline import PoseRecord, estimate_pose
from posecoach.pose import ModelVariant, PoseEstimator, PoseOptions, RunningMode
from posecoach.sources import Frame, SourceError, VideoFileSource

#: Seconds a segment's landmarker runs before the first frame it reports. VIDEO mode crops around the
#: previous frame's pose; right after a cold start the landmarks differ most from a single pass (up to
#: ~6 px in the first 10 frames on the sample clips), after that by about a pixel however long the
#: warm-up (measured with 0 to 3 s): two tracking histories never become identical, so a longer one buys nothing.
WARMUP_S = 0.5
#: Skipping a frame (decoded, not converted) costs about this share of estimating a frame's pose (720p:
#: ~1-2 ms against ~25 ms), so later segments, which skip more frames first, are planned a little shorter.
SKIP_COST = 0.05
#: Segments shorter than this (seconds) cost more in process start-up (about a second to import
#: MediaPipe and load the model) and warm-up than they save.
MIN_SEGMENT_S = 4.0
#: Records per spool write: small enough to keep the parent busy early, large enough to be cheap.
CHUNK_FRAMES = 32
#: How often (seconds) the parent checks that no worker died without a word while it waits.
WORKER_POLL_S = 0.5

NO_PICTURES = "A landmarks file has no pictures to draw on: annotate from the video instead."

ProgressCallback = Callable[[int, int], None]  # (frames done, frames expected)


class PoseWorkerError(RuntimeError):
    """A pose worker process died (killed, out of memory, crashed in native code)."""


def default_workers() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class Segment:
    number: int
    warmup_start: int  # the first frame the landmarker sees
    start: int  # the first frame whose record this segment reports
    stop: int | None  # the first frame it does not report; None = to the end of the video


def plan_segments(
    frame_count: int,
    fps: float,
    workers: int,
    warmup_s: float = WARMUP_S,
    min_segment_s: float = MIN_SEGMENT_S,
    skip_cost: float = SKIP_COST,
) -> list[Segment]:
    """Split ``frame_count`` frames into at most ``workers`` contiguous segments of at least
    ``min_segment_s``, sized so that every worker has the same work (its frames, its warm-up and the
    frames it skips to reach it) and all finish together."""
    count = max(1, min(workers, int(frame_count / max(min_segment_s * fps, 1.0))))
    warmup = round(warmup_s * fps)
    # With work W per worker, segment k > 0 reports W - warmup - skip_cost * (start_k - warmup) frames:
    # start_1 = W and start_{k+1} = (1 - skip_cost) * (start_k - warmup) + W, so every start is a line
    # a * W + b, and the last segment's end is frame_count.
    lines = [(1.0, 0.0)]
    for _ in range(count - 1):
        a, b = lines[-1]
        lines.append(((1.0 - skip_cost) * a + 1.0, (1.0 - skip_cost) * (b - warmup)))
    work = (frame_count - lines[-1][1]) / lines[-1][0]
    starts = [0] + [round(a * work + b) for a, b in lines[:-1]]
    stops: list[int | None] = [*starts[1:], None]  # the container's count may be off: the last runs to the end
    return [Segment(n, max(0, start - warmup), start, stop) for n, (start, stop) in enumerate(zip(starts, stops))]


class PoseStream(ABC):
    """Pose records in frame order with the header describing them; iterate once, then ``close``."""

    header: LandmarkHeader

    @abstractmethod
    def __iter__(self) -> Iterator[tuple[PoseRecord, Frame | None]]:
        """Each record, with its decoded frame when the stream has pictures (else None)."""

    def close(self) -> None:
        pass

    def __enter__(self) -> "PoseStream":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class SequentialPose(PoseStream):
    """One landmarker in this process (``--workers 1``): the frames come along for sinks that draw."""

    def __init__(self, source: VideoFileSource, options: PoseOptions, progress: ProgressCallback | None) -> None:
        self.source = source
        self.header = LandmarkHeader.for_video(source.info, options.variant.value)
        self.progress = progress
        self._estimator = PoseEstimator(options)

    def __iter__(self) -> Iterator[tuple[PoseRecord, Frame | None]]:
        for frame in self.source:
            yield estimate_pose(self._estimator, frame), frame
            if self.progress is not None:
                self.progress(frame.index + 1, self.source.info.frame_count)

    def close(self) -> None:
        self._estimator.close()


class LandmarkFilePose(PoseStream):
    """Records read back from a landmarks file: no video and no model needed."""

    def __init__(self, path: str | Path, progress: ProgressCallback | None) -> None:
        self.file = LandmarkFile(path)
        self.header = self.file.header
        self.progress = progress

    def __iter__(self) -> Iterator[tuple[PoseRecord, Frame | None]]:
        for done, record in enumerate(self.file, start=1):
            yield record, None
            if self.progress is not None and done % 256 == 0:
                self.progress(done, self.header.frame_count)


def _pose_segment(path: str, segment: Segment, options: PoseOptions, spool: str, messages: "multiprocessing.Queue") -> None:
    """Worker process: estimate the segment's frames and append them to ``spool`` in pickled chunks,
    announcing each chunk's end offset so the parent reads only whole chunks."""
    try:
        source = VideoFileSource(path)
        with PoseEstimator(options) as estimator, open(spool, "ab") as out:
            chunk: list[PoseRecord] = []
            for frame in source.frames(segment.warmup_start, segment.stop):
                record = estimate_pose(estimator, frame)
                if frame.index < segment.start:
                    continue  # warm-up: tracking settles, nothing is reported
                chunk.append(record)
                if len(chunk) == CHUNK_FRAMES:
                    _flush(chunk, out, segment, messages)
            _flush(chunk, out, segment, messages)
        messages.put(("done", segment.number, 0, 0))
    except BaseException as error:  # noqa: BLE001 - every failure must reach the parent, or it waits forever
        try:
            pickle.dumps(error)
        except Exception:  # noqa: BLE001
            error = RuntimeError(f"{type(error).__name__}: {error}")
        messages.put(("error", segment.number, error, 0))


def _flush(chunk: list[PoseRecord], out: IO[bytes], segment: Segment, messages: "multiprocessing.Queue") -> None:
    if chunk:
        pickle.dump(chunk, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
        messages.put(("chunk", segment.number, out.tell(), len(chunk)))
        chunk.clear()


class ParallelPose(PoseStream):
    """Worker processes, one landmarker each, on the time segments of one video."""

    def __init__(
        self,
        source: VideoFileSource,
        options: PoseOptions,
        segments: list[Segment],
        progress: ProgressCallback | None,
        with_frames: bool,
    ) -> None:
        self.source = source
        self.header = LandmarkHeader.for_video(source.info, options.variant.value)
        self.segments = segments
        self.progress = progress
        self.with_frames = with_frames
        self._spool_dir = tempfile.TemporaryDirectory(prefix="posecoach-pose-")
        context = multiprocessing.get_context("spawn")  # never fork a process that may hold MediaPipe threads
        self._messages = context.Queue()
        self._workers = [
            context.Process(
                target=_pose_segment,
                args=(str(source.path), segment, options, self._spool(segment), self._messages),
                daemon=True,
                name=f"posecoach-pose-{segment.number}",
            )
            for segment in segments
        ]
        for segment in segments:
            Path(self._spool(segment)).touch()
        for worker in self._workers:
            worker.start()

    def _spool(self, segment: Segment) -> str:
        return os.path.join(self._spool_dir.name, f"segment-{segment.number}.pkl")

    def __iter__(self) -> Iterator[tuple[PoseRecord, Frame | None]]:
        readable = [0] * len(self.segments)  # bytes of whole chunks announced per segment
        finished = [False] * len(self.segments)
        done = 0
        frames = iter(self.source) if self.with_frames else None
        for segment in self.segments:
            with open(self._spool(segment), "rb") as spool:
                while True:
                    while spool.tell() < readable[segment.number]:
                        for record in pickle.load(spool):
                            yield record, (next(frames) if frames is not None else None)
                    if finished[segment.number]:
                        break
                    kind, number, value, frames_done = self._next_message()
                    if kind == "chunk":
                        readable[number] = value
                        done += frames_done
                        if self.progress is not None:
                            self.progress(done, self.source.info.frame_count)
                    elif kind == "done":
                        finished[number] = True
                    else:
                        raise value

    def _next_message(self) -> tuple[str, int, object, int]:
        while True:
            try:
                return self._messages.get(timeout=WORKER_POLL_S)
            except queue.Empty:
                for worker in self._workers:
                    if worker.exitcode not in (None, 0):
                        raise PoseWorkerError(f"pose worker {worker.name} died (exit code {worker.exitcode})")

    def close(self) -> None:
        for worker in self._workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()
        self._messages.close()
        self._spool_dir.cleanup()


def open_pose_stream(
    path: str | Path,
    variant: ModelVariant | str = ModelVariant.FULL,
    workers: int = 1,
    progress: ProgressCallback | None = None,
    with_frames: bool = False,
) -> PoseStream:
    """The records for ``path``: a landmarks file is read back; a video is analysed by ``workers``
    processes (1 = in this process). ``with_frames`` also hands out each decoded frame (for drawing)."""
    if is_landmark_file(path):
        if with_frames:
            raise SourceError(NO_PICTURES)
        return LandmarkFilePose(path, progress)
    source = VideoFileSource(path)
    options = PoseOptions(variant=ModelVariant(variant), running_mode=RunningMode.VIDEO)
    segments = plan_segments(source.info.frame_count, source.info.fps, workers)
    if len(segments) == 1:
        return SequentialPose(source, options, progress)
    return ParallelPose(source, options, segments, progress, with_frames)

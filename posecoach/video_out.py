"""The annotated-video sink: writes frames to a file, codec chosen by the file's extension."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from posecoach.sources import SourceError

#: .webm (VP8) plays in every browser; .mp4 uses MPEG-4 Part 2, which desktop players read
#: (the opencv wheel has no H.264 encoder).
FOURCC_BY_SUFFIX = {".webm": "VP80", ".mp4": "mp4v", ".m4v": "mp4v", ".avi": "MJPG", ".mkv": "VP80"}


class VideoWriter:
    def __init__(self, path: str | Path, fps: float) -> None:
        self.path = Path(path)
        fourcc = FOURCC_BY_SUFFIX.get(self.path.suffix.lower())
        if fourcc is None:
            raise SourceError(f"Cannot write {self.path.name}: use one of {', '.join(sorted(FOURCC_BY_SUFFIX))}.")
        self.fps = fps
        self._fourcc = fourcc
        self._writer: cv2.VideoWriter | None = None

    def write(self, image: np.ndarray) -> None:
        if self._writer is None:  # opened on the first frame, whose size fixes the video's
            self.path.parent.mkdir(parents=True, exist_ok=True)
            height, width = image.shape[:2]
            self._writer = cv2.VideoWriter(str(self.path), cv2.VideoWriter_fourcc(*self._fourcc), self.fps, (width, height))
            if not self._writer.isOpened():
                raise SourceError(f"Cannot write {self.path}: the video encoder did not open.")
        self._writer.write(image)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.release()
            self._writer = None

    def __enter__(self) -> "VideoWriter":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

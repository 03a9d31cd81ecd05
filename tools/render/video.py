"""mp4 writing: H.264 (yuv420p, browser-playable) through the ffmpeg binary.

Falls back to OpenCV's 'mp4v' writer when ffmpeg is missing (not browser-friendly).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np


class VideoWriter:
    def __init__(self, path: Path, width: int, height: int, fps: float, crf: int = 26) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._proc: subprocess.Popen | None = None
        self._cv = None
        ffmpeg = shutil.which("ffmpeg")
        if ffmpeg:
            cmd = [
                ffmpeg, "-y", "-loglevel", "error",
                "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-r", f"{fps:g}", "-i", "-",
                "-c:v", "libx264", "-preset", "medium", "-crf", str(crf), "-pix_fmt", "yuv420p",
                "-g", str(int(round(fps * 2))), "-threads", "1",
                "-movflags", "+faststart", "-map_metadata", "-1", "-fflags", "+bitexact",
                "-flags:v", "+bitexact", str(self.path),
            ]  # fmt: skip
            self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
        else:
            import cv2

            self._cv = cv2.VideoWriter(str(self.path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))

    def write(self, rgb: np.ndarray) -> None:
        if self._proc is not None:
            assert self._proc.stdin is not None
            self._proc.stdin.write(np.ascontiguousarray(rgb, dtype=np.uint8).tobytes())
        else:
            self._cv.write(rgb[..., ::-1])

    def close(self) -> None:
        if self._proc is not None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            if self._proc.wait() != 0:
                raise RuntimeError(f"ffmpeg failed writing {self.path}")
        elif self._cv is not None:
            self._cv.release()

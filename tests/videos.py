"""Small real video files made by the tests themselves."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np


def write_video(path: Path, frames: int, size: tuple[int, int] = (320, 240), fps: float = 30.0, color: int = 90) -> Path:
    width, height = size
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
    assert writer.isOpened()
    for index in range(frames):
        image = np.full((height, width, 3), color, np.uint8)
        cv2.putText(image, str(index), (10, height // 2), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (255, 255, 255), 2)
        writer.write(image)
    writer.release()
    return path

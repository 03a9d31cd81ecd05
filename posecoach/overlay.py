"""The overlay sink: skeleton, key angles, count or timer, phase and the current cue, drawn on a frame.

Small annotators with one ``annotate()`` each; ``CoachOverlay`` composes them for the CLI's annotated
video and for the app's live view.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from posecoach.events import CheckerStatus
from posecoach.exercises import Exercise
from posecoach.exercises.base import KeyAngle
from posecoach.kinematics import BodyMeasures
from posecoach.landmarks import SKELETON
from posecoach.pipeline import FrameResult

Color = tuple[int, int, int]  # BGR

NEAR_SIDE_COLOR: Color = (80, 220, 80)
FAR_SIDE_COLOR: Color = (170, 170, 170)
CUE_COLOR: Color = (40, 200, 255)
GUIDANCE_COLOR: Color = (60, 90, 255)
TEXT_COLOR: Color = (255, 255, 255)
FONT = cv2.FONT_HERSHEY_SIMPLEX


def _scale(image: np.ndarray) -> float:
    return max(image.shape[0], image.shape[1] * 0.75) / 720.0


def _thickness(size: float) -> int:
    return max(1, round(2 * size))


def _text_size(text: str, size: float) -> tuple[int, int]:
    return cv2.getTextSize(text, FONT, size, _thickness(size))[0]


def _text(image: np.ndarray, text: str, origin: tuple[int, int], size: float, color: Color = TEXT_COLOR) -> None:
    # A drop shadow at the same thickness, offset by it: OpenCV 5's font widens its glyphs with the
    # thickness, so a thicker outline would no longer line up with the text.
    thickness = _thickness(size)
    cv2.putText(image, text, (origin[0] + thickness, origin[1] + thickness), FONT, size, (0, 0, 0), thickness, cv2.LINE_AA)
    cv2.putText(image, text, origin, FONT, size, color, thickness, cv2.LINE_AA)


def _darken(band: np.ndarray, alpha: float) -> None:
    """Darkens a horizontal band of the image in place (cheaper than blending a copy)."""
    cv2.convertScaleAbs(band, dst=band, alpha=alpha)


def _mirror_points(points: np.ndarray, width: int, mirror: bool) -> np.ndarray:
    if not mirror:
        return points
    flipped = points.copy()
    flipped[:, 0] = width - 1 - flipped[:, 0]
    return flipped


@dataclass(frozen=True)
class SkeletonAnnotator:
    """Draws the bones, the near side brighter than the far side."""

    def annotate(self, image: np.ndarray, measures: BodyMeasures, mirror: bool = False) -> np.ndarray:
        if measures.pose is None:
            return image
        points = _mirror_points(measures.pose.xy, image.shape[1], mirror)
        visible = measures.pose.visibility >= 0.5
        near_prefix = measures.near_side.name
        thickness = max(2, round(3 * _scale(image)))
        for a, b in SKELETON:
            if not (visible[a] and visible[b]):
                continue
            color = NEAR_SIDE_COLOR if a.name.startswith(near_prefix) and b.name.startswith(near_prefix) else FAR_SIDE_COLOR
            cv2.line(image, _pt(points[a]), _pt(points[b]), color, thickness, cv2.LINE_AA)
        for index in np.flatnonzero(visible[11:]) + 11:
            cv2.circle(image, _pt(points[index]), thickness + 1, TEXT_COLOR, -1, cv2.LINE_AA)
        return image


def _pt(point: np.ndarray) -> tuple[int, int]:
    return int(round(point[0])), int(round(point[1]))


@dataclass(frozen=True)
class AngleAnnotator:
    """Writes each key angle that declares where it is drawn (``KeyAngle.at``) next to that point."""

    exercise: Exercise

    def annotate(self, image: np.ndarray, measures: BodyMeasures, mirror: bool = False) -> np.ndarray:
        if measures.pose is None:
            return image
        scale = _scale(image)
        for name, angle in self.exercise.key_angles.items():
            if not isinstance(angle, KeyAngle) or angle.at is None:
                continue  # reported per rep, not drawn
            value, anchor = angle(measures), np.array(angle.at(measures), float)
            if math.isnan(value) or np.isnan(anchor).any():
                continue
            if mirror:
                anchor[0] = image.shape[1] - 1 - anchor[0]
            origin = (int(anchor[0] + 16 * scale), int(anchor[1] - 10 * scale))
            _text(image, f"{angle.label or name.replace('_', ' ')} {value:.0f}", origin, 0.9 * scale, CUE_COLOR)
        return image


@dataclass(frozen=True)
class StatusAnnotator:
    """Count or hold timer and phase at the top; the current cue (or guidance) large at the bottom."""

    exercise: Exercise

    def annotate(self, image: np.ndarray, status: CheckerStatus) -> np.ndarray:
        scale = _scale(image)
        height, width = image.shape[:2]
        band = int(70 * scale)
        cv2.rectangle(image, (0, 0), (width, band), (0, 0, 0), -1)
        headline = self._headline(status)
        margin = int(14 * scale)
        size = _fit(headline, 1.2 * scale, width - 2 * margin)
        _text(image, headline, (margin, int(48 * scale)), size)
        message, color = (status.guidance_message, GUIDANCE_COLOR) if status.guidance_message else (status.cue, CUE_COLOR)
        if message:
            lines = _wrap(message, max_chars=max(20, int(width / (19 * scale))))
            line_height = int(40 * scale)
            top = height - line_height * len(lines) - int(16 * scale)
            _darken(image[max(top - int(10 * scale), 0) :], alpha=0.4)
            for row, line in enumerate(lines):
                _text(image, line, (int(14 * scale), top + line_height * (row + 1) - int(8 * scale)), 0.95 * scale, color)
        return image

    def _headline(self, status: CheckerStatus) -> str:
        if self.exercise.kind == "hold":
            timers = "  ".join(f"{side.value if side else 'hold'} {held:4.1f}/{status.target_s:.0f}s" for side, held in status.held_s.items())
            switch = f"  switch to {status.next_side}" if status.next_side else ""
            return f"{self.exercise.title}  {timers or 'get into position'}{switch}  [{status.phase}]"
        attempts = f"  ({status.attempts} not counted)" if status.attempts else ""
        reps = "1 rep" if status.reps == 1 else f"{status.reps} reps"
        if status.reps_by_side:
            reps = " / ".join(f"{side} {count}" for side, count in status.reps_by_side.items())
        return f"{self.exercise.title}: {reps}{attempts}  [{status.phase}]"


def draw_banner(image: np.ndarray, text: str) -> np.ndarray:
    """A message across the middle of the frame on a darkened band (rests, errors), in place."""
    scale = _scale(image)
    height, width = image.shape[:2]
    band = int(90 * scale)
    top = (height - band) // 2
    _darken(image[top : top + band], alpha=0.35)
    size = _fit(text, 1.1 * scale, width - 16)
    text_width, text_height = _text_size(text, size)
    _text(image, text, ((width - text_width) // 2, top + (band + text_height) // 2), size)
    return image


def _fit(text: str, size: float, max_width_px: int) -> float:
    """The font size, at most ``size``, at which ``text`` fits in ``max_width_px``."""
    width_px = _text_size(text, size)[0]
    return size if width_px <= max_width_px else size * max_width_px / width_px


def _wrap(text: str, max_chars: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= max_chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


class CoachOverlay:
    """Everything the user sees on the video, drawn in place on a BGR frame (mirrored for a webcam)."""

    def __init__(self, exercise: Exercise, mirror: bool = False) -> None:
        self.mirror = mirror
        self.skeleton = SkeletonAnnotator()
        self.angles = AngleAnnotator(exercise)
        self.status = StatusAnnotator(exercise)

    def annotate(self, image: np.ndarray, result: FrameResult) -> np.ndarray:
        if self.mirror:
            cv2.flip(image, 1, dst=image)
        self.skeleton.annotate(image, result.measures, self.mirror)
        self.angles.annotate(image, result.measures, self.mirror)
        return self.status.annotate(image, result.status)


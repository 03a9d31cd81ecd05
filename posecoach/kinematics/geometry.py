"""2D/3D angle helpers; outputs degrees; NaN in, NaN out.

The vectorised ones take arrays of points (..., D). The ``*_2d`` ones take one image point each, as anything
indexable by 0 (x) and 1 (y), and return a float: the tracker reads a few dozen of them per frame, and numpy's
overhead on two-element arrays costs ~20 times the arithmetic. Both kinds compute the same expressions.

Image coordinates have y pointing down, so "up" is (0, -1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

Point = Sequence[float]
NAN = float("nan")

UP_2D = np.array([0.0, -1.0])


def _angle_between(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    dot = np.sum(u * v, axis=-1)
    norms = np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cosine = np.clip(dot / norms, -1.0, 1.0)
    return np.degrees(np.arccos(cosine))


def joint_angle(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Interior angle at ``b`` of the chain a-b-c, in [0, 180] degrees (180 = straight)."""
    return _angle_between(np.asarray(a, float) - b, np.asarray(c, float) - b)


def angle_from_vertical(lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Angle between the segment lower->upper and straight up, in [0, 180] degrees."""
    return _angle_between(np.asarray(upper, float) - lower, np.broadcast_to(UP_2D, np.shape(upper)))


def angle_from_horizontal(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Angle between the segment a-b and the horizontal, in [0, 90] degrees, whichever way it points."""
    delta = np.asarray(b, float) - a
    return np.degrees(np.arctan2(np.abs(delta[..., 1]), np.abs(delta[..., 0])))


def line_angle_signed(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Angle a-b-c in [0, 360): 180 when b lies on the line a-c, above 180 when b rises above it.

    Used for the bridge: shoulder-hip-knee past 180 means the hips are pushed above the
    shoulder-knee line (an arched lower back).
    """
    a, b, c = (np.asarray(p, float) for p in (a, b, c))
    interior = joint_angle(a, b, c)
    along = c - a
    normal = np.stack([along[..., 1], -along[..., 0]], axis=-1)  # perpendicular to a->c
    normal = np.where((np.sum(normal * UP_2D, axis=-1) < 0)[..., None], -normal, normal)  # make it point up
    above = np.sum((b - a) * normal, axis=-1) > 0
    return np.where(above, 360.0 - interior, interior)


def distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.linalg.norm(np.asarray(a, float) - b, axis=-1)


def _angle_between_2d(ux: float, uy: float, vx: float, vy: float) -> float:
    norms = math.sqrt(ux * ux + uy * uy) * math.sqrt(vx * vx + vy * vy)
    if not norms > 0:  # a zero-length segment, or NaN
        return NAN
    return math.degrees(math.acos(min(max((ux * vx + uy * vy) / norms, -1.0), 1.0)))


def joint_angle_2d(a: Point, b: Point, c: Point) -> float:
    """``joint_angle`` of three image points."""
    return _angle_between_2d(a[0] - b[0], a[1] - b[1], c[0] - b[0], c[1] - b[1])


def angle_from_vertical_2d(lower: Point, upper: Point) -> float:
    """``angle_from_vertical`` of two image points."""
    return _angle_between_2d(upper[0] - lower[0], upper[1] - lower[1], 0.0, -1.0)


def angle_from_horizontal_2d(a: Point, b: Point) -> float:
    """``angle_from_horizontal`` of two image points."""
    return math.degrees(math.atan2(abs(b[1] - a[1]), abs(b[0] - a[0])))


def line_angle_signed_2d(a: Point, b: Point, c: Point) -> float:
    """``line_angle_signed`` of three image points."""
    interior = joint_angle_2d(a, b, c)
    along_x, along_y = c[0] - a[0], c[1] - a[1]
    normal_x, normal_y = (along_y, -along_x) if not along_x < 0 else (-along_y, along_x)  # perpendicular to a->c, up
    above = (b[0] - a[0]) * normal_x + (b[1] - a[1]) * normal_y > 0
    return 360.0 - interior if above else interior


def distance_2d(a: Point, b: Point) -> float:
    """``distance`` between two image points."""
    dx, dy = a[0] - b[0], a[1] - b[1]
    return math.sqrt(dx * dx + dy * dy)


def mid_2d(a: Point, b: Point) -> tuple[float, float]:
    return (a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0

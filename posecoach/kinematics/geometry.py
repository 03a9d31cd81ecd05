"""Vectorised 2D/3D angle helpers. Inputs are arrays of points (..., D); outputs degrees; NaN in, NaN out.

Image coordinates have y pointing down, so "up" is (0, -1).
"""

from __future__ import annotations

import numpy as np

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

"""Small rotation and angle helpers (numpy, batched over a leading frame axis).

World frame used everywhere in the renderer (anny's own frame): metres, +Z up,
the person's rest pose faces -Y, and the person's LEFT is +X.
"""

from __future__ import annotations

import numpy as np

FloatArray = np.ndarray


def rot_x(deg: FloatArray | float) -> FloatArray:
    """Rotation(s) about +X.  Positive angles tip +Z towards -Y (forward)."""
    a = np.radians(np.asarray(deg, dtype=np.float64))
    c, s = np.cos(a), np.sin(a)
    out = np.zeros(a.shape + (3, 3))
    out[..., 0, 0] = 1.0
    out[..., 1, 1], out[..., 1, 2] = c, -s
    out[..., 2, 1], out[..., 2, 2] = s, c
    return out


def rot_y(deg: FloatArray | float) -> FloatArray:
    a = np.radians(np.asarray(deg, dtype=np.float64))
    c, s = np.cos(a), np.sin(a)
    out = np.zeros(a.shape + (3, 3))
    out[..., 1, 1] = 1.0
    out[..., 0, 0], out[..., 0, 2] = c, s
    out[..., 2, 0], out[..., 2, 2] = -s, c
    return out


def rot_z(deg: FloatArray | float) -> FloatArray:
    a = np.radians(np.asarray(deg, dtype=np.float64))
    c, s = np.cos(a), np.sin(a)
    out = np.zeros(a.shape + (3, 3))
    out[..., 2, 2] = 1.0
    out[..., 0, 0], out[..., 0, 1] = c, -s
    out[..., 1, 0], out[..., 1, 1] = s, c
    return out


def axis_angle(axis: FloatArray, deg: FloatArray | float) -> FloatArray:
    """Rodrigues rotation(s) about unit axis/axes (..., 3) by deg."""
    axis = np.asarray(axis, dtype=np.float64)
    axis = axis / np.linalg.norm(axis, axis=-1, keepdims=True)
    a = np.radians(np.asarray(deg, dtype=np.float64))
    shape = np.broadcast_shapes(axis.shape[:-1], a.shape)
    axis = np.broadcast_to(axis, shape + (3,))
    a = np.broadcast_to(a, shape)
    k = np.zeros(shape + (3, 3))
    k[..., 0, 1], k[..., 0, 2] = -axis[..., 2], axis[..., 1]
    k[..., 1, 0], k[..., 1, 2] = axis[..., 2], -axis[..., 0]
    k[..., 2, 0], k[..., 2, 1] = -axis[..., 1], axis[..., 0]
    s = np.sin(a)[..., None, None]
    c = np.cos(a)[..., None, None]
    return np.eye(3) + s * k + (1 - c) * (k @ k)


def rot_between(src: FloatArray, dst: FloatArray) -> FloatArray:
    """Smallest rotation taking direction src onto direction dst (batched)."""
    src = np.asarray(src, dtype=np.float64)
    dst = np.asarray(dst, dtype=np.float64)
    src = src / np.linalg.norm(src, axis=-1, keepdims=True)
    dst = dst / np.linalg.norm(dst, axis=-1, keepdims=True)
    src, dst = np.broadcast_arrays(src, dst)
    axis = np.cross(src, dst)
    sin = np.linalg.norm(axis, axis=-1)
    cos = np.sum(src * dst, axis=-1)
    safe = np.where(sin[..., None] > 1e-9, axis, np.array([1.0, 0.0, 0.0]))
    return axis_angle(safe, np.degrees(np.arctan2(sin, cos)))


def pitch_to(ref_dir: FloatArray, target_dir: FloatArray) -> FloatArray:
    """Angle (deg) of the rot_x that turns ref_dir's Y-Z projection onto target's."""
    ref = np.asarray(ref_dir, dtype=np.float64)
    tgt = np.asarray(target_dir, dtype=np.float64)
    a_ref = np.arctan2(ref[..., 2], ref[..., 1])
    a_tgt = np.arctan2(tgt[..., 2], tgt[..., 1])
    return np.degrees(a_tgt - a_ref)


def angle_at(a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
    """Interior angle ABC in degrees (batched; works for 2D and 3D points)."""
    u = np.asarray(a, dtype=np.float64) - b
    v = np.asarray(c, dtype=np.float64) - b
    cos = np.sum(u * v, axis=-1) / (
        np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1) + 1e-12
    )
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def angle_from_vertical(lower: FloatArray, upper: FloatArray) -> FloatArray:
    """Angle (deg) between the segment lower->upper and world +Z."""
    d = np.asarray(upper, dtype=np.float64) - lower
    return np.degrees(np.arctan2(np.linalg.norm(d[..., :2], axis=-1), d[..., 2]))


def smoothstep(x: FloatArray) -> FloatArray:
    """C1 ease in/out on [0, 1] (clamped)."""
    x = np.clip(np.asarray(x, dtype=np.float64), 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def solve_two_bone_2d(
    root: FloatArray, end: FloatArray, len_a: float, len_b: float, bend_sign: float
) -> FloatArray:
    """Middle joint of a planar two-bone chain root->mid->end (2D points, batched).

    bend_sign picks the side of the root->end line the middle joint lies on
    (+1: counter-clockwise of it).  Out-of-reach ends are clamped (straight chain).
    """
    root = np.asarray(root, dtype=np.float64)
    end = np.asarray(end, dtype=np.float64)
    d = end - root
    dist = np.clip(np.linalg.norm(d, axis=-1), 1e-6, len_a + len_b - 1e-6)
    u = d / np.linalg.norm(d, axis=-1, keepdims=True)
    perp = np.stack([-u[..., 1], u[..., 0]], axis=-1) * bend_sign
    x = (len_a**2 - len_b**2 + dist**2) / (2 * dist)
    h = np.sqrt(np.clip(len_a**2 - x**2, 0.0, None))
    return root + u * x[..., None] + perp * h[..., None]

"""A simple kinematic skeleton that makes landmark sequences with known reps, holds and faults.

Lengths are in metres and drawn at ``PX_PER_M``; the floor is at ``FLOOR_Y``. Every pose comes out as
a ``Pose`` just like the pose stage's, so the stages after it can be tested without a model.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from posecoach.landmarks import NUM_LANDMARKS, Pose
from posecoach.landmarks import Landmark as L
from posecoach.sources import Frame

IMAGE_SIZE = (1000, 1000)
PX_PER_M = 450.0
FLOOR_Y = 930.0
SHIN_M, THIGH_M, TRUNK_M, NECK_M = 0.45, 0.45, 0.52, 0.25
FPS = 30.0


def _xy(x_m: float, y_m: float) -> np.ndarray:
    """Metres from the floor point under the body (y up) to pixels."""
    return np.array([500.0 + x_m * PX_PER_M, FLOOR_Y - y_m * PX_PER_M])


def _polar(origin: np.ndarray, length_m: float, from_vertical_deg: float, facing: float) -> np.ndarray:
    a = math.radians(from_vertical_deg)
    return origin + PX_PER_M * length_m * np.array([facing * math.sin(a), -math.cos(a)])


@dataclass(frozen=True)
class SidePoints:
    """Named 2D points of the near side in pixels; the far side is the same, slightly offset and deeper."""

    ankle: np.ndarray
    heel: np.ndarray
    toe: np.ndarray
    knee: np.ndarray
    hip: np.ndarray
    shoulder: np.ndarray
    nose: np.ndarray
    ear: np.ndarray


def make_pose(
    near: dict[str, np.ndarray],
    far: dict[str, np.ndarray] | None = None,
    near_side: str = "LEFT",
    visibility: float = 0.98,
    noise_px: float = 0.0,
    rng: np.random.Generator | None = None,
    depth_gap_px: float = 120.0,
    hidden: tuple[L, ...] = (),
) -> Pose:
    """Fill the 33 landmarks from named near/far side points (far defaults to a copy of near)."""
    far = far if far is not None else near
    far_side = "RIGHT" if near_side == "LEFT" else "LEFT"
    xy = np.zeros((NUM_LANDMARKS, 2))
    depth = np.zeros(NUM_LANDMARKS)
    centre = (near["hip"] + far["hip"]) / 2
    xy[:] = centre
    for side, points, z in ((near_side, near, -depth_gap_px / 2), (far_side, far, depth_gap_px / 2)):
        for part, point in points.items():
            if part in ("nose",):
                continue
            name = {"toe": "FOOT_INDEX"}.get(part, part.upper())
            xy[L[f"{side}_{name}"]] = point
            depth[L[f"{side}_{name}"]] = z
        xy[L[f"{side}_ELBOW"]] = points["shoulder"] * 0.6 + points["hip"] * 0.4
        xy[L[f"{side}_WRIST"]] = points["shoulder"] * 0.3 + points["hip"] * 0.7
        for finger in ("PINKY", "INDEX", "THUMB"):
            xy[L[f"{side}_{finger}"]] = xy[L[f"{side}_WRIST"]]
    xy[L.NOSE] = near["nose"]
    for mark in (L.LEFT_EYE_INNER, L.LEFT_EYE, L.LEFT_EYE_OUTER, L.RIGHT_EYE_INNER, L.RIGHT_EYE, L.RIGHT_EYE_OUTER, L.MOUTH_LEFT, L.MOUTH_RIGHT):
        xy[mark] = near["nose"] * 0.7 + near["ear"] * 0.3
    rng = rng or np.random.default_rng(0)
    if noise_px:
        xy = xy + rng.normal(0.0, noise_px, xy.shape)
    vis = np.full(NUM_LANDMARKS, visibility)
    vis[list(hidden)] = 0.05
    return Pose(xy=xy, depth=depth, visibility=vis, presence=vis.copy(), world=np.zeros((NUM_LANDMARKS, 3)), image_size=IMAGE_SIZE)


def squat_side_points(
    knee_deg: float,
    trunk_lean_deg: float | None = None,
    shin_share: float = 0.35,
    heel_lift_deg: float = 0.0,
    facing: float = 1.0,
) -> dict[str, np.ndarray]:
    """A side-view squatter with the given interior knee angle; the shin takes ``shin_share`` of the bend."""
    bend = 180.0 - knee_deg
    shin = bend * shin_share
    thigh = bend - shin
    trunk = trunk_lean_deg if trunk_lean_deg is not None else min(0.45 * bend, 42.0)
    toe = _xy(0.17 * facing, 0.0)
    foot_pitch = math.radians(heel_lift_deg)
    heel = toe + PX_PER_M * 0.24 * np.array([-facing * math.cos(foot_pitch), -math.sin(foot_pitch)])
    ankle = heel + PX_PER_M * np.array([facing * 0.06, -0.07])
    knee = _polar(ankle, SHIN_M, shin, facing)
    hip = _polar(knee, THIGH_M, -thigh, facing)
    shoulder = _polar(hip, TRUNK_M, trunk, facing)
    ear = _polar(shoulder, NECK_M * 0.8, trunk * 0.5, facing)
    nose = ear + np.array([facing * 0.09 * PX_PER_M, 0.02 * PX_PER_M])
    return dict(ankle=ankle, heel=heel, toe=toe, knee=knee, hip=hip, shoulder=shoulder, ear=ear, nose=nose)


def squat_front_pose(depth: float, knee_in: float = 0.0, noise_px: float = 0.0, rng: np.random.Generator | None = None) -> Pose:
    """A front-view squatter. ``depth`` 0 = standing, 1 = thighs parallel; ``knee_in`` 0..1 moves the knees inward."""
    bend = 90.0 * depth
    shin_v = SHIN_M * math.cos(math.radians(0.35 * bend))
    thigh_v = THIGH_M * math.cos(math.radians(min(0.65 * bend * 1.55, 90.0)))
    points: dict[str, dict[str, np.ndarray]] = {}
    for side, sign in (("LEFT", 1.0), ("RIGHT", -1.0)):
        ankle_x = sign * 0.16
        knee_x = sign * (0.16 + 0.04 * depth) * (1.0 - knee_in)
        ankle = _xy(ankle_x, 0.08)
        knee = _xy(knee_x, 0.08 + shin_v)
        hip = _xy(sign * 0.11, 0.08 + shin_v + thigh_v)
        shoulder = _xy(sign * 0.19, 0.08 + shin_v + thigh_v + TRUNK_M)
        points[side] = dict(
            ankle=ankle, heel=ankle + [0, 12.0], toe=ankle + [sign * 8.0, 25.0], knee=knee, hip=hip, shoulder=shoulder,
            ear=_xy(sign * 0.08, 0.08 + shin_v + thigh_v + TRUNK_M + 0.2), nose=_xy(0.0, 0.08 + shin_v + thigh_v + TRUNK_M + 0.17),
        )
    return make_pose(points["LEFT"], points["RIGHT"], depth_gap_px=0.0, noise_px=noise_px, rng=rng)


def bridge_side_points(lift: float, knee_deg: float = 90.0, facing: float = 1.0) -> dict[str, np.ndarray]:
    """Lying on the back, head away from the feet, knees bent to ``knee_deg`` while lying.
    ``lift`` 0 = hips on the floor, 1 = hips on the shoulder-knee line, above 1 = pushed past it (arched)."""
    floor_hip = _xy(0.0, 0.1)
    shoulder = floor_hip + np.array([-facing * TRUNK_M * PX_PER_M, 0.0])
    reach_m = math.sqrt(THIGH_M**2 + SHIN_M**2 - 2 * THIGH_M * SHIN_M * math.cos(math.radians(knee_deg)))
    ankle = floor_hip + np.array([facing * reach_m * PX_PER_M, 0.0])
    # the knee sits above the floor where the thigh (from the hip) meets the shin (from the ankle)
    along_m = (THIGH_M**2 - SHIN_M**2 + reach_m**2) / (2 * reach_m)
    up_m = math.sqrt(max(THIGH_M**2 - along_m**2, 0.0))
    knee = floor_hip + PX_PER_M * np.array([facing * along_m, -up_m])
    line_hip = shoulder + (knee - shoulder) * (TRUNK_M / (TRUNK_M + THIGH_M))
    hip = floor_hip + (line_hip - floor_hip) * min(lift, 1.0)
    if lift > 1.0:  # past the line: the hips rise further
        hip = line_hip + np.array([0.0, -(lift - 1.0) * 0.25 * PX_PER_M])
    ear = shoulder + np.array([-facing * 0.2 * PX_PER_M, 0.0])
    nose = ear + np.array([0.0, -0.1 * PX_PER_M])
    heel = ankle + np.array([-facing * 0.05 * PX_PER_M, 0.07 * PX_PER_M])
    toe = ankle + np.array([facing * 0.17 * PX_PER_M, 0.07 * PX_PER_M])
    return dict(ankle=ankle, heel=heel, toe=toe, knee=knee, hip=hip, shoulder=shoulder, ear=ear, nose=nose)


def kneeling_stretch_pose(back_side: str = "LEFT", facing: float = 1.0, trunk_lean_deg: float = 5.0, standing: bool = False) -> Pose:
    """Half-kneeling hip flexor stretch, side view; ``standing`` gives a person standing up (a break)."""
    if standing:
        points = squat_side_points(178.0, trunk_lean_deg=2.0, facing=facing)
        return make_pose(points, {k: v + [6.0, 0.0] for k, v in points.items()}, near_side=back_side)
    back_knee = _xy(-0.15 * facing, 0.05)
    hip = _polar(back_knee, THIGH_M, 12.0, facing)  # the back thigh slants 12 deg behind the hip
    front_ankle = _xy(0.45 * facing, 0.07)
    front_knee = front_ankle + np.array([0.0, -SHIN_M * PX_PER_M])
    shoulder = _polar(hip, TRUNK_M, trunk_lean_deg, facing)
    ear = _polar(shoulder, NECK_M * 0.8, 0.0, facing)
    nose = ear + np.array([facing * 0.09 * PX_PER_M, 0.02 * PX_PER_M])
    back_ankle = back_knee + np.array([-facing * SHIN_M * PX_PER_M, 0.03 * PX_PER_M])
    back = dict(ankle=back_ankle, heel=back_ankle + [0, -20.0], toe=back_ankle + [-facing * 40.0, 20.0], knee=back_knee,
                hip=hip, shoulder=shoulder, ear=ear, nose=nose)
    front = dict(ankle=front_ankle, heel=front_ankle + [-facing * 25.0, 30.0], toe=front_ankle + [facing * 75.0, 30.0],
                 knee=front_knee, hip=hip + [3.0, 0.0], shoulder=shoulder + [3.0, 0.0], ear=ear, nose=nose)
    return make_pose(back, front, near_side=back_side)


def _knee_between(hip: np.ndarray, ankle: np.ndarray, facing: float) -> np.ndarray:
    """Where a knee must sit for thigh and shin of equal length to join ``hip`` and ``ankle`` (bent down and forward)."""
    reach = float(np.linalg.norm(ankle - hip))
    segment = THIGH_M * PX_PER_M
    middle = (hip + ankle) / 2
    if reach >= 2 * segment:
        return middle
    along = (ankle - hip) / reach
    offset = math.sqrt(segment**2 - (reach / 2) ** 2)
    candidates = [middle + offset * np.array([-along[1], along[0]]), middle + offset * np.array([along[1], -along[0]])]
    return max(candidates, key=lambda knee: knee[1] + 0.5 * facing * knee[0])


def lunge_side_pose(
    depth: float,
    front_knee_deg: float = 88.0,
    front_shin_deg: float = 12.0,
    trunk_lean_deg: float | None = None,
    front_near: bool = True,
    knee_drive: float = 0.0,
    facing: float = 1.0,
    noise_px: float = 0.0,
    rng: np.random.Generator | None = None,
) -> Pose:
    """A side-view lunge. ``depth`` 0 = standing, 1 = the bottom (front knee at ``front_knee_deg``, back knee near
    the floor); ``knee_drive`` 0..1 lifts the back knee forward to hip height while standing on the front leg."""
    bend = (180.0 - front_knee_deg) * depth
    shin = front_shin_deg * depth
    front_ankle = _xy(0.0, 0.07)
    front_knee = _polar(front_ankle, SHIN_M, shin, facing)
    hip = _polar(front_knee, THIGH_M, -(bend - shin), facing)
    if knee_drive > 0:
        back_knee = _polar(hip, THIGH_M, 180.0 - 90.0 * knee_drive, facing)
        back_ankle = back_knee + np.array([0.0, SHIN_M * PX_PER_M])
    else:
        back_ankle = np.array([hip[0] - facing * 0.58 * PX_PER_M * depth, FLOOR_Y - (0.07 + 0.07 * depth) * PX_PER_M])
        back_knee = _knee_between(hip, back_ankle, facing)
    trunk = trunk_lean_deg * depth if trunk_lean_deg is not None else 10.0 * depth
    shoulder = _polar(hip, TRUNK_M, trunk, facing)
    ear = _polar(shoulder, NECK_M * 0.8, trunk * 0.5, facing)
    nose = ear + np.array([facing * 0.09 * PX_PER_M, 0.02 * PX_PER_M])
    upper = dict(hip=hip, shoulder=shoulder, ear=ear, nose=nose)
    front = dict(ankle=front_ankle, heel=_xy(-0.06 * facing, 0.0), toe=_xy(0.18 * facing, 0.0), knee=front_knee, **upper)
    back = dict(ankle=back_ankle, heel=back_ankle + [-facing * 20.0, 10.0], toe=back_ankle + [facing * 60.0, 30.0],
                knee=back_knee, **upper)
    near, far = (front, back) if front_near else (back, front)
    return make_pose(near, far, noise_px=noise_px, rng=rng)


def rep_profile(rest: float, peak: float, rep_s: float, hold_s: float = 0.0) -> Callable[[float], float]:
    """A smooth rest -> peak -> (hold) -> rest curve over one rep."""
    half = (rep_s - hold_s) / 2

    def value(t: float) -> float:
        if t < half:
            return rest + (peak - rest) * (1 - math.cos(math.pi * t / half)) / 2
        if t < half + hold_s:
            return peak
        u = min((t - half - hold_s) / half, 1.0)
        return peak + (rest - peak) * (1 - math.cos(math.pi * u)) / 2

    return value


def frames_for(duration_s: float, fps: float = FPS) -> Iterator[Frame]:
    image = np.zeros((4, 4, 3), np.uint8)
    for index in range(int(round(duration_s * fps))):
        yield Frame(image, index, index / fps)

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


def _pose(xy: np.ndarray, depth: np.ndarray, visibility: float, noise_px: float, rng: np.random.Generator | None,
          hidden: tuple[L, ...]) -> Pose:
    """A ``Pose`` from pixel positions: optional jitter, and the ``hidden`` landmarks at low visibility."""
    rng = rng or np.random.default_rng(0)
    if noise_px:
        xy = xy + rng.normal(0.0, noise_px, xy.shape)
    vis = np.full(NUM_LANDMARKS, visibility)
    vis[list(hidden)] = 0.05
    return Pose(xy=xy, depth=depth, visibility=vis, presence=vis.copy(), world=np.zeros((NUM_LANDMARKS, 3)), image_size=IMAGE_SIZE)


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
    return _pose(xy, depth, visibility, noise_px, rng, hidden)


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


# --- Floor and all-fours bodies: a 3D stick figure projected for a chosen camera -----------------------------
#
# World frame in metres: X to the image's right, Y up from the floor, Z toward the camera. A body is built
# from its pelvis centre and unit vectors (``along`` toward the head, ``front`` out of the belly; the
# person's left is along x front) plus one direction per limb segment, then turned about the vertical by
# ``yaw_deg`` (0 = the camera as the exercise asks, 90 = a quarter turn) and projected orthographically.

UPPER_ARM_M, FOREARM_M, HIP_HALF_M, SHOULDER_HALF_M, FOOT_M = 0.30, 0.28, 0.11, 0.18, 0.2
X, Y, Z = np.eye(3)


def unit(v: np.ndarray) -> np.ndarray:
    return np.asarray(v, float) / np.linalg.norm(v)


def turn(v: np.ndarray, frm: np.ndarray, to: np.ndarray, deg: float) -> np.ndarray:
    """``v`` turned by ``deg`` in the plane that turns direction ``frm`` toward ``to``."""
    return rotate(v, cross(frm, to), deg) if deg else np.asarray(v, float)


def cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """np.cross for 3-vectors, without its per-call overhead (the generators call it thousands of times)."""
    return np.array([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]])


def rotate(v: np.ndarray, axis: np.ndarray, deg: float) -> np.ndarray:
    """Rodrigues: ``v`` turned by ``deg`` about ``axis`` (right-handed)."""
    k, a = unit(axis), math.radians(deg)
    return v * math.cos(a) + cross(k, v) * math.sin(a) + k * np.dot(k, v) * (1 - math.cos(a))


@dataclass(frozen=True)
class Limbs:
    """Segment directions (unit vectors, world frame) per side: thigh, shin, upper arm, forearm and foot."""

    thigh: dict[str, np.ndarray]
    shin: dict[str, np.ndarray]
    upper_arm: dict[str, np.ndarray]
    forearm: dict[str, np.ndarray]
    foot: dict[str, np.ndarray]


def both(v: np.ndarray) -> dict[str, np.ndarray]:
    return {"LEFT": np.asarray(v, float), "RIGHT": np.asarray(v, float)}


def body_joints(
    pelvis: np.ndarray, along: np.ndarray, front: np.ndarray, limbs: Limbs,
    face: np.ndarray | None = None, pelvis_roll_deg: float = 0.0, trunk_m: float = TRUNK_M,
) -> dict[str, np.ndarray]:
    """3D joints named like the landmarks ("LEFT_HIP", "NOSE", ...). ``pelvis_roll_deg`` turns only the hip line
    about the long axis (the pelvis rotating under a still trunk)."""
    along, front = unit(along), unit(front)
    left = cross(along, front)
    hip_left = rotate(left, along, pelvis_roll_deg)
    chest = pelvis + along * trunk_m
    joints: dict[str, np.ndarray] = {}
    for side, sign in (("LEFT", 1.0), ("RIGHT", -1.0)):
        hip = pelvis + sign * HIP_HALF_M * hip_left
        shoulder = chest + sign * SHOULDER_HALF_M * left
        knee = hip + THIGH_M * limbs.thigh[side]
        ankle = knee + SHIN_M * limbs.shin[side]
        elbow = shoulder + UPPER_ARM_M * limbs.upper_arm[side]
        wrist = elbow + FOREARM_M * limbs.forearm[side]
        foot = limbs.foot[side]
        joints.update({
            f"{side}_HIP": hip, f"{side}_SHOULDER": shoulder, f"{side}_KNEE": knee, f"{side}_ANKLE": ankle,
            f"{side}_HEEL": ankle - 0.05 * foot - 0.04 * limbs.shin[side], f"{side}_FOOT_INDEX": ankle + 0.15 * foot,
            f"{side}_ELBOW": elbow, f"{side}_WRIST": wrist,
            f"{side}_EAR": chest + along * NECK_M * 0.8 + sign * 0.07 * left,
        })
        for finger in ("PINKY", "INDEX", "THUMB"):
            joints[f"{side}_{finger}"] = wrist + 0.07 * limbs.forearm[side]
    face = unit(face) if face is not None else front
    head = chest + along * NECK_M * 0.8
    joints["NOSE"] = head + 0.1 * face
    for name in ("EYE_INNER", "EYE", "EYE_OUTER"):
        for side, sign in (("LEFT", 1.0), ("RIGHT", -1.0)):
            joints[f"{side}_{name}"] = head + 0.08 * face + sign * 0.03 * left
    joints["MOUTH_LEFT"], joints["MOUTH_RIGHT"] = head + 0.09 * face - 0.03 * along + 0.02 * left, head + 0.09 * face - 0.03 * along - 0.02 * left
    return joints


def project(
    joints: dict[str, np.ndarray], yaw_deg: float = 0.0, noise_px: float = 0.0, rng: np.random.Generator | None = None,
    hidden: tuple[L, ...] = (), visibility: float = 0.98, centre_m: np.ndarray | None = None,
) -> Pose:
    """Orthographic camera looking along -Z after turning the body by ``yaw_deg`` about the vertical through
    ``centre_m`` (default: the hips' midpoint)."""
    centre = centre_m if centre_m is not None else (joints["LEFT_HIP"] + joints["RIGHT_HIP"]) / 2 * np.array([1, 0, 1])
    names = [L[name] for name in joints]
    world = np.zeros((NUM_LANDMARKS, 3))
    world[names] = np.array(list(joints.values())) - centre
    a = math.radians(yaw_deg)
    turn = np.array([[math.cos(a), 0.0, math.sin(a)], [0.0, 1.0, 0.0], [-math.sin(a), 0.0, math.cos(a)]])
    world = world @ turn.T + centre
    xy = np.stack([500.0 + world[:, 0] * PX_PER_M, FLOOR_Y - world[:, 1] * PX_PER_M], axis=1)
    depth = -world[:, 2] * PX_PER_M
    return _pose(xy, depth, visibility, noise_px, rng, hidden)


def quadruped_joints(
    head_right: bool = True, donkey_deg: dict[str, float] | None = None, hydrant_deg: dict[str, float] | None = None,
    leg_reach_deg: dict[str, float] | None = None, arm_reach_deg: dict[str, float] | None = None,
    pelvis_roll_deg: float = 0.0, trunk_roll_deg: float = 0.0, hip_sink_m: float = 0.0,
) -> dict[str, np.ndarray]:
    """On hands and knees, thighs and arms vertical. Per side (``{"LEFT": deg}``): ``donkey_deg`` swings the bent
    knee back and up (90 = thigh level with the back); ``hydrant_deg`` lifts the bent knee out to the side (90 =
    thigh level); ``leg_reach_deg`` / ``arm_reach_deg`` extend the leg back / the arm forward, straight, at that
    elevation above level (0 = level, negative = below). ``trunk_roll_deg`` tips the whole trunk about its long
    axis (weight shifting sideways); ``hip_sink_m`` lowers the hips (the thighs slant back)."""
    ahead = X if head_right else -X
    hip_height = THIGH_M + 0.05 - hip_sink_m
    shoulder_height = UPPER_ARM_M + FOREARM_M + 0.08  # fingers flat on the floor
    along = unit(ahead * math.sqrt(TRUNK_M**2 - (shoulder_height - hip_height) ** 2) + Y * (shoulder_height - hip_height))
    front = rotate(unit(cross(cross(along, -Y), along)), along, trunk_roll_deg)
    pelvis = Y * hip_height
    thigh, shin, upper_arm, forearm, foot = {}, {}, {}, {}, {}
    for side, sign in (("LEFT", 1.0), ("RIGHT", -1.0)):
        lateral = sign * cross(ahead, -Y)  # the person's own side, horizontal
        support_thigh = -Y if not hip_sink_m else unit(-Y * hip_height - ahead * math.sqrt(max(THIGH_M**2 - hip_height**2, 0)))
        thigh[side], shin[side], foot[side] = support_thigh, -ahead, unit(-ahead - 0.3 * Y)  # toes on the floor
        upper_arm[side] = forearm[side] = -Y
        if (swing := (donkey_deg or {}).get(side)) is not None:
            thigh[side] = rotate(-Y, cross(ahead, Y), -swing)
            shin[side] = rotate(-ahead, cross(ahead, Y), -swing)
            foot[side] = shin[side]
        if (lift := (hydrant_deg or {}).get(side)) is not None:
            thigh[side] = unit(-Y * math.cos(math.radians(lift)) + lateral * math.sin(math.radians(lift)))
        if (reach := (leg_reach_deg or {}).get(side)) is not None:
            thigh[side] = shin[side] = unit(-ahead * math.cos(math.radians(reach)) + Y * math.sin(math.radians(reach)))
            foot[side] = -Y
        if (reach := (arm_reach_deg or {}).get(side)) is not None:
            upper_arm[side] = forearm[side] = unit(ahead * math.cos(math.radians(reach)) + Y * math.sin(math.radians(reach)))
    return body_joints(pelvis, along, front, Limbs(thigh, shin, upper_arm, forearm, foot), pelvis_roll_deg=pelvis_roll_deg)


def side_lying_joints(
    down: str = "LEFT", raise_deg: float = 0.0, forward_deg: float = 0.0, knee_bend_deg: float = 0.0,
    roll_back_deg: float = 0.0, clam_hip_deg: float = 0.0, clam_open_deg: float = 0.0, feet_apart_deg: float = 0.0,
) -> dict[str, np.ndarray]:
    """Lying on the ``down`` side facing the camera (the camera in front of the chest), head to the image's right
    when lying on the left. The top leg: ``raise_deg`` of abduction, ``forward_deg`` of hip flexion (drifting
    forward), ``knee_bend_deg``. Clamshell: ``clam_hip_deg`` hip flexion of both legs with knees bent 90 deg, the
    top knee opened by ``clam_open_deg`` about the hip-foot line; ``feet_apart_deg`` lifts the whole top leg.
    ``roll_back_deg`` rolls the whole body back (the top hip away from the camera)."""
    along = X if down == "LEFT" else -X
    front = rotate(Z, along, (1 if down == "LEFT" else -1) * -roll_back_deg)
    up_side = "RIGHT" if down == "LEFT" else "LEFT"
    left = cross(along, front)
    up_lateral = left if up_side == "LEFT" else -left
    pelvis = Y * (0.1 + HIP_HALF_M)
    legs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for side in ("LEFT", "RIGHT"):
        thigh = turn(-along, -along, front, clam_hip_deg)
        shin = turn(thigh, front, -along, 90.0) if clam_hip_deg else thigh
        legs[side] = (thigh, shin)
    thigh, shin = legs[up_side]
    if forward_deg:
        thigh, shin = (turn(v, -along, front, forward_deg) for v in (thigh, shin))
    if knee_bend_deg:
        shin = turn(shin, thigh, -front, knee_bend_deg)
    if clam_open_deg:
        foot_point = THIGH_M * thigh + SHIN_M * shin
        reach = unit(foot_point)
        knee = max((rotate(THIGH_M * thigh, reach, sign * clam_open_deg) for sign in (1.0, -1.0)),
                   key=lambda candidate: float(np.dot(candidate, up_lateral)))
        thigh, shin = unit(knee), unit(foot_point - knee)
    if raise_deg or feet_apart_deg:
        thigh, shin = (turn(v, -along, up_lateral, raise_deg + feet_apart_deg) for v in (thigh, shin))
    legs[up_side] = (thigh, shin)
    arm = -along * 0.3 + front * 0.7
    limbs = Limbs(
        thigh={side: legs[side][0] for side in legs}, shin={side: legs[side][1] for side in legs},
        upper_arm={up_side: unit(-along * 0.2 + front), down: unit(along * 0.2 + front)},
        forearm={up_side: unit(arm), down: unit(along + front * 0.3)}, foot=both(front),
    )
    return body_joints(pelvis, along, front, limbs)


def prone_joints(arm_lift_deg: float = 0.0, leg_lift_deg: float = 0.0, chest_lift_deg: float = 0.0,
                 head_lift_deg: float = 0.0, head_right: bool = True) -> dict[str, np.ndarray]:
    """Lying face down, arms reaching forward past the head; the superman lifts arms and legs by these angles
    above the floor, the chest by ``chest_lift_deg``; ``head_lift_deg`` turns the face from the floor forward."""
    ahead = X if head_right else -X
    pelvis = Y * 0.1
    along = unit(rotate(ahead, cross(ahead, Y), chest_lift_deg))
    front = unit(cross(cross(along, -Y), along))
    arm = unit(rotate(ahead, cross(ahead, Y), arm_lift_deg - 8.0))  # resting: shoulders above the hands
    leg = unit(rotate(-ahead, cross(ahead, Y), -(leg_lift_deg - 4.0)))
    limbs = Limbs(thigh=both(leg), shin=both(leg), upper_arm=both(arm), forearm=both(arm), foot=both(-Y))
    face = rotate(front, cross(along, front), -head_lift_deg)
    return body_joints(pelvis, along, front, limbs, face=face)


def supine_bridge_joints(lift: float = 0.0, roll_deg: float = 0.0, head_right: bool = False, free_leg: str | None = None,
                         knee_deg: float = 90.0, tilt_to_free_deg: float = 0.0, bench_m: float = 0.0,
                         knee_sway_deg: float = 0.0) -> dict[str, np.ndarray]:
    """On the back, knees bent to ``knee_deg`` at the top, feet flat. ``lift`` 0..1 raises the hips from the floor to
    the shoulder-knee line (above 1: past it, an arched back); ``bench_m`` rests the shoulders on a bench that high
    (a hip thrust). ``roll_deg`` rolls the pelvis toward the person's left (positive) or right about the long axis;
    ``knee_sway_deg`` swings both legs about their hip-ankle lines, the knees toward the person's left (positive) or
    right, feet planted; ``free_leg`` is held straight in line with its thigh (single-leg bridge) and
    ``tilt_to_free_deg`` lets the pelvis sag toward it."""
    head = X if head_right else -X
    feet = -head
    top_hip_m = max(bench_m, 0.1) + 0.0  # at the top the trunk is about level with the shoulders
    reach = math.sqrt(THIGH_M**2 + SHIN_M**2 - 2 * THIGH_M * SHIN_M * math.cos(math.radians(knee_deg)))
    ankle_c = Y * 0.08 + feet * reach * math.cos(math.asin(min((top_hip_m - 0.08) / reach, 0.99)))
    shoulder_anchor = Y * max(bench_m, 0.1) + head * TRUNK_M
    knee_top = _two_link_knee(Y * top_hip_m, ankle_c)
    line_hip = shoulder_anchor + (knee_top - shoulder_anchor) * (TRUNK_M / (TRUNK_M + THIGH_M))
    floor_hip = Y * 0.1 + head * 0.05
    pelvis = floor_hip + (line_hip - floor_hip) * min(lift, 1.0) + Y * max(lift - 1.0, 0.0) * 0.25
    along = unit(shoulder_anchor - pelvis)
    front = unit(cross(cross(along, Y), along))
    left = cross(along, front)
    thigh, shin = {}, {}
    for side, sign in (("LEFT", 1.0), ("RIGHT", -1.0)):
        hip, ankle = pelvis + sign * HIP_HALF_M * left, ankle_c + sign * HIP_HALF_M * left
        knee = _two_link_knee(hip, ankle)
        swung = hip + rotate(knee - hip, ankle - hip, knee_sway_deg)
        if np.dot(swung - knee, left) * knee_sway_deg < 0:  # the other way round the hip-ankle line
            swung = hip + rotate(knee - hip, ankle - hip, -knee_sway_deg)
        thigh[side], shin[side] = unit(swung - hip), unit(ankle - swung)
        if side == free_leg:
            shin[side] = thigh[side]
    roll = roll_deg + (tilt_to_free_deg * (1 if free_leg == "LEFT" else -1) if free_leg else 0.0)
    limbs = Limbs(thigh=thigh, shin=shin, upper_arm=both(feet), forearm=both(feet), foot=both(unit(feet - 0.3 * Y)))
    return body_joints(pelvis, along, front, limbs, pelvis_roll_deg=roll)


def _two_link_knee(hip: np.ndarray, ankle: np.ndarray) -> np.ndarray:
    """The knee joining a thigh from ``hip`` and a shin to ``ankle``, bent upward (as lying with feet flat)."""
    reach = float(np.linalg.norm(ankle - hip))
    along = (ankle - hip) / reach
    a = min((THIGH_M**2 - SHIN_M**2 + reach**2) / (2 * reach), THIGH_M)
    up = unit(Y - along * np.dot(Y, along))
    return hip + along * a + up * math.sqrt(max(THIGH_M**2 - a**2, 0.0))


def floor_set(
    joints_at: Callable[..., dict[str, np.ndarray]], reps: list[dict], rep_s: float = 3.0, hold_s: float = 0.6,
    lead_s: float = 1.5, noise_px: float = 0.0, yaw_deg: float = 0.0, seed: int = 7,
) -> tuple[Callable[[float], Pose], float]:
    """A set of reps as ``pose_at(t)`` and its duration. Each rep is the keywords of ``joints_at`` at the rep's
    peak; every numeric keyword swings from 0 to its value and back with the rep (so a fault grows with the lift),
    others (a side, a direction) hold for the whole rep. ``{"rest": {...}}`` keywords hold between reps too (a
    rep's numeric keyword adds to its resting value);
    ``{"hold_s": 2.5}`` overrides the rep's pause at the peak. Between reps the body rests with all swings at 0."""
    rng = np.random.default_rng(seed)
    spans, t = [], lead_s
    for rep in reps:
        duration = rep_s + rep.get("hold_s", hold_s)
        spans.append((t, duration, rep))
        t += duration + 0.8

    def pose_at(time_s: float) -> Pose:
        for start, duration, rep in spans:
            if start <= time_s < start + duration:
                amount = rep_profile(0.0, 1.0, duration, rep.get("hold_s", hold_s))(time_s - start)
                keywords = {k: v for k, v in rep.items() if k not in ("hold_s", "rest")}
                scaled = {k: (v * amount if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
                          for k, v in keywords.items()}
                scaled = {k: ({s: d * amount for s, d in v.items()} if isinstance(v, dict) else v) for k, v in scaled.items()}
                merged = dict(rep.get("rest", {}))
                for key, value in scaled.items():  # a rep's swing adds to a resting value of the same keyword
                    merged[key] = merged[key] + value if key in merged and isinstance(value, float) else value
                return project(joints_at(**merged), yaw_deg, noise_px, rng)
        resting = next((rep.get("rest", {}) for start, _, rep in spans if time_s < start), reps[-1].get("rest", {}) if reps else {})
        return project(joints_at(**resting), yaw_deg, noise_px, rng)

    return pose_at, t + 1.0

"""Standing bodies for the standing exercises, as 3D stick figures seen from any camera angle.

A body faces +Z (the camera) with its left along +X before ``project`` turns it by ``yaw_deg`` (90 = side-on,
facing the image's right; 180 = seen from behind). Feet and hips are placed in the body's own frame (forward,
left, up, metres) and the knees found by two-link inverse kinematics, bending toward the front unless told
otherwise, so every pose keeps true segment lengths.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from synthetic import SHIN_M, THIGH_M, HIP_HALF_M, Limbs, X, Y, Z, body_joints, project, rotate, unit

FORWARD, LEFT, UP = Z, X, Y
ANKLE_UP_M = 0.07  # ankle height over a flat foot
STANDING_HIP_M = THIGH_M + SHIN_M + ANKLE_UP_M - 0.005


def body_point(forward: float = 0.0, left: float = 0.0, up: float = 0.0) -> np.ndarray:
    return forward * FORWARD + left * LEFT + up * UP


def bend_leg(hip: np.ndarray, ankle: np.ndarray, toward: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Thigh and shin directions joining ``hip`` to ``ankle`` with the knee pushed toward ``toward``."""
    reach = ankle - hip
    distance = float(np.linalg.norm(reach))
    along = reach / distance
    if distance >= THIGH_M + SHIN_M - 1e-9:
        return along, along
    side = toward - np.dot(toward, along) * along
    side = unit(side) if np.linalg.norm(side) > 1e-9 else unit(np.cross(along, LEFT))
    half = distance / 2
    knee = hip + along * half + side * math.sqrt(THIGH_M**2 - half**2)
    return unit(knee - hip), unit(ankle - knee)


@dataclass(frozen=True)
class Leg:
    """One leg: either planted (``ankle`` in the body frame, metres; knee bends toward ``knee_toward``) or swung
    (``thigh`` and ``shin`` directions given)."""

    ankle: np.ndarray | None = None
    knee_toward: tuple[float, float, float] = tuple(FORWARD)
    thigh: np.ndarray | None = None
    shin: np.ndarray | None = None
    foot: tuple[float, float, float] = tuple(FORWARD)
    on_toes: bool = False


def standing_joints(
    pelvis: np.ndarray, legs: dict[str, Leg], trunk_lean_deg: float = 0.0, trunk_side_deg: float = 0.0,
    arms: np.ndarray | None = None, pelvis_roll_deg: float = 0.0,
) -> dict[str, np.ndarray]:
    """Joints of an upright body; ``trunk_lean_deg`` tips the trunk forward, ``trunk_side_deg`` toward the person's
    right (positive) or left; ``arms`` is the direction both arms hang (default: down)."""
    along = rotate(rotate(UP, LEFT, trunk_lean_deg), FORWARD, trunk_side_deg)
    front = unit(FORWARD - np.dot(FORWARD, along) * along)
    left = np.cross(along, front)
    thigh, shin, foot = {}, {}, {}
    for side, sign in (("LEFT", 1.0), ("RIGHT", -1.0)):
        leg = legs[side]
        hip = pelvis + sign * HIP_HALF_M * rotate(left, along, pelvis_roll_deg)
        if leg.ankle is not None:
            thigh[side], shin[side] = bend_leg(hip, leg.ankle, np.asarray(leg.knee_toward))
        else:
            thigh[side], shin[side] = unit(leg.thigh), unit(leg.shin if leg.shin is not None else leg.thigh)
        foot[side] = unit(np.asarray(leg.foot) - 1.2 * UP) if leg.on_toes else unit(leg.foot)
    arm = unit(arms) if arms is not None else -UP
    limbs = Limbs(thigh=thigh, shin=shin, upper_arm={"LEFT": arm, "RIGHT": arm}, forearm={"LEFT": arm, "RIGHT": arm}, foot=foot)
    return body_joints(pelvis, along, front, limbs)


def feet_together(pelvis_forward: float = 0.0) -> dict[str, Leg]:
    return {side: Leg(ankle=body_point(pelvis_forward, sign * HIP_HALF_M, ANKLE_UP_M)) for side, sign in (("LEFT", 1), ("RIGHT", -1))}


def standing(**view) -> object:
    return project(standing_joints(body_point(up=STANDING_HIP_M), feet_together()), **view)


BACK_STEP_M = THIGH_M + 0.95 * SHIN_M  # back foot behind the front one: back thigh about under the hip at the bottom
SPLIT_TOP_HIP_M = 0.83  # hips at the top of that split stance, front leg nearly straight


def lunge_joints(depth: float, front: str = "LEFT", split: bool = False, bottom_hip_m: float = 0.52,
                 trunk_lean_deg: float = 8.0) -> dict[str, np.ndarray]:
    """A lunge with the front foot planted at the origin: ``depth`` 0 = the start, 1 = the bottom (front shin
    vertical, front thigh level at the default ``bottom_hip_m``, back knee a few cm off the floor). A reverse lunge
    starts standing, feet together, and steps back during the first 40% of the descent; a split squat (``split``)
    keeps the feet apart and starts at the top of the split stance."""
    back = "RIGHT" if front == "LEFT" else "LEFT"
    lateral = {"LEFT": HIP_HALF_M, "RIGHT": -HIP_HALF_M}
    step = 1.0 if split else min(depth / 0.4, 1.0)
    top_m = SPLIT_TOP_HIP_M if split else STANDING_HIP_M
    pelvis = body_point(-THIGH_M * (1.0 if split else depth), 0.0, top_m + (bottom_hip_m - top_m) * depth)
    legs = {
        front: Leg(ankle=body_point(0.0, lateral[front], ANKLE_UP_M)),
        back: Leg(ankle=body_point(-BACK_STEP_M * step, lateral[back], ANKLE_UP_M + 0.04 * step), on_toes=step > 0.3),
    }
    return standing_joints(pelvis, legs, trunk_lean_deg=trunk_lean_deg * depth)


def walk_joints(t: float, stride_m: float = 0.6, cadence_hz: float = 0.9) -> dict[str, np.ndarray]:
    """Walking forward in place (the pelvis stays over the origin, the feet pass under it): each leg swings
    ``stride_m`` back and forth, its knee bending while it swings through."""
    legs = {}
    for side, phase in (("LEFT", 0.0), ("RIGHT", 0.5)):
        cycle = (t * cadence_hz + phase) % 1.0
        stance = cycle < 0.6
        reach = stride_m / 2 * (1 - 2 * cycle / 0.6) if stance else stride_m / 2 * (-1 + 2 * (cycle - 0.6) / 0.4)
        lift = 0.0 if stance else 0.1 * math.sin(math.pi * (cycle - 0.6) / 0.4)
        lateral = HIP_HALF_M if side == "LEFT" else -HIP_HALF_M
        legs[side] = Leg(ankle=body_point(reach, lateral, ANKLE_UP_M + lift))
    return standing_joints(body_point(up=STANDING_HIP_M - 0.03), legs)


def chair_squat_joints(depth: float, trunk_lean_deg: float | None = None, knees_in: float = 0.0) -> dict[str, np.ndarray]:
    """Sitting back onto a chair: ``depth`` 0 = standing, 1 = seated (hips 0.30 m back over the seat, 0.52 m up).
    The trunk leans forward most halfway (~35 deg) and sits at ~15 deg; ``knees_in`` 0..1 lets the knees cave."""
    pelvis = body_point(-0.30 * depth, 0.0, STANDING_HIP_M + (0.52 - STANDING_HIP_M) * depth)
    lean = trunk_lean_deg if trunk_lean_deg is not None else 35.0 * math.sin(math.pi * min(depth, 1.0) * 0.75)
    legs = {}
    for side, sign in (("LEFT", 1.0), ("RIGHT", -1.0)):
        toward = tuple(FORWARD - sign * knees_in * LEFT)
        legs[side] = Leg(ankle=body_point(0.0, sign * (HIP_HALF_M + 0.03), ANKLE_UP_M), knee_toward=toward)
    return standing_joints(pelvis, legs, trunk_lean_deg=lean * depth, arms=FORWARD)


def sit_stand_profile(down_s: float, seated_s: float, up_s: float) -> Callable[[float], float]:
    """0 -> 1 in ``down_s``, held ``seated_s``, 1 -> 0 in ``up_s`` (smooth), 0 outside."""
    def value(t: float) -> float:
        if t <= 0.0 or t >= down_s + seated_s + up_s:
            return 0.0
        if t < down_s:
            return (1 - math.cos(math.pi * t / down_s)) / 2
        if t < down_s + seated_s:
            return 1.0
        return (1 + math.cos(math.pi * (t - down_s - seated_s) / up_s)) / 2
    return value


def abduction_joints(side: str, out_deg: float, trunk_side_deg: float = 0.0, toes_up_deg: float = 0.0) -> dict[str, np.ndarray]:
    """Standing on one leg, the other (``side``) straight and lifted ``out_deg`` out to the side; ``toes_up_deg``
    turns its foot up and out (the hip rotating)."""
    sign = 1.0 if side == "LEFT" else -1.0
    other = "RIGHT" if side == "LEFT" else "LEFT"
    leg = rotate(-UP, FORWARD, -sign * out_deg)
    foot = rotate(FORWARD, LEFT, -toes_up_deg)
    legs = {
        side: Leg(thigh=leg, shin=leg, foot=tuple(foot)),
        other: Leg(ankle=body_point(0.0, -sign * HIP_HALF_M, ANKLE_UP_M)),
    }
    return standing_joints(body_point(up=STANDING_HIP_M - 0.005), legs, trunk_side_deg=sign * trunk_side_deg)


def lateral_joints(side: str, depth: float, straight_knee_deg: float = 0.0, trunk_forward_deg: float = 10.0,
                   knee_in: float = 0.0, stance_half_m: float = 0.45) -> dict[str, np.ndarray]:
    """Feet wide (ankles ``stance_half_m`` either side), toes 30 deg out; ``depth`` 0..1 shifts the hips over
    ``side``'s foot, as low as the other, straight leg lets them (~0.66 m), that knee bending over the toes;
    ``straight_knee_deg`` bends the other knee (the hips sink that much lower); ``knee_in`` 0..1 lets the bent
    knee fall inside the foot."""
    sign = 1.0 if side == "LEFT" else -1.0
    other = "RIGHT" if side == "LEFT" else "LEFT"
    shift = (stance_half_m - HIP_HALF_M) * depth
    straight_m = 0.995 * (THIGH_M + SHIN_M) * math.sin(math.radians(180.0 - straight_knee_deg * depth) / 2)
    across = stance_half_m + shift - HIP_HALF_M
    pelvis = body_point(-0.05 * depth, sign * shift, ANKLE_UP_M + math.sqrt(straight_m**2 - across**2))
    toes_out = rotate(FORWARD, UP, sign * 30.0)
    knee_toward = tuple(unit(toes_out * (1 - knee_in) - sign * knee_in * 2.0 * LEFT))
    legs = {
        side: Leg(ankle=body_point(0.0, sign * stance_half_m, ANKLE_UP_M), knee_toward=knee_toward, foot=tuple(toes_out)),
        other: Leg(ankle=body_point(0.0, -sign * stance_half_m, ANKLE_UP_M), foot=tuple(rotate(FORWARD, UP, -sign * 30.0))),
    }
    return standing_joints(pelvis, legs, trunk_lean_deg=trunk_forward_deg * depth)

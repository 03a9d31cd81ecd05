"""3D stick-figure bodies in the stretches of issue 14, built on ``synthetic.body_joints`` and projected with
``synthetic.project`` (the camera looks along -Z; X is the image's right, Y up).

Sides are the person's own: ``"LEFT"`` / ``"RIGHT"``. Every function returns joints named like the landmarks.
"""

from __future__ import annotations

import math

import numpy as np

from synthetic import SHIN_M, THIGH_M, X, Y, Z, Limbs, body_joints, both, rotate, turn, unit

SIDES = ("LEFT", "RIGHT")
HEAD = ("NOSE", "LEFT_EAR", "RIGHT_EAR", "LEFT_EYE_INNER", "LEFT_EYE", "LEFT_EYE_OUTER", "RIGHT_EYE_INNER",
        "RIGHT_EYE", "RIGHT_EYE_OUTER", "MOUTH_LEFT", "MOUTH_RIGHT")


def _other(side: str) -> str:
    return "RIGHT" if side == "LEFT" else "LEFT"


def _lateral(side: str, along: np.ndarray, front: np.ndarray) -> np.ndarray:
    """The person's ``side`` direction for a body whose head is ``along`` and belly ``front``."""
    left = np.cross(unit(along), unit(front))
    return left if side == "LEFT" else -left


def _knee_toward(hip: np.ndarray, ankle: np.ndarray, toward: np.ndarray) -> np.ndarray:
    """The knee joining ``hip`` and ``ankle`` with thigh and shin of their lengths, bent out toward ``toward``."""
    span = ankle - hip
    reach = float(np.linalg.norm(span))
    middle = (hip + ankle) / 2
    if reach >= THIGH_M + SHIN_M:
        return middle
    perp = toward - np.dot(toward, span) / reach**2 * span
    return middle + math.sqrt(THIGH_M**2 - (reach / 2) ** 2) * unit(perp)


def _place_legs(joints: dict[str, np.ndarray], side: str, knee: np.ndarray, ankle: np.ndarray, foot: np.ndarray) -> None:
    shin = unit(ankle - knee)
    joints[f"{side}_KNEE"], joints[f"{side}_ANKLE"] = knee, ankle
    joints[f"{side}_HEEL"] = ankle - 0.05 * foot - 0.04 * shin
    joints[f"{side}_FOOT_INDEX"] = ankle + 0.15 * foot


def _place_arm(joints: dict[str, np.ndarray], side: str, wrist: np.ndarray) -> None:
    """The hand at ``wrist`` (arm lengths not kept: the landmarks only need the points)."""
    joints[f"{side}_ELBOW"] = (joints[f"{side}_SHOULDER"] + wrist) / 2 + 0.05 * Y
    joints[f"{side}_WRIST"] = wrist
    for finger in ("PINKY", "INDEX", "THUMB"):
        joints[f"{side}_{finger}"] = wrist


def _lift_head(joints: dict[str, np.ndarray], along: np.ndarray, front: np.ndarray, deg: float) -> None:
    """Nods the head forward (chin toward the chest) by ``deg`` about the mid-shoulders."""
    centre = (joints["LEFT_SHOULDER"] + joints["RIGHT_SHOULDER"]) / 2
    for name in HEAD:
        joints[name] = centre + turn(joints[name] - centre, along, front, deg)


def supine_twist_joints(knees_to: str | None = "LEFT", drop_deg: float = 70.0, trunk_roll_deg: float = 0.0,
                        head_right: bool = False, head_turn_deg: float = 50.0) -> dict[str, np.ndarray]:
    """Double hip rotation: on the back, knees bent and together, lowered ``drop_deg`` toward ``knees_to`` (None:
    knees up); the pelvis rolls with them by 0.6 of that. ``trunk_roll_deg`` lifts the opposite shoulder (the trunk
    following the legs); the head turns the other way."""
    along = X if head_right else -X
    feet = -along
    front = Y
    sign = 0.0 if knees_to is None else (1.0 if knees_to == "LEFT" else -1.0)
    trunk_front = rotate(front, along, sign * trunk_roll_deg)  # a positive roll about `along` lowers the left side
    flex, shin_down = math.radians(50.0), math.radians(54.0)
    joints = body_joints(
        Y * 0.1, along, trunk_front,
        Limbs(thigh=both(X), shin=both(X), upper_arm={s: _lateral(s, along, front) for s in SIDES},
              forearm={s: _lateral(s, along, front) for s in SIDES}, foot=both(feet)),
        face=rotate(front, along, -sign * head_turn_deg),
        pelvis_roll_deg=sign * (0.6 * drop_deg - trunk_roll_deg),
    )
    lateral = _lateral(knees_to, along, front) if knees_to else front
    for side in SIDES:
        thigh = math.cos(flex) * feet + math.sin(flex) * front
        shin = math.cos(shin_down) * feet - math.sin(shin_down) * front
        if knees_to:
            thigh, shin = turn(thigh, front, lateral, drop_deg), turn(shin, front, lateral, drop_deg)
        knee = joints[f"{side}_HIP"] + THIGH_M * thigh
        _place_legs(joints, side, knee, knee + SHIN_M * shin, turn(feet, front, lateral, drop_deg) if knees_to else feet)
    return joints


def butterfly_joints(knee_rise_deg: float = 12.0, lean_deg: float = 20.0, ankles_apart_m: float = 0.0,
                     cross_legged: bool = False) -> dict[str, np.ndarray]:
    """Seated on the floor facing the camera, soles together and heels pulled in, knees out to the sides with the
    thighs ``knee_rise_deg`` above level, the trunk leaning ``lean_deg`` forward. ``cross_legged`` crosses the shins
    (each ankle under the other knee) instead."""
    along = rotate(Y, X, lean_deg)  # leaning toward the camera (+Z)
    front = unit(np.cross(np.cross(along, Z), along)) if lean_deg else Z
    joints = body_joints(Y * 0.1, along, front, Limbs(both(Z), both(Z), both(-Y), both(-Y), both(Z)), face=Z)
    rise = math.radians(knee_rise_deg)
    for side in SIDES:
        out = _lateral(side, Y, Z)
        hip = joints[f"{side}_HIP"]
        spread = unit(0.9 * Z + 0.44 * out) if cross_legged else 0.64 * Z + 0.77 * out
        knee = hip + THIGH_M * (math.cos(rise) * spread + math.sin(rise) * Y)
        if cross_legged:  # each ankle under the other shin
            target = np.array([-0.12 * np.sign(knee[0]), 0.07, knee[2] - 0.1])
        else:  # the heel as close in as the shin allows
            target = np.array([(0.04 + ankles_apart_m / 2) * np.sign(knee[0]), 0.08, 0.0])
            flat = target - knee
            target[2] = knee[2] - math.sqrt(max(SHIN_M**2 - flat[0] ** 2 - flat[1] ** 2, 0.0))
        _place_legs(joints, side, knee, knee + SHIN_M * unit(target - knee), Z)
    for side in SIDES:
        _place_arm(joints, side, (joints["LEFT_ANKLE"] + joints["RIGHT_ANKLE"]) / 2 + Y * 0.05)
    return joints


def pigeon_joints(front_leg: str = "RIGHT", head_right: bool = True, fold_deg: float = 10.0,
                  hips_open_deg: float = 0.0, hip_height_m: float = 0.18) -> dict[str, np.ndarray]:
    """Pigeon pose seen side-on: ``front_leg`` bent in front with its shin across under the body, the other leg
    straight back along the floor, hips ``hip_height_m`` up, the trunk ``fold_deg`` forward of upright.
    ``hips_open_deg`` turns the pelvis open toward the front leg's side (not square)."""
    ahead = X if head_right else -X
    along = turn(Y, Y, ahead, fold_deg)
    front = unit(np.cross(np.cross(along, ahead), along))
    back_leg = _other(front_leg)
    sign = 1.0 if front_leg == "LEFT" else -1.0
    joints = body_joints(Y * hip_height_m, along, front, Limbs(both(-Y), both(-Y), both(-Y), both(-Y), both(-ahead)),
                         pelvis_roll_deg=-sign * hips_open_deg if fold_deg < 45 else 0.0)
    out = _lateral(front_leg, Y, ahead)
    hip = joints[f"{front_leg}_HIP"]
    knee = np.array([hip[0], 0.06, hip[2]]) + ahead * 0.38 + out * 0.15
    knee = hip + THIGH_M * unit(knee - hip)
    ankle = knee - out * 0.4 - ahead * 0.1
    ankle[1] = 0.07
    _place_legs(joints, front_leg, knee, knee + SHIN_M * unit(ankle - knee), -out)
    hip = joints[f"{back_leg}_HIP"]
    back_knee = hip - ahead * math.sqrt(max(THIGH_M**2 - (hip[1] - 0.07) ** 2, 0.0))
    back_knee[1] = 0.07
    _place_legs(joints, back_leg, back_knee, back_knee - ahead * SHIN_M + Y * 0.0, -ahead)
    for side in SIDES:
        shoulder = joints[f"{side}_SHOULDER"]
        _place_arm(joints, side, np.array([shoulder[0], 0.03, shoulder[2]]) + ahead * 0.1)
    return joints


def figure_four_joints(crossing: str = "RIGHT", thigh_up_deg: float = 80.0, curl_deg: float = 0.0,
                       head_right: bool = False, head_lift_deg: float = 0.0) -> dict[str, np.ndarray]:
    """Figure four on the back, seen side-on: the ``crossing`` ankle rests on the other thigh just above its knee;
    that thigh is pulled ``thigh_up_deg`` above the floor (90 = vertical), its knee bent 90 degrees. ``curl_deg``
    lifts the shoulders off the floor, ``head_lift_deg`` nods the head up."""
    head = X if head_right else -X
    feet = -head
    along = turn(head, head, Y, curl_deg)
    front = unit(np.cross(np.cross(along, Y), along))
    support = _other(crossing)
    joints = body_joints(Y * 0.1, along, front, Limbs(both(feet), both(feet), both(feet), both(feet), both(feet)))
    _lift_head(joints, along, front, head_lift_deg)
    up = math.radians(thigh_up_deg)
    thigh = math.cos(up) * feet + math.sin(up) * Y
    shin = math.cos(up - math.pi / 2) * feet + math.sin(up - math.pi / 2) * Y
    knee = joints[f"{support}_HIP"] + THIGH_M * thigh
    _place_legs(joints, support, knee, knee + SHIN_M * shin, Y)
    rest = knee - 0.1 * thigh + _lateral(crossing, head, Y) * 0.04
    hip = joints[f"{crossing}_HIP"]
    cross_knee = _knee_toward(hip, rest, _lateral(crossing, head, Y) + 0.3 * Y)
    _place_legs(joints, crossing, cross_knee, rest, Y)
    for side in SIDES:
        _place_arm(joints, side, knee - 0.15 * thigh + _lateral(side, head, Y) * 0.08)
    return joints


def happy_baby_joints(thigh_deg: float = 120.0, hands_on_feet: bool = True, head_right: bool = False,
                      curl_deg: float = 0.0, head_lift_deg: float = 0.0) -> dict[str, np.ndarray]:
    """Happy baby on the back, seen side-on: thighs drawn ``thigh_deg`` from the feet direction toward the head
    (90 = vertical, more = toward the armpits) and apart, shins up toward the ceiling, hands holding the outer feet
    (else resting by the sides); ``curl_deg`` lifts the shoulders, ``head_lift_deg`` the head."""
    head = X if head_right else -X
    feet = -head
    along = turn(head, head, Y, curl_deg)
    front = unit(np.cross(np.cross(along, Y), along))
    joints = body_joints(Y * 0.1, along, front, Limbs(both(feet), both(feet), both(feet), both(feet), both(feet)))
    _lift_head(joints, along, front, head_lift_deg)
    angle = math.radians(thigh_deg)
    for side in SIDES:
        out = _lateral(side, head, Y)
        thigh = unit(math.cos(angle) * feet + math.sin(angle) * Y + 0.45 * out)
        knee = joints[f"{side}_HIP"] + THIGH_M * thigh
        ankle = knee + SHIN_M * unit(Y + 0.15 * out)
        _place_legs(joints, side, knee, ankle, head)
        if hands_on_feet:
            _place_arm(joints, side, ankle + 0.05 * out)
    return joints

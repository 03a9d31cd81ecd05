"""Readings an exercise module builds its signals and rules from, on one frame's ``BodyMeasures``.

Every reading returns a float (degrees, or a length in body units) and NaN when a landmark it needs is
hidden, so no rule judges what cannot be seen. Landmarks are named by part and side: ``("hip", Side.LEFT)``.
Angles are in the image; "the floor" is the image horizontal turned by the body's own floor line
(``BodyMeasures.floor_tilt_deg``) so a tilted camera does not read as a tilted body.
"""

from __future__ import annotations

import math
from enum import Enum
from functools import cache

import numpy as np

from posecoach.kinematics import geometry as geo
from posecoach.kinematics.body import BodyMeasures
from posecoach.kinematics.sides import Side
from posecoach.landmarks import Landmark

NAN = float("nan")
#: Landmark hip width over torso length (hip joint centres ~0.2 m apart, torso ~0.5 m), at the low end so a
#: hip line seen in full is not mistaken for a turned one: the true length of a hip line seen end-on, for
#: rotations read from its foreshortening.
HIP_WIDTH_TORSOS = 0.4
#: Landmark shoulder width over torso length (~0.35 m over ~0.5 m).
SHOULDER_WIDTH_TORSOS = 0.7


class Unit(str, Enum):
    """Body units for distances, so that a reading does not depend on how far away the camera is."""

    LEG = "leg lengths"  # hip to knee to ankle, the longest seen lately
    THIGH = "thigh lengths"
    TORSO = "torso lengths"  # mid-shoulders to mid-hips


@cache
def landmark(part: str, side: Side | None = None) -> Landmark:
    """``landmark("hip", Side.LEFT)`` -> LEFT_HIP; ``landmark("nose")`` -> NOSE."""
    return Landmark[f"{side.name}_{part.upper()}" if side else part.upper()]


def point(m: BodyMeasures, part: str, side: Side | None = None) -> np.ndarray:
    return m.point(landmark(part, side))


def mid(m: BodyMeasures, part: str) -> np.ndarray:
    """The midpoint of a left/right pair (``mid(m, "hip")`` is the pelvis centre)."""
    return (point(m, part, Side.LEFT) + point(m, part, Side.RIGHT)) / 2.0


def unit_px(m: BodyMeasures, unit: Unit) -> float:
    value = {Unit.LEG: m.leg_length_px, Unit.THIGH: m.thigh_length_px, Unit.TORSO: m.torso_length_px}[unit]
    return value if value > 0 else NAN


def distance(m: BodyMeasures, a: np.ndarray, b: np.ndarray, unit: Unit) -> float:
    """Distance between two image points in body units (e.g. knee gap in thigh lengths)."""
    return geo.distance_2d(a, b) / unit_px(m, unit)


def joint_angle(m: BodyMeasures, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    """Interior angle at ``b`` of a-b-c, degrees (180 = straight)."""
    return geo.joint_angle_2d(a, b, c)


def angle_between(u_from: np.ndarray, u_to: np.ndarray, v_from: np.ndarray, v_to: np.ndarray) -> float:
    """Angle between the directions of two segments (e.g. the two thighs), degrees in [0, 180]."""
    u = (u_to[0] - u_from[0], u_to[1] - u_from[1])
    return geo.joint_angle_2d(u, (0.0, 0.0), (v_to[0] - v_from[0], v_to[1] - v_from[1]))


def elevation(m: BodyMeasures, start: np.ndarray, end: np.ndarray) -> float:
    """How far the segment start->end rises above the floor, degrees in [-90, 90] (negative: it points down).

    Read in the image against the floor line, whichever way along the image the segment points."""
    dx, dy_up = float(end[0] - start[0]), float(start[1] - end[1])
    if math.isnan(dx) or math.isnan(dy_up) or (dx == 0 and dy_up == 0):
        return NAN
    return math.degrees(math.atan2(dy_up, abs(dx))) - math.copysign(1.0, dx) * m.floor_tilt_deg


def from_vertical(m: BodyMeasures, start: np.ndarray, end: np.ndarray) -> float:
    """Angle between the segment and the vertical to the floor, degrees in [0, 90]."""
    return 90.0 - abs(elevation(m, start, end))


def height_above(m: BodyMeasures, upper: np.ndarray, lower: np.ndarray, unit: Unit) -> float:
    """How far ``upper`` sits above ``lower`` at right angles to the floor line, in body units."""
    tilt = math.radians(m.floor_tilt_deg)
    # image y grows downward
    up = float((lower[1] - upper[1]) * math.cos(tilt) + (lower[0] - upper[0]) * math.sin(tilt))
    return up / unit_px(m, unit)


def height_above_line(m: BodyMeasures, p: np.ndarray, a: np.ndarray, b: np.ndarray, unit: Unit) -> float:
    """How far ``p`` sits from the line through ``a`` and ``b``, at right angles to it, in body units; positive on the
    side away from the floor (e.g. the hips above the shoulder-heel line of a body lying on its back). Read against
    the body's own line, so neither a tilted camera nor the line's slope changes it."""
    dx, dy = float(b[0] - a[0]), float(b[1] - a[1])
    length = math.hypot(dx, dy)
    if not length > 0:
        return NAN
    tilt = math.radians(m.floor_tilt_deg)
    # the normal to a-b on the side of "up", (-sin tilt, -cos tilt) in the image as in ``height_above``
    normal = (dy / length, -dx / length)
    if -normal[0] * math.sin(tilt) - normal[1] * math.cos(tilt) < 0:
        normal = (-normal[0], -normal[1])
    offset = (float(p[0] - a[0]) * normal[0] + float(p[1] - a[1]) * normal[1])
    return offset / unit_px(m, unit)


def line_out_of_plane(length_px: float, true_length_px: float) -> float:
    """Angle between a line and the image plane from its foreshortening, degrees in [0, 90]."""
    if not (length_px == length_px and true_length_px > 0):
        return NAN
    return math.degrees(math.acos(min(length_px / true_length_px, 1.0)))


def pair_length(m: BodyMeasures, part: str) -> float:
    """Image length of a left/right line (``"hip"``: the hip line), px."""
    return geo.distance_2d(point(m, part, Side.LEFT), point(m, part, Side.RIGHT))


def pair_turn(now: BodyMeasures, start: BodyMeasures, part: str, width_torsos: float = HIP_WIDTH_TORSOS) -> float:
    """How far the hip (or shoulder) line has turned since ``start``, degrees, from its foreshortening.

    Its true length is the longest of: the line at the start, now, and ``width_torsos`` torso lengths (a line
    seen end-on, side-on to the body, is short at the start)."""
    length_now, length_start = pair_length(now, part), pair_length(start, part)
    true_px = max(length_now, length_start, width_torsos * unit_px(now, Unit.TORSO))
    if math.isnan(true_px) or math.isnan(length_now) or math.isnan(length_start):
        return NAN
    return abs(line_out_of_plane(length_now, true_px) - line_out_of_plane(length_start, true_px))


def pair_tilt(m: BodyMeasures, part: str, width_torsos: float = HIP_WIDTH_TORSOS) -> float:
    """How far a left/right line (e.g. the pelvis) tips toward the floor, degrees in [0, 90], whichever way the
    camera sees it: from the difference in height of its two ends over its true length (the longest of its
    image length and ``width_torsos`` torso lengths)."""
    left, right = point(m, part, Side.LEFT), point(m, part, Side.RIGHT)
    drop = abs(height_above(m, left, right, Unit.TORSO))
    true = max(pair_length(m, part) / unit_px(m, Unit.TORSO), width_torsos)
    if math.isnan(drop) or math.isnan(true):
        return NAN
    return math.degrees(math.asin(min(drop / true, 1.0)))


def highest_side(values: dict[Side, float]) -> Side | None:
    """The side with the largest reading (e.g. the lifted leg), leaving hidden (NaN) ones out; None if both are."""
    seen = {side: value for side, value in values.items() if not math.isnan(value)}
    return max(seen, key=seen.__getitem__) if seen else None


def lower_of_pair(m: BodyMeasures, part: str) -> Side | None:
    """The side whose landmark sits nearer the floor (e.g. the hip the pelvis rolls toward)."""
    drop = height_above(m, point(m, part, Side.LEFT), point(m, part, Side.RIGHT), Unit.TORSO)
    return None if math.isnan(drop) or drop == 0 else (Side.RIGHT if drop > 0 else Side.LEFT)


def foreshortening(
    now: BodyMeasures, start: BodyMeasures, a: Landmark, b: Landmark, then: tuple[Landmark, Landmark] | None = None
) -> float:
    """The segment a-b's image length now over at ``start`` (under 1: it has turned toward or away from the camera);
    ``then`` names the segment's landmarks at the start when they differ (MediaPipe swapped the legs' labels)."""
    start_a, start_b = then or (a, b)
    before = geo.distance_2d(start.point(start_a), start.point(start_b))
    return geo.distance_2d(now.point(a), now.point(b)) / before if before > 0 else NAN


def lift_from_hanging(m: BodyMeasures, upper: np.ndarray, lower: np.ndarray, unit: Unit) -> float:
    """Angle of a segment from hanging straight down (0) through level (90) to straight up (180), degrees, from
    how high ``lower`` sits relative to ``upper`` over the segment's full length (``unit``, the longest seen).

    Read from height alone, so it holds whether the segment swings across the image (a donkey kick seen from the
    side) or toward the camera (a fire hydrant seen from the side)."""
    drop = height_above(m, upper, lower, unit)
    return math.degrees(math.acos(max(-1.0, min(1.0, drop)))) if drop == drop else NAN


def thigh_lift_from_hanging(m: BodyMeasures, side: Side) -> float:
    """``lift_from_hanging`` of one thigh over that thigh's own longest length (``side_thigh_length_px``), degrees:
    side-on the far thigh looks shorter than the near one, so over the longer one it would read lifted while it
    hangs, and its lift would read short."""
    own_px = m.side_thigh_length_px[side]
    if not own_px > 0:
        return NAN
    drop = height_above(m, point(m, "hip", side), point(m, "knee", side), Unit.THIGH) * unit_px(m, Unit.THIGH) / own_px
    return math.degrees(math.acos(max(-1.0, min(1.0, drop)))) if drop == drop else NAN

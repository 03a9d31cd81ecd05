"""What the 30-second stretches share: their timing thresholds and readings of a body on the floor.

Not an exercise itself (it defines no ``EXERCISE``); the stretch modules build their ``HoldExercise`` from it.
"""

from __future__ import annotations

import math

import numpy as np

from posecoach.exercises.base import Threshold
from posecoach.kinematics import BodyMeasures, Side
from posecoach.kinematics.readings import Unit, angle_between, distance, height_above, mid, point

NAN = float("nan")

STRETCH_TARGET = Threshold("target_s", 30.0, "s", "the routines hold each stretch 30 seconds (each side)")
STRETCH_GRACE = Threshold(
    "grace_s", 2.0, "s",
    "a breath and re-settling (easing the hips, shifting a knee) takes 1-2 s and must not stop the clock; a longer "
    "break ends the hold at the moment the position was lost, so the break itself never counts",
)  # fmt: skip
HEAD_DOWN = Threshold(
    "head_lift_max_deg", 30.0, "deg",
    "lying flat, the ears sit a few cm above the line from the hips through the shoulders (0-15 degrees of neck "
    "bend); lifting the head or curling the shoulders up to reach the legs bends the neck 30-60",
)  # fmt: skip
HEAD_DOWN_CUE = "Keep your head and shoulders down on the floor."


def head_lift(m: BodyMeasures, side: Side | None = None) -> float:
    """How far the neck bends up off the trunk's line (hips to shoulders to ears), degrees; an angle between two
    body segments, so it does not depend on where the floor line is (a body with its feet in the air has none)."""
    ears = np.nanmean(np.stack([point(m, "ear", Side.LEFT), point(m, "ear", Side.RIGHT)]), axis=0)
    shoulders = mid(m, "shoulder")
    return angle_between(mid(m, "hip"), shoulders, shoulders, ears)


def thigh_elevation(m: BodyMeasures, side: Side) -> float:
    """The thigh's rise above the floor in 3D, degrees (0 = level, 90 = vertical), from the knee's height above the
    hip over the longest thigh seen: it reads the same from the side and from the feet end."""
    rise = height_above(m, point(m, "knee", side), point(m, "hip", side), Unit.THIGH)
    return math.degrees(math.asin(max(-1.0, min(1.0, rise)))) if rise == rise else NAN


def gap(m: BodyMeasures, part: str, unit: Unit) -> float:
    """The distance between the left and right ``part`` (e.g. the ankles), in body units."""
    return distance(m, point(m, part, Side.LEFT), point(m, part, Side.RIGHT), unit)

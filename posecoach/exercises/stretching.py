"""What the 30-second stretches share: their timing thresholds and readings of a body on the floor.

Not an exercise itself (it defines no ``EXERCISE``); the stretch modules build their ``HoldExercise`` from it.
"""

from __future__ import annotations

import math

import numpy as np

from posecoach.exercises.base import Threshold
from posecoach.kinematics import BodyMeasures, Side
from posecoach.kinematics.readings import Unit, distance, height_above, mid, point

NAN = float("nan")

STRETCH_TARGET = Threshold("target_s", 30.0, "s", "the routines hold each stretch 30 seconds (each side)")
STRETCH_GRACE = Threshold(
    "grace_s", 2.0, "s",
    "a breath and re-settling (easing the hips, shifting a knee) takes 1-2 s and must not stop the clock; a longer "
    "break ends the hold at the moment the position was lost, so the break itself never counts",
)  # fmt: skip
HEAD_DOWN = Threshold(
    "head_lift_max", 0.25, "torso lengths",
    "lying flat, the ears sit level with the hip joints (both ~10 cm off the floor); the head lifted ~30 degrees "
    "or the shoulders curled up ~15 degrees raise them 12-15 cm, a quarter of a ~0.5 m torso",
)  # fmt: skip
HEAD_DOWN_CUE = "Keep your head and shoulders down on the floor."


def head_lift(m: BodyMeasures, side: Side | None = None) -> float:
    """How far the ears sit above the hip joints, in torso lengths (lying on the back: about 0)."""
    ears = np.nanmean(np.stack([point(m, "ear", Side.LEFT), point(m, "ear", Side.RIGHT)]), axis=0)
    return height_above(m, ears, mid(m, "hip"), Unit.TORSO)


def thigh_elevation(m: BodyMeasures, side: Side) -> float:
    """The thigh's rise above the floor in 3D, degrees (0 = level, 90 = vertical), from the knee's height above the
    hip over the longest thigh seen: it reads the same from the side and from the feet end."""
    rise = height_above(m, point(m, "knee", side), point(m, "hip", side), Unit.THIGH)
    return math.degrees(math.asin(max(-1.0, min(1.0, rise)))) if rise == rise else NAN


def gap(m: BodyMeasures, part: str, unit: Unit) -> float:
    """The distance between the left and right ``part`` (e.g. the ankles), in body units."""
    return distance(m, point(m, part, Side.LEFT), point(m, part, Side.RIGHT), unit)

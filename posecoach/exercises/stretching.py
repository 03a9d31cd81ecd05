"""What the 30-second stretches share: their timing thresholds and readings of a body on the floor.

Not an exercise itself (it defines no ``EXERCISE``); the stretch modules build their ``HoldExercise`` from it.
Lengths are in torso lengths: lying or seated, a thigh or shin that points at the camera looks short for the
whole hold (and the remembered limb lengths fade toward it), while the torso stays side-on to a camera at the side.
"""

from __future__ import annotations

import math

import numpy as np

from posecoach.exercises.base import Threshold
from posecoach.kinematics import BodyMeasures, Side, View
from posecoach.kinematics.readings import Unit, angle_between, distance, height_above, mid, point, unit_px

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

#: The set-up shared by the stretches done on the back: a low camera at the side sees the body from head to feet.
ON_BACK_CAMERA = (
    "Put the camera low (on the floor or a low chair) at your side, 2-3 m away, so it sees you from head to feet."
)
ON_BACK_VIEWS = frozenset({View.SIDE, View.OBLIQUE})
ON_BACK_VIEW_CUE = "Put the camera at your side so it sees you from head to feet."


def head_lift(m: BodyMeasures, side: Side | None = None) -> float:
    """How far the neck bends up off the trunk's line (hips to shoulders to ears), degrees; an angle between two
    body segments, so it does not depend on where the floor line is (a body with its feet in the air has none)."""
    ears = np.nanmean(np.stack([point(m, "ear", Side.LEFT), point(m, "ear", Side.RIGHT)]), axis=0)
    shoulders = mid(m, "shoulder")
    return angle_between(mid(m, "hip"), shoulders, shoulders, ears)


#: A thigh (hip to knee, ~0.45 m) is at least this many torsos (mid-shoulders to mid-hips, ~0.5 m).
THIGH_TORSOS = 0.85


def thigh_elevation(m: BodyMeasures, side: Side) -> float:
    """The thigh's rise above the floor in 3D, degrees (0 = level, 90 = vertical), from the knee's height above the
    hip over the thigh's true length (the longest seen, and at least ``THIGH_TORSOS`` torsos): it reads the same
    whether the thigh points across the image or at the camera."""
    torso_px = unit_px(m, Unit.TORSO)
    thigh_px = max(m.thigh_length_px, THIGH_TORSOS * torso_px) if m.thigh_length_px > 0 else THIGH_TORSOS * torso_px
    rise = height_above(m, point(m, "knee", side), point(m, "hip", side), Unit.TORSO) * torso_px / thigh_px
    return math.degrees(math.asin(max(-1.0, min(1.0, rise)))) if rise == rise else NAN


def gap(m: BodyMeasures, part: str, unit: Unit) -> float:
    """The distance between the left and right ``part`` (e.g. the ankles), in body units."""
    return distance(m, point(m, part, Side.LEFT), point(m, part, Side.RIGHT), unit)

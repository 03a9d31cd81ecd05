"""How the body is placed: standing, seated, half-kneeling, lying (on the back, front or one side) or on all fours.

Read from 2D landmarks in one frame, assuming a camera roughly level with the floor (floor level to hip
height). Body proportions used below: torso (shoulder-hip) ~0.5 m, landmark shoulder width ~0.35 m and hip
width ~0.2-0.25 m, thigh ~0.45 m.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from posecoach.kinematics import geometry as geo
from posecoach.kinematics.sides import Side
from posecoach.landmarks import Landmark as L

#: Trunk (hips to shoulders) within this of vertical: an upright body (standing, seated, kneeling).
#: Upright work stays under ~60 deg only in a deep squat's lean, and lying or all fours read 70-90.
UPRIGHT_TRUNK_MAX_DEG = 50.0
#: Torso shorter than this many times the shoulder/hip width: the body's long axis points at the camera
#: (filmed from the head or feet end). Facing the camera upright it is ~1.4-2 widths, ~1 bent 45 deg forward.
END_ON_TORSO_MAX_WIDTHS = 0.6
#: The torso's depth span (MediaPipe's relative depth, same scale as x) this many times its image length: it
#: points at the camera (more than ~56 deg out of the image plane), however its short image reads.
END_ON_DEPTH_RATIO = 1.5
#: A thigh hanging this far below its hip (in thigh lengths, ~55 deg from horizontal) carries the body: all fours.
QUADRUPED_THIGH_DROP = 0.55
#: Shoulders and hips stacked one above the other by this share of the torso length: lying on one side,
#: seen from the front or back (shoulder width ~0.7 torso lengths; side-on to a supine body they overlap).
SIDE_LYING_STACK = 0.3
#: The nose this far above (or below) the ears, in nose-ear distances: the face points up (or down).
FACE_UP_SHARE = 0.3
#: Upright: a knee this close to its ankle's height (leg lengths) rests on the floor.
KNEE_DOWN_HEIGHT = 0.2
#: Upright: a thigh within this of horizontal is a seated (or deep squat) thigh.
SEATED_THIGH_MAX_DEG = 35.0


class Orientation(str, Enum):
    STANDING = "standing"
    SEATED = "seated"
    HALF_KNEELING = "half_kneeling"
    SUPINE = "supine"  # lying on the back
    PRONE = "prone"  # lying face down
    SIDE_LYING = "side_lying"
    QUADRUPED = "quadruped"  # hands and knees

    @property
    def words(self) -> str:
        return _WORDS[self]


_WORDS = {
    Orientation.STANDING: "standing",
    Orientation.SEATED: "seated",
    Orientation.HALF_KNEELING: "half-kneeling",
    Orientation.SUPINE: "lying on your back",
    Orientation.PRONE: "lying face down",
    Orientation.SIDE_LYING: "lying on your side",
    Orientation.QUADRUPED: "on hands and knees",
}


@dataclass(frozen=True)
class BodyOrientation:
    """The body's orientation in one frame; ``None`` when the landmarks cannot tell."""

    orientation: Orientation | None = None
    down_side: Side | None = None  # lying on one side: the side on the floor

    @property
    def up_side(self) -> Side | None:
        return self.down_side.other if self.down_side else None


UNKNOWN = BodyOrientation()
NAN = float("nan")


def _nanmean(values: list[float]) -> float:
    finite = [v for v in values if v == v]
    return sum(finite) / len(finite) if finite else NAN


def classify_orientation(points: Sequence[geo.Point], leg_length_px: float, depth: Sequence[float] | None = None) -> BodyOrientation:
    """The orientation from landmark positions in pixels (hidden ones NaN), as rows of an array or (x, y) pairs,
    and, if given, their relative depth."""
    shoulders = geo.mid_2d(points[L.LEFT_SHOULDER], points[L.RIGHT_SHOULDER])
    hips = geo.mid_2d(points[L.LEFT_HIP], points[L.RIGHT_HIP])
    torso = geo.distance_2d(shoulders, hips)
    width = _nanmean([geo.distance_2d(points[L.LEFT_SHOULDER], points[L.RIGHT_SHOULDER]),
                      geo.distance_2d(points[L.LEFT_HIP], points[L.RIGHT_HIP])])
    if not torso > 0:
        return UNKNOWN
    thigh_drop = _thigh_drop(points)
    if depth is not None:
        shoulders_depth = (depth[L.LEFT_SHOULDER] + depth[L.RIGHT_SHOULDER]) / 2
        depth_span = abs(shoulders_depth - (depth[L.LEFT_HIP] + depth[L.RIGHT_HIP]) / 2)
    else:
        depth_span = NAN
    if (width == width and torso < END_ON_TORSO_MAX_WIDTHS * width) or depth_span > END_ON_DEPTH_RATIO * torso:
        return _end_on(thigh_drop)
    if geo.angle_from_vertical_2d(hips, shoulders) < UPRIGHT_TRUNK_MAX_DEG:
        return _upright(points, leg_length_px)
    if thigh_drop >= QUADRUPED_THIGH_DROP:
        return BodyOrientation(Orientation.QUADRUPED)
    stack = _nanmean([abs(points[L.LEFT_SHOULDER][1] - points[L.RIGHT_SHOULDER][1]),
                      abs(points[L.LEFT_HIP][1] - points[L.RIGHT_HIP][1])]) / torso
    if stack >= SIDE_LYING_STACK:
        lower_hip = Side.LEFT if points[L.LEFT_HIP][1] > points[L.RIGHT_HIP][1] else Side.RIGHT
        return BodyOrientation(Orientation.SIDE_LYING, down_side=lower_hip)
    return _on_back_or_front(points, thigh_drop)


def _thigh_drop(points: Sequence[geo.Point]) -> float:
    """How far the lower of the knees hangs below its hip, in thigh lengths (negative: knee above the hip)."""
    drops = []
    for hip_mark, knee_mark in ((L.LEFT_HIP, L.LEFT_KNEE), (L.RIGHT_HIP, L.RIGHT_KNEE)):
        hip, knee = points[hip_mark], points[knee_mark]
        length = geo.distance_2d(hip, knee)
        if length > 0:
            drops.append((knee[1] - hip[1]) / length)
    return max(drops) if drops else NAN


def _end_on(thigh_drop: float) -> BodyOrientation:
    """Filmed along the body: thighs hanging under the hips are all fours; knees up above them, a bent-knee supine."""
    if thigh_drop >= QUADRUPED_THIGH_DROP:
        return BodyOrientation(Orientation.QUADRUPED)
    if thigh_drop < 0:
        return BodyOrientation(Orientation.SUPINE)
    return UNKNOWN


def _upright(points: Sequence[geo.Point], leg_length_px: float) -> BodyOrientation:
    if not leg_length_px > 0:
        return BodyOrientation(Orientation.STANDING)
    knee_heights, thighs = [], []
    for hip_mark, knee_mark, ankle_mark in ((L.LEFT_HIP, L.LEFT_KNEE, L.LEFT_ANKLE), (L.RIGHT_HIP, L.RIGHT_KNEE, L.RIGHT_ANKLE)):
        hip, knee, ankle = points[hip_mark], points[knee_mark], points[ankle_mark]
        knee_heights.append((ankle[1] - knee[1]) / leg_length_px)
        thighs.append(geo.angle_from_horizontal_2d(hip, knee))
    if any(h == h and h < KNEE_DOWN_HEIGHT for h in knee_heights):
        return BodyOrientation(Orientation.HALF_KNEELING)
    if all(t == t and t < SEATED_THIGH_MAX_DEG for t in thighs):
        return BodyOrientation(Orientation.SEATED)
    return BodyOrientation(Orientation.STANDING)


def _on_back_or_front(points: Sequence[geo.Point], thigh_drop: float) -> BodyOrientation:
    ears = geo.mid_2d(points[L.LEFT_EAR], points[L.RIGHT_EAR])
    if math.isnan(ears[0]) or math.isnan(ears[1]):
        left = points[L.LEFT_EAR]
        ears = left if not (math.isnan(left[0]) or math.isnan(left[1])) else points[L.RIGHT_EAR]
    nose = points[L.NOSE]
    head = geo.distance_2d(nose, ears)
    if head > 0:
        up = (ears[1] - nose[1]) / head
        if up >= FACE_UP_SHARE:
            return BodyOrientation(Orientation.SUPINE)
        if up <= -FACE_UP_SHARE:
            return BodyOrientation(Orientation.PRONE)
    if thigh_drop < 0:  # knees up: lying on the back with bent knees
        return BodyOrientation(Orientation.SUPINE)
    return UNKNOWN

"""Figure four stretch on the back: one ankle crossed over the other thigh just above its knee, that thigh pulled
toward the chest; held 30 s each side. Filmed side-on.

The side is the crossing leg (the hip whose outer muscles stretch): a "right" hold has the right ankle on the left
thigh. The crossing knee, opened out to the side, sits lower than the other knee drawn up toward the chest, and its
ankle rests at that knee.

Side-on the side cannot be told (rendered truth, both holds: the knees read level and neither ankle at the other
knee, whichever leg crosses; no MediaPipe reading flips between a left and a right hold), but the position shows
without leg labels: both feet up off the floor and a thigh pulled up. Such a hold is timed with its side untold
(``SideUntold``): the seconds count toward both sides together, and the user is told to switch at 30 s.

From 35 degrees round toward the feet (an oblique view) MediaPipe reads the leg nearer the camera as the crossing
one whichever leg crosses (rendered truth: a right hold read as left on every held frame, a left hold as left), so
there the side is never told: the position is timed untold too, never on a side it may not be.
"""

import math

from posecoach.exercises.base import HoldExercise, KeyAngle, PostureCheck, Range, SideUntold, Threshold, near_joint
from posecoach.exercises.stretching import (
    ON_BACK_CAMERA, ON_BACK_VIEW_CUE, ON_BACK_VIEWS, HEAD_DOWN, HEAD_DOWN_CUE, STRETCH_GRACE, STRETCH_TARGET, head_lift,
)
from posecoach.kinematics import BodyMeasures, Orientation, Side, View
from posecoach.kinematics.readings import Unit, distance, elevation, height_above, mid, point

ANKLE_ON_KNEE = Threshold(
    "ankle_to_knee_max", 0.4, "torso lengths",
    "the crossed ankle rests on the other thigh just above the knee, within ~15 cm of it (0.3 torso lengths) from "
    "any angle; with both feet down or the legs side by side an ankle is a shin length (~0.9) from the other knee",
)  # fmt: skip
KNEE_BELOW = Threshold(
    "crossing_knee_drop_min", 0.1, "torso lengths",
    "the crossed knee, opened out to the side, sits 8-25 cm below the other knee pulled up toward the chest; knees "
    "side by side sit level within landmark noise (2-3 cm)",
)  # fmt: skip
THIGH_PULLED = Threshold(
    "support_thigh_rise_min_deg", 55.0, "deg",
    "pulled toward the chest the supporting thigh stands 70-90 degrees above the floor; with that foot still on the "
    "floor it rises ~45",
)  # fmt: skip


def crossing_side(m: BodyMeasures) -> Side | None:
    """The leg with the lower knee, when its ankle rests at the other knee, side-on; None otherwise (and in any
    other view: obliquely the near leg reads as the crossing one)."""
    if m.view is not View.SIDE:
        return None
    left_above = height_above(m, point(m, "knee", Side.LEFT), point(m, "knee", Side.RIGHT), Unit.TORSO)
    if not abs(left_above) >= KNEE_BELOW.value:  # NaN too
        return None
    side = Side.RIGHT if left_above > 0 else Side.LEFT
    resting = distance(m, point(m, "ankle", side), point(m, "knee", side.other), Unit.TORSO)
    return side if resting <= ANKLE_ON_KNEE.value else None


def support_thigh_rise(m: BodyMeasures, side: Side | None) -> float:
    """The supporting (not crossing) thigh's rise above the floor, degrees (90 = vertical)."""
    if side is None:
        return float("nan")
    return elevation(m, point(m, "hip", side.other), point(m, "knee", side.other))


FEET_UP = Threshold(
    "feet_up_min", 0.25, "torso lengths",
    "side untold: both feet off the floor. Crossed on a thigh pulled 55-90 degrees up, each ankle sits near that "
    "knee, a thigh length (0.85 torsos) times sin(55) = 0.7 above the hips, less the shin's drop: rendered, the "
    "lowest seen ankle read 0.37-0.58 above the hip centre in the holds side-on and 0.56-0.74 from 35 degrees "
    "toward the feet; lying with the feet on the floor -0.63 to -0.09 (the ankles at the floor, the hips above it)",
)  # fmt: skip
SHINS_ACROSS = Threshold(
    "ankle_over_knee_max", 0.3, "torso lengths",
    "side untold: the shins lie across, not up. The supporting knee bent 90 degrees on a thigh 55-90 degrees up points "
    "its shin level or down toward the feet and the crossed shin lies across that thigh, so no ankle rises above "
    "the higher knee (rendered: -0.24 to +0.07, side-on and obliquely); feet up with the shins toward the ceiling (happy baby) put the "
    "ankles a shin length (0.85 torsos) above the knees (rendered 0.59-0.96). 0.3 is a shin tilted 20 degrees up",
)  # fmt: skip


def _seen(values: list[float]) -> list[float]:
    return [value for value in values if not math.isnan(value)]


def _heights(m: BodyMeasures, part: str) -> list[float]:
    """How far the seen left and right ``part`` sit above the hip centre, torso lengths (either leg's label)."""
    return _seen([height_above(m, point(m, part, leg), mid(m, "hip"), Unit.TORSO) for leg in Side])


def lowest_ankle_up(m: BodyMeasures, side: Side | None = None) -> float:
    """How far the lower of the seen ankles sits above the hip centre, torso lengths (NaN: no ankle seen)."""
    ankles = _heights(m, "ankle")
    return min(ankles) if ankles else float("nan")


def ankle_over_knee(m: BodyMeasures, side: Side | None = None) -> float:
    """How far the higher ankle rises above the higher knee, torso lengths (negative: below it)."""
    ankles, knees = _heights(m, "ankle"), _heights(m, "knee")
    return max(ankles) - max(knees) if ankles and knees else float("nan")


def higher_thigh_rise(m: BodyMeasures, side: Side | None = None) -> float:
    """The rise above the floor of the more raised thigh, degrees (NaN: no thigh seen)."""
    rises = _seen([elevation(m, point(m, "hip", leg), point(m, "knee", leg)) for leg in Side])
    return max(rises) if rises else float("nan")


def pulled_thigh_rise(m: BodyMeasures) -> float:
    """The supporting thigh's rise when the crossed leg is seen, else the higher thigh's (the plotted reading)."""
    side = crossing_side(m)
    return support_thigh_rise(m, side) if side is not None else higher_thigh_rise(m)


EXERCISE = HoldExercise(
    name="figure_four_stretch",
    title="Figure four stretch",
    how_to=(
        "Lie on your back with both knees bent. Cross one ankle over the other thigh, just above the knee, and let "
        "the crossed knee open out. Hold behind the supporting thigh and gently pull it toward your chest until you "
        "feel a stretch in the buttock of the crossed leg, head and shoulders resting on the floor. Hold 30 seconds, "
        "then switch sides. The side is the crossed leg. From the side the camera often cannot see which leg is "
        "crossed: the time then counts toward both sides (60 s in all); switch legs when it says so at 30 s."
    ),
    target="30 s each side",
    camera=ON_BACK_CAMERA,
    views=ON_BACK_VIEWS,
    wrong_view_cue=ON_BACK_VIEW_CUE,
    orientations=frozenset({Orientation.SUPINE}),
    orientation_cue="Lie on your back with your knees bent to start.",
    target_s=STRETCH_TARGET,
    grace_s=STRETCH_GRACE,
    side_of=crossing_side,
    posture=(
        PostureCheck(
            "thigh_not_pulled", "Hold behind your thigh and gently pull it toward your chest.",
            reading=support_thigh_rise, allowed=Range(low=THIGH_PULLED),
        ),
    ),
    side_untold=SideUntold(
        posture=(
            PostureCheck("feet_down", "Lift both feet and cross one ankle over the other thigh.",
                         reading=lowest_ankle_up, allowed=Range(low=FEET_UP)),
            PostureCheck("thigh_not_pulled", "Hold behind your thigh and gently pull it toward your chest.",
                         reading=higher_thigh_rise, allowed=Range(low=THIGH_PULLED)),
            PostureCheck("shins_up", "Cross one ankle over the other thigh, just above the knee.",
                         reading=ankle_over_knee, allowed=Range(high=SHINS_ACROSS)),
        ),
        note="from here the camera cannot see which leg is crossed",
    ),
    advice=(PostureCheck("head_up", HEAD_DOWN_CUE, reading=head_lift, allowed=Range(high=HEAD_DOWN)),),
    other_thresholds=(ANKLE_ON_KNEE, KNEE_BELOW),
    key_angles={
        "support_thigh_rise": KeyAngle(pulled_thigh_rise, at=near_joint("hip"))
    },
)

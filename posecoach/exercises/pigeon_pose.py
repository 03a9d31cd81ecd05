"""Pigeon pose: from all fours, one shin brought forward across under the body, the other leg straight back along
the floor, hips low and square to the front; held 30 s each side. Filmed from 35-45 degrees behind one side.

The side is the front (bent) leg, whose hip's outer muscles stretch: a "right" hold has the right shin in front. The
back leg is found by its ankle, a leg length behind the hips; the front ankle is tucked in much nearer them.

Side-on, MediaPipe cannot tell the legs apart: with the camera at the left, it labels the front leg "right" and the
back leg "left" whichever leg is in front (rendered truth: a left hold read as right on every held frame), and no
depth-free cue separates the two (the near leg is the front one in one hold and the back one in the other). From
35 degrees behind the side (rendered behind the right side and behind the left) it labels both holds right, so
that is the set-up the exercise asks for; side-on it shows the camera cue and times nothing.
"""

import math

from posecoach.exercises.base import HoldExercise, KeyAngle, PostureCheck, Range, Threshold, near_joint
from posecoach.exercises.stretching import STRETCH_GRACE, STRETCH_TARGET
from posecoach.kinematics import BodyMeasures, Orientation, Side, View
from posecoach.kinematics.readings import (
    HIP_WIDTH_TORSOS, Unit, distance, height_above, line_out_of_plane, mid, pair_length, point, unit_px,
)

BACK_ANKLE_FAR = Threshold(
    "back_ankle_reach_min", 1.1, "torso lengths",
    "the back leg lies long behind the hips, its ankle a leg length (~0.9 m, 1.7 torso lengths) from them, still "
    "1.2 seen 45 degrees off side-on (1.6-1.7 measured 35 degrees behind the side); on all fours the ankles read "
    "1.2-1.3 from there too, so it is the front ankle being far nearer (``front_ankle_nearer_min``) and the back knee "
    "straight that tell the pose from all fours",
)  # fmt: skip
FRONT_ANKLE_TUCKED = Threshold(
    "front_ankle_nearer_min", 0.45, "torso lengths",
    "the front shin lies across in front of the hips, its ankle 10-40 cm from them, at least a thigh length nearer "
    "than the back ankle (MediaPipe seen from 35 degrees behind the side: 0.58-0.95 against 1.6-1.7); on all fours "
    "or kneeling both ankles lie the same distance behind the hips (within 0.1)",
)  # fmt: skip
BACK_KNEE_STRAIGHT = Threshold(
    "back_knee_min_deg", 140.0, "deg",
    "the back leg lies long (160-180 degrees side-on, still over 150 seen 45 degrees off); kneeling on it bends "
    "it to ~90",
)  # fmt: skip
HIPS_LOW = Threshold(
    "hips_above_knee_max", 0.6, "torso lengths",
    "the hips sink to 10-25 cm above the back knee on the floor (0.2-0.5 torso lengths); on all fours or kneeling "
    "upright they are a thigh length (~0.9 torso lengths) above it",
)  # fmt: skip
HIPS_SQUARE = Threshold(
    "pelvis_turn_max_deg", 25.0, "deg",
    "side-on, square hips show the hip line end-on (0-15 degrees of turn with landmark noise); hips opened toward "
    "the front leg's side lengthen it: at 25 degrees it is 40% of its true length",
)  # fmt: skip


def front_leg(m: BodyMeasures) -> Side | None:
    """The leg whose ankle is tucked in near the hips while the other ankle lies far behind; None otherwise."""
    hips = mid(m, "hip")
    reach = {side: distance(m, point(m, "ankle", side), hips, Unit.TORSO) for side in Side}
    for side in Side:
        if reach[side.other] >= BACK_ANKLE_FAR.value and reach[side.other] - reach[side] >= FRONT_ANKLE_TUCKED.value:
            return side
    return None


def back_knee(m: BodyMeasures, side: Side | None) -> float:
    return m.sides[side.other].knee if side is not None else math.nan


def hips_above_back_knee(m: BodyMeasures, side: Side | None) -> float:
    if side is None:
        return math.nan
    return height_above(m, mid(m, "hip"), point(m, "knee", side.other), Unit.TORSO)


def pelvis_turn(m: BodyMeasures, side: Side | None = None) -> float:
    """How far the hip line has turned out of the camera's line of sight, degrees (0 = square to the front, seen
    side-on); NaN unless the camera sees the body side-on (at an angle the hip line shows by design), so with the
    camera this exercise asks for it is not judged."""
    if m.view is not View.SIDE:
        return math.nan
    true_px = HIP_WIDTH_TORSOS * unit_px(m, Unit.TORSO)
    return 90.0 - line_out_of_plane(pair_length(m, "hip"), true_px) if true_px == true_px else math.nan


EXERCISE = HoldExercise(
    name="pigeon_pose",
    title="Pigeon pose",
    how_to=(
        "From hands and knees, bring one knee forward behind that wrist and lay the shin across in front of you. "
        "Slide the other leg straight back, let your hips sink toward the floor and keep them square to the front. "
        "Stay upright on your hands or fold forward over the front leg. Hold 30 seconds, then switch sides. The side "
        "is the front (bent) leg."
    ),
    target="30 s each side",
    camera=(
        "Put the camera low (on the floor or a low chair) 2-3 m away at your side, then move it 35-45 degrees round "
        "toward your back foot, so it sees both legs. Not side-on: from the side it cannot tell which leg is in front."
    ),
    views=frozenset({View.OBLIQUE}),
    wrong_view_cue="Turn a little away from the camera so it sees you from 35-45 degrees behind your side.",
    # Upright on the hands the knees are down under an upright trunk (read as half-kneeling); folded forward with
    # the face down, as lying face down.
    orientations=frozenset({Orientation.HALF_KNEELING, Orientation.PRONE}),
    orientation_cue="Start on your hands and knees, then bring one shin forward.",
    target_s=STRETCH_TARGET,
    grace_s=STRETCH_GRACE,
    side_of=front_leg,
    posture=(
        PostureCheck("back_knee_bent", "Slide your back leg straight back along the floor.", reading=back_knee,
                     allowed=Range(low=BACK_KNEE_STRAIGHT)),
        PostureCheck("hips_high", "Let your hips sink toward the floor.", reading=hips_above_back_knee,
                     allowed=Range(high=HIPS_LOW)),
    ),
    advice=(
        PostureCheck("hips_not_square", "Square your hips to the front.", reading=pelvis_turn,
                     allowed=Range(high=HIPS_SQUARE)),
    ),
    other_thresholds=(BACK_ANKLE_FAR, FRONT_ANKLE_TUCKED),
    key_angles={"back_knee": KeyAngle(lambda m: back_knee(m, front_leg(m)), at=near_joint("hip"))},
)

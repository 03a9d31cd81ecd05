"""Pigeon pose: from all fours, one shin brought forward across under the body, the other leg straight back along
the floor, hips low and square to the front; held 30 s each side. Filmed side-on.

The side is the bent front leg (the hip whose outer muscles stretch): a "right" hold has the right shin in front.
"""

import math

from posecoach.exercises.base import HoldExercise, KeyAngle, PostureCheck, Range, Threshold, near_joint
from posecoach.exercises.stretching import STRETCH_GRACE, STRETCH_TARGET
from posecoach.kinematics import BodyMeasures, Orientation, Side, View
from posecoach.kinematics.readings import (
    HIP_WIDTH_TORSOS, Unit, height_above, line_out_of_plane, pair_length, point, unit_px,
)

FRONT_KNEE_BENT = Threshold(
    "front_knee_max_deg", 110.0, "deg",
    "the front shin lies across under the body, so side-on the front knee reads sharply bent (20-80 degrees); a "
    "leg reaching forward or kneeling upright reads 90-180",
)  # fmt: skip
BACK_KNEE_STRAIGHT = Threshold(
    "back_knee_min_deg", 145.0, "deg",
    "the back leg lies long behind the hips (160-180 degrees); kneeling on it bends it to ~90",
)  # fmt: skip
HIPS_LOW = Threshold(
    "hips_above_knee_max", 0.35, "leg lengths",
    "the hips sink to 10-25 cm above the back knee on the floor (0.1-0.3 leg lengths); on all fours or kneeling "
    "upright they are a thigh length (0.5) above it",
)  # fmt: skip
HIPS_SQUARE = Threshold(
    "pelvis_turn_max_deg", 25.0, "deg",
    "side-on, square hips show the hip line end-on (0-15 degrees of turn with landmark noise); hips opened toward "
    "the front leg's side lengthen it: at 25 degrees it is 40% of its true length",
)  # fmt: skip


def front_leg(m: BodyMeasures) -> Side | None:
    """The sharply bent leg, when the other lies straight; None otherwise."""
    knees = {side: m.sides[side].knee for side in Side}
    for side in Side:
        if knees[side] <= FRONT_KNEE_BENT.value and knees[side.other] >= BACK_KNEE_STRAIGHT.value:
            return side
    return None


def hips_above_back_knee(m: BodyMeasures, side: Side | None) -> float:
    if side is None:
        return float("nan")
    hips = (point(m, "hip", Side.LEFT) + point(m, "hip", Side.RIGHT)) / 2
    return height_above(m, hips, point(m, "knee", side.other), Unit.LEG)


def pelvis_turn(m: BodyMeasures, side: Side | None = None) -> float:
    """How far the hip line has turned out of the camera's line of sight, degrees (0 = square to the front, seen
    side-on); NaN unless the camera sees the body side-on (at an angle the hip line shows by design)."""
    if m.view is not View.SIDE:
        return float("nan")
    true_px = HIP_WIDTH_TORSOS * unit_px(m, Unit.TORSO)
    return 90.0 - line_out_of_plane(pair_length(m, "hip"), true_px) if true_px == true_px else float("nan")


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
    camera="Put the camera low (on the floor or a low chair) at your side, 2-3 m away, so it sees both legs side-on.",
    views=frozenset({View.SIDE, View.OBLIQUE}),
    wrong_view_cue="Turn side-on to the camera so it sees both legs.",
    # Upright on the hands the knees are down under an upright trunk (read as half-kneeling); folded forward with
    # the face down, as lying face down.
    orientations=frozenset({Orientation.HALF_KNEELING, Orientation.PRONE}),
    orientation_cue="Start on your hands and knees, then bring one shin forward.",
    target_s=STRETCH_TARGET,
    grace_s=STRETCH_GRACE,
    side_of=front_leg,
    posture=(
        PostureCheck(
            "hips_high", "Let your hips sink toward the floor.",
            reading=hips_above_back_knee, allowed=Range(high=HIPS_LOW),
        ),
    ),
    advice=(
        PostureCheck("hips_not_square", "Square your hips to the front.", reading=pelvis_turn,
                     allowed=Range(high=HIPS_SQUARE)),
    ),
    other_thresholds=(FRONT_KNEE_BENT, BACK_KNEE_STRAIGHT),
    key_angles={
        "back_knee": KeyAngle(
            lambda m: m.sides[side.other].knee if (side := front_leg(m)) else math.nan, at=near_joint("hip")
        ),
    },
)
